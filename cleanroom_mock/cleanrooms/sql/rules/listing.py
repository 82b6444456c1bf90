"""The LIST analysis rule: row-level lists of the overlap between this table and the query runner's tables.

Source: https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules-list.html and
https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AnalysisRuleList.html:
``SELECT DISTINCT column_name [[AS] column_alias] [, ...] FROM ... [[INNER] JOIN ... ON join_condition] [...]
[WHERE where_condition] [LIMIT number]``; "The DISTINCT parameter is required"; "List queries can only use
mathematical operators. They can't use other functions (such as aggregation or scalar)"; the query "is required
to have at least one join with a configured table from the member who can query, either directly or
transitively"; only ``listColumns`` are output; joins use ``joinColumns`` with ``=`` and the allowed AND/OR.

Where AWS is silent we chose: WHERE may use the table's list and join columns; GROUP BY, HAVING, ORDER BY and
OFFSET are refused (the documented syntax has none of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..functions import display_name, is_function
from ..model import QueryRefused
from .shape import SelectShape

if TYPE_CHECKING:
    pass


def check_list(shape: SelectShape, runner_account: str) -> None:
    """Refuse the query unless the LIST rule of every table it reads allows it."""
    from sqlglot import exp

    select, tables = shape.select, shape.tables
    distinct = select.args.get("distinct")
    if not distinct or distinct.args.get("on"):
        raise QueryRefused("List queries must use SELECT DISTINCT: the DISTINCT parameter is required.")
    for clause in ("group", "having", "order", "offset"):
        if select.args.get(clause):
            written = {"group": "GROUP BY", "order": "ORDER BY"}.get(clause, clause.upper())
            raise QueryRefused(f"{written} is not allowed by the list analysis rule.")
    shape.check_joins(runner_account, dict.fromkeys(tables, True))
    for node in select.find_all(exp.Func):
        if not is_function(node):
            continue
        kind = "Aggregation" if isinstance(node, exp.AggFunc) else "Scalar"
        raise QueryRefused(
            f"{kind} function {display_name(node)} is not allowed: list queries can only use mathematical operators."
        )
    if any(isinstance(node, exp.Star) for node in shape.written.expressions):
        raise QueryRefused("SELECT * is not allowed by the list analysis rule: select list columns.")
    for projection in select.expressions:
        column = projection.unalias()
        ref = shape.resolve(column) if isinstance(column, exp.Column) else None
        if ref is None:
            raise QueryRefused(f"List queries can only select columns: {projection.sql('redshift')}")
        if not ref.listed_in("listColumns"):
            kind = "a join column" if ref.listed_in("joinColumns") else "not a list column"
            raise QueryRefused(f"Column {ref} is {kind}: only list columns can be selected by a list query.")
    where = select.args.get("where")
    for column in where.find_all(exp.Column) if where is not None else ():
        ref = shape.resolve(column)
        if ref is None or not (ref.listed_in("listColumns") or ref.listed_in("joinColumns")):
            raise QueryRefused(
                f"Column {ref or column.name} can't be used in WHERE: it is neither a list nor a join column."
            )
