"""Data deletion jobs: CreateDataDeletionJob, DescribeDataDeletionJob, ListDataDeletionJobs.

The job removes the listed users' rows when it reaches COMPLETED (its lifecycle's ``on_complete``);
API_CreateDataDeletionJob spells its statuses PENDING, IN_PROGRESS, COMPLETED, FAILED.
"""

from __future__ import annotations

from typing import Any, Optional

from ...core.lifecycle import Lifecycle
from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import new_tags
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .csv_files import ImportFailure, read_user_ids
from .imports import check_data_source
from .resources import DELETION_FAILED, DELETION_STEPS, DataDeletionJob

# limits: 5 data deletion jobs in PENDING per dataset group; input files total at most 100 MB.
MAX_DELETION_INPUT_BYTES = 100 * 2**20
# delete-records: a deletion job removes the users from these datasets (Items and Actions hold no users).
USER_DATASETS = ("INTERACTIONS", "USERS", "ACTION_INTERACTIONS")


class DataDeletionJobOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateDataDeletionJob")
    def create_data_deletion_job(
        self,
        job_name: str,
        dataset_group_arn: str,
        data_source: dict[str, Any],
        role_arn: str,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        check_data_source(data_source)
        tag_map = new_tags(tags)
        group = self.store.active_dataset_group(dataset_group_arn)
        jobs = self.store.deletion_jobs
        arn = self.store.new_arn(jobs, f"data-deletion-job/{job_name}")
        pending = jobs.where(lambda j: j.dataset_group_arn == group.arn and j.lifecycle.current == "PENDING")
        self.store.within_quota("Pending data deletion jobs per dataset group", len(pending),
                                f"More than {{limit}} PENDING data deletion jobs in dataset group {group.arn}.")
        job = DataDeletionJob(arn=arn, name=job_name, tags=tag_map, dataset_group_arn=group.arn,
                              data_source=data_source, role_arn=role_arn)
        job.lifecycle = Lifecycle(DELETION_STEPS, on_complete=lambda: self._run(job), failed_status=DELETION_FAILED)
        jobs.add(job)
        return {"dataDeletionJobArn": arn}

    describe_data_deletion_job = describe_operation("DescribeDataDeletionJob", lambda store: store.deletion_jobs)

    # API_ListDataDeletionJobs: newest first.
    list_data_deletion_jobs = list_operation(
        "ListDataDeletionJobs", lambda store: store.deletion_jobs, newest_first=True
    )

    def _run(self, job: DataDeletionJob) -> Optional[str]:
        try:
            users = read_user_ids(self.store.handle.data, job.data_location, MAX_DELETION_INPUT_BYTES)
        except ImportFailure as failure:
            return failure.reason
        datasets = self.store.datasets_of(job.dataset_group_arn)
        # API_DataDeletionJob: numDeleted is "the number of records deleted"; we count dataset rows removed.
        job.num_deleted = sum(datasets[t].remove_users(users) for t in USER_DATASETS if t in datasets)
        return None
