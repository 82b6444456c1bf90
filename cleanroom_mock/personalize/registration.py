"""How the engine finds Amazon Personalize's three clients. Imports nothing of the service itself."""

from __future__ import annotations

from ..core.registry import ServiceRegistration

PERSONALIZE = ServiceRegistration(
    name="personalize",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.backend:PersonalizeBackend",
    groups=(),
)
RUNTIME = ServiceRegistration(
    name="personalize-runtime",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.runtime:PersonalizeRuntimeBackend",
    groups=(),
)
EVENTS = ServiceRegistration(
    name="personalize-events",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.events:PersonalizeEventsBackend",
    groups=(),
)
