"""The custom-model resources of Clean Rooms ML, as the backend keeps them.

A configured model algorithm is account-level; every other custom-model resource lives in a Clean Rooms
membership (its ARN is ``...:membership/{membershipId}/{type}/{id}``) and is kept by the backend of the
membership's account. Statuses are the model's underscored enums (spec §3); AWS documents no transitions,
so the phases below are inferred from the enum and operation names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from ..core import clock
from ..core.lifecycle import Lifecycle
from ..core.resources import Resource, next_sequence

CREATE_STEPS = ("CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE")
CREATE_FAILED = "CREATE_FAILED"
CREATING = frozenset({"CREATE_PENDING", "CREATE_IN_PROGRESS"})
# DeleteMLInputChannelData / DeleteTrainedModelOutput: the resource stays, its data goes (INACTIVE).
DELETE_STEPS = ("DELETE_PENDING", "DELETE_IN_PROGRESS", "INACTIVE")
DELETING = frozenset({"DELETE_PENDING", "DELETE_IN_PROGRESS"})
# CancelTrainedModel / CancelTrainedModelInferenceJob: the work stops; nothing it made is kept (INACTIVE).
CANCEL_STEPS = ("CANCEL_PENDING", "CANCEL_IN_PROGRESS", "INACTIVE")
CANCELLING = frozenset({"CANCEL_PENDING", "CANCEL_IN_PROGRESS"})
INACTIVE = "INACTIVE"


def _creating() -> Lifecycle:
    return Lifecycle(CREATE_STEPS)


@dataclass
class ConfiguredModelAlgorithm(Resource):
    """Account-level pointer to the training and/or inference container images."""

    role_arn: str = ""
    training_container_config: Optional[dict[str, Any]] = None
    inference_container_config: Optional[dict[str, Any]] = None
    description: Optional[str] = None
    kms_key_arn: Optional[str] = None


@dataclass
class AlgorithmAssociation(Resource):
    """A configured model algorithm associated with a collaboration through a membership (immutable)."""

    membership_id: str = ""
    collaboration_id: str = ""
    algorithm_arn: str = ""
    privacy_configuration: Optional[dict[str, Any]] = None
    description: Optional[str] = None

    @property
    def policies(self) -> dict[str, Any]:
        return (self.privacy_configuration or {}).get("policies", {})


@dataclass
class MLConfiguration:
    """A membership's default output location (one per membership; PutMLConfiguration replaces it)."""

    membership_id: str
    default_output_location: dict[str, Any]
    created_at: datetime = field(default_factory=clock.now)
    updated_at: datetime = field(default_factory=clock.now)

    @property
    def s3_uri(self) -> str:
        return str(self.default_output_location["destination"]["s3Destination"]["s3Uri"]).rstrip("/")


@dataclass
class MLInputChannel(Resource):
    """The result of a protected query, kept for ``retention_in_days``, for one algorithm association."""

    membership_id: str = ""
    collaboration_id: str = ""
    association_arns: list[str] = field(default_factory=list)
    input_channel: dict[str, Any] = field(default_factory=dict)
    retention_in_days: int = 1
    description: Optional[str] = None
    kms_key_arn: Optional[str] = None
    protected_query_id: str = ""
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None


@dataclass(eq=False)
class TrainedModelVersion:
    """One training run of a trained model. The base version has no identifier (spec §2)."""

    version_id: Optional[str]
    association_arn: str
    data_channels: list[dict[str, Any]]
    incremental_channels: Optional[list[dict[str, Any]]]
    resource_config: dict[str, Any]
    hyperparameters: Optional[dict[str, str]] = None
    environment: Optional[dict[str, str]] = None
    stopping_condition: Optional[dict[str, Any]] = None
    training_input_mode: Optional[str] = None
    description: Optional[str] = None
    kms_key_arn: Optional[str] = None
    created_at: datetime = field(default_factory=clock.now)
    seq: int = field(default_factory=next_sequence)
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None
    # What training produced (a deterministic record, there are no real containers), once ACTIVE.
    image_digest: Optional[str] = None
    metrics_status: Optional[str] = None
    metrics_status_details: Optional[str] = None
    logs_status: Optional[str] = None
    logs_status_details: Optional[str] = None
    exports: list[ExportJob] = field(default_factory=list)


@dataclass
class TrainedModel(Resource):
    """A named trained model and its versions, oldest (the base version) first."""

    membership_id: str = ""
    collaboration_id: str = ""
    versions: list[TrainedModelVersion] = field(default_factory=list)

    @property
    def base(self) -> TrainedModelVersion:
        return self.versions[0]

    @property
    def latest(self) -> TrainedModelVersion:
        return self.versions[-1]


@dataclass
class InferenceJob(Resource):
    """A batch inference run of one trained model version over one ML input channel."""

    membership_id: str = ""
    collaboration_id: str = ""
    trained_model_arn: str = ""
    version_id: Optional[str] = None
    association_arn: Optional[str] = None
    resource_config: dict[str, Any] = field(default_factory=dict)
    output_configuration: dict[str, Any] = field(default_factory=dict)
    data_source: dict[str, Any] = field(default_factory=dict)
    description: Optional[str] = None
    container_execution_parameters: Optional[dict[str, Any]] = None
    environment: Optional[dict[str, str]] = None
    kms_key_arn: Optional[str] = None
    image_digest: Optional[str] = None
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None
    metrics_status: Optional[str] = None
    metrics_status_details: Optional[str] = None
    logs_status: Optional[str] = None
    logs_status_details: Optional[str] = None
    output_uri: Optional[str] = None


@dataclass
class ExportJob(Resource):
    """An export of one trained model version to one member; has no ARN (identified by name and model)."""

    account_id: str = ""
    membership_id: str = ""
    collaboration_id: str = ""
    trained_model_arn: str = ""
    version_id: Optional[str] = None
    output_configuration: dict[str, Any] = field(default_factory=dict)
    description: Optional[str] = None
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None
    output_uri: Optional[str] = None
