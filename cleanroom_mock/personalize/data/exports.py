"""Dataset export jobs: CreateDatasetExportJob, DescribeDatasetExportJob, ListDatasetExportJobs.

The export writes its CSV when the job reaches ACTIVE (its lifecycle's ``on_complete``), choosing rows by
``ingestionMode``: BULK (from import jobs), PUT (from personalize-events) or ALL.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Optional

from ...core.data import DataError
from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import invalid, new_tags
from ..lifecycles import new_lifecycle
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .csv_files import write_csv
from .resources import Dataset, DatasetExportJob


def export_object_uri(path: str, job_name: str) -> str:
    """Where an export job writes. Not documented by AWS beyond "a folder in your bucket"; we chose
    ``<path>/<jobName>/<jobName>_part_00000.csv`` so several exports to one path never overwrite."""
    return f"{path.rstrip('/')}/{job_name}/{job_name}_part_00000.csv"


class DatasetExportJobOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateDatasetExportJob")
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
        dataset = self.store.active_dataset(dataset_arn)
        arn = self.store.new_arn(self.store.export_jobs, f"dataset-export-job/{job_name}")
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
        job.lifecycle = new_lifecycle(on_complete=self.store.on_dataset(dataset.arn, partial(self._run, job)))
        self.store.export_jobs.add(job)
        return {"datasetExportJobArn": arn}

    describe_dataset_export_job = describe_operation("DescribeDatasetExportJob", lambda store: store.export_jobs)

    list_dataset_export_jobs = list_operation(
        "ListDatasetExportJobs", lambda store: store.export_jobs, by="dataset_arn")

    def _run(self, job: DatasetExportJob, dataset: Dataset) -> Optional[str]:
        rows = {"BULK": dataset.bulk_rows, "PUT": dataset.put_rows}.get(job.ingestion_mode, dataset.rows)
        uri = export_object_uri(job.job_output["s3DataDestination"]["path"], job.name)
        try:
            self.store.handle.data.in_region(self.store.region).put_object(uri, write_csv(dataset.columns, rows))
        except DataError:
            return "Invalid S3 output path"  # error-messages (batch jobs use the same wording)
        return None
