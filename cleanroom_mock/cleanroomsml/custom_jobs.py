"""Trained model inference jobs and export jobs: what a trained model gives the collaboration.

There are no containers. When a job completes it writes a small deterministic JSON document through
``aws.data`` to the receiving member's ML configuration (its default output location, PutMLConfiguration):

- inference: ``{s3Uri}/{collaborationId}/trained-model-inference-jobs/{jobId}/output.json``
- export: ``{s3Uri}/{collaborationId}/trained-model-exports/{trainedModelId}/{versionIdentifier|base}/{name}/
  {model|output}/manifest.json``, one per entry of the association's ``filesToExport``.

An omitted trained-model version names the base version (as for Cancel/DeleteTrainedModelOutput; not
documented by AWS for these two operations).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Optional

from ..core.ids import alphanumeric_id
from ..core.lifecycle import Lifecycle
from ..core.resources import ResourceTable, enforce_quota
from .collaborations import CAN_QUERY, CAN_RECEIVE_INFERENCE_OUTPUT, CAN_RECEIVE_MODEL_OUTPUT, Membership
from .common import conflict, new_tags, not_found, page, quota_exceeded, status_details, validation
from .custom_common import MembershipScope, membership_of
from .custom_models import _named, _publication, _version
from .custom_resources import (
    CANCEL_STEPS,
    CREATE_FAILED,
    CREATE_STEPS,
    CREATING,
    AlgorithmAssociation,
    ConfiguredModelAlgorithm,
    ExportJob,
    InferenceJob,
    MLConfiguration,
    MLInputChannel,
    TrainedModel,
    TrainedModelVersion,
)

# clean-rooms-ml-quotas: pending or in-progress inference jobs.
MAX_PENDING_INFERENCE_PER_MEMBERSHIP = 5
MAX_PENDING_INFERENCE_PER_ACCOUNT = 10


class JobOperations(MembershipScope):
    if TYPE_CHECKING:  # provided by core.backend.Backend and the other custom-model groups
        def arn(self, resource: str) -> str: ...
        _trained_models: ResourceTable[TrainedModel]
        _ml_configurations: dict[str, MLConfiguration]
        def _usable_channel(self, membership_id: str, arn: str) -> MLInputChannel: ...
        def _algorithm_of(self, association: AlgorithmAssociation) -> ConfiguredModelAlgorithm: ...

    def _setup_jobs(self) -> None:
        self._inference_jobs: ResourceTable[InferenceJob] = ResourceTable(not_found("Trained model inference job"))

    # --- inference jobs ---------------------------------------------------------------------------------
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
        membership = self._membership_with(membership_identifier, CAN_QUERY, "run inference")
        model, version = self._active_version(membership.membership_id, trained_model_arn,
                                              trained_model_version_identifier)
        association = self._in_collaboration(
            "_associations", configured_model_algorithm_association_arn or version.association_arn,
            membership.collaboration_id, "Configured model algorithm association")
        algorithm = self._algorithm_of(association)
        if algorithm.inference_container_config is None:
            raise validation(f"Configured model algorithm {algorithm.arn} has no inferenceContainerConfig; "
                             "it cannot run inference.")
        self._usable_channel(membership.membership_id, data_source["mlInputChannelArn"])
        receiver = self._receiver(membership, output_configuration["members"][0]["accountId"],
                                  CAN_RECEIVE_INFERENCE_OUTPUT, "inference output")
        mine = self._inference_jobs.where(lambda j: j.membership_id == membership.membership_id)
        if any(j.name == name for j in mine):
            # Not documented by AWS; names are unique per membership.
            raise conflict(f"A trained model inference job named '{name}' already exists in membership "
                           f"{membership.membership_id}.")
        running = self._inference_jobs.where(lambda j: j.lifecycle.current in CREATING)
        enforce_quota(sum(1 for j in running if j.membership_id == membership.membership_id),
                      MAX_PENDING_INFERENCE_PER_MEMBERSHIP,
                      quota_exceeded("Pending or in-progress inference jobs per membership",
                                     MAX_PENDING_INFERENCE_PER_MEMBERSHIP))
        enforce_quota(len(running), MAX_PENDING_INFERENCE_PER_ACCOUNT,
                      quota_exceeded("Pending or in-progress inference jobs per account",
                                     MAX_PENDING_INFERENCE_PER_ACCOUNT))
        job = InferenceJob(
            arn=self.arn(f"membership/{membership.membership_id}/trained-model-inference-job/{alphanumeric_id()}"),
            name=name,
            tags=tags,
            membership_id=membership.membership_id,
            collaboration_id=membership.collaboration_id,
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
        job.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: self._run_inference(job, receiver, image),
                                  failed_status=CREATE_FAILED)
        self._inference_jobs.add(job)
        return {"trainedModelInferenceJobArn": job.arn}

    def get_trained_model_inference_job(self, membership_identifier: str, trained_model_inference_job_arn: str
                                        ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        job = self._in_membership(self._inference_jobs, trained_model_inference_job_arn,
                                  membership.membership_id, "Trained model inference job")
        job.lifecycle.observe()
        return {
            **_job_summary(job),
            "resourceConfig": job.resource_config,
            "dataSource": job.data_source,
            "containerExecutionParameters": job.container_execution_parameters,
            "statusDetails": job.status_details,
            "inferenceContainerImageDigest": job.image_digest,
            "environment": job.environment,
            "kmsKeyArn": job.kms_key_arn,
            "tags": job.tags,
        }

    def list_trained_model_inference_jobs(
        self,
        membership_identifier: str,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        trained_model_arn: Optional[str] = None,
        trained_model_version_identifier: Optional[str] = None,
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        mine = self._inference_jobs.where(
            lambda j: j.membership_id == membership.membership_id and _matches(j, trained_model_arn,
                                                                               trained_model_version_identifier))
        found, token = page(mine, next_token=next_token, max_results=max_results,
                            filters={"op": "ListTrainedModelInferenceJobs", "membership": membership.membership_id,
                                     "model": trained_model_arn, "version": trained_model_version_identifier})
        for job in found:
            job.lifecycle.observe()
        return {"trainedModelInferenceJobs": [_job_summary(j) for j in found], "nextToken": token}

    def list_collaboration_trained_model_inference_jobs(
        self,
        collaboration_identifier: str,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        trained_model_arn: Optional[str] = None,
        trained_model_version_identifier: Optional[str] = None,
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        every = self._collaboration_resources(
            "_inference_jobs", collaboration_identifier,
            lambda j: _matches(j, trained_model_arn, trained_model_version_identifier))
        found, token = page(every, next_token=next_token, max_results=max_results,
                            filters={"op": "ListCollaborationTrainedModelInferenceJobs",
                                     "collaboration": collaboration_identifier, "model": trained_model_arn,
                                     "version": trained_model_version_identifier})
        for job in found:
            job.lifecycle.observe()
        return {"collaborationTrainedModelInferenceJobs": [
            {**_job_summary(j), "creatorAccountId": j.arn.split(":")[4]} for j in found], "nextToken": token}

    def cancel_trained_model_inference_job(self, membership_identifier: str, trained_model_inference_job_arn: str
                                           ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        job = self._in_membership(self._inference_jobs, trained_model_inference_job_arn,
                                  membership.membership_id, "Trained model inference job")
        status = job.lifecycle.current  # as last seen, without a read (see CancelTrainedModel)
        if status not in CREATING:
            # Not documented by AWS; we chose: only a job still running can be cancelled.
            raise conflict(f"Trained model inference job {job.arn} is {status}; only a job that is still running "
                           "(CREATE_PENDING or CREATE_IN_PROGRESS) can be cancelled.")
        job.lifecycle.begin(CANCEL_STEPS)
        job.status_details = status_details("CANCELLED", "The inference job was cancelled by the caller.")
        return {}

    # --- export jobs ------------------------------------------------------------------------------------
    def start_trained_model_export_job(
        self,
        name: str,
        trained_model_arn: str,
        membership_identifier: str,
        output_configuration: dict[str, Any],
        trained_model_version_identifier: Optional[str] = None,
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        model, version = self._active_version(membership.membership_id, trained_model_arn,
                                              trained_model_version_identifier)
        association = self._in_collaboration("_associations", version.association_arn,
                                             membership.collaboration_id, "Configured model algorithm association")
        policy = association.policies.get("trainedModelExports")
        if policy is None:
            # API_TrainedModelExportsConfigurationPolicy: the association's privacy configuration says what
            # may leave the collaboration; without a policy nothing may.
            raise validation(f"Configured model algorithm association {association.arn} does not allow trained "
                             "model exports (its privacy configuration has no trainedModelExports policy).")
        receiver = self._receiver(membership, output_configuration["members"][0]["accountId"],
                                  CAN_RECEIVE_MODEL_OUTPUT, "trained model exports")
        if any(e.name == name for e in version.exports):
            # Not documented by AWS; an export job is identified by its name and trained model version.
            raise conflict(f"An export job named '{name}' already exists for trained model {model.arn}"
                           f"{_named(version)}.")
        job = ExportJob(
            name=name,
            account_id=self.account_id,
            membership_id=membership.membership_id,
            collaboration_id=membership.collaboration_id,
            trained_model_arn=model.arn,
            version_id=version.version_id,
            output_configuration=output_configuration,
            description=description,
        )
        files = list(policy["filesToExport"])
        job.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: self._export_model(job, receiver, files),
                                  failed_status=CREATE_FAILED)
        version.exports.append(job)
        return {}

    def list_collaboration_trained_model_export_jobs(
        self,
        collaboration_identifier: str,
        trained_model_arn: str,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        trained_model_version_identifier: Optional[str] = None,
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        # The model lists no ResourceNotFoundException: a model outside the collaboration has no exports.
        model = self._backend_of(trained_model_arn)._trained_models.find(trained_model_arn) \
            if self.handle.collaborations.is_member(collaboration_identifier, trained_model_arn.split(":")[4]) \
            else None
        exports: list[ExportJob] = []
        if model is not None and model.collaboration_id == collaboration_identifier:
            for version in model.versions:
                if trained_model_version_identifier in (None, version.version_id):
                    exports.extend(version.exports)
        found, token = page(exports, next_token=next_token, max_results=max_results,
                            filters={"op": "ListCollaborationTrainedModelExportJobs",
                                     "collaboration": collaboration_identifier, "model": trained_model_arn,
                                     "version": trained_model_version_identifier})
        for job in found:
            job.lifecycle.observe()
        return {"collaborationTrainedModelExportJobs": [_export_summary(j) for j in found], "nextToken": token}

    # --- helpers ----------------------------------------------------------------------------------------
    def _active_version(self, membership_id: str, arn: str, version_id: Optional[str]
                        ) -> tuple[TrainedModel, TrainedModelVersion]:
        if membership_of(arn) != membership_id:
            raise not_found("Trained model")(arn)
        model = self._in_membership(self._trained_models, arn, membership_id, "Trained model")
        version = _version(model, version_id, latest=False)
        status = version.lifecycle.observe()
        if status != "ACTIVE":
            # Not documented by AWS (spec §5.6); only a trained model with output can be used or exported.
            raise conflict(f"Trained model {arn}{_named(version)} is {status}; it must be ACTIVE.")
        return model, version

    def _receiver(self, membership: Membership, account_id: str, ability: str, what: str) -> Membership:
        """The receiving member: in the collaboration, with ``ability`` and an ML configuration."""
        receiver = self.handle.collaborations.member(membership.collaboration_id, account_id)
        if receiver is None:
            raise validation(f"Account {account_id} is not a member of collaboration {membership.collaboration_id}.")
        if not receiver.can(ability):
            # custom-model-prerequisites: receivers need the matching member ability.
            raise validation(f"Member {account_id} does not have the {ability} member ability to receive {what}.")
        if self._receiver_configuration(receiver) is None:
            # Not documented by AWS; output goes to the receiver's default output location, so it must exist.
            raise validation(f"Member {account_id} has no ML configuration (PutMLConfiguration) with a default "
                             "output location to receive the output.")
        return receiver

    def _receiver_configuration(self, receiver: Membership) -> Optional[MLConfiguration]:
        backend = self if receiver.account_id == self.account_id else self.peer(receiver.account_id)
        return backend._ml_configurations.get(receiver.membership_id)

    def _run_inference(self, job: InferenceJob, receiver: Membership, image: str) -> Optional[str]:
        configuration = self._receiver_configuration(receiver)
        if configuration is None:
            return _fail(job, "OUTPUT_LOCATION_NOT_FOUND",
                         f"Member {receiver.account_id} no longer has an ML configuration to receive the output.")
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
        self.handle.data.in_region(self.region).put_object(job.output_uri, json.dumps(document, sort_keys=True))
        _publication(job, self._ml_configurations.get(job.membership_id))
        return None

    def _export_model(self, job: ExportJob, receiver: Membership, files: list[str]) -> Optional[str]:
        configuration = self._receiver_configuration(receiver)
        if configuration is None:
            return _fail(job, "OUTPUT_LOCATION_NOT_FOUND",
                         f"Member {receiver.account_id} no longer has an ML configuration to receive the export.")
        model_id = job.trained_model_arn.rsplit("/", 1)[-1]
        job.output_uri = (f"{configuration.s3_uri}/{job.collaboration_id}/trained-model-exports/{model_id}/"
                          f"{job.version_id or 'base'}/{job.name}")
        store = self.handle.data.in_region(self.region)
        for kind in files:
            document = {"trainedModelArn": job.trained_model_arn, "trainedModelVersionIdentifier": job.version_id,
                        "exportJobName": job.name, "file": kind}
            store.put_object(f"{job.output_uri}/{kind.lower()}/manifest.json", json.dumps(document, sort_keys=True))
        return None


def _fail(job: Any, code: str, message: str) -> str:
    job.status_details = status_details(code, message)
    return message


def _matches(job: InferenceJob, model_arn: Optional[str], version_id: Optional[str]) -> bool:
    return model_arn in (None, job.trained_model_arn) and version_id in (None, job.version_id)


def _job_summary(job: InferenceJob) -> dict[str, Any]:
    return {
        "createTime": job.created_at,
        "updateTime": job.lifecycle.updated_at,
        "trainedModelInferenceJobArn": job.arn,
        "configuredModelAlgorithmAssociationArn": job.association_arn,
        "membershipIdentifier": job.membership_id,
        "collaborationIdentifier": job.collaboration_id,
        "trainedModelArn": job.trained_model_arn,
        "trainedModelVersionIdentifier": job.version_id,
        "status": job.lifecycle.current,
        "outputConfiguration": job.output_configuration,
        "name": job.name,
        "description": job.description,
        "metricsStatus": job.metrics_status,
        "metricsStatusDetails": job.metrics_status_details,
        "logsStatus": job.logs_status,
        "logsStatusDetails": job.logs_status_details,
    }


def _export_summary(job: ExportJob) -> dict[str, Any]:
    return {
        "createTime": job.created_at,
        "updateTime": job.lifecycle.updated_at,
        "name": job.name,
        "outputConfiguration": job.output_configuration,
        "status": job.lifecycle.current,
        "statusDetails": job.status_details,
        "description": job.description,
        "creatorAccountId": job.account_id,
        "trainedModelArn": job.trained_model_arn,
        "trainedModelVersionIdentifier": job.version_id,
        "membershipIdentifier": job.membership_id,
        "collaborationIdentifier": job.collaboration_id,
    }

