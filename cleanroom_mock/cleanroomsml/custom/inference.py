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
from typing import TYPE_CHECKING, Any, Optional

from ...cleanrooms.resources import CAN_QUERY, CAN_RECEIVE_INFERENCE_OUTPUT
from ...cleanrooms.state import MembershipInfo as Membership
from ...core.lifecycle import Lifecycle
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import LISTING, fail, new_tags, reading_view
from ..errors import validation
from ..quotas import check_quota
from ..store import CleanRoomsMLStore
from .common import (
    active_version,
    algorithm_of,
    association_in,
    cancel,
    publication,
    receiver,
    receiver_configuration,
    usable_channel,
)
from .resources import CREATE_FAILED, CREATE_STEPS, CREATING, InferenceJob

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
        resource_config: dict[str, Any],
        output_configuration: dict[str, Any],
        data_source: dict[str, Any],
        trained_model_version_identifier: Optional[str] = None,
        configured_model_algorithm_association_arn: Optional[str] = None,
        description: Optional[str] = None,
        container_execution_parameters: Optional[dict[str, Any]] = None,
        environment: Optional[dict[str, str]] = None,
        kms_key_arn: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        tags = new_tags(tags)
        store = self.store
        membership = store.membership_with(membership_identifier, CAN_QUERY, "run inference")
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
            name=name,
            tags=tags,
            trained_model_arn=model.arn,
            version_id=version.version_id,
            association_arn=configured_model_algorithm_association_arn,
            resource_config=resource_config,
            output_configuration=output_configuration,
            data_source=data_source,
            description=description,
            container_execution_parameters=container_execution_parameters,
            environment=environment,
            kms_key_arn=kms_key_arn,
        )
        image = algorithm.inference_container_config["imageUri"]
        job.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: _run(store, job, member, image),
                                  failed_status=CREATE_FAILED)
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
        self,
        membership_identifier: str,
        trained_model_arn: Optional[str] = None,
        trained_model_version_identifier: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        membership = self.store.membership(membership_identifier)
        return LISTING.respond(
            "trainedModelInferenceJobs", self.store.inference_jobs, **page,
            where=lambda j: j.membership_id == membership.membership_id
            and _matches(j, trained_model_arn, trained_model_version_identifier),
            filters={"op": "ListTrainedModelInferenceJobs", "membership": membership.membership_id,
                     "model": trained_model_arn, "version": trained_model_version_identifier})

    @operation("ListCollaborationTrainedModelInferenceJobs")
    def list_collaboration_trained_model_inference_jobs(
        self,
        collaboration_identifier: str,
        trained_model_arn: Optional[str] = None,
        trained_model_version_identifier: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        store = self.store
        store.collaboration(collaboration_identifier)
        every = store.collaboration_resources(
            lambda s: s.inference_jobs, collaboration_identifier,
            lambda j: _matches(j, trained_model_arn, trained_model_version_identifier))
        return LISTING.respond(
            "collaborationTrainedModelInferenceJobs", every, **page,
            filters={"op": "ListCollaborationTrainedModelInferenceJobs", "collaboration": collaboration_identifier,
                     "model": trained_model_arn, "version": trained_model_version_identifier},
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


def _matches(job: InferenceJob, model_arn: Optional[str], version_id: Optional[str]) -> bool:
    return model_arn in (None, job.trained_model_arn) and version_id in (None, job.version_id)


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
    store.handle.data.in_region(store.region).put_object(job.output_uri, json.dumps(document, sort_keys=True))
    publication(job, store.ml_configurations.get(job.membership_id))
    return None
