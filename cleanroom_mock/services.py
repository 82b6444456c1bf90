"""The services cleanroom_mock emulates: each one's own registration, handed to the engine once.

Adding a service = a package with a ``registration.py`` and one line here. Registering imports only the
registrations (strings and small data); a service's code loads on its first call.
"""

from __future__ import annotations

from .cleanrooms.registration import REGISTRATION as CLEANROOMS
from .cleanroomsml.registration import REGISTRATION as CLEANROOMSML
from .core.registry import SERVICES
from .personalize.registration import EVENTS, PERSONALIZE, RUNTIME

for _registration in (CLEANROOMS, CLEANROOMSML, PERSONALIZE, RUNTIME, EVENTS):
    SERVICES.register(_registration)
