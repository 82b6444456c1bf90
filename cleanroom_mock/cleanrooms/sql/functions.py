"""The names the analysis rules give SQL functions, for the nodes sqlglot parses them into.

AGGREGATION's ``scalarFunctions`` lists Redshift names (ABS, CAST, ..., UPPER:
https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AnalysisRuleAggregation.html); sqlglot parses
several of them into a normalised node (``DATEADD`` into ``TsOrDsAdd``, ``GETDATE`` into ``CurrentTimestamp``,
``CONVERT`` into ``Cast``). This table maps a node class back to the rule names it can stand for.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlglot import exp

# sqlglot node class name -> the scalarFunctions names it may have been written as. A node that stands for two
# names (CAST and CONVERT both parse into Cast) is allowed when either is: sqlglot keeps no trace of the spelling.
_RULE_NAMES = MappingProxyType(
    {
        "Abs": ("ABS",),
        "Cast": ("CAST", "CONVERT"),
        "TryCast": ("CAST", "CONVERT"),
        "Ceil": ("CEILING",),
        "Coalesce": ("COALESCE",),
        "CurrentDate": ("CURRENT_DATE",),
        "DateAdd": ("DATEADD",),
        "TsOrDsAdd": ("DATEADD",),
        "TimestampAdd": ("DATEADD",),
        "Extract": ("EXTRACT",),
        "Floor": ("FLOOR",),
        "CurrentTimestamp": ("GETDATE",),
        "Ln": ("LN",),
        "Log": ("LOG",),
        "Lower": ("LOWER",),
        "Round": ("ROUND",),
        "Sqrt": ("SQRT",),
        "Substring": ("SUBSTRING",),
        "TimeToStr": ("TO_CHAR",),
        "ToChar": ("TO_CHAR",),
        "StrToDate": ("TO_DATE",),
        "TsOrDsToDate": ("TO_DATE",),
        "ToNumber": ("TO_NUMBER",),
        "StrToTime": ("TO_TIMESTAMP",),
        "UnixToTime": ("TO_TIMESTAMP",),
        "Trunc": ("TRUNC",),
        "DateTrunc": ("TRUNC",),
        "TimestampTrunc": ("TRUNC",),
        "Upper": ("UPPER",),
    }
)


def rule_names(function: exp.Func) -> tuple[str, ...]:
    """The names an analysis rule would list to allow `function` (``TRIM(x)`` → TRIM, ``RTRIM(x)`` → RTRIM)."""
    from sqlglot import exp

    if isinstance(function, exp.Trim):
        return ("RTRIM",) if function.args.get("position") == "TRAILING" else ("TRIM",)
    if isinstance(function, exp.Anonymous):
        return (str(function.name).upper(),)
    return _RULE_NAMES.get(type(function).__name__, (display_name(function),))


def display_name(function: exp.Func) -> str:
    """The function's name as a message shows it."""
    from sqlglot import exp

    if isinstance(function, exp.Anonymous):
        return str(function.name).upper()
    names = _RULE_NAMES.get(type(function).__name__)
    if names:
        return names[0]
    return function.sql_name()


def is_function(node: exp.Expr) -> bool:
    """Whether `node` is a function call (sqlglot also makes the logical connectors AND/OR function nodes)."""
    from sqlglot import exp

    return isinstance(node, exp.Func) and not isinstance(node, exp.Connector)
