"""What AGGREGATION and LIST queries share: one plain SELECT over configured tables (no subqueries, CTEs, set
operations or window functions), INNER JOINs whose conditions compare join columns with ``=`` under the allowed
logical operators, and the requirement to join, directly or transitively, to a table of the member who can query.

Sources: "Aggregation query structure and syntax"
(https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules-aggregation.html) and "List query
structure and syntax" (https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules-list.html):
``FROM table_name [[AS] table_alias] [[INNER] JOIN table_name [[AS] table_alias] ON join_condition] [...]``;
"table_expression supports: specific JOIN type (INNER JOIN), equality comparison condition (=) within
join_condition, logical operators (AND, OR)".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import QueryRefused, QueryTable

if TYPE_CHECKING:
    from sqlglot import exp


@dataclass(frozen=True)
class ColumnRef:
    """A column a query names, resolved to its configured table."""

    table: str
    column: str
    rule: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.table}.{self.column}"

    def listed_in(self, key: str) -> bool:
        """Whether the table's rule lists the column under `key` (``dimensionColumns``, ``joinColumns``, ...)."""
        return self.column in (self.rule.get(key) or ())


@dataclass
class SelectShape:
    """A plain SELECT over configured tables, its column references resolved to tables (qualified tree)."""

    select: exp.Select  # the qualified tree: columns tied to their tables' aliases
    written: exp.Select  # the tree as written (``SELECT *`` not expanded)
    tables: Mapping[str, QueryTable]
    aliases: dict[str, str] = field(default_factory=dict)  # table alias -> configured table name

    @classmethod
    def of(
        cls, original: exp.Query, qualified: exp.Query, tables: Mapping[str, QueryTable], rule_name: str
    ) -> SelectShape:
        """The query's shape; refuses what neither AGGREGATION nor LIST allows (checked on the tree as written)."""
        from sqlglot import exp

        if not isinstance(original, exp.Select) or not isinstance(qualified, exp.Select):
            raise QueryRefused(
                f"Set operations (UNION, INTERSECT, EXCEPT) are not allowed by the {rule_name} analysis rule."
            )
        if original.find(exp.With):
            raise QueryRefused(f"Common table expressions (WITH) are not allowed by the {rule_name} analysis rule.")
        if any(node is not original for node in original.find_all(exp.Select)):
            raise QueryRefused(f"Subqueries are not allowed by the {rule_name} analysis rule.")
        if original.find(exp.Window):
            raise QueryRefused(f"Window functions are not allowed by the {rule_name} analysis rule.")
        for join in original.args.get("joins") or ():
            _check_join_kind(join, rule_name)
        shape = cls(select=qualified, written=original, tables=tables)
        for table in qualified.find_all(exp.Table):
            shape.aliases[table.alias_or_name] = table.name.lower()
        return shape

    def resolve(self, column: exp.Column) -> ColumnRef | None:
        """The configured table column `column` names, or None for a reference to an output alias."""
        alias = column.table
        if not alias:
            return None
        name = self.aliases.get(alias)
        if name is None:
            raise QueryRefused(f'Table or alias "{alias}" does not exist in the query.')
        return ColumnRef(table=name, column=column.name, rule=self.tables[name].rule)

    def output_aliases(self) -> set[str]:
        return {projection.alias for projection in self.select.expressions if projection.alias}

    def check_joins(self, runner_account: str, must_join: Mapping[str, bool]) -> None:
        """Join conditions compare join columns with ``=``, combined with the logical operators every table's rule
        allows; each table that `must_join` (name -> required) is connected, directly or transitively, to a table
        owned by `runner_account`."""
        edges: list[tuple[str, str]] = []
        operators: set[str] = set()
        for join in self.select.args.get("joins") or ():
            condition = join.args.get("on")
            if condition is None:
                raise QueryRefused("Joins must be INNER JOINs with an ON condition.")
            _walk_join_condition(condition, self, edges, operators)
        for name, table in sorted(self.tables.items()):
            # "Default is AND" (API_AnalysisRuleAggregation): absent means AND; an empty list allows no operator
            listed = table.rule.get("allowedJoinOperators")
            allowed = {"AND"} if listed is None else {str(operator) for operator in listed}
            for operator in sorted(operators - allowed):
                raise QueryRefused(
                    f"The {operator} operator is not allowed in join conditions by the analysis rule of table {name} "
                    f"(allowedJoinOperators: {', '.join(sorted(allowed)) or 'none'})."
                )
        _check_join_requirement(self, edges, runner_account, must_join)


def _check_join_kind(join: exp.Join, rule_name: str) -> None:
    side = (join.args.get("side") or "").upper()
    kind = (join.args.get("kind") or "").upper()
    if side or kind not in ("", "INNER") or join.args.get("method"):
        written = " ".join(part for part in (join.args.get("method"), side, kind) if part).upper()
        raise QueryRefused(f"{written} JOIN is not allowed by the {rule_name} analysis rule: only INNER JOIN is.")
    if join.args.get("on") is None and not join.args.get("using"):
        raise QueryRefused(f"Joins must be INNER JOINs with an ON condition under the {rule_name} analysis rule.")


def _walk_join_condition(
    condition: exp.Expr, shape: SelectShape, edges: list[tuple[str, str]], operators: set[str]
) -> None:
    from sqlglot import exp

    if isinstance(condition, exp.Paren):
        _walk_join_condition(condition.this, shape, edges, operators)
        return
    if isinstance(condition, (exp.And, exp.Or)):
        operators.add("AND" if isinstance(condition, exp.And) else "OR")
        _walk_join_condition(condition.left, shape, edges, operators)
        _walk_join_condition(condition.right, shape, edges, operators)
        return
    if not (
        isinstance(condition, exp.EQ)
        and isinstance(condition.left, exp.Column)
        and isinstance(condition.right, exp.Column)
    ):
        raise QueryRefused(
            f"Join conditions may only compare join columns with '=' combined by AND/OR: {condition.sql('redshift')}"
        )
    ends = []
    for column in (condition.left, condition.right):
        ref = shape.resolve(column)
        if ref is None or not ref.listed_in("joinColumns"):
            raise QueryRefused(
                f"Column {ref or column.name} is not a join column: it can't be used in a join condition."
            )
        ends.append(ref.table)
    edges.append((ends[0], ends[1]))


def _check_join_requirement(
    shape: SelectShape, edges: list[tuple[str, str]], runner_account: str, must_join: Mapping[str, bool]
) -> None:
    # "The query is required to have at least one join with a configured table from the member who can query,
    # either directly or transitively." A table the runner owns is its own data: it needs no join (AWS is silent;
    # we chose this so a member can query its own table).
    reached = {name for name, table in shape.tables.items() if table.owner_account == runner_account}
    changed = True
    while changed:
        changed = False
        for left, right in edges:
            if (left in reached) != (right in reached):
                reached.update((left, right))
                changed = True
    for name in sorted(shape.tables):
        if must_join.get(name) and name not in reached:
            raise QueryRefused(
                f"Table {name} must be joined, directly or transitively, to a configured table of the member who can "
                f"query (account {runner_account})."
            )
