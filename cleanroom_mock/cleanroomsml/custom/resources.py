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
from ...core.lifecycle import LifecycleSettings
from ...core.resources import member
from ..common import status_details
from ..resources import CREATE_FAILED, CREATE_STEPS, ContainerRun, InMembership, MLJob, MLResource

__all__ = ["CREATE_FAILED", "CREATE_STEPS"]

# DeleteMLInputChannelData / DeleteTrainedModelOutput: the resource stays, its data goes (INACTIVE).
DELETE_STEPS = ("DELETE_PENDING", "DELETE_IN_PROGRESS", "INACTIVE")
DELETING = frozenset({"DELETE_PENDING", "DELETE_IN_PROGRESS"})
# CancelTrainedModel / CancelTrainedModelInferenceJob: the work stops; nothing it made is kept (INACTIVE).
CANCEL_STEPS = ("CANCEL_PENDING", "CANCEL_IN_PROGRESS", "INACTIVE")
CANCELLING = frozenset({"CANCEL_PENDING", "CANCEL_IN_PROGRESS"})
CREATING = frozenset({"CREATE_PENDING", "CREATE_IN_PROGRESS"})
INACTIVE = "INACTIVE"


@dataclass
class ConfiguredModelAlgorithm(MLResource):
    """Account-level pointer to the training and/or inference container images (immutable)."""

    role_arn: str = member(default="")
    training_container_config: Optional[dict[str, Any]] = member()
    inference_container_config: Optional[dict[str, Any]] = member()
    kms_key_arn: Optional[str] = member()

    SHOWN = {"configuredModelAlgorithmArn": "arn"}


@dataclass
class AlgorithmAssociation(InMembership):
    """A configured model algorithm associated with a collaboration through a membership (immutable,
    associate-model-algorithm)."""

    algorithm_arn: str = member("configuredModelAlgorithmArn", default="")
    privacy_configuration: Optional[dict[str, Any]] = member()

    SHOWN = {"configuredModelAlgorithmAssociationArn": "arn"}

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

    def view(self) -> dict[str, Any]:
        return {
            "membershipIdentifier": self.membership_id,
            "defaultOutputLocation": self.default_output_location,
            "createTime": self.created_at,
            "updateTime": self.updated_at,
        }


@dataclass
class MLInputChannel(InMembership, MLJob):
    """The result of a protected query, kept for ``retention_in_days``, for one algorithm association.

    Query text, role, keys and tags stay with the channel's owner (the Collaboration shapes lack them;
    ml-behaviors: locations are never shown to other members)."""

    association_arns: list[str] = member("configuredModelAlgorithmAssociations", factory=list)
    input_channel: dict[str, Any] = member(factory=dict)
    retention_in_days: int = member(default=1)
    kms_key_arn: Optional[str] = member()
    protected_query_id: str = member("protectedQueryIdentifier", default="")
    payer_configuration: Optional[dict[str, str]] = member()
    number_of_records: Optional[int] = member()  # the protected query's result rows (query_input)

    SHOWN = {"mlInputChannelArn": "arn"}

    def advance(self, settings: LifecycleSettings | None) -> None:
        """Read the channel's status; ACTIVE data past its retention period expires (INACTIVE,
        statusCode DATA_RETENTION_EXPIRED)."""
        status = self.lifecycle.observe(settings, self.kind())
        if status == "ACTIVE" and clock.now() >= self.created_at + _dt.timedelta(days=self.retention_in_days):
            self.lifecycle.begin((INACTIVE,))
            self.status_details = status_details(
                "DATA_RETENTION_EXPIRED", f"The channel's data was deleted after {self.retention_in_days} days.")


@dataclass
class TrainedModelVersion(ContainerRun):
    """One training run of a trained model. The base version has no identifier (spec §2)."""

    version_id: Optional[str] = member("versionIdentifier")
    association_arn: str = member("configuredModelAlgorithmAssociationArn", default="")
    data_channels: list[dict[str, Any]] = member(factory=list)
    incremental_channels: Optional[list[dict[str, Any]]] = member("incrementalTrainingDataChannels")
    hyperparameters: Optional[dict[str, str]] = member()
    stopping_condition: Optional[dict[str, Any]] = member()
    training_input_mode: Optional[str] = member()
    payer_account_id: Optional[str] = member("mlModelTrainingPayerAccountId")
    exports: list[ExportJob] = field(default_factory=list)

    SHOWN = {"trainingContainerImageDigest": "image_digest"}

    @property
    def named(self) -> str:
        """`` (version <id>)`` for messages; empty for the base version."""
        return f" (version {self.version_id})" if self.version_id else ""


@dataclass
class TrainedModel(InMembership):
    """A named trained model and its versions, oldest (the base version) first."""

    versions: list[TrainedModelVersion] = field(default_factory=list)

    SHOWN = {"trainedModelArn": "arn"}

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
        """The model as one of its versions shows it (default: the latest, API_GetTrainedModel): the version's
        members (times, status, description, ...) over the model's, with the model's name and tags."""
        return {**super().view(), **(version or self.latest).view(), "name": self.name, "tags": self.tags}


@dataclass
class InferenceJob(InMembership, ContainerRun):
    """A batch inference run of one trained model version over one ML input channel."""

    trained_model_arn: str = member(default="")
    version_id: Optional[str] = member("trainedModelVersionIdentifier")
    association_arn: Optional[str] = member("configuredModelAlgorithmAssociationArn")
    output_configuration: dict[str, Any] = member(factory=dict)
    data_source: dict[str, Any] = member(factory=dict)
    container_execution_parameters: Optional[dict[str, Any]] = member()
    output_uri: Optional[str] = None
    payer_account_id: Optional[str] = member("mlModelInferencePayerAccountId")

    SHOWN = {"trainedModelInferenceJobArn": "arn", "inferenceContainerImageDigest": "image_digest"}


@dataclass
class ExportJob(InMembership, MLJob):
    """An export of one trained model version to one member; has no ARN (identified by name and model)."""

    account_id: str = member("creatorAccountId", default="")
    trained_model_arn: str = member(default="")
    version_id: Optional[str] = member("trainedModelVersionIdentifier")
    output_configuration: dict[str, Any] = member(factory=dict)
    output_uri: Optional[str] = None
