"""Trained model export jobs: what a trained model gives the collaboration member allowed to receive it.

There are no containers. When a job completes it writes one small deterministic manifest through
``aws.data`` per entry of the association's ``filesToExport``, to the receiving member's ML configuration:
``{s3Uri}/{collaborationId}/trained-model-exports/{trainedModelId}/{versionIdentifier|base}/{name}/
{model|output}/manifest.json``.

An export job has no ARN (API_StartTrainedModelExportJob): it lives on its trained model version. An omitted
version names the base version (as for Cancel/DeleteTrainedModelOutput; not documented by AWS here).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional

from ...cleanrooms.resources import CAN_RECEIVE_MODEL_OUTPUT
from ...cleanrooms.state import MembershipInfo as Membership
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import LISTING, arn_account, fail, reading_view, write_output
from ..errors import conflict, validation
from ..resources import working
from ..store import CleanRoomsMLStore
from .common import active_version, association_in, receiver, receiver_configuration
from .resources import ExportJob

if TYPE_CHECKING:
    from typing_extensions import Unpack


class TrainedModelExportOperations(OperationGroup[CleanRoomsMLStore]):
    """StartTrainedModelExportJob, ListCollaborationTrainedModelExportJobs."""

    @operation("StartTrainedModelExportJob")
    def start_trained_model_export_job(
        self,
        name: str,
        trained_model_arn: str,
        membership_identifier: str,
        output_configuration: dict[str, Any],
        trained_model_version_identifier: Optional[str] = None,
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        store = self.store
        membership = store.membership(membership_identifier)
        model, version = active_version(store, membership.membership_id, trained_model_arn,
                                        trained_model_version_identifier)
        association = association_in(store, version.association_arn, membership.collaboration_id)
        policy = association.policies.get("trainedModelExports")
        if policy is None:
            # API_TrainedModelExportsConfigurationPolicy: the association's privacy configuration says what
            # may leave the collaboration; without a policy nothing may.
            raise validation(f"Configured model algorithm association {association.arn} does not allow trained "
                             "model exports (its privacy configuration has no trainedModelExports policy).")
        member = receiver(store, membership, output_configuration["members"][0]["accountId"],
                          CAN_RECEIVE_MODEL_OUTPUT, "trained model exports")
        if any(e.name == name for e in version.exports):
            # Not documented by AWS; an export job is identified by its name and trained model version.
            raise conflict(f"An export job named '{name}' already exists for trained model {model.arn}"
                           f"{version.named}.")
        job = ExportJob(
            name=name,
            seq=store.handle.next_sequence(),
            account_id=store.account_id,
            membership_id=membership.membership_id,
            collaboration_id=membership.collaboration_id,
            trained_model_arn=model.arn,
            version_id=version.version_id,
            output_configuration=output_configuration,
            description=description,
        )
        files = list(policy["filesToExport"])
        job.lifecycle = working(lambda: _export(store, job, member, files))
        version.exports.append(job)
        return {}

    @operation("ListCollaborationTrainedModelExportJobs")
    def list_collaboration_trained_model_export_jobs(
        self,
        collaboration_identifier: str,
        trained_model_arn: str,
        trained_model_version_identifier: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        store = self.store
        store.collaboration(collaboration_identifier)
        # The model lists no ResourceNotFoundException: a model outside the collaboration has no exports.
        owner = arn_account(trained_model_arn)
        model = store.of_account(owner).trained_models.find(trained_model_arn) \
            if store.collaborations.is_member(collaboration_identifier, owner) else None
        exports: list[ExportJob] = []
        if model is not None and model.collaboration_id == collaboration_identifier:
            for version in model.versions:
                if trained_model_version_identifier in (None, version.version_id):
                    exports.extend(version.exports)
        return LISTING.respond(
            "collaborationTrainedModelExportJobs", exports, **page,
            filters={"op": "ListCollaborationTrainedModelExportJobs", "collaboration": collaboration_identifier,
                     "model": trained_model_arn, "version": trained_model_version_identifier},
            view=reading_view(store.handle.lifecycles))


def _export(store: CleanRoomsMLStore, job: ExportJob, member: Membership, files: list[str]) -> Optional[str]:
    """Lifecycle completion: one manifest per exported file kind, at the receiver's output location."""
    configuration = receiver_configuration(store, member)
    if configuration is None:
        return fail(job, "OUTPUT_LOCATION_NOT_FOUND",
                    f"Member {member.account_id} no longer has an ML configuration to receive the export.")
    model_id = job.trained_model_arn.rsplit("/", 1)[-1]
    job.output_uri = (f"{configuration.s3_uri}/{job.collaboration_id}/trained-model-exports/{model_id}/"
                      f"{job.version_id or 'base'}/{job.name}")
    data = store.handle.data.in_region(store.region)
    for kind in files:
        document = {"trainedModelArn": job.trained_model_arn, "trainedModelVersionIdentifier": job.version_id,
                    "exportJobName": job.name, "file": kind}
        uri = f"{job.output_uri}/{kind.lower()}/manifest.json"
        failure = write_output(job, data.put_object, uri, json.dumps(document, sort_keys=True))
        if failure is not None:
            return failure
    return None
