"""The analysis rules a protected query must satisfy, one module per rule type
(https://docs.aws.amazon.com/clean-rooms/latest/userguide/analysis-rules.html)."""

from __future__ import annotations

from typing import Optional

from ..model import QueryRefused, Template
from ..parsing import ParsedQuery
from .aggregation import check_aggregation
from .custom import check_custom
from .listing import check_list
from .shape import SelectShape


def check_rules(query: ParsedQuery, runner_account: str, template: Optional[Template]) -> None:
    """Refuse `query` unless the analysis rule type its tables share allows it for `runner_account`."""
    qualified = query.qualified()
    if query.rule_type == "CUSTOM":
        check_custom(qualified, query.tables, runner_account, template)
        return
    # "Analysis templates ... work with the custom analysis rule"
    # (https://docs.aws.amazon.com/clean-rooms/latest/userguide/create-analysis-template.html)
    if template is not None:
        raise QueryRefused(
            f"Analysis templates can only query configured tables with a custom analysis rule; the query's tables "
            f"have the {query.rule_type} rule."
        )
    shape = SelectShape.of(query.tree, qualified, query.tables, query.rule_type.lower())
    if query.rule_type == "AGGREGATION":
        check_aggregation(shape, runner_account)
    else:
        check_list(shape, runner_account)


__all__ = ["check_rules"]
