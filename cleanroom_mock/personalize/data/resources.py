"""The resources of the Personalize data side, and the statuses they move through.

Dataset rows are stored compactly: ``Dataset.columns`` names the schema fields in order and every row is a
tuple of typed values in that order (a million interactions take about a third of the memory of dicts).
``Dataset.records()`` gives dicts for code that prefers them. Rows remember where they came from, because
CreateDatasetExportJob exports by ``ingestionMode``: ``bulk_rows`` came from dataset import jobs (BULK),
``put_rows`` from personalize-events (PUT).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ...core.arns import parse_arn
from ...core.compact import Stored
from ...core.lifecycle import Lifecycle
from ...core.resources import Resource, member
from ..avro_schema import SCHEMA_VOCABULARY, ParsedSchema, parse_schema
from ..lifecycles import CREATING, Job, Tracked, WithUpdate

if TYPE_CHECKING:  # the expression engine loads with the filter operations, not with every data resource
    from ..filter_expression import FilterExpression

# API_CreateDatasetGroup and the other Create* pages: the documented create flow (lifecycles.CREATE_STEPS).
RUNNING = CREATING
# API_CreateDataDeletionJob: deletion jobs use their own spelling (underscores, no verb).
DELETION_STEPS = ("PENDING", "IN_PROGRESS", "COMPLETED")
DELETION_FAILED = "FAILED"

# The upper-case dataset types the rest of the package uses, keyed by avro_schema's canonical spelling.
DATASET_TYPE_KEYS = {
    "Interactions": "INTERACTIONS",
    "Items": "ITEMS",
    "Users": "USERS",
    "Actions": "ACTIONS",
    "Action_Interactions": "ACTION_INTERACTIONS",
}
# Datasets whose records are entities with an ID: a record with a known ID replaces the old one
# (import-data, incremental-data-updates). Interaction datasets are event logs instead.
ENTITY_ID_COLUMN = {"ITEMS": "ITEM_ID", "USERS": "USER_ID", "ACTIONS": "ACTION_ID"}


@dataclass
class DatasetGroup(Tracked):
    domain: Optional[str] = member(blank_as_none=True)
    role_arn: Optional[str] = member(blank_as_none=True)
    kms_key_arn: Optional[str] = member(blank_as_none=True)

    SHOWN = {"datasetGroupArn": "arn"}


@dataclass
class DatasetSchema(Resource):
    """The schema document is kept once, deflated with the Avro schema vocabulary (core.compact): the string
    CreateSchema received, byte for byte, is what DescribeSchema answers. Its parsed form is derived when a
    dataset or filter needs it, not stored beside it (issue #13: a stored schema then costs less than moto's)."""

    document: Stored = ""
    domain: Optional[str] = member(blank_as_none=True)

    # schemas are immutable (data-prep-creating-datasets): last updated when created
    SHOWN = {
        "name": "name",
        "schemaArn": "arn",
        "schema": "schema_json",
        "creationDateTime": "created_at",
        "lastUpdatedDateTime": "created_at",
    }

    @classmethod
    def keeping(cls, schema_json: str, **members: Any) -> DatasetSchema:
        """A schema keeping the document ``schema_json`` deflated."""
        return cls(document=SCHEMA_VOCABULARY.deflate(schema_json), **members)

    @property
    def schema_json(self) -> str:
        """The document as CreateSchema received it."""
        return SCHEMA_VOCABULARY.inflate(self.document)

    @property
    def parsed(self) -> ParsedSchema:
        """The validated schema (CreateSchema checked the document, so parsing it again cannot fail)."""
        return parse_schema(self.schema_json, self.domain)


@dataclass
class Dataset(WithUpdate):
    """``latest_update.settings`` is ``{"schemaArn": <the schema being applied>}`` (UpdateDataset)."""

    # upper case: INTERACTIONS, ITEMS, USERS, ACTIONS, ACTION_INTERACTIONS
    dataset_type: str = member(default="")
    dataset_group_arn: str = member(default="")
    schema_arn: str = member(default="")
    columns: tuple[str, ...] = ()
    bulk_rows: list[tuple] = field(default_factory=list)
    put_rows: list[tuple] = field(default_factory=list)
    has_bulk_import: bool = False
    # API_UBS_PutActionInteractions: an Action interactions dataset gets its own event tracker's ID.
    tracking_id: Optional[str] = member(blank_as_none=True)

    SHOWN = {"datasetArn": "arn", "latestDatasetUpdate": "update_view"}

    def uses_schema(self, schema_arn: str) -> bool:
        """Its schema, or the one a pending update applies (API_DeleteSchema)."""
        update = self.latest_update
        return self.schema_arn == schema_arn or (update is not None and update.settings["schemaArn"] == schema_arn)

    @property
    def rows(self) -> list[tuple]:
        """Every row, bulk-imported first, then individually put (a new list only when both exist)."""
        return self.bulk_rows + self.put_rows if self.put_rows and self.bulk_rows else (self.put_rows or self.bulk_rows)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every row as a dict keyed by schema field name (None where a nullable field has no value)."""
        columns = self.columns
        for row in self.rows:
            yield dict(zip(columns, row))

    @property
    def id_column(self) -> Optional[int]:
        """Position of the entity ID for Items/Users/Actions; None for interaction datasets."""
        name = ENTITY_ID_COLUMN.get(self.dataset_type)
        return self.columns.index(name) if name in self.columns else None

    def put_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Add records written one by one (personalize-events): typed values keyed by schema field name.

        A record whose ID is already stored (bulk or put) replaces the old one (incremental-data-updates);
        interaction events are appended, an event identical to a stored one is kept once (import-data).
        """
        new_rows = [tuple(record.get(column) for column in self.columns) for record in records]
        key = self.id_column
        if key is None:
            known = set(self.put_rows)
            for row in new_rows:
                if row not in known:
                    known.add(row)
                    self.put_rows.append(row)
            return
        replaced = {row[key] for row in new_rows}
        self.bulk_rows = [row for row in self.bulk_rows if row[key] not in replaced]
        latest = {row[key]: row for row in self.put_rows if row[key] not in replaced}
        latest.update((row[key], row) for row in new_rows)
        self.put_rows = list(latest.values())

    def remove_users(self, user_ids: set[str]) -> int:
        """Drop every row of these users (data deletion jobs); returns how many rows went."""
        if "USER_ID" not in self.columns:
            return 0
        position = self.columns.index("USER_ID")
        before = len(self.bulk_rows) + len(self.put_rows)
        self.bulk_rows = [row for row in self.bulk_rows if row[position] not in user_ids]
        self.put_rows = [row for row in self.put_rows if row[position] not in user_ids]
        return before - len(self.bulk_rows) - len(self.put_rows)

    def widen_to(self, columns: tuple[str, ...]) -> None:
        """After UpdateDataset: existing rows get None for the fields the new schema added."""
        if columns == self.columns:
            return
        positions = [self.columns.index(c) if c in self.columns else None for c in columns]

        def widen(row: tuple) -> tuple:
            return tuple(None if p is None else row[p] for p in positions)

        self.bulk_rows = [widen(row) for row in self.bulk_rows]
        self.put_rows = [widen(row) for row in self.put_rows]
        self.columns = columns


@dataclass
class S3SourcedJob(Job):
    """A job that reads one S3 location (``dataSource.dataLocation``): dataset import and data deletion jobs."""

    data_source: dict[str, str] = member(factory=dict)  # {"dataLocation": "s3://..."}

    @property
    def data_location(self) -> str:
        return self.data_source["dataLocation"]


@dataclass
class DatasetImportJob(S3SourcedJob):
    dataset_arn: str = member(default="")
    import_mode: str = member(default="FULL")
    publish_attribution_metrics_to_s3: Optional[bool] = member("publishAttributionMetricsToS3")

    SHOWN = {"datasetImportJobArn": "arn"}


@dataclass
class DatasetExportJob(Job):
    dataset_arn: str = member(default="")
    ingestion_mode: str = member(default="PUT")
    job_output: dict[str, Any] = member(factory=dict)

    SHOWN = {"datasetExportJobArn": "arn"}


@dataclass
class DataDeletionJob(S3SourcedJob):
    dataset_group_arn: str = member(default="")
    num_deleted: Optional[int] = member()
    lifecycle: Lifecycle = field(default_factory=lambda: Lifecycle(DELETION_STEPS, failed_status=DELETION_FAILED))

    SHOWN = {"dataDeletionJobArn": "arn"}


@dataclass
class EventTracker(Tracked):
    dataset_group_arn: str = member(default="")
    tracking_id: str = member(default="")

    SHOWN = {"eventTrackerArn": "arn", "accountId": "account_id"}

    @property
    def account_id(self) -> Optional[str]:
        arn = parse_arn(self.arn)
        return arn.account if arn is not None else None


@dataclass
class Filter(Tracked):
    dataset_group_arn: str = member(default="")
    filter_expression: str = member(default="")
    expression: Optional[FilterExpression] = None  # parsed; the runtime compiles it per request

    SHOWN = {"filterArn": "arn"}


@dataclass
class MetricAttribution(Tracked):
    dataset_group_arn: str = member(default="")
    metrics: list[dict[str, str]] = field(default_factory=list)
    metrics_output_config: dict[str, Any] = member(factory=dict)

    SHOWN = {"metricAttributionArn": "arn"}


@dataclass
class Numbered:
    """A listed value that is not a resource (a metric, a recipe summary), numbered so it pages like one."""

    seq: int
    value: dict[str, Any]

    @staticmethod
    def each(values: Iterable[dict[str, Any]]) -> list[Numbered]:
        return [Numbered(index, value) for index, value in enumerate(values)]

    def view(self) -> dict[str, Any]:
        return dict(self.value)
