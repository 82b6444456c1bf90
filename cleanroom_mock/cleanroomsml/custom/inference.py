"""Trained model inference jobs: a trained model version run over an ML input channel.

There are no containers. When a job completes it writes a small deterministic JSON document through
``aws.data`` to the receiving member's ML configuration (its default output location, PutMLConfiguration):
``{s3Uri}/{collaborationId}/trained-model-inference-jobs/{jobId}/output.json``.

An omitted trained-model version names the base version (as for Cancel/DeleteTrainedModelOutput; not
documented by AWS for this operation).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional

from ...cleanrooms.resources import CAN_QUERY, CAN_RECEIVE_INFERENCE_OUTPUT
from ...cleanrooms.state import MembershipInfo as Membership
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import LISTING, fail, new_tags, reading_view, write_output
from ..errors import validation
from ..quotas import check_quota
from ..resources import working
from ..store import CleanRoomsMLStore
from .common import (
    InferenceMembers,
    active_version,
    algorithm_of,
    association_in,
    cancel,
    publication,
    receiver,
    receiver_configuration,
    usable_channel,
)
from .payer import MODEL_INFERENCE, check_payer
from .resources import CREATING, InferenceJob

if TYPE_CHECKING:
    from typing_extensions import Unpack

# clean-rooms-ml-quotas: pending or in-progress inference jobs.
JOB = "Trained model inference job"


class InferenceJobOperations(OperationGroup[CleanRoomsMLStore]):
    """Start/Get/List/CancelTrainedModelInferenceJob and ListCollaborationTrainedModelInferenceJobs."""

    @operation("StartTrainedModelInferenceJob")
    def start_trained_model_inference_job(
        self,
        membership_identifier: str,
        name: str,
        trained_model_arn: str,
        output_configuration: dict[str, Any],
        data_source: dict[str, Any],
        trained_model_version_identifier: Optional[str] = None,
        configured_model_algorithm_association_arn: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
        ml_model_inference_payer_account_id: Optional[str] = None,
        **stored: Unpack[InferenceMembers],
    ) -> dict[str, Any]:
        tags = new_tags(tags)
        store = self.store
        membership = store.membership_with(membership_identifier, CAN_QUERY, "run inference")
        check_payer(store, membership.collaboration_id, ml_model_inference_payer_account_id, MODEL_INFERENCE,
                    "mlModelInferencePayerAccountId")
        model, version = active_version(store, membership.membership_id, trained_model_arn,
                                        trained_model_version_identifier)
        association = association_in(store, configured_model_algorithm_association_arn or version.association_arn,
                                     membership.collaboration_id)
        algorithm = algorithm_of(store, association)
        if algorithm.inference_container_config is None:
            raise validation(f"Configured model algorithm {algorithm.arn} has no inferenceContainerConfig; "
                             "it cannot run inference.")
        usable_channel(store, membership.membership_id, data_source["mlInputChannelArn"])
        member = receiver(store, membership, output_configuration["members"][0]["accountId"],
                          CAN_RECEIVE_INFERENCE_OUTPUT, "inference output")
        store.named_in_membership(store.inference_jobs, membership, name, "A trained model inference job")
        running = store.inference_jobs.where(lambda j: j.lifecycle.current in CREATING)
        in_membership = sum(1 for j in running if j.membership_id == membership.membership_id)
        check_quota(store, "Pending or in-progress inference jobs per membership", in_membership)
        check_quota(store, "Pending or in-progress inference jobs per account", len(running))
        job = store.new_in_membership(
            InferenceJob, "trained-model-inference-job", membership,
            name=name, tags=tags, trained_model_arn=model.arn, version_id=version.version_id,
            association_arn=configured_model_algorithm_association_arn, output_configuration=output_configuration,
            data_source=data_source, **stored,
            payer_account_id=ml_model_inference_payer_account_id)
        image = algorithm.inference_container_config["imageUri"]
        job.lifecycle = working(lambda: _run(store, job, member, image))
        store.inference_jobs.add(job)
        return {"trainedModelInferenceJobArn": job.arn}

    @operation("GetTrainedModelInferenceJob")
    def get_trained_model_inference_job(self, membership_identifier: str, trained_model_inference_job_arn: str
                                        ) -> dict[str, Any]:
        job = self._mine(trained_model_inference_job_arn, membership_identifier)
        self.store.inference_jobs.observe(job)
        return job.view()

    @operation("ListTrainedModelInferenceJobs")
    def list_trained_model_inference_jobs(
        self, membership_identifier: str, **request: Unpack[InferenceJobFilters]
    ) -> dict[str, Any]:
        membership = self.store.membership(membership_identifier)
        matches = _matching(request)
        return LISTING.respond(
            "trainedModelInferenceJobs", self.store.inference_jobs,
            next_token=request.get("next_token"), max_results=request.get("max_results"),
            where=lambda j: j.membership_id == membership.membership_id and matches(j),
            filters={"op": "ListTrainedModelInferenceJobs", "membership": membership.membership_id,
                     **_filters(request)})

    @operation("ListCollaborationTrainedModelInferenceJobs")
    def list_collaboration_trained_model_inference_jobs(
        self, collaboration_identifier: str, **request: Unpack[InferenceJobFilters]
    ) -> dict[str, Any]:
        store = self.store
        every = store.collaboration_resources(lambda s: s.inference_jobs, collaboration_identifier, _matching(request))
        return LISTING.respond(
            "collaborationTrainedModelInferenceJobs", every,
            next_token=request.get("next_token"), max_results=request.get("max_results"),
            filters={"op": "ListCollaborationTrainedModelInferenceJobs", "collaboration": collaboration_identifier,
                     **_filters(request)},
            view=reading_view(store.handle.lifecycles))

    @operation("CancelTrainedModelInferenceJob")
    def cancel_trained_model_inference_job(self, membership_identifier: str, trained_model_inference_job_arn: str
                                           ) -> dict[str, Any]:
        job = self._mine(trained_model_inference_job_arn, membership_identifier)
        cancel(job, f"Trained model inference job {job.arn}", "a job that is still running",
               "The inference job was cancelled by the caller.")
        return {}

    def _mine(self, arn: str, membership_identifier: str) -> InferenceJob:
        return self.store.mine(self.store.inference_jobs, arn, membership_identifier, JOB)


class InferenceJobFilters(Page, total=False):
    """What ListTrainedModelInferenceJobs and its Collaboration variant filter by, besides paging."""

    trained_model_arn: Optional[str]
    trained_model_version_identifier: Optional[str]


def _filters(request: InferenceJobFilters) -> dict[str, Any]:
    """The filters a page token is tied to."""
    return {"model": request.get("trained_model_arn"), "version": request.get("trained_model_version_identifier")}


def _matching(request: InferenceJobFilters) -> Callable[[InferenceJob], bool]:
    model_arn, version_id = request.get("trained_model_arn"), request.get("trained_model_version_identifier")
    return lambda job: model_arn in (None, job.trained_model_arn) and version_id in (None, job.version_id)


def _run(store: CleanRoomsMLStore, job: InferenceJob, member: Membership, image: str) -> Optional[str]:
    """Lifecycle completion: write the output document to the receiver's default output location."""
    configuration = receiver_configuration(store, member)
    if configuration is None:
        return fail(job, "OUTPUT_LOCATION_NOT_FOUND",
                    f"Member {member.account_id} no longer has an ML configuration to receive the output.")
    job.image_digest = "sha256:" + hashlib.sha256(image.encode()).hexdigest()
    job.output_uri = (f"{configuration.s3_uri}/{job.collaboration_id}/trained-model-inference-jobs/"
                      f"{job.arn.rsplit('/', 1)[-1]}/output.json")
    document = {
        "trainedModelInferenceJobArn": job.arn,
        "trainedModelArn": job.trained_model_arn,
        "trainedModelVersionIdentifier": job.version_id,
        "mlInputChannelArn": job.data_source["mlInputChannelArn"],
        "inferenceContainerImageDigest": job.image_digest,
        "accept": job.output_configuration.get("accept"),
        "environment": job.environment or {},
    }
    data, uri = store.handle.data.in_region(store.region), job.output_uri
    failure = write_output(job, data.put_object, uri, json.dumps(document, sort_keys=True))
    if failure is None:
        publication(job, store.ml_configurations.get(job.membership_id))
    return failure
