"""How the engine finds AWS Clean Rooms (boto3 ``cleanrooms``). Imports nothing of the service itself."""

from __future__ import annotations

from ..core.registry import ServiceRegistration

REGISTRATION = ServiceRegistration(
    name="cleanrooms",
    validation_error="ValidationException",
    store="cleanroom_mock.cleanrooms.store:CleanRoomsStore",
    groups=(
        "cleanroom_mock.cleanrooms.collaborations:CollaborationOperations",
        "cleanroom_mock.cleanrooms.memberships:MembershipOperations",
        "cleanroom_mock.cleanrooms.audience_models:AudienceModelAssociationOperations",
        "cleanroom_mock.core.tags:TagOperations",
    ),
    # aws.collaborations is still Clean Rooms ML's registry; cleanroom_mock.cleanrooms.shortcut:Collaborations
    # takes it over when Clean Rooms ML reads memberships from here.
)
