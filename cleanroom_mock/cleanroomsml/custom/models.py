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

from ...cleanrooms.resources import CAN_QUERY
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ...core.tags import merged_tags
from ..common import LISTING, advance_all, fail, new_tags, reading_view
from ..errors import TAG_RULES, conflict, not_found, refuse_while_used, validation
from ..quotas import check_quota
from ..resources import working
from ..standard import membership_list_operation
from ..store import CleanRoomsMLStore
from .common import (
    TrainingMembers,
    algorithm_of,
    association_in,
    cancel,
    membership_of,
    publication,
    read_version,
    usable_channel,
    version_of,
)
from .payer import MODEL_TRAINING, check_payer
from .resources import (
    CANCELLING,
    CREATE_FAILED,
    CREATING,
    DELETE_STEPS,
    DELETING,
    INACTIVE,
    AlgorithmAssociation,
    ConfiguredModelAlgorithm,
    TrainedModel,
    TrainedModelVersion,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

MAX_CHANNELS = 20  # dataChannels + incrementalTrainingDataChannels (API_CreateTrainedModel)
# clean-rooms-ml-quotas
# Active training instances per account: 10. The per-instance-type quotas (0 by default for most types,
# adjustable) are not enforced: a mock account could never train otherwise.
MODEL = "Trained model"


class TrainedModelOperations(OperationGroup[CleanRoomsMLStore]):
    """CreateTrainedModel, Get/List (and Collaboration variants), ListTrainedModelVersions,
    CancelTrainedModel, DeleteTrainedModelOutput."""

    @operation("CreateTrainedModel")
    def create_trained_model(
        self,
        membership_identifier: str,
        name: str,
        configured_model_algorithm_association_arn: str,
        data_channels: list[dict[str, Any]],
        incremental_training_data_channels: Optional[list[dict[str, Any]]] = None,
        tags: Optional[dict[str, str]] = None,
        ml_model_training_payer_account_id: Optional[str] = None,
        **stored: Unpack[TrainingMembers],
    ) -> dict[str, Any]:
        incremental = incremental_training_data_channels or []
        _check_channel_names(data_channels, incremental)
        tags = new_tags(tags)
        store = self.store
        # custom-model-prerequisites: the member who can query trains.
        membership = store.membership_with(membership_identifier, CAN_QUERY, "train a model")
        association = association_in(store, configured_model_algorithm_association_arn, membership.collaboration_id)
        check_payer(store, membership.collaboration_id, ml_model_training_payer_account_id, MODEL_TRAINING,
                    "mlModelTrainingPayerAccountId")
        algorithm = algorithm_of(store, association)
        if algorithm.training_container_config is None:
            raise validation(f"Configured model algorithm {algorithm.arn} has no trainingContainerConfig; "
                             "it cannot train a model.")
        for channel in data_channels:
            used = usable_channel(store, membership.membership_id, channel["mlInputChannelArn"])
            if association.arn not in used.association_arns:
                # API_CreateMLInputChannel: a channel serves the associations it was created for.
                raise validation(f"ML input channel {used.arn} was not created for configured model algorithm "
                                 f"association {association.arn}.")
        incremental_output, parent = self._incremental_sources(membership.membership_id, association, incremental)
        existing = next((m for m in store.trained_models
                         if m.membership_id == membership.membership_id and m.name == name), None)
        if existing is not None and existing is not parent:
            # Not documented by AWS; a name names one trained model of the membership.
            raise conflict(f"A trained model named '{name}' already exists in membership "
                           f"{membership.membership_id}; to add a version, train it incrementally from itself.")
        self._check_quotas(membership.membership_id, existing, stored["resource_config"])
        version = TrainedModelVersion(
            seq=store.handle.next_sequence(),
            version_id=str(uuid.uuid4()) if existing is not None else None,
            association_arn=association.arn,
            data_channels=data_channels,
            incremental_channels=incremental_output,
            payer_account_id=ml_model_training_payer_account_id,
            **stored,
        )
        if existing is None:
            model = store.new_in_membership(TrainedModel, "trained-model", membership, name=name, tags=tags)
        else:
            model = existing
            # A version has no ARN of its own: its tags go to the trained model (the taggable resource).
            model.tags = merged_tags(model.tags, tags, TAG_RULES)
        version.lifecycle = working(lambda: _train(store, model, version, algorithm))
        model.versions.append(version)
        if existing is None:
            store.trained_models.add(model)
        return {"trainedModelArn": model.arn, "versionIdentifier": version.version_id}

    @operation("GetTrainedModel")
    def get_trained_model(self, trained_model_arn: str, membership_identifier: str,
                          version_identifier: Optional[str] = None) -> dict[str, Any]:
        model = self._mine(trained_model_arn, membership_identifier)
        return model.view(read_version(self.store, model, version_identifier, latest=True))

    # One summary per trained model, showing its latest version (ListTrainedModelVersions shows all).
    list_trained_models = membership_list_operation("ListTrainedModels", lambda store: store.trained_models)

    @operation("ListTrainedModelVersions")
    def list_trained_model_versions(
        self,
        membership_identifier: str,
        trained_model_arn: str,
        status: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        model = self._mine(trained_model_arn, membership_identifier)
        versions = advance_all(list(model.versions), self.store.handle.lifecycles)
        # API_ListTrainedModelVersions documents a default page size of 10.
        return LISTING.respond(
            "trainedModels", versions, next_token=page.get("next_token"), max_results=page.get("max_results") or 10,
            where=lambda v: status is None or v.lifecycle.current == status, view=model.view,
            filters={"op": "ListTrainedModelVersions", "model": model.arn, "status": status})

    @operation("GetCollaborationTrainedModel")
    def get_collaboration_trained_model(self, trained_model_arn: str, collaboration_identifier: str,
                                        version_identifier: Optional[str] = None) -> dict[str, Any]:
        self.store.collaboration(collaboration_identifier)
        model = self.store.in_collaboration(lambda s: s.trained_models, trained_model_arn, collaboration_identifier,
                                            MODEL)
        return model.view(read_version(self.store, model, version_identifier, latest=True))

    @operation("ListCollaborationTrainedModels")
    def list_collaboration_trained_models(self, collaboration_identifier: str, **page: Unpack[Page]) -> dict[str, Any]:
        every = self.store.collaboration_resources(lambda s: s.trained_models, collaboration_identifier)
        return LISTING.respond(
            "collaborationTrainedModels", every, **page,
            filters={"op": "ListCollaborationTrainedModels", "collaboration": collaboration_identifier},
            view=reading_view(self.store.handle.lifecycles))

    @operation("CancelTrainedModel")
    def cancel_trained_model(self, membership_identifier: str, trained_model_arn: str,
                             version_identifier: Optional[str] = None) -> dict[str, Any]:
        model = self._mine(trained_model_arn, membership_identifier)
        version = version_of(model, version_identifier, latest=False)
        cancel(version, f"Trained model {model.arn}{version.named}", "a model that is still training",
               "Training was cancelled by the caller.")
        return {}

    @operation("DeleteTrainedModelOutput")
    def delete_trained_model_output(self, trained_model_arn: str, membership_identifier: str,
                                    version_identifier: Optional[str] = None) -> dict[str, Any]:
        model = self._mine(trained_model_arn, membership_identifier)
        version = version_of(model, version_identifier, latest=False)
        status = version.lifecycle.current
        # Not documented by AWS; we chose: output exists once training ended (ACTIVE, or CREATE_FAILED with
        # partial output); a model still training must be cancelled first; deleting twice is a conflict.
        if status in CREATING or status in CANCELLING:
            raise conflict(f"Trained model {model.arn}{version.named} is {status}; cancel it or wait until "
                           "training ends before deleting its output.")
        if status in DELETING or status == INACTIVE:
            raise conflict(f"The output of trained model {model.arn}{version.named} is already deleted "
                           f"({status}).")
        running = [j.name for j in self.store.inference_jobs
                   if j.trained_model_arn == model.arn and j.version_id == version.version_id
                   and j.lifecycle.current in CREATING]
        refuse_while_used(running, f"Inference job(s) {{users}} use trained model {model.arn}{version.named}; "
                                   "wait until they finish or cancel them.")
        version.begin_deletion(DELETE_STEPS)
        return {}

    def _mine(self, arn: str, membership_identifier: str) -> TrainedModel:
        return self.store.mine(self.store.trained_models, arn, membership_identifier, MODEL)

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
                raise not_found(MODEL)(arn)
            parent = self.store.in_membership(self.store.trained_models, arn, membership_id, MODEL)
            # API_IncrementalTrainingDataChannel: without a version, the latest version is used.
            version = read_version(self.store, parent, channel.get("versionIdentifier"), latest=True)
            status = version.lifecycle.current
            if status != "ACTIVE":
                raise conflict(f"Trained model {arn}{version.named} is {status}; incremental training needs "
                               "an ACTIVE model.")
            if version.association_arn != association.arn:
                # Not documented by AWS; the artefacts only fit the algorithm that made them.
                raise validation(f"Trained model {arn} was trained with another configured model algorithm "
                                 "association; incremental training must use the same one.")
            output.append({"channelName": channel["channelName"], "modelName": parent.name,
                           "versionIdentifier": version.version_id})
        return output, parent

    def _check_quotas(self, membership_id: str, model: Optional[TrainedModel], resource_config: dict[str, Any]
                      ) -> None:
        training = [(m, v) for m in self.store.trained_models for v in m.versions if v.lifecycle.current in CREATING]
        in_membership = sum(1 for m, _ in training if m.membership_id == membership_id)
        check_quota(self.store, "Pending or in-progress training jobs per membership", in_membership)
        check_quota(self.store, "Pending or in-progress training jobs per account", len(training))
        instances = sum(v.resource_config.get("instanceCount", 1) for _, v in training)
        wanted = resource_config.get("instanceCount", 1)
        check_quota(self.store, "Active training instances per account", instances + wanted - 1)
        if model is not None:
            live = sum(1 for v in model.versions if v.lifecycle.current not in (INACTIVE, CREATE_FAILED))
            check_quota(self.store, "Active or pending versions per trained model", live)


def _train(store: CleanRoomsMLStore, model: TrainedModel, version: TrainedModelVersion,
           algorithm: ConfiguredModelAlgorithm) -> Optional[str]:
    """Lifecycle completion: the channels must still hold data; the record is derived, not learned."""
    for channel in version.data_channels:
        found = store.ml_input_channels.find(channel["mlInputChannelArn"])
        if found is None or found.lifecycle.current != "ACTIVE":
            return fail(version, "INPUT_CHANNEL_NOT_ACTIVE",
                        f"ML input channel {channel['mlInputChannelArn']} no longer holds data.")
    image = (algorithm.training_container_config or {})["imageUri"]
    version.image_digest = "sha256:" + hashlib.sha256(image.encode()).hexdigest()
    publication(version, store.ml_configurations.get(model.membership_id))
    return None


def _check_channel_names(data: list[dict[str, Any]], incremental: list[dict[str, Any]]) -> None:
    if len(data) + len(incremental) > MAX_CHANNELS:
        raise validation(f"A trained model can use at most {MAX_CHANNELS} channels in dataChannels and "
                         f"incrementalTrainingDataChannels together; got {len(data) + len(incremental)}.")
    names = [c["channelName"] for c in data + incremental]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        # API_IncrementalTrainingDataChannel: channel names are unique within the training job.
        raise validation(f"Channel names must be unique within the training job; repeated: {', '.join(repeated)}.")
