"""How the engine finds Clean Rooms ML (boto3 ``cleanroomsml``). Imports nothing of the service itself.

The operation groups: ``lookalike`` (AWS lookalike models) and ``custom`` (custom models), plus tagging,
which spans them all and is written once in ``core.tags``.
"""

from __future__ import annotations

from ..core.registry import ServiceRegistration

_LOOKALIKE = "cleanroom_mock.cleanroomsml.lookalike"
_CUSTOM = "cleanroom_mock.cleanroomsml.custom"

REGISTRATION = ServiceRegistration(
    name="cleanroomsml",
    validation_error="ValidationException",
    store="cleanroom_mock.cleanroomsml.store:CleanRoomsMLStore",
    quotas="cleanroom_mock.cleanroomsml.quotas:QUOTAS",
    groups=(
        f"{_LOOKALIKE}.training:TrainingDatasetOperations",
        f"{_LOOKALIKE}.training:AudienceModelOperations",
        f"{_LOOKALIKE}.configured:ConfiguredAudienceModelOperations",
        f"{_LOOKALIKE}.configured:ConfiguredAudienceModelPolicyOperations",
        f"{_LOOKALIKE}.generation:AudienceGenerationOperations",
        f"{_LOOKALIKE}.exports:AudienceExportOperations",
        f"{_CUSTOM}.algorithms:ConfiguredModelAlgorithmOperations",
        f"{_CUSTOM}.algorithms:AlgorithmAssociationOperations",
        f"{_CUSTOM}.configuration:MLConfigurationOperations",
        f"{_CUSTOM}.channels:MLInputChannelOperations",
        f"{_CUSTOM}.models:TrainedModelOperations",
        f"{_CUSTOM}.inference:InferenceJobOperations",
        f"{_CUSTOM}.exports:TrainedModelExportOperations",
        "cleanroom_mock.core.tags:TagOperations",
    ),
    rate_limits="cleanroom_mock.cleanroomsml.rate_limits:RATE_LIMITS",
)
