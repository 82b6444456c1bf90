"""Running a checked protected query on DuckDB, and AGGREGATION's output constraints.

Each query gets its own in-memory DuckDB connection and temporary folder: the configured tables become views
(``sources.py``), the query is written as DuckDB SQL by sqlglot, and once the views exist the connection may read
no other file (``enable_external_access`` off, ``allowed_directories`` the query's folder).

Output constraints (https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AggregationConstraint.html):
"an output row is removed unless it aggregates at least ``minimum`` distinct values of ``columnName``"; with
several tables "AWS Clean Rooms enforces the more restrictive controls"
(https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules.html), so every table's constraints apply.
The query runs once: each constraint adds ``COUNT(DISTINCT alias.column)`` to its select list, rows under a
minimum are dropped, and the added columns are removed. "The query output doesn't indicate that results are
removed": ``suppressed_rows`` is for tests and statistics only.

Failures while running are QueryFailed with the protected query error codes
(https://docs.aws.amazon.com/clean-rooms/latest/userguide/error-codes.html): MALFORMED_QUERY for the query's own
errors (a failed cast, a division by zero, an unknown function) and for values that do not convert to their
column's type, INVALID_RESOURCE for a file that can't be read as its format, INSUFFICIENT_COMPUTE for memory,
INTERNAL_ERROR for DuckDB's own faults.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from contextlib import closing
from typing import TYPE_CHECKING, Any

from .model import Column, QueryFailed, QueryRefused, QueryResult, QueryTable
from .parsing import ParsedQuery, parse_query
from .rules.aggregation import constraint_columns
from .sources import expose_table
from .types import glue_type

if TYPE_CHECKING:
    import duckdb
    from sqlglot import exp

_CONSTRAINT_PREFIX = "__cleanroom_constraint_"


def run_query(sql: str, tables: Mapping[str, QueryTable]) -> QueryResult:
    """Run a checked query over the tables' data and apply the AGGREGATION output constraints."""
    import duckdb

    try:
        query = parse_query(sql, tables)
    except QueryRefused as refusal:
        raise QueryFailed("MALFORMED_QUERY", refusal.message)
    tree, checks = _with_constraint_counts(query)
    with tempfile.TemporaryDirectory(prefix="cleanroom-query-") as folder, closing(duckdb.connect()) as connection:
        try:
            for index, (name, table) in enumerate(sorted(query.tables.items())):
                table_folder = os.path.join(folder, f"table-{index}")
                os.mkdir(table_folder)
                expose_table(connection, name, table, table_folder)
            _lock(connection, folder)
            relation = connection.sql(tree.sql(dialect="duckdb"))
            names, types = relation.columns, [str(kind) for kind in relation.types]
            rows = relation.fetchall()
        except duckdb.Error as error:
            raise _failure(error, folder)
    width = len(query.tree.expressions) if checks else len(names)
    columns = tuple(Column(str(name), glue_type(kind)) for name, kind in zip(names[:width], types))
    if not checks:
        return QueryResult(columns=columns, rows=rows)
    kept = [row[:width] for row in rows if all(row[position] >= minimum for position, minimum in checks)]
    return QueryResult(columns=columns, rows=kept, suppressed_rows=len(rows) - len(kept))


def _with_constraint_counts(query: ParsedQuery) -> tuple[exp.Query, list[tuple[int, int]]]:
    """The tree to run, and for each output constraint the select-list position of its distinct count and its
    minimum. A count the query already selects is reused: ``COUNT(DISTINCT p.user_id)`` counts
    ``u.user_id`` too when an INNER JOIN's AND-ed equalities make the two equal on every row."""
    from sqlglot import exp

    constraints = list(constraint_columns(query.tables)) if query.rule_type == "AGGREGATION" else []
    if not constraints or not isinstance(query.tree, exp.Select):
        return query.tree, []
    qualified = query.qualified()
    if not isinstance(qualified, exp.Select) or len(qualified.expressions) != len(query.tree.expressions):
        raise QueryFailed("MALFORMED_QUERY", "The aggregation query's select list can't be read.")
    same = _join_equalities(qualified)
    counted: dict[tuple[str, str], int] = {}
    for position, projection in enumerate(qualified.expressions):
        column = _distinct_count_column(projection.unalias())
        if column is not None:
            counted.setdefault(same.get((column.table, column.name), (column.table, column.name)), position)
    aliases: dict[str, list[str]] = {}
    for table in qualified.find_all(exp.Table):
        aliases.setdefault(table.name.lower(), []).append(table.alias_or_name)
    tree = query.tree.copy()
    checks: list[tuple[int, int]] = []
    for name, column_name, minimum in constraints:
        if column_name not in query.tables[name].allowed_columns:
            raise QueryFailed(
                "INVALID_RESOURCE", f"The output constraint column {name}.{column_name} is not an allowed column."
            )
        for alias in aliases.get(name, ()):
            key = same.get((alias, column_name), (alias, column_name))
            if key not in counted:
                count = exp.Count(this=exp.Distinct(expressions=[exp.column(column_name, table=alias, quoted=True)]))
                counted[key] = len(tree.expressions)
                tree.select(exp.alias_(count, f"{_CONSTRAINT_PREFIX}{len(checks)}", quoted=True), copy=False)
            checks.append((counted[key], minimum))
    return tree, checks


def _distinct_count_column(expression: exp.Expr) -> exp.Column | None:
    from sqlglot import exp

    if isinstance(expression, exp.Count) and isinstance(expression.this, exp.Distinct):
        arguments = expression.this.expressions
        if len(arguments) == 1 and isinstance(arguments[0], exp.Column):
            return arguments[0]
    return None


def _join_equalities(select: exp.Select) -> dict[tuple[str, str], tuple[str, str]]:
    """(alias, column) -> a representative of the columns INNER JOIN conditions made of AND-ed equalities equate."""
    from sqlglot import exp

    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(key: tuple[str, str]) -> tuple[str, str]:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for join in select.args.get("joins") or ():
        condition = join.args.get("on")
        if condition is None or condition.find(exp.Or):
            continue
        for equality in condition.find_all(exp.EQ):
            left, right = equality.left, equality.right
            if isinstance(left, exp.Column) and isinstance(right, exp.Column):
                parent[find((left.table, left.name))] = find((right.table, right.name))
    return {key: find(key) for key in list(parent)}


def _lock(connection: duckdb.DuckDBPyConnection, folder: str) -> None:
    """Let the query read nothing but the views' files (DuckDB releases without allowed_directories: unlocked)."""
    import duckdb

    try:
        connection.execute("SET allowed_directories = [$folder]", {"folder": folder + os.sep})
    except duckdb.Error:
        return
    connection.execute("SET enable_external_access = false")


def _failure(error: Any, folder: str) -> QueryFailed:
    import duckdb

    # DuckDB's first paragraph says what failed; the rest are hints. The temporary folder is no one's business.
    message = str(error).strip().split("\n\n")[0].replace(folder + os.sep, "")
    if isinstance(error, duckdb.OutOfMemoryException):
        return QueryFailed("INSUFFICIENT_COMPUTE", message)
    # a value that does not convert is a cast in the query or data unlike its declared column type: DuckDB pushes
    # casts into the scan, so the two can't be told apart; both are MALFORMED_QUERY. A file that can't be read
    # as its format (wrong number of fields, broken JSON or Parquet) is INVALID_RESOURCE.
    if isinstance(error, duckdb.IOException) or (
        isinstance(error, duckdb.InvalidInputException)
        and any(word in message for word in ("CSV", "JSON", "Parquet", "parquet"))
    ):
        return QueryFailed("INVALID_RESOURCE", message)
    if isinstance(error, (duckdb.InternalException, duckdb.FatalException)):
        return QueryFailed("INTERNAL_ERROR", message)
    return QueryFailed("MALFORMED_QUERY", message)
