"""Trained models and their versions: a configured model algorithm trained on ML input channels.

There are no containers: training runs through the lifecycle (CREATE_PENDING → CREATE_IN_PROGRESS →
ACTIVE) and produces a deterministic record (the training image's digest, metrics and logs publication
statuses), no artefacts.

Versions (not documented by AWS how they come about, spec §5.5; we chose): CreateTrainedModel with the
``name`` of an existing trained model of the membership *and* an incremental training channel on that same
model adds a new version to it (same ARN, a new ``versionIdentifier`` UUID, returned by the call). Any
other CreateTrainedModel creates a new trained model whose first (base) version has no identifier (the docs
call it "NULL", which the model's UUID pattern cannot carry); an incremental channel on another model just
warm-starts it. Get without a version shows the latest version; Cancel and DeleteTrainedModelOutput without
a version act on the base version (API_GetCollaborationTrainedModel, API_CancelTrainedModel,
API_DeleteTrainedModelOutput).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any, Optional

from ..core.errors import ServiceError
from ..core.ids import alphanumeric_id
from ..core.lifecycle import Lifecycle
from ..core.resources import ResourceTable, enforce_quota
from ..core.tags import merged_tags
from .collaborations import CAN_QUERY
from .common import TAG_RULES, conflict, new_tags, not_found, page, quota_exceeded, status_details, validation
from .custom_common import MembershipScope, membership_of
from .custom_resources import (
    CANCEL_STEPS,
    CANCELLING,
    CREATE_FAILED,
    CREATE_STEPS,
    CREATING,
    DELETE_STEPS,
    DELETING,
    INACTIVE,
    AlgorithmAssociation,
    ConfiguredModelAlgorithm,
    MLConfiguration,
    MLInputChannel,
    TrainedModel,
    TrainedModelVersion,
)

if TYPE_CHECKING:
    from .custom_resources import InferenceJob

MAX_CHANNELS = 20  # dataChannels + incrementalTrainingDataChannels (API_CreateTrainedModel)
# clean-rooms-ml-quotas
MAX_PENDING_TRAINING_PER_MEMBERSHIP = 5
MAX_PENDING_TRAINING_PER_ACCOUNT = 10
MAX_VERSIONS = 100  # active or pending versions per trained model
# Active training instances per account: 10. The per-instance-type quotas (0 by default for most types,
# adjustable) are not enforced: a mock account could never train otherwise.
MAX_TRAINING_INSTANCES = 10
_PUBLISHED = "PUBLISH_SUCCEEDED"
_NOT_PUBLISHED = "PUBLISH_FAILED"


class TrainedModelOperations(MembershipScope):
    if TYPE_CHECKING:  # provided by core.backend.Backend and the other custom-model groups
        def arn(self, resource: str) -> str: ...
        _algorithms: ResourceTable[ConfiguredModelAlgorithm]
        _ml_configurations: dict[str, MLConfiguration]
        _inference_jobs: ResourceTable[InferenceJob]
        def _usable_channel(self, membership_id: str, arn: str) -> MLInputChannel: ...

    def _setup_trained_models(self) -> None:
        self._trained_models: ResourceTable[TrainedModel] = ResourceTable(not_found("Trained model"))

    def create_trained_model(
        self,
        membership_identifier: str,
        name: str,
        configured_model_algorithm_association_arn: str,
        resource_config: dict[str, Any],
        data_channels: list[dict[str, Any]],
        hyperparameters: Optional[dict[str, str]] = None,
        environment: Optional[dict[str, str]] = None,
        stopping_condition: Optional[dict[str, Any]] = None,
        incremental_training_data_channels: Optional[list[dict[str, Any]]] = None,
        training_input_mode: Optional[str] = None,
        description: Optional[str] = None,
        kms_key_arn: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        incremental = incremental_training_data_channels or []
        _check_channel_names(data_channels, incremental)
        tags = new_tags(tags)
        # custom-model-prerequisites: the member who can query trains.
        membership = self._membership_with(membership_identifier, CAN_QUERY, "train a model")
        association = self._in_collaboration("_associations", configured_model_algorithm_association_arn,
                                             membership.collaboration_id, "Configured model algorithm association")
        algorithm = self._algorithm_of(association)
        if algorithm.training_container_config is None:
            raise validation(f"Configured model algorithm {algorithm.arn} has no trainingContainerConfig; "
                             "it cannot train a model.")
        for channel in data_channels:
            used = self._usable_channel(membership.membership_id, channel["mlInputChannelArn"])
            if association.arn not in used.association_arns:
                # API_CreateMLInputChannel: a channel serves the associations it was created for.
                raise validation(f"ML input channel {used.arn} was not created for configured model algorithm "
                                 f"association {association.arn}.")
        incremental_output, parent = self._incremental_sources(membership.membership_id, association, incremental)
        existing = next((m for m in self._trained_models
                         if m.membership_id == membership.membership_id and m.name == name), None)
        if existing is not None and existing is not parent:
            # Not documented by AWS; a name names one trained model of the membership.
            raise conflict(f"A trained model named '{name}' already exists in membership "
                           f"{membership.membership_id}; to add a version, train it incrementally from itself.")
        self._check_training_quotas(membership.membership_id, existing, resource_config)
        version = TrainedModelVersion(
            version_id=str(uuid.uuid4()) if existing is not None else None,
            association_arn=association.arn,
            data_channels=data_channels,
            incremental_channels=incremental_output,
            resource_config=resource_config,
            hyperparameters=hyperparameters,
            environment=environment,
            stopping_condition=stopping_condition,
            training_input_mode=training_input_mode,
            description=description,
            kms_key_arn=kms_key_arn,
        )
        if existing is None:
            model = TrainedModel(
                arn=self.arn(f"membership/{membership.membership_id}/trained-model/{alphanumeric_id()}"),
                name=name,
                tags=tags,
                membership_id=membership.membership_id,
                collaboration_id=membership.collaboration_id,
            )
            self._trained_models.add(model)
        else:
            model = existing
            # A version has no ARN of its own: its tags go to the trained model (the taggable resource).
            model.tags = merged_tags(model.tags, tags, TAG_RULES)
        version.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: self._train_version(model, version, algorithm),
                                      failed_status=CREATE_FAILED)
        model.versions.append(version)
        return {"trainedModelArn": model.arn, "versionIdentifier": version.version_id}

    def get_trained_model(self, trained_model_arn: str, membership_identifier: str,
                          version_identifier: Optional[str] = None) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        model = self._in_membership(self._trained_models, trained_model_arn, membership.membership_id,
                                    "Trained model")
        version = _version(model, version_identifier, latest=True)
        version.lifecycle.observe()
        return {**_version_detail(model, version), "hyperparameters": version.hyperparameters,
                "environment": version.environment, "kmsKeyArn": version.kms_key_arn, "tags": model.tags,
                "dataChannels": version.data_channels}

    def list_trained_models(
        self, membership_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        """One summary per trained model, showing its latest version (ListTrainedModelVersions shows all)."""
        membership = self._membership(membership_identifier)
        mine = self._trained_models.where(lambda m: m.membership_id == membership.membership_id)
        found, token = page(mine, next_token=next_token, max_results=max_results,
                            filters={"op": "ListTrainedModels", "membership": membership.membership_id})
        for model in found:
            model.latest.lifecycle.observe()
        return {"trainedModels": [_version_summary(m, m.latest) for m in found], "nextToken": token}

    def list_trained_model_versions(
        self,
        membership_identifier: str,
        trained_model_arn: str,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        status: Optional[str] = None,
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        model = self._in_membership(self._trained_models, trained_model_arn, membership.membership_id,
                                    "Trained model")
        for version in model.versions:
            version.lifecycle.observe()
        versions = [v for v in model.versions if status is None or v.lifecycle.current == status]
        # API_ListTrainedModelVersions documents a default page size of 10.
        found, token = page(versions, next_token=next_token, max_results=max_results or 10,
                            filters={"op": "ListTrainedModelVersions", "model": model.arn, "status": status})
        return {"trainedModels": [_version_summary(model, v) for v in found], "nextToken": token}

    def get_collaboration_trained_model(self, trained_model_arn: str, collaboration_identifier: str,
                                        version_identifier: Optional[str] = None) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        model = self._in_collaboration("_trained_models", trained_model_arn, collaboration_identifier,
                                       "Trained model")
        version = _version(model, version_identifier, latest=True)
        version.lifecycle.observe()
        return {**_version_detail(model, version), "creatorAccountId": model.arn.split(":")[4]}

    def list_collaboration_trained_models(
        self, collaboration_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        every = self._collaboration_resources("_trained_models", collaboration_identifier)
        found, token = page(every, next_token=next_token, max_results=max_results,
                            filters={"op": "ListCollaborationTrainedModels",
                                     "collaboration": collaboration_identifier})
        for model in found:
            model.latest.lifecycle.observe()
        return {"collaborationTrainedModels": [
            {**_version_summary(m, m.latest), "creatorAccountId": m.arn.split(":")[4]} for m in found],
            "nextToken": token}

    def cancel_trained_model(self, membership_identifier: str, trained_model_arn: str,
                             version_identifier: Optional[str] = None) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        model = self._in_membership(self._trained_models, trained_model_arn, membership.membership_id,
                                    "Trained model")
        version = _version(model, version_identifier, latest=False)
        # The status as the caller last saw it (no read): a job still training can be cancelled even in the
        # default next-read lifecycle mode. Not documented by AWS which states allow it; we chose training only.
        status = version.lifecycle.current
        if status not in CREATING:
            raise conflict(f"Trained model {model.arn}{_named(version)} is {status}; only a model that is "
                           "still training (CREATE_PENDING or CREATE_IN_PROGRESS) can be cancelled.")
        version.lifecycle.begin(CANCEL_STEPS)
        version.status_details = status_details("CANCELLED", "Training was cancelled by the caller.")
        return {}

    def delete_trained_model_output(self, trained_model_arn: str, membership_identifier: str,
                                    version_identifier: Optional[str] = None) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        model = self._in_membership(self._trained_models, trained_model_arn, membership.membership_id,
                                    "Trained model")
        version = _version(model, version_identifier, latest=False)
        status = version.lifecycle.current
        # Not documented by AWS; we chose: output exists once training ended (ACTIVE, or CREATE_FAILED with
        # partial output); a model still training must be cancelled first; deleting twice is a conflict.
        if status in CREATING or status in CANCELLING:
            raise conflict(f"Trained model {model.arn}{_named(version)} is {status}; cancel it or wait until "
                           "training ends before deleting its output.")
        if status in DELETING or status == INACTIVE:
            raise conflict(f"The output of trained model {model.arn}{_named(version)} is already deleted "
                           f"({status}).")
        running = [j.name for j in self._inference_jobs
                   if j.trained_model_arn == model.arn and j.version_id == version.version_id
                   and j.lifecycle.current in CREATING]
        if running:
            raise conflict(f"Inference job(s) {', '.join(running)} use trained model {model.arn}"
                           f"{_named(version)}; wait until they finish or cancel them.")
        version.lifecycle.begin(DELETE_STEPS)
        version.status_details = None
        return {}

    # --- helpers ----------------------------------------------------------------------------------------
    def _algorithm_of(self, association: AlgorithmAssociation) -> ConfiguredModelAlgorithm:
        """The association's algorithm, in its owner's account (the association's account)."""
        found = self._backend_of(association.arn)._algorithms.find(association.algorithm_arn)
        if found is None:  # cannot happen while the association exists (deleting the algorithm is refused)
            raise not_found("Configured model algorithm")(association.algorithm_arn)
        return found

    def _incremental_sources(
        self, membership_id: str, association: AlgorithmAssociation, channels: list[dict[str, Any]]
    ) -> tuple[Optional[list[dict[str, Any]]], Optional[TrainedModel]]:
        """The IncrementalTrainingDataChannelOutput entries, and the base model they train on."""
        if not channels:
            return None, None
        output, parent = [], None
        for channel in channels:
            arn = channel["trainedModelArn"]
            if membership_of(arn) != membership_id:
                raise not_found("Trained model")(arn)
            parent = self._in_membership(self._trained_models, arn, membership_id, "Trained model")
            # API_IncrementalTrainingDataChannel: without a version, the latest version is used.
            version = _version(parent, channel.get("versionIdentifier"), latest=True)
            status = version.lifecycle.observe()
            if status != "ACTIVE":
                raise conflict(f"Trained model {arn}{_named(version)} is {status}; incremental training needs "
                               "an ACTIVE model.")
            if version.association_arn != association.arn:
                # Not documented by AWS; the artefacts only fit the algorithm that made them.
                raise validation(f"Trained model {arn} was trained with another configured model algorithm "
                                 "association; incremental training must use the same one.")
            output.append({"channelName": channel["channelName"], "modelName": parent.name,
                           "versionIdentifier": version.version_id})
        return output, parent

    def _check_training_quotas(self, membership_id: str, model: Optional[TrainedModel],
                               resource_config: dict[str, Any]) -> None:
        training = [(m, v) for m in self._trained_models for v in m.versions if v.lifecycle.current in CREATING]
        in_membership = sum(1 for m, _ in training if m.membership_id == membership_id)
        enforce_quota(in_membership, MAX_PENDING_TRAINING_PER_MEMBERSHIP,
                      quota_exceeded("Pending or in-progress training jobs per membership",
                                     MAX_PENDING_TRAINING_PER_MEMBERSHIP))
        enforce_quota(len(training), MAX_PENDING_TRAINING_PER_ACCOUNT,
                      quota_exceeded("Pending or in-progress training jobs per account",
                                     MAX_PENDING_TRAINING_PER_ACCOUNT))
        instances = sum(v.resource_config.get("instanceCount", 1) for _, v in training)
        wanted = resource_config.get("instanceCount", 1)
        enforce_quota(instances + wanted - 1, MAX_TRAINING_INSTANCES,
                      quota_exceeded("Active training instances per account", MAX_TRAINING_INSTANCES))
        if model is not None:
            live = sum(1 for v in model.versions if v.lifecycle.current not in (INACTIVE, CREATE_FAILED))
            enforce_quota(live, MAX_VERSIONS,
                          quota_exceeded("Active or pending versions per trained model", MAX_VERSIONS))

    def _train_version(self, model: TrainedModel, version: TrainedModelVersion,
               algorithm: ConfiguredModelAlgorithm) -> Optional[str]:
        """Lifecycle completion: the channels must still hold data; the record is derived, not learned."""
        for channel in version.data_channels:
            found = self._ml_input_channels.find(channel["mlInputChannelArn"])  # type: ignore[attr-defined]
            if found is None or found.lifecycle.current != "ACTIVE":
                message = f"ML input channel {channel['mlInputChannelArn']} no longer holds data."
                version.status_details = status_details("INPUT_CHANNEL_NOT_ACTIVE", message)
                return message
        image = algorithm.training_container_config["imageUri"]  # type: ignore[index]
        version.image_digest = "sha256:" + hashlib.sha256(image.encode()).hexdigest()
        _publication(version, self._ml_configurations.get(model.membership_id))
        return None


def _publication(target: Any, configuration: Optional[MLConfiguration]) -> None:
    """custom-model-prerequisites: metrics and logs reach a member only through its ML configuration."""
    if configuration is not None:
        target.metrics_status = target.logs_status = _PUBLISHED
        return
    reason = "The membership has no ML configuration (PutMLConfiguration) to publish to."
    target.metrics_status = target.logs_status = _NOT_PUBLISHED
    target.metrics_status_details = target.logs_status_details = reason


def _check_channel_names(data: list[dict[str, Any]], incremental: list[dict[str, Any]]) -> None:
    if len(data) + len(incremental) > MAX_CHANNELS:
        raise validation(f"A trained model can use at most {MAX_CHANNELS} channels in dataChannels and "
                         f"incrementalTrainingDataChannels together; got {len(data) + len(incremental)}.")
    names = [c["channelName"] for c in data + incremental]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        # API_IncrementalTrainingDataChannel: channel names are unique within the training job.
        raise validation(f"Channel names must be unique within the training job; repeated: {', '.join(repeated)}.")


def _version(model: TrainedModel, version_id: Optional[str], *, latest: bool) -> TrainedModelVersion:
    if version_id is None:
        return model.latest if latest else model.base
    found = next((v for v in model.versions if v.version_id == version_id), None)
    if found is None:
        raise ServiceError("ResourceNotFoundException",
                           f"Trained model version not found: {model.arn} version {version_id}")
    return found


def _named(version: TrainedModelVersion) -> str:
    return f" (version {version.version_id})" if version.version_id else ""


def _version_summary(model: TrainedModel, version: TrainedModelVersion) -> dict[str, Any]:
    return {
        "createTime": version.created_at,
        "updateTime": version.lifecycle.updated_at,
        "trainedModelArn": model.arn,
        "versionIdentifier": version.version_id,
        "incrementalTrainingDataChannels": version.incremental_channels,
        "name": model.name,
        "description": version.description,
        "membershipIdentifier": model.membership_id,
        "collaborationIdentifier": model.collaboration_id,
        "status": version.lifecycle.current,
        "configuredModelAlgorithmAssociationArn": version.association_arn,
    }


def _version_detail(model: TrainedModel, version: TrainedModelVersion) -> dict[str, Any]:
    return {
        **_version_summary(model, version),
        "statusDetails": version.status_details,
        "resourceConfig": version.resource_config,
        "trainingInputMode": version.training_input_mode,
        "stoppingCondition": version.stopping_condition,
        "metricsStatus": version.metrics_status,
        "metricsStatusDetails": version.metrics_status_details,
        "logsStatus": version.logs_status,
        "logsStatusDetails": version.logs_status_details,
        "trainingContainerImageDigest": version.image_digest,
    }
