"""What the custom-model operation groups share: finding versions, channels and algorithms across the
collaboration's members, the member that receives output, and how metrics and logs are published.

Every function takes the caller's store; the resources of other members are reached through
``CleanRoomsMLStore.owner_of`` / ``of_account`` (the stores of the member accounts in this region).
"""

from __future__ import annotations

from typing import Any, Optional, TypedDict, Union

from ...cleanrooms.state import MembershipInfo as Membership
from ...core.arns import parse_arn
from ...core.errors import ServiceError
from ...core.resources import ResourceTable
from ..common import status_details
from ..errors import conflict, not_found, validation
from ..store import CleanRoomsMLStore
from .resources import (
    CANCEL_STEPS,
    CREATING,
    AlgorithmAssociation,
    ConfiguredModelAlgorithm,
    InferenceJob,
    MLConfiguration,
    MLInputChannel,
    TrainedModel,
    TrainedModelVersion,
)

ASSOCIATION = "Configured model algorithm association"
PUBLISHED = "PUBLISH_SUCCEEDED"
NOT_PUBLISHED = "PUBLISH_FAILED"


class _RequiredContainerRunMembers(TypedDict):
    resource_config: dict[str, Any]


class ContainerRunMembers(_RequiredContainerRunMembers, total=False):
    """What CreateTrainedModel and StartTrainedModelInferenceJob both keep as given (a ``ContainerRun``)."""

    description: Optional[str]
    environment: Optional[dict[str, str]]
    kms_key_arn: Optional[str]


class TrainingMembers(ContainerRunMembers, total=False):
    """What CreateTrainedModel keeps as given, besides a container run's members."""

    hyperparameters: Optional[dict[str, str]]
    stopping_condition: Optional[dict[str, Any]]
    training_input_mode: Optional[str]


class InferenceMembers(ContainerRunMembers, total=False):
    """What StartTrainedModelInferenceJob keeps as given, besides a container run's members."""

    container_execution_parameters: Optional[dict[str, Any]]


def membership_of(arn: str) -> str:
    """The membership id inside a membership-scoped ARN (``...:membership/{id}/{type}/{resource id}``)."""
    parsed = parse_arn(arn)
    parts = parsed.resource.split("/") if parsed is not None else []
    return parts[1] if len(parts) > 2 and parts[0] == "membership" else ""


def association_in(store: CleanRoomsMLStore, arn: str, collaboration_id: str) -> AlgorithmAssociation:
    """Any member's algorithm association in the collaboration (the model provider associates, the data
    owner queries and trains)."""
    return store.in_collaboration(_associations, arn, collaboration_id, ASSOCIATION)


def _associations(store: CleanRoomsMLStore) -> ResourceTable[AlgorithmAssociation]:
    return store.associations


def version_of(model: TrainedModel, version_id: Optional[str], *, latest: bool) -> TrainedModelVersion:
    """A version of ``model``; without an id the latest (Get) or the base version (Cancel, Delete...)."""
    if version_id is None:
        return model.latest if latest else model.base
    found = next((v for v in model.versions if v.version_id == version_id), None)
    if found is None:
        raise ServiceError("ResourceNotFoundException",
                           f"Trained model version not found: {model.arn} version {version_id}")
    return found


def read_version(store: CleanRoomsMLStore, model: TrainedModel, version_id: Optional[str], *, latest: bool
                 ) -> TrainedModelVersion:
    """A version as a call referencing it reads it (its lifecycle moved on)."""
    version = version_of(model, version_id, latest=latest)
    version.advance(store.handle.lifecycles)
    return version


def usable_channel(store: CleanRoomsMLStore, membership_id: str, arn: str) -> MLInputChannel:
    """A channel of the caller's membership whose data can be read now (ACTIVE), for training/inference."""
    if membership_of(arn) != membership_id:
        raise not_found("ML input channel")(arn)
    channel = store.in_membership(store.ml_input_channels, arn, membership_id, "ML input channel")
    store.ml_input_channels.observe(channel)
    status = channel.lifecycle.current
    if status != "ACTIVE":
        # Not documented by AWS; a channel without data (yet, or any more) cannot feed a job.
        raise conflict(f"ML input channel {channel.arn} is {status}; it must be ACTIVE.")
    return channel


def algorithm_of(store: CleanRoomsMLStore, association: AlgorithmAssociation) -> ConfiguredModelAlgorithm:
    """The association's algorithm, in its owner's account (the association's account)."""
    found = store.owner_of(association.arn).algorithms.find(association.algorithm_arn)
    if found is None:  # cannot happen while the association exists (deleting the algorithm is refused)
        raise not_found("Configured model algorithm")(association.algorithm_arn)
    return found


def active_version(store: CleanRoomsMLStore, membership_id: str, arn: str, version_id: Optional[str]
                   ) -> tuple[TrainedModel, TrainedModelVersion]:
    """An ACTIVE version of a trained model of the caller's membership (the base one without an id)."""
    if membership_of(arn) != membership_id:
        raise not_found("Trained model")(arn)
    model = store.in_membership(store.trained_models, arn, membership_id, "Trained model")
    version = read_version(store, model, version_id, latest=False)
    status = version.lifecycle.current
    if status != "ACTIVE":
        # Not documented by AWS (spec §5.6); only a trained model with output can be used or exported.
        raise conflict(f"Trained model {arn}{version.named} is {status}; it must be ACTIVE.")
    return model, version


def receiver(store: CleanRoomsMLStore, membership: Membership, account_id: str, ability: str, what: str
             ) -> Membership:
    """The receiving member: in the collaboration, with ``ability`` and an ML configuration."""
    found = store.collaborations.member(membership.collaboration_id, account_id)
    if found is None:
        raise validation(f"Account {account_id} is not a member of collaboration {membership.collaboration_id}.")
    if not found.can(ability):
        # custom-model-prerequisites: receivers need the matching member ability.
        raise validation(f"Member {account_id} does not have the {ability} member ability to receive {what}.")
    if receiver_configuration(store, found) is None:
        # Not documented by AWS; output goes to the receiver's default output location, so it must exist.
        raise validation(f"Member {account_id} has no ML configuration (PutMLConfiguration) with a default "
                         "output location to receive the output.")
    return found


def receiver_configuration(store: CleanRoomsMLStore, member: Membership) -> Optional[MLConfiguration]:
    return store.of_account(member.account_id).ml_configurations.get(member.membership_id)


def cancel(work: Union[TrainedModelVersion, InferenceJob], described: str, running: str, reason: str) -> None:
    """CancelTrainedModel / CancelTrainedModelInferenceJob on the status the caller last saw (no read): work
    still running can be cancelled even in the default next-read lifecycle mode. Not documented by AWS which
    states allow it; we chose running work only (CREATE_PENDING or CREATE_IN_PROGRESS)."""
    status = work.lifecycle.current
    if status not in CREATING:
        raise conflict(f"{described} is {status}; only {running} (CREATE_PENDING or CREATE_IN_PROGRESS) can be "
                       "cancelled.")
    work.lifecycle.begin(CANCEL_STEPS)
    work.status_details = status_details("CANCELLED", reason)


def publication(target: Union[TrainedModelVersion, InferenceJob], configuration: Optional[MLConfiguration]) -> None:
    """custom-model-prerequisites: metrics and logs reach a member only through its ML configuration."""
    if configuration is not None:
        target.metrics_status = target.logs_status = PUBLISHED
        return
    reason = "The membership has no ML configuration (PutMLConfiguration) to publish to."
    target.metrics_status = target.logs_status = NOT_PUBLISHED
    target.metrics_status_details = target.logs_status_details = reason


