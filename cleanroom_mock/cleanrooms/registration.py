"""How the engine finds AWS Clean Rooms (boto3 ``cleanrooms``). Imports nothing of the service itself."""

from __future__ import annotations

from ..core.registry import ServiceRegistration

REGISTRATION = ServiceRegistration(
    name="cleanrooms",
    validation_error="ValidationException",
    validation_fields={"reason": "FIELD_VALIDATION_FAILED"},  # the model's ValidationExceptionReason
    store="cleanroom_mock.cleanrooms.store:CleanRoomsStore",
    quotas="cleanroom_mock.cleanrooms.quotas:QUOTAS",
    groups=(
        "cleanroom_mock.cleanrooms.collaborations:CollaborationOperations",
        "cleanroom_mock.cleanrooms.memberships:MembershipOperations",
        "cleanroom_mock.cleanrooms.audience_models:AudienceModelAssociationOperations",
        "cleanroom_mock.cleanrooms.tables.configured:ConfiguredTableOperations",
        "cleanroom_mock.cleanrooms.tables.associations:TableAssociationOperations",
        "cleanroom_mock.cleanrooms.tables.schemas:SchemaOperations",
        "cleanroom_mock.cleanrooms.queries.templates:AnalysisTemplateOperations",
        "cleanroom_mock.cleanrooms.queries.protected:ProtectedQueryOperations",
        "cleanroom_mock.core.tags:TagOperations",
    ),
    # aws.collaborations: collaborations set up in one line, writing what the operations write
    handle_attributes={"collaborations": "cleanroom_mock.cleanrooms.shortcut:Collaborations"},
)
