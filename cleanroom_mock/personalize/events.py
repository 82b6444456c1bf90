"""personalize-events: events and records written into the ``personalize`` state of the same account/region."""

from __future__ import annotations

from ..core.backend import Backend


class PersonalizeEventsBackend(Backend):
    service = "personalize-events"
    arn_service = "personalize"
