"""How a protected query runs: the collaboration's tables as the SQL engine sees them, the compute it asks for,
and what happens when its lifecycle reaches SUCCESS (the SQL runs, the result is written).

The engine (``cleanrooms.sql``) checks and runs SQL over plain values; this module gives it the tables — each
configured table association of the collaboration's ACTIVE memberships, its configured table read from its
owner's store — and turns its answers into the protected query's status, result and statistics.

Choices where AWS is silent (spec §8, §10):

- The result of a query to S3 is written under ``s3://{bucket}/{keyPrefix}/{queryId}/`` (no keyPrefix: straight
  under the bucket's ``{queryId}/``): ``result.csv`` / ``result.parquet`` with ``singleFileOutput``, else one
  part, ``part-00000.csv`` / ``part-00000.parquet``. ``result.output.s3.location`` is that folder.
- A member receiver's result is kept with the query (``result.output.memberList``) and, when the receiver's
  membership has a ``defaultResultConfiguration`` to S3, also written there the same way.
- Data problems found while running (a Glue table or its files gone, a non-Glue table, a failure inside DuckDB)
  end the query FAILED with ``error{code, message}``: INVALID_RESOURCE for tables that cannot be read,
  RESOURCE_NOT_FOUND when the result bucket does not exist, else the engine's code.
- Statistics: ``totalDurationInMillis`` is creation → completion on the mock's clock; billed CRPU-hours are
  workers × the worker size's CRPUs (CR.1X 1, CR.4X 4, CR.8X 8) × hours, at least one minute.
- Which tables a query references is read from its text (a table's name as a word); those tables' data are
  loaded, and their association rules decide who may receive the result.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ...core import clock
from ...core.data import DataError, DataNotFound
from ..errors import INVALID_CONFIGURATION, invalid
from ..resources import Collaboration
from ..sql import QueryFailed, QueryTable, encode_result, run_query
from ..tables.glue import table_data
from ..tables.schemas import collaboration_tables
from .resources import ProtectedQuery

if TYPE_CHECKING:
    from ...core.state import MockHandle
    from ..store import CleanRoomsStore

SPARK, CLEAN_ROOMS_SQL = "SPARK", "CLEAN_ROOMS_SQL"
# AWS documents no default worker configuration for SQL queries; we chose 16 CR.1X workers.
DEFAULT_COMPUTE: dict[str, Any] = {"worker": {"type": "CR.1X", "number": 16}}
MIN_SQL_WORKERS, MAX_SQL_WORKERS = 2, 400  # botocore WorkerComputeConfiguration: "SQL queries: 2–400"
CRPUS = {"CR.1X": 1, "CR.4X": 4, "CR.8X": 8}


def engine_of(collaboration: Collaboration) -> str:
    """The collaboration's analytics engine. API_CreateCollaboration: "After July 16, 2025, the CLEAN_ROOMS_SQL
    parameter will no longer be available"; we chose SPARK for a collaboration created without one."""
    return collaboration.analytics_engine or SPARK


def checked_compute(compute: Optional[dict[str, Any]], engine: str) -> dict[str, Any]:
    """computeConfiguration with its defaults: SQL queries take 2–400 workers; Spark properties need the Spark
    engine (ValidationException)."""
    worker = {**DEFAULT_COMPUTE["worker"], **((compute or {}).get("worker") or {})}
    if not MIN_SQL_WORKERS <= worker["number"] <= MAX_SQL_WORKERS:
        raise invalid(f"computeConfiguration.worker.number must be between {MIN_SQL_WORKERS} and "
                      f"{MAX_SQL_WORKERS} for SQL queries; got {worker['number']}.")
    if (worker.get("properties") or {}).get("spark") and engine != SPARK:
        raise invalid("Spark properties need a collaboration on the SPARK analytics engine.", INVALID_CONFIGURATION)
    return {"worker": worker}


@dataclass(frozen=True)
class CollaborationTables:
    """The collaboration's tables as the engine sees them (no data yet) and what names their data."""

    tables: Mapping[str, QueryTable]
    references: Mapping[str, dict[str, Any]]  # name → the configured table's tableReference

    def referenced(self, sql: str) -> list[str]:
        """The tables ``sql`` names (each table name as a word of the text, any case)."""
        return [name for name in self.tables
                if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", sql, re.IGNORECASE)]


def collaboration_query_tables(store: CleanRoomsStore, collaboration: Collaboration) -> CollaborationTables:
    tables: dict[str, QueryTable] = {}
    references: dict[str, dict[str, Any]] = {}
    for found in collaboration_tables(store, collaboration):
        table, association = found.table, found.association
        if table is None:
            continue
        rule = table.rule
        tables[association.name] = QueryTable(
            name=association.name, owner_account=association.account_id,
            allowed_columns=tuple(table.allowed_columns), rule_type=rule.type if rule else None,  # type: ignore[arg-type]
            rule=rule.body if rule else {},
            collaboration_rule=association.rule.body if association.rule is not None else None)
        references[association.name] = table.table_reference
    return CollaborationTables(tables, references)


@dataclass(frozen=True)
class Destination:
    """Where a result is written: an S3 output configuration (bucket, keyPrefix, resultFormat,
    singleFileOutput)."""

    s3: Mapping[str, Any]

    def folder(self, query_id: str) -> str:
        prefix = str(self.s3.get("keyPrefix") or "").strip("/")
        return f"s3://{self.s3['bucket']}/{prefix + '/' if prefix else ''}{query_id}/"

    def file(self, query_id: str) -> str:
        extension = "parquet" if self.s3["resultFormat"] == "PARQUET" else "csv"
        name = "result" if self.s3.get("singleFileOutput") else "part-00000"
        return f"{self.folder(query_id)}{name}.{extension}"


@dataclass(frozen=True)
class Run:
    """Everything the lifecycle completion needs: the checked SQL, the tables it reads, where results go."""

    handle: MockHandle
    region: str
    sql: str
    tables: Mapping[str, QueryTable]
    references: Mapping[str, dict[str, Any]]
    output: Optional[Destination]  # the query's own S3 output (shown as result.output.s3.location)
    copies: tuple[Destination, ...] = ()  # member receivers' default S3 result configurations

    def complete(self, query: ProtectedQuery) -> Optional[str]:
        """Lifecycle completion (STARTED → SUCCESS): run the SQL, write the result; a failure reason → FAILED."""
        outcome = query.outcome
        try:
            result = run_query(self.sql, self._with_data())
            self._write(query.id, result)
        except QueryFailed as failure:
            outcome.error = {"code": failure.code, "message": failure.message}
        except DataError as problem:
            code = "RESOURCE_NOT_FOUND" if isinstance(problem, DataNotFound) else "INVALID_RESOURCE"
            outcome.error = {"code": code, "message": f"{problem.message} ({problem.uri})"}
        else:
            outcome.columns = tuple(column.name for column in result.columns)
            outcome.rows, outcome.suppressed_rows = list(result.rows), result.suppressed_rows
            outcome.location = self.output.folder(query.id) if self.output is not None else None
        _account(query)
        return outcome.error["message"] if outcome.error is not None else None

    def _with_data(self) -> dict[str, QueryTable]:
        tables = {}
        for name, table in self.tables.items():
            reference = self.references[name]
            if "glue" not in reference:
                raise QueryFailed("INVALID_RESOURCE", f"Table {name} is a {next(iter(reference)).upper()} table; "
                                                      "cleanroom_mock runs queries over Glue tables only.")
            tables[name] = dataclasses.replace(table, data=table_data(self.handle, self.region, reference))
        return tables

    def _write(self, query_id: str, result: Any) -> None:
        store = self.handle.data.in_region(self.region)
        for destination in (*([self.output] if self.output is not None else []), *self.copies):
            store.put_object(destination.file(query_id), encode_result(result, destination.s3["resultFormat"]))


def _account(query: ProtectedQuery) -> None:
    """The query's statistics, from the clock and its compute configuration."""
    elapsed = (clock.now() - query.created_at).total_seconds()
    worker = query.compute_configuration["worker"]
    query.outcome.duration_ms = max(0, int(elapsed * 1000))
    hours = max(elapsed, 60.0) / 3600
    query.outcome.units = round(worker["number"] * CRPUS.get(worker["type"], 1) * hours, 6)

