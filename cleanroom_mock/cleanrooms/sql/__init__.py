"""The protected-SQL engine of AWS Clean Rooms: check a query against the analysis rules of the tables it reads,
run it on DuckDB over the members' data, encode the result.

Pure: it takes plain values (``QueryTable``, ``Template``) and returns plain values (``QueryResult``); duckdb and
sqlglot are imported on first use, so importing this package costs nothing.

The rules come from the Clean Rooms user guide's analysis rules
(https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules.html and its aggregation, list and custom
pages, cited in ``rules/``) and the API reference (AnalysisRuleAggregation, AnalysisRuleList, AnalysisRuleCustom,
AnalysisParameter). The choices made where AWS is silent are in each module and in docs/cleanrooms-sql-engine.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Optional

from .model import (
    Column,
    QueryFailed,
    QueryRefused,
    QueryResult,
    QueryTable,
    RuleType,
    TableData,
    Template,
)
from .templates import render_template, template_parameters

__all__ = [
    "Column",
    "QueryFailed",
    "QueryRefused",
    "QueryResult",
    "QueryTable",
    "RuleType",
    "TableData",
    "Template",
    "check_query",
    "encode_result",
    "render_template",
    "run_query",
    "template_parameters",
]


def check_query(
    sql: str, tables: Mapping[str, QueryTable], *, runner_account: str, template: Optional[Template] = None
) -> None:
    """Parse `sql` (sqlglot, Redshift dialect) and enforce each referenced table's analysis rule for a query run by
    `runner_account`; `template` is the analysis template the query came from (CUSTOM allowedAnalyses by ARN).
    Raises QueryRefused."""
    from .parsing import parse_query
    from .rules import check_rules

    check_rules(parse_query(sql, tables), runner_account, template)


def run_query(sql: str, tables: Mapping[str, QueryTable]) -> QueryResult:
    """Run a checked query on DuckDB over the tables' data (only allowed columns exposed) and apply AGGREGATION
    output constraints. Raises QueryFailed."""
    from .runner import run_query as run

    return run(sql, tables)


def encode_result(result: QueryResult, result_format: Literal["CSV", "PARQUET"]) -> bytes:
    """The result file's bytes: CSV with a header line, or Parquet."""
    from .encoding import encode_result as encode

    return encode(result, result_format)
