"""The CUSTOM analysis rule: any SELECT the table owner allowed, through analysis templates or query providers.

Source: https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules-custom.html,
https://docs.aws.amazon.com/clean-rooms/latest/userguide/custom-allowed-analyses.html and
https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AnalysisRuleCustom.html:

- custom queries are "still limited to only the SELECT command" but may use window functions, OUTER JOIN, CTEs
  and subqueries;
- ``allowedAnalyses``: analysis template ARNs, or ``ANY_QUERY`` together with ``allowedAnalysisProviders``, the
  accounts allowed to author queries; "If you leave the allowedAnalyses control empty, the member who can query
  cannot run queries on the configured table"; a query provider may also author queries "by creating analysis
  templates";
- ``disallowedOutputColumns``: "columns that aren't allowed to be shown in the query output".

Where AWS is silent we chose:

- a template query is allowed when the template's ARN is listed, or when the rule allows ANY_QUERY and the
  template's creator (the account in its ARN) is an allowed provider; a direct query needs ANY_QUERY and, when
  ``allowedAnalysisProviders`` is not empty, the query runner in it;
- an output column shows a disallowed column when its expression, followed through CTEs, subqueries (correlated
  ones too) and set operations, reads that column anywhere but inside COUNT (a count shows no value);
  ``SELECT *`` is expanded first, so it cannot expose one; LATERAL, PIVOT/UNPIVOT and UNNEST, which the lineage
  does not follow, may not use a disallowed column at all;
- differential privacy, ``aggregationThresholds`` and ``comparisonControls`` are not modelled: a query on a
  table that configures one is refused, never run without the protection.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional

from ..model import QueryRefused, QueryTable, Template

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.optimizer.scope import Scope

ANY_QUERY = "ANY_QUERY"
_NOT_MODELLED = ("differentialPrivacy", "aggregationThresholds", "comparisonControls")


def check_custom(
    qualified: exp.Query, tables: Mapping[str, QueryTable], runner_account: str, template: Optional[Template]
) -> None:
    """Refuse the query unless every CUSTOM rule of `tables` allows it and its output shows no disallowed column."""
    for name, table in sorted(tables.items()):
        for control in _NOT_MODELLED:
            if table.rule.get(control):
                raise QueryRefused(
                    f"Table {name} configures {control} in its custom analysis rule, which cleanroom_mock does not "
                    f"model: the query is refused rather than run without it."
                )
        _check_allowed_analysis(name, table, runner_account, template)
    disallowed = {
        (name, str(column))
        for name, table in tables.items()
        for column in table.rule.get("disallowedOutputColumns") or ()
    }
    if disallowed:
        _check_output_columns(qualified, disallowed)


def _check_allowed_analysis(name: str, table: QueryTable, runner_account: str, template: Optional[Template]) -> None:
    allowed = [str(entry) for entry in table.rule.get("allowedAnalyses") or ()]
    providers = [str(account) for account in table.rule.get("allowedAnalysisProviders") or ()]
    if template is not None:
        if template.arn in allowed:
            return
        author = _template_author(template.arn)
        if ANY_QUERY in allowed and (not providers or author in providers):
            return
        raise QueryRefused(
            f"The analysis template {template.arn} is not allowed by the custom analysis rule of table {name}."
        )
    if ANY_QUERY not in allowed:
        raise QueryRefused(
            f"Table {name} only allows the analysis templates its custom analysis rule lists: run one of them "
            f"instead of a query string."
            if allowed
            else f"Table {name} allows no analyses: its custom analysis rule's allowedAnalyses is empty."
        )
    if providers and runner_account not in providers:
        raise QueryRefused(f"Account {runner_account} is not an allowed analysis provider of table {name}.")


def _template_author(arn: str) -> str:
    # arn:aws:cleanrooms:<region>:<account>:membership/<id>/analysistemplate/<id>
    parts = arn.split(":")
    return parts[4] if len(parts) > 5 else ""


def _check_output_columns(qualified: exp.Query, disallowed: set[tuple[str, str]]) -> None:
    from sqlglot import exp
    from sqlglot.optimizer.scope import build_scope

    # LATERAL, PIVOT/UNPIVOT and UNNEST turn columns into rows or column names where the lineage below does not
    # follow them: a disallowed column may not be used inside one at all.
    names = {column for _, column in disallowed}
    for construct in qualified.find_all(exp.Lateral, exp.Pivot, exp.Unnest):
        for column in construct.find_all(exp.Column):
            if column.name in names:
                kind = "UNPIVOT" if construct.args.get("unpivot") else construct.key.upper()
                raise QueryRefused(
                    f"Column {column.name} is a disallowed output column: it can't be used in {kind}, whose output "
                    f"could show it."
                )
    root = build_scope(qualified)
    if root is None:
        return
    for output, origins in _outputs(root):
        shown = sorted(origins & disallowed)
        if shown:
            table, name = shown[0]
            raise QueryRefused(
                f"Column {table}.{name} is a disallowed output column: it can't be shown in the query output "
                f"(output column {output})."
            )


def _outputs(scope: Scope) -> list[tuple[str, set[tuple[str, str]]]]:
    """Each output column of `scope` with the table columns its value is read from."""
    from sqlglot import exp

    # sqlglot's set operations share the base SetOperation (older releases: Union, which Except and Intersect extend)
    if isinstance(scope.expression, getattr(exp, "SetOperation", exp.Union)):
        merged: list[tuple[str, set[tuple[str, str]]]] = []
        # sqlglot names a set operation's branch scopes set_operation_scopes (older releases: union_scopes)
        branches = getattr(scope, "set_operation_scopes", None) or getattr(scope, "union_scopes", [])
        for branch in branches:
            for index, (name, origins) in enumerate(_outputs(branch)):
                if index < len(merged):
                    merged[index][1].update(origins)
                else:
                    merged.append((name, set(origins)))
        return merged
    select = scope.expression
    return [
        (projection.alias_or_name, _origins(projection, scope))
        for projection in (select.expressions if isinstance(select, exp.Select) else ())
    ]


def _origins(expression: exp.Expr, scope: Scope) -> set[tuple[str, str]]:
    from sqlglot import exp

    found: set[tuple[str, str]] = set()
    for node in expression.walk(prune=lambda node: isinstance(node, (exp.Count, exp.Subquery))):
        if isinstance(node, exp.Subquery):
            for inner in _outputs_of_query(node.this, scope):
                found.update(inner)
        if not isinstance(node, exp.Column) or not node.table:
            continue
        source = _source(scope, node.table)
        if isinstance(source, exp.Table):
            found.add((source.name.lower(), node.name))
        elif source is not None:  # a CTE or a derived table: follow the column into it
            for name, origins in _outputs(source):
                if name == node.name:
                    found.update(origins)
    return found


def _source(scope: Scope, alias: str) -> exp.Table | Scope | None:
    """What `alias` names in `scope`, or in an enclosing scope for a correlated reference."""
    current: Scope | None = scope
    while current is not None:
        if alias in current.sources:
            return current.sources[alias]
        current = current.parent
    return None


def _outputs_of_query(query: exp.Expr, scope: Scope) -> list[set[tuple[str, str]]]:
    for child in scope.subquery_scopes:
        if child.expression is query:
            return [origins for _, origins in _outputs(child)]
    return []
