"""Data in and out: dataset import jobs, dataset export jobs, data deletion jobs.

Each job does its work in its lifecycle's ``on_complete`` — when the job reaches its final status, which
is when a read observes it (see ``core.lifecycle``) — and a failure becomes ``CREATE FAILED`` / ``FAILED``
with a ``failureReason``. Data already stored is only replaced once the new data has been read in full,
so a failed import never loses earlier data.
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.data import DataError
from ..core.lifecycle import Lifecycle
from ..core.resources import enforce_quota
from .data_common import DataBase, already_exists, invalid, limit_exceeded, new_tags, not_active
from .data_csv import ImportFailure, deduplicated, read_dataset_csv, read_user_ids, write_csv
from .data_resources import (
    ACTIVE,
    DELETION_FAILED,
    DELETION_STEPS,
    RUNNING,
    DataDeletionJob,
    Dataset,
    DatasetExportJob,
    DatasetImportJob,
    create_lifecycle,
)

# limits / error-messages: at most 5 dataset import jobs PENDING or IN_PROGRESS per region.
MAX_RUNNING_IMPORTS = 5
# limits: "Minimum number of records per import job: 1000 item interactions"; scaled to 1 by default
# (realism profile: data-volume minimums are scaled down unless strict).
MIN_IMPORT_INTERACTIONS = 1000
SCALED_MIN_IMPORT_INTERACTIONS = 1
# limits: 5 data deletion jobs in PENDING per dataset group; input files total at most 100 MB.
MAX_PENDING_DELETIONS = 5
MAX_DELETION_INPUT_BYTES = 100 * 2**20
# delete-records: a deletion job removes the users from these datasets (Items and Actions hold no users).
USER_DATASETS = ("INTERACTIONS", "USERS", "ACTION_INTERACTIONS")


def _job_times(job: Any) -> dict[str, Any]:
    return {"creationDateTime": job.created_at, "lastUpdatedDateTime": job.lifecycle.updated_at}


def _failure(job: Any, view: dict[str, Any]) -> dict[str, Any]:
    if job.lifecycle.failure_reason:
        view["failureReason"] = job.lifecycle.failure_reason
    return view


class DataJobOperations(DataBase):
    # --- import -----------------------------------------------------------------------------------
    def create_dataset_import_job(
        self,
        job_name: str,
        dataset_arn: str,
        data_source: dict[str, Any],
        role_arn: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
        import_mode: Optional[str] = None,
        publish_attribution_metrics_to_s3: Optional[bool] = None,
    ) -> dict[str, Any]:
        location = data_source.get("dataLocation")
        if not location:
            raise invalid("dataSource.dataLocation is required.")
        tag_map = new_tags(tags)
        dataset = self._active_dataset(dataset_arn)
        mode = import_mode or "FULL"
        if mode == "INCREMENTAL" and not dataset.has_bulk_import:
            # API_CreateDatasetImportJob: INCREMENTAL is only allowed after a previous bulk import.
            raise invalid(
                f"Dataset {dataset_arn} has no completed bulk import; the first import must use importMode FULL."
            )
        arn = self.arn(f"dataset-import-job/{job_name}")
        self._check_new_name(self.import_jobs, arn)
        running = sum(1 for job in self.import_jobs if job.lifecycle.current in RUNNING)
        # error-messages documents this message verbatim.
        enforce_quota(
            running,
            MAX_RUNNING_IMPORTS,
            lambda: limit_exceeded(f"More than {MAX_RUNNING_IMPORTS} resources with PENDING or IN_PROGRESS status."),
        )
        job = DatasetImportJob(
            arn=arn,
            name=job_name,
            dataset_arn=dataset_arn,
            data_location=location,
            role_arn=role_arn,
            import_mode=mode,
            publish_attribution_metrics_to_s3=publish_attribution_metrics_to_s3,
            tags=tag_map,
        )
        job.lifecycle = create_lifecycle(on_complete=lambda: self._run_import(job))
        self.import_jobs.add(job)
        return {"datasetImportJobArn": arn}

    def describe_dataset_import_job(self, dataset_import_job_arn: str) -> dict[str, Any]:
        job = self.import_jobs.get(dataset_import_job_arn)
        job.lifecycle.observe()
        view = self._import_view(job)
        view.update(datasetArn=job.dataset_arn, dataSource={"dataLocation": job.data_location})
        if job.role_arn:
            view["roleArn"] = job.role_arn
        if job.publish_attribution_metrics_to_s3 is not None:
            view["publishAttributionMetricsToS3"] = job.publish_attribution_metrics_to_s3
        return {"datasetImportJob": view}

    def list_dataset_import_jobs(
        self, dataset_arn: Optional[str] = None, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        found = [j for j in self.import_jobs if dataset_arn is None or j.dataset_arn == dataset_arn]
        page, token = self._page(found, next_token, max_results, {"datasetArn": dataset_arn})
        for job in page:
            job.lifecycle.observe()
        return self._with_next({"datasetImportJobs": [self._import_view(j) for j in page]}, token)

    @staticmethod
    def _import_view(job: DatasetImportJob) -> dict[str, Any]:
        return _failure(
            job,
            {
                "jobName": job.name,
                "datasetImportJobArn": job.arn,
                "status": job.lifecycle.current,
                "importMode": job.import_mode,
                **_job_times(job),
            },
        )

    def _run_import(self, job: DatasetImportJob) -> Optional[str]:
        """The import itself: read, check, then store (FULL replaces bulk rows, INCREMENTAL merges)."""
        dataset = self.datasets.find(job.dataset_arn)
        if dataset is None:
            return f"Dataset {job.dataset_arn} no longer exists."
        schema = self.schemas.get(dataset.schema_arn).parsed
        try:
            rows = read_dataset_csv(self.handle.data, job.data_location, schema)  # type: ignore[arg-type]
        except ImportFailure as failure:
            return failure.reason
        if not rows:
            return "Input CSV contains no records."
        if dataset.dataset_type == "INTERACTIONS":
            minimum = self.handle.data_minimum(MIN_IMPORT_INTERACTIONS, SCALED_MIN_IMPORT_INTERACTIONS)
            if len(rows) < minimum:
                return f"Input data has {len(rows)} interactions; an import needs at least {minimum}."
        key = dataset.id_column
        if job.import_mode == "FULL":
            # API_CreateDatasetImportJob: FULL overwrites the bulk data; individually put records stay.
            dataset.bulk_rows = deduplicated(rows, key)
        else:
            # INCREMENTAL appends, and a record with a known ID replaces the old one.
            dataset.bulk_rows = deduplicated(dataset.bulk_rows + rows, key)
            if key is not None:
                replaced = {row[key] for row in rows}
                dataset.put_rows = [row for row in dataset.put_rows if row[key] not in replaced]
        dataset.has_bulk_import = True
        return None

    # --- export -----------------------------------------------------------------------------------
    def create_dataset_export_job(
        self,
        job_name: str,
        dataset_arn: str,
        role_arn: str,
        job_output: dict[str, Any],
        ingestion_mode: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        path = job_output.get("s3DataDestination", {}).get("path", "")
        if not path.startswith("s3://") or len(path) <= len("s3://"):
            raise invalid(f"Invalid S3 output path {path!r}: expected s3://bucket/prefix.")
        tag_map = new_tags(tags)
        dataset = self._active_dataset(dataset_arn)
        arn = self.arn(f"dataset-export-job/{job_name}")
        self._check_new_name(self.export_jobs, arn)
        job = DatasetExportJob(
            arn=arn,
            name=job_name,
            dataset_arn=dataset.arn,
            # API_CreateDatasetExportJob: ingestionMode defaults to PUT.
            ingestion_mode=ingestion_mode or "PUT",
            role_arn=role_arn,
            job_output=job_output,
            tags=tag_map,
        )
        job.lifecycle = create_lifecycle(on_complete=lambda: self._run_export(job))
        self.export_jobs.add(job)
        return {"datasetExportJobArn": arn}

    def describe_dataset_export_job(self, dataset_export_job_arn: str) -> dict[str, Any]:
        job = self.export_jobs.get(dataset_export_job_arn)
        job.lifecycle.observe()
        view = self._export_view(job)
        view.update(
            datasetArn=job.dataset_arn, ingestionMode=job.ingestion_mode, roleArn=job.role_arn, jobOutput=job.job_output
        )
        return {"datasetExportJob": view}

    def list_dataset_export_jobs(
        self, dataset_arn: Optional[str] = None, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        found = [j for j in self.export_jobs if dataset_arn is None or j.dataset_arn == dataset_arn]
        page, token = self._page(found, next_token, max_results, {"datasetArn": dataset_arn})
        for job in page:
            job.lifecycle.observe()
        return self._with_next({"datasetExportJobs": [self._export_view(j) for j in page]}, token)

    @staticmethod
    def _export_view(job: DatasetExportJob) -> dict[str, Any]:
        return _failure(
            job,
            {"jobName": job.name, "datasetExportJobArn": job.arn, "status": job.lifecycle.current, **_job_times(job)},
        )

    @staticmethod
    def export_object_uri(path: str, job_name: str) -> str:
        """Where an export job writes. Not documented by AWS beyond "a folder in your bucket"; we chose
        ``<path>/<jobName>/<jobName>_part_00000.csv`` so several exports to one path never overwrite."""
        return f"{path.rstrip('/')}/{job_name}/{job_name}_part_00000.csv"

    def _run_export(self, job: DatasetExportJob) -> Optional[str]:
        dataset = self.datasets.find(job.dataset_arn)
        if dataset is None:
            return f"Dataset {job.dataset_arn} no longer exists."
        rows = {"BULK": dataset.bulk_rows, "PUT": dataset.put_rows}.get(job.ingestion_mode, dataset.rows)
        uri = self.export_object_uri(job.job_output["s3DataDestination"]["path"], job.name)
        try:
            self.handle.data.put_object(uri, write_csv(dataset.columns, rows))
        except DataError:
            return "Invalid S3 output path"  # error-messages (batch jobs use the same wording)
        return None

    # --- data deletion ----------------------------------------------------------------------------
    def create_data_deletion_job(
        self,
        job_name: str,
        dataset_group_arn: str,
        data_source: dict[str, Any],
        role_arn: str,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        location = data_source.get("dataLocation")
        if not location:
            raise invalid("dataSource.dataLocation is required.")
        tag_map = new_tags(tags)
        group = self._active_dataset_group(dataset_group_arn)
        arn = self.arn(f"data-deletion-job/{job_name}")
        self._check_new_name(self.deletion_jobs, arn)
        pending = sum(
            1 for j in self.deletion_jobs if j.dataset_group_arn == group.arn and j.lifecycle.current == "PENDING"
        )
        enforce_quota(
            pending,
            MAX_PENDING_DELETIONS,
            lambda: limit_exceeded(
                f"More than {MAX_PENDING_DELETIONS} PENDING data deletion jobs in dataset group {group.arn}."
            ),
        )
        job = DataDeletionJob(
            arn=arn, name=job_name, dataset_group_arn=group.arn, data_location=location, role_arn=role_arn, tags=tag_map
        )
        job.lifecycle = Lifecycle(
            DELETION_STEPS, on_complete=lambda: self._run_deletion(job), failed_status=DELETION_FAILED
        )
        self.deletion_jobs.add(job)
        return {"dataDeletionJobArn": arn}

    def describe_data_deletion_job(self, data_deletion_job_arn: str) -> dict[str, Any]:
        job = self.deletion_jobs.get(data_deletion_job_arn)
        job.lifecycle.observe()
        view = self._deletion_view(job)
        view.update(dataSource={"dataLocation": job.data_location}, roleArn=job.role_arn)
        if job.num_deleted is not None:
            view["numDeleted"] = job.num_deleted
        return {"dataDeletionJob": view}

    def list_data_deletion_jobs(
        self,
        dataset_group_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        # API_ListDataDeletionJobs: newest first.
        page, token = self._group_page(
            self.deletion_jobs, dataset_group_arn, next_token, max_results, newest_first=True
        )
        return self._with_next({"dataDeletionJobs": [self._deletion_view(j) for j in page]}, token)

    @staticmethod
    def _deletion_view(job: DataDeletionJob) -> dict[str, Any]:
        return _failure(
            job,
            {
                "dataDeletionJobArn": job.arn,
                "datasetGroupArn": job.dataset_group_arn,
                "jobName": job.name,
                "status": job.lifecycle.current,
                **_job_times(job),
            },
        )

    def _run_deletion(self, job: DataDeletionJob) -> Optional[str]:
        try:
            users = read_user_ids(self.handle.data, job.data_location, MAX_DELETION_INPUT_BYTES)
        except ImportFailure as failure:
            return failure.reason
        datasets = self._datasets_of(job.dataset_group_arn)
        # API_DataDeletionJob: numDeleted is "the number of records deleted"; we count dataset rows removed.
        job.num_deleted = sum(datasets[t].remove_users(users) for t in USER_DATASETS if t in datasets)
        return None

    # --- shared -----------------------------------------------------------------------------------
    def _active_dataset(self, dataset_arn: str) -> Dataset:
        dataset = self.datasets.get(dataset_arn)
        status = dataset.lifecycle.observe()
        if status != ACTIVE:
            raise not_active("dataset", dataset_arn, status)
        return dataset

    @staticmethod
    def _check_new_name(table: Any, arn: str) -> None:
        if arn in table:
            raise already_exists(arn)
