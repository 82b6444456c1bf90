"""Reading a protected query: parse it, check it is one SELECT, find the configured tables it names, resolve its
columns against the tables' allowed columns.

The dialect is sqlglot's ``redshift``: the AWS Clean Rooms SQL engine's reference
(https://docs.aws.amazon.com/clean-rooms/latest/sql-reference/) is Redshift's SQL (GETDATE, DATEADD, CONVERT,
TO_CHAR, ``::`` casts, case-insensitive identifiers folded to lower case), and the analysis rules' scalar functions
(https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AnalysisRuleAggregation.html) are Redshift's names.
The parsed tree is written back as DuckDB SQL to run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import QueryRefused, QueryTable, RuleType

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.errors import ParseError

DIALECT = "redshift"


@dataclass(frozen=True)
class ParsedQuery:
    """A query that is one SELECT over known configured tables."""

    tree: exp.Query
    tables: dict[str, QueryTable]  # the configured tables the query names, by name
    rule_type: RuleType

    def qualified(self) -> exp.Query:
        """A copy of the tree with every column tied to its table alias and ``*`` expanded to the allowed columns;
        a column no table allows is refused."""
        from sqlglot.errors import SqlglotError
        from sqlglot.optimizer.qualify import qualify

        schema: dict[str, object] = {
            name: {column: "varchar" for column in table.allowed_columns} for name, table in self.tables.items()
        }
        try:
            return qualify(self.tree.copy(), schema=schema, dialect=DIALECT)
        except SqlglotError as error:  # OptimizeError names the column; any other is a query sqlglot can't read
            found = re.search(r"Column '([^']*)'|Unknown column: (\S+)", str(error))
            if found is None:
                raise QueryRefused(f"The query's columns can't be resolved: {error}")
            column = (found.group(1) or found.group(2)).strip('"')
            raise QueryRefused(f'Column "{column}" does not exist or is not an allowed column of the query\'s tables.')


def parse_query(sql: str, tables: Mapping[str, QueryTable]) -> ParsedQuery:
    """Parse `sql`; refuse anything but a single SELECT over configured tables that share one analysis rule type."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError, SqlglotError

    try:
        statements = [statement for statement in sqlglot.parse(sql, read=DIALECT) if statement is not None]
    except ParseError as error:
        raise QueryRefused(f"Syntax error in the query: {_parse_error_text(error)}")
    except SqlglotError as error:  # TokenError and the like
        raise QueryRefused(f"Syntax error in the query: {error}")
    if not statements:
        raise QueryRefused("The query is empty.")
    if len(statements) > 1:
        raise QueryRefused("The query must be a single SELECT statement; it has several statements.")
    tree = statements[0]
    while isinstance(tree, exp.Subquery):  # (SELECT ...) is a SELECT
        tree = tree.this
    if not isinstance(tree, exp.Query) or isinstance(tree, exp.Command):
        raise QueryRefused(f"Only SELECT statements are allowed; the query is {tree.key.upper()}.")
    if tree.find(exp.Into):
        raise QueryRefused("Only SELECT statements are allowed; SELECT ... INTO writes a table.")
    referenced = _referenced_tables(tree, tables)
    return ParsedQuery(tree=tree, tables=referenced, rule_type=_common_rule_type(referenced))


def _referenced_tables(tree: exp.Query, tables: Mapping[str, QueryTable]) -> dict[str, QueryTable]:
    from sqlglot import exp

    cte_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    referenced: dict[str, QueryTable] = {}
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            raise QueryRefused(f"Table functions are not allowed: {table.this.sql(DIALECT)}")
        name = table.name.lower()
        if table.args.get("db") or table.args.get("catalog"):
            raise QueryRefused(f'Table "{table.sql(DIALECT)}" does not exist in the collaboration.')
        if name in cte_names:
            continue
        if name not in tables:
            raise QueryRefused(f'Table "{name}" does not exist in the collaboration.')
        referenced[name] = tables[name]
    if not referenced:
        raise QueryRefused("The query must reference at least one configured table of the collaboration.")
    return referenced


def _common_rule_type(tables: Mapping[str, QueryTable]) -> RuleType:
    # "If there is no analysis rule configured, the configured table can be associated to collaborations but it
    # can't be queried. Queries can only reference configured tables with the same analysis rule type."
    # (https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules.html)
    for name, table in tables.items():
        if table.rule_type is None:
            raise QueryRefused(f'Table "{name}" has no analysis rule: it can\'t be queried.')
    rule_types = {table.rule_type for table in tables.values() if table.rule_type is not None}
    if len(rule_types) > 1:
        kinds = ", ".join(f"{name} ({table.rule_type})" for name, table in sorted(tables.items()))
        raise QueryRefused(f"Queries can only reference configured tables with the same analysis rule type: {kinds}.")
    return rule_types.pop()


def _parse_error_text(error: ParseError) -> str:
    if not error.errors:
        return str(error)
    first = error.errors[0]
    return f"{first.get('description')} (line {first.get('line')}, column {first.get('col')})"
