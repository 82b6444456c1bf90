"""The values the protected-SQL engine takes and returns: tables as a collaboration sees them, templates, results,
and the two ways a query goes wrong (refused before it runs, failed while running).

The engine knows nothing of stores, requests or memberships: the cleanrooms operations build these plain values
from configured tables, associations and analysis rules and hand them over. A refusal is StartProtectedQuery's
ValidationException (https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_StartProtectedQuery.html); a
failure is the protected query's ``error`` with one of the documented codes
(https://docs.aws.amazon.com/clean-rooms/latest/userguide/error-codes.html).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

RuleType = Literal["AGGREGATION", "LIST", "CUSTOM"]


@dataclass(frozen=True)
class Column:
    """A column: its name and its Glue type as the table declares it ("string", "bigint", "double", ...)."""

    name: str
    type: str


@dataclass(frozen=True)
class TableData:
    """Where a table's rows come from: the data files under the Glue table's location, or rows put in memory."""

    format: Literal["csv", "json", "parquet"] = "csv"
    files: Sequence[bytes] = ()
    header: bool = True
    columns: Sequence[Column] = ()
    rows: Optional[Sequence[Mapping[str, Any]]] = None


@dataclass(frozen=True)
class QueryTable:
    """A table as a query in a collaboration sees it: a configured table association."""

    name: str
    owner_account: str
    allowed_columns: tuple[str, ...]
    rule_type: Optional[RuleType]
    rule: Mapping[str, Any]
    collaboration_rule: Optional[Mapping[str, Any]] = None
    data: TableData = field(default_factory=TableData)


@dataclass(frozen=True)
class Template:
    """An analysis template the query runs (sqlParameters.analysisTemplateArn)."""

    arn: str
    text: str
    parameters: Sequence[Mapping[str, Any]] = ()


class QueryRefused(Exception):
    """The query breaks the SQL grammar Clean Rooms accepts or an analysis rule: StartProtectedQuery answers
    ValidationException (reason INVALID_QUERY) with this message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QueryFailed(Exception):
    """The query passed the checks but failed while running: the protected query ends FAILED with
    error {code, message}."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class QueryResult:
    """A query's output: column names and Glue-like types, the rows kept after output-constraint suppression."""

    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    suppressed_rows: int = 0
