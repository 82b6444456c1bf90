"""The AGGREGATION analysis rule: aggregate statistics (COUNT, SUM, AVG) along dimensions.

Source: https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules-aggregation.html (query structure
and syntax, query controls, query results controls) and
https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AnalysisRuleAggregation.html:

- ``aggregateColumns``: the columns that may be aggregated, each with its function (SUM, SUM_DISTINCT, COUNT,
  COUNT_DISTINCT, AVG); the select list holds at least one aggregation function;
- ``joinColumns``: usable in INNER JOIN conditions (and as aggregate columns if listed there), "never outputted
  directly";
- ``dimensionColumns``: "the columns that query runners are allowed to select, group by, or filter by";
- ``scalarFunctions``: allowed "on dimension columns and the output of aggregation of metrics";
- ``joinRequired`` QUERY_RUNNER: the table must be joined to one of the query runner's tables;
- ``allowedJoinOperators``: AND (default) and/or OR inside INNER JOIN conditions;
- ``outputConstraints``: applied after the query runs (see ``runner.py``).

Where AWS is silent we chose: ``COUNT(*)`` is refused (an aggregation function takes a column the rule lists);
an aggregation function's argument is a single column; SELECT DISTINCT and LIMIT are refused (the documented
syntax has neither); WHERE, GROUP BY, HAVING and ORDER BY may use dimension columns, allowed scalar functions,
mathematical and comparison operators, and (HAVING, ORDER BY) aggregation functions the rules allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..functions import display_name, is_function, rule_names
from ..model import QueryRefused, QueryTable
from .shape import ColumnRef, SelectShape

if TYPE_CHECKING:
    from sqlglot import exp


def check_aggregation(shape: SelectShape, runner_account: str) -> None:
    """Refuse the query unless the AGGREGATION rule of every table it reads allows it."""
    from sqlglot import exp

    select, tables = shape.select, shape.tables
    if select.args.get("distinct"):
        raise QueryRefused("SELECT DISTINCT is not allowed by the aggregation analysis rule.")
    if select.args.get("limit") or select.args.get("offset"):
        raise QueryRefused("LIMIT and OFFSET are not allowed by the aggregation analysis rule.")
    if any(isinstance(node, exp.Star) for node in shape.written.expressions):
        raise QueryRefused("SELECT * is not allowed by the aggregation analysis rule: select aggregation functions.")
    shape.check_joins(
        runner_account, {name: table.rule.get("joinRequired") == "QUERY_RUNNER" for name, table in tables.items()}
    )
    allowed_functions = _common_scalar_functions(tables)
    if not any(projection.find(exp.AggFunc) for projection in select.expressions):
        raise QueryRefused("An aggregation query must select at least one aggregation function (COUNT, SUM or AVG).")
    for projection in select.expressions:
        _check_expression(projection, shape, allowed_functions, "SELECT", aggregates=True)
    where = select.args.get("where")
    if where is not None:
        _check_expression(where.this, shape, allowed_functions, "WHERE", aggregates=False)
    group = select.args.get("group")
    # sqlglot keeps ROLLUP/CUBE/GROUPING SETS in Group's own args (older releases) or as nodes of its expressions
    grouping_sets = tuple(getattr(exp, name) for name in ("Rollup", "Cube", "GroupingSets") if hasattr(exp, name))
    if group is not None and (
        any(value for key, value in group.args.items() if key != "expressions")
        or any(isinstance(expression, grouping_sets) for expression in group.expressions)
    ):
        raise QueryRefused("GROUP BY ROLLUP, CUBE and GROUPING SETS are not allowed by the aggregation analysis rule.")
    for expression in group.expressions if group is not None else ():
        _check_expression(expression, shape, allowed_functions, "GROUP BY", aggregates=False)
    having = select.args.get("having")
    if having is not None:
        _check_expression(having.this, shape, allowed_functions, "HAVING", aggregates=True)
    order = select.args.get("order")
    for ordered in order.expressions if order is not None else ():
        _check_expression(ordered.this, shape, allowed_functions, "ORDER BY", aggregates=True)


def _common_scalar_functions(tables: Mapping[str, QueryTable]) -> frozenset[str]:
    # "AWS Clean Rooms enforces the more restrictive controls across all configured tables referenced in a query"
    # (https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules.html): a scalar function must be
    # allowed by every table's rule.
    allowed: frozenset[str] | None = None
    for table in tables.values():
        functions = frozenset(str(name).upper() for name in table.rule.get("scalarFunctions") or ())
        allowed = functions if allowed is None else allowed & functions
    return allowed or frozenset()


def _check_expression(
    expression: exp.Expr, shape: SelectShape, allowed_functions: frozenset[str], clause: str, *, aggregates: bool
) -> None:
    from sqlglot import exp

    aliases = shape.output_aliases() if clause in ("HAVING", "ORDER BY") else set()
    for node in expression.walk(prune=lambda node: isinstance(node, exp.AggFunc)):
        if isinstance(node, exp.AggFunc):
            if not aggregates:
                raise QueryRefused(f"Aggregation functions are not allowed in {clause}.")
            _check_aggregate(node, shape)
        elif isinstance(node, exp.Column):
            ref = shape.resolve(node)
            if ref is None:
                if node.name in aliases:
                    continue
                raise QueryRefused(f'Column "{node.name}" does not exist.')
            _check_dimension(ref, clause)
        elif is_function(node):
            assert isinstance(node, exp.Func)
            names = rule_names(node)
            if not allowed_functions.intersection(names):
                raise QueryRefused(
                    f"Function {display_name(node)} is not allowed by the aggregation analysis rule "
                    f"(scalarFunctions: {', '.join(sorted(allowed_functions)) or 'none'})."
                )


def _check_aggregate(function: exp.AggFunc, shape: SelectShape) -> None:
    from sqlglot import exp

    kinds = {exp.Sum: "SUM", exp.Count: "COUNT", exp.Avg: "AVG"}
    kind = kinds.get(type(function))
    if kind is None:
        raise QueryRefused(
            f"Aggregation function {display_name(function)} is not allowed: the aggregation analysis rule allows "
            f"COUNT, SUM and AVG."
        )
    argument = function.this
    if isinstance(argument, exp.Distinct):
        kind += "_DISTINCT"
        argument = argument.expressions[0] if len(argument.expressions) == 1 else None
    if isinstance(argument, exp.Star):
        raise QueryRefused("COUNT(*) is not allowed by the aggregation analysis rule: count a column it allows.")
    ref = shape.resolve(argument) if isinstance(argument, exp.Column) else None
    if ref is None:
        raise QueryRefused(f"The argument of {function.sql('redshift')} must be one column listed in aggregateColumns.")
    allowed = _aggregate_functions(ref)
    if kind not in allowed:
        hint = f" (allowed: {', '.join(sorted(allowed))})" if allowed else ""
        raise QueryRefused(f"Column {ref} can't be aggregated with {kind.replace('_', ' ')}{hint}.")


def _aggregate_functions(ref: ColumnRef) -> set[str]:
    return {
        str(entry.get("function"))
        for entry in ref.rule.get("aggregateColumns") or ()
        if ref.column in (entry.get("columnNames") or ())
    }


def _check_dimension(ref: ColumnRef, clause: str) -> None:
    if ref.listed_in("dimensionColumns"):
        return
    if ref.listed_in("joinColumns"):
        raise QueryRefused(
            f"Column {ref} is a join column: it can only be used in INNER JOIN conditions, not in {clause}."
        )
    if _aggregate_functions(ref):
        allowed = " or ".join(sorted(_aggregate_functions(ref)))
        raise QueryRefused(
            f"Column {ref} is an aggregate column: it can only be used inside {allowed}, not in {clause}."
        )
    raise QueryRefused(
        f"Column {ref} is not a dimension column of the aggregation analysis rule: it can't be used in {clause}."
    )


def constraint_columns(tables: Mapping[str, QueryTable]) -> Iterable[tuple[str, str, int]]:
    """The rules' output constraints: (table, column, minimum distinct count)."""
    for name, table in sorted(tables.items()):
        for constraint in table.rule.get("outputConstraints") or ():
            yield name, str(constraint["columnName"]), int(constraint["minimum"])
