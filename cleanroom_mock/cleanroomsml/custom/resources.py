"""The custom-model resources of Clean Rooms ML, as the store keeps them, each with its one view.

A configured model algorithm is account-level; every other custom-model resource lives in a Clean Rooms
membership (its ARN is ``...:membership/{membershipId}/{type}/{id}``) and is kept by the store of the
membership's account. Statuses are the model's underscored enums (spec §3); AWS documents no transitions,
so the phases below are inferred from the enum and operation names.

``view()`` is what the Get operation returns; the List operations (and the Collaboration variants, which
show ``creatorAccountId`` and leave out what stays with the owner) return the same dict and the serializer
keeps only the members of their output shapes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from ...core import clock
from ...core.lifecycle import Lifecycle, LifecycleSettings
from ...core.resources import Resource
from ..common import arn_account, status_details

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

    def view(self) -> dict[str, Any]:
        return {
            "createTime": self.created_at,
            "updateTime": self.created_at,  # immutable: never updated
            "configuredModelAlgorithmArn": self.arn,
            "name": self.name,
            "description": self.description,
            "trainingContainerConfig": self.training_container_config,
            "inferenceContainerConfig": self.inference_container_config,
            "roleArn": self.role_arn,
            "tags": self.tags,
            "kmsKeyArn": self.kms_key_arn,
        }


@dataclass
class InMembership(Resource):
    """A resource that lives in a membership (and so in that membership's collaboration)."""

    membership_id: str = ""
    collaboration_id: str = ""

    @property
    def creator_account_id(self) -> str:
        return arn_account(self.arn)


@dataclass
class AlgorithmAssociation(InMembership):
    """A configured model algorithm associated with a collaboration through a membership (immutable)."""

    algorithm_arn: str = ""
    privacy_configuration: Optional[dict[str, Any]] = None
    description: Optional[str] = None

    @property
    def policies(self) -> dict[str, Any]:
        return (self.privacy_configuration or {}).get("policies", {})

    def view(self) -> dict[str, Any]:
        return {
            "createTime": self.created_at,
            "updateTime": self.created_at,  # immutable (associate-model-algorithm)
            "configuredModelAlgorithmAssociationArn": self.arn,
            "configuredModelAlgorithmArn": self.algorithm_arn,
            "name": self.name,
            "description": self.description,
            "membershipIdentifier": self.membership_id,
            "collaborationIdentifier": self.collaboration_id,
            "privacyConfiguration": self.privacy_configuration,
            "tags": self.tags,
            "creatorAccountId": self.creator_account_id,
        }


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

    def view(self) -> dict[str, Any]:
        return {
            "membershipIdentifier": self.membership_id,
            "defaultOutputLocation": self.default_output_location,
            "createTime": self.created_at,
            "updateTime": self.updated_at,
        }


@dataclass
class MLInputChannel(InMembership):
    """The result of a protected query, kept for ``retention_in_days``, for one algorithm association."""

    association_arns: list[str] = field(default_factory=list)
    input_channel: dict[str, Any] = field(default_factory=dict)
    retention_in_days: int = 1
    description: Optional[str] = None
    kms_key_arn: Optional[str] = None
    protected_query_id: str = ""
    number_of_records: Optional[int] = None  # the protected query's result rows (query_input)
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None

    def advance(self, settings: LifecycleSettings | None) -> None:
        """Read the channel's status; ACTIVE data past its retention period expires (INACTIVE,
        statusCode DATA_RETENTION_EXPIRED)."""
        status = self.lifecycle.observe(settings, self.kind())
        if status == "ACTIVE" and clock.now() >= self.created_at + _dt.timedelta(days=self.retention_in_days):
            self.lifecycle.begin((INACTIVE,))
            self.status_details = status_details(
                "DATA_RETENTION_EXPIRED", f"The channel's data was deleted after {self.retention_in_days} days.")

    def view(self) -> dict[str, Any]:
        return {
            "createTime": self.created_at,
            "updateTime": self.lifecycle.updated_at,
            "membershipIdentifier": self.membership_id,
            "collaborationIdentifier": self.collaboration_id,
            "name": self.name,
            "configuredModelAlgorithmAssociations": self.association_arns,
            "mlInputChannelArn": self.arn,
            "status": self.lifecycle.current,
            "description": self.description,
            "statusDetails": self.status_details,
            "retentionInDays": self.retention_in_days,
            # Query text, role, keys and tags stay with the channel's owner (the Collaboration shapes lack
            # them; ml-behaviors: locations are never shown to other members).
            "inputChannel": self.input_channel,
            "protectedQueryIdentifier": self.protected_query_id,
            "numberOfRecords": self.number_of_records,
            "kmsKeyArn": self.kms_key_arn,
            "tags": self.tags,
            "creatorAccountId": self.creator_account_id,
        }


@dataclass
class TrainedModelVersion(Resource):
    """One training run of a trained model. The base version has no identifier (spec §2)."""

    version_id: Optional[str] = None
    association_arn: str = ""
    data_channels: list[dict[str, Any]] = field(default_factory=list)
    incremental_channels: Optional[list[dict[str, Any]]] = None
    resource_config: dict[str, Any] = field(default_factory=dict)
    hyperparameters: Optional[dict[str, str]] = None
    environment: Optional[dict[str, str]] = None
    stopping_condition: Optional[dict[str, Any]] = None
    training_input_mode: Optional[str] = None
    description: Optional[str] = None
    kms_key_arn: Optional[str] = None
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None
    # What training produced (a deterministic record, there are no real containers), once ACTIVE.
    image_digest: Optional[str] = None
    metrics_status: Optional[str] = None
    metrics_status_details: Optional[str] = None
    logs_status: Optional[str] = None
    logs_status_details: Optional[str] = None
    exports: list[ExportJob] = field(default_factory=list)

    @property
    def named(self) -> str:
        """`` (version <id>)`` for messages; empty for the base version."""
        return f" (version {self.version_id})" if self.version_id else ""


@dataclass
class TrainedModel(InMembership):
    """A named trained model and its versions, oldest (the base version) first."""

    versions: list[TrainedModelVersion] = field(default_factory=list)

    @property
    def base(self) -> TrainedModelVersion:
        return self.versions[0]

    @property
    def latest(self) -> TrainedModelVersion:
        return self.versions[-1]

    def advance(self, settings: LifecycleSettings | None) -> None:
        """A read of the trained model (without a version) reads its latest version."""
        self.latest.advance(settings)

    def view(self, version: TrainedModelVersion | None = None) -> dict[str, Any]:
        """The model as one of its versions shows it (default: the latest, API_GetTrainedModel)."""
        version = version or self.latest
        return {
            "createTime": version.created_at,
            "updateTime": version.lifecycle.updated_at,
            "trainedModelArn": self.arn,
            "versionIdentifier": version.version_id,
            "incrementalTrainingDataChannels": version.incremental_channels,
            "name": self.name,
            "description": version.description,
            "membershipIdentifier": self.membership_id,
            "collaborationIdentifier": self.collaboration_id,
            "status": version.lifecycle.current,
            "configuredModelAlgorithmAssociationArn": version.association_arn,
            "statusDetails": version.status_details,
            "resourceConfig": version.resource_config,
            "trainingInputMode": version.training_input_mode,
            "stoppingCondition": version.stopping_condition,
            "metricsStatus": version.metrics_status,
            "metricsStatusDetails": version.metrics_status_details,
            "logsStatus": version.logs_status,
            "logsStatusDetails": version.logs_status_details,
            "trainingContainerImageDigest": version.image_digest,
            "hyperparameters": version.hyperparameters,
            "environment": version.environment,
            "kmsKeyArn": version.kms_key_arn,
            "tags": self.tags,
            "dataChannels": version.data_channels,
            "creatorAccountId": self.creator_account_id,
        }


@dataclass
class InferenceJob(InMembership):
    """A batch inference run of one trained model version over one ML input channel."""

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

    def view(self) -> dict[str, Any]:
        return {
            "createTime": self.created_at,
            "updateTime": self.lifecycle.updated_at,
            "trainedModelInferenceJobArn": self.arn,
            "configuredModelAlgorithmAssociationArn": self.association_arn,
            "membershipIdentifier": self.membership_id,
            "collaborationIdentifier": self.collaboration_id,
            "trainedModelArn": self.trained_model_arn,
            "trainedModelVersionIdentifier": self.version_id,
            "status": self.lifecycle.current,
            "outputConfiguration": self.output_configuration,
            "name": self.name,
            "description": self.description,
            "metricsStatus": self.metrics_status,
            "metricsStatusDetails": self.metrics_status_details,
            "logsStatus": self.logs_status,
            "logsStatusDetails": self.logs_status_details,
            "resourceConfig": self.resource_config,
            "dataSource": self.data_source,
            "containerExecutionParameters": self.container_execution_parameters,
            "statusDetails": self.status_details,
            "inferenceContainerImageDigest": self.image_digest,
            "environment": self.environment,
            "kmsKeyArn": self.kms_key_arn,
            "tags": self.tags,
            "creatorAccountId": self.creator_account_id,
        }


@dataclass
class ExportJob(InMembership):
    """An export of one trained model version to one member; has no ARN (identified by name and model)."""

    account_id: str = ""
    trained_model_arn: str = ""
    version_id: Optional[str] = None
    output_configuration: dict[str, Any] = field(default_factory=dict)
    description: Optional[str] = None
    lifecycle: Lifecycle = field(default_factory=_creating)
    status_details: Optional[dict[str, str]] = None
    output_uri: Optional[str] = None

    def view(self) -> dict[str, Any]:
        return {
            "createTime": self.created_at,
            "updateTime": self.lifecycle.updated_at,
            "name": self.name,
            "outputConfiguration": self.output_configuration,
            "status": self.lifecycle.current,
            "statusDetails": self.status_details,
            "description": self.description,
            "creatorAccountId": self.account_id,
            "trainedModelArn": self.trained_model_arn,
            "trainedModelVersionIdentifier": self.version_id,
            "membershipIdentifier": self.membership_id,
            "collaborationIdentifier": self.collaboration_id,
        }
