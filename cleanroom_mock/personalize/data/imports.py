"""Dataset import jobs: CreateDatasetImportJob, DescribeDatasetImportJob, ListDatasetImportJobs.

The import runs in the job's lifecycle ``on_complete`` — when the job reaches its final status, which is when
a read observes it (see ``core.lifecycle``) — and a failure becomes ``CREATE FAILED`` with a
``failureReason``. Data already stored is only replaced once the new data has been read in full, so a failed
import never loses earlier data.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Optional, TypedDict

from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import PENDING_MESSAGE, invalid, new_tags
from ..lifecycles import new_lifecycle
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .csv_files import ImportFailure, deduplicated, read_dataset_columns
from .resources import RUNNING, Dataset, DatasetImportJob

if TYPE_CHECKING:
    from typing_extensions import Unpack

# limits / error-messages: at most 5 dataset import jobs PENDING or IN_PROGRESS per region.
# limits: "Minimum number of records per import job: 1000 item interactions"; scaled to 1 by default
# (realism profile: data-volume minimums are scaled down unless strict).
MIN_IMPORT_INTERACTIONS = 1000
SCALED_MIN_IMPORT_INTERACTIONS = 1


class ImportJobMembers(TypedDict, total=False):
    """What CreateDatasetImportJob keeps as given."""

    role_arn: Optional[str]
    publish_attribution_metrics_to_s3: Optional[bool]


def check_data_source(data_source: dict[str, Any]) -> None:
    """The model leaves ``dataSource.dataLocation`` optional; an import or a deletion job needs it."""
    if not data_source.get("dataLocation"):
        raise invalid("dataSource.dataLocation is required.")


class DatasetImportJobOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateDatasetImportJob")
    def create_dataset_import_job(
        self,
        job_name: str,
        dataset_arn: str,
        data_source: dict[str, Any],
        import_mode: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
        **stored: Unpack[ImportJobMembers],
    ) -> dict[str, Any]:
        check_data_source(data_source)
        tag_map = new_tags(tags)
        dataset = self.store.active_dataset(dataset_arn)
        mode = import_mode or "FULL"
        if mode == "INCREMENTAL" and not dataset.has_bulk_import:
            # API_CreateDatasetImportJob: INCREMENTAL is only allowed after a previous bulk import.
            raise invalid(
                f"Dataset {dataset_arn} has no completed bulk import; the first import must use importMode FULL."
            )
        jobs = self.store.import_jobs
        arn = self.store.new_arn(jobs, f"dataset-import-job/{job_name}")
        # error-messages documents this message verbatim.
        self.store.within_quota("Pending or in-progress dataset import jobs",
                                len(jobs.where(lambda job: job.lifecycle.current in RUNNING)), PENDING_MESSAGE)
        job = DatasetImportJob(arn=arn, name=job_name, tags=tag_map, dataset_arn=dataset_arn, data_source=data_source,
                               import_mode=mode, **stored)
        job.lifecycle = new_lifecycle(on_complete=self.store.on_dataset(dataset_arn, partial(self._run, job)))
        jobs.add(job)
        return {"datasetImportJobArn": arn}

    describe_dataset_import_job = describe_operation("DescribeDatasetImportJob", lambda store: store.import_jobs)

    list_dataset_import_jobs = list_operation(
        "ListDatasetImportJobs", lambda store: store.import_jobs, by="dataset_arn"
    )

    def _run(self, job: DatasetImportJob, dataset: Dataset) -> Optional[str]:
        """The import itself: read, check, then store (FULL replaces bulk rows, INCREMENTAL merges)."""
        handle = self.store.handle
        schema = self.store.schema_of(dataset)
        try:
            columns = read_dataset_columns(handle.data, job.data_location, schema)
        except ImportFailure as failure:
            return failure.reason
        count = len(columns[0])
        if not count:
            return "Input CSV contains no records."
        if dataset.dataset_type == "INTERACTIONS":
            minimum = handle.data_minimum(MIN_IMPORT_INTERACTIONS, SCALED_MIN_IMPORT_INTERACTIONS)
            if count < minimum:
                return f"Input data has {count} interactions; an import needs at least {minimum}."
        key = dataset.id_column
        if job.import_mode == "FULL":
            # API_CreateDatasetImportJob: FULL overwrites the bulk data; individually put records stay.
            # identical events share their timestamp: distinct timestamps spare the deduplication its hashing
            names = schema.field_names
            timestamps = columns[names.index("TIMESTAMP")] if "TIMESTAMP" in names else ()
            dataset.bulk_rows = deduplicated(zip(*columns), key, distinct=timestamps)
        else:
            # INCREMENTAL appends, and a record with a known ID replaces the old one.
            rows = list(zip(*columns))
            dataset.bulk_rows = deduplicated(dataset.bulk_rows + rows, key)
            if key is not None:
                replaced = {row[key] for row in rows}
                dataset.put_rows = [row for row in dataset.put_rows if row[key] not in replaced]
        dataset.has_bulk_import = True
        return None
