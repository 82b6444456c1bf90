"""How the engine finds Clean Rooms ML (boto3 ``cleanroomsml``). Imports nothing of the service itself."""

from __future__ import annotations

from ..core.registry import ServiceRegistration

REGISTRATION = ServiceRegistration(
    name="cleanroomsml",
    validation_error="ValidationException",
    store="cleanroom_mock.cleanroomsml.backend:CleanRoomsMLBackend",
    groups=(),
    rate_limits="cleanroom_mock.cleanroomsml.rate_limits:RATE_LIMITS",
    handle_attributes={"collaborations": "cleanroom_mock.cleanroomsml.collaborations:CollaborationRegistry"},
)
