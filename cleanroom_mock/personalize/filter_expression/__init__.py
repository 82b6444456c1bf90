"""Parse, validate and evaluate Amazon Personalize filter expressions.

CreateFilter must reject malformed or disallowed expressions synchronously, and GetRecommendations
must apply the filter to candidates; both live here so they share one AST.

Sources: filter-expressions, creating-filter-expressions, filter-expression-guidelines-requirements,
multiple-expression-example and the *-filter-examples pages under
https://docs.aws.amazon.com/personalize/latest/dg/ ; filterValues: API_RS_GetRecommendations and
filter-batch (values are written ``"\\"comedy\\",\\"drama\\""``). AWS publishes no formal grammar.

Grammar accepted (keywords, targets, dataset names and field names match case-insensitively; CreateFilter
stores the expression with the schema's spelling of each field, see ``checks``)::

    filter  := expr ("|" expr)*
    expr    := (INCLUDE|EXCLUDE) (ItemID|UserID|ActionID) WHERE cond ((AND|OR) cond)*
               [IF ucond (AND ucond)*]
    cond    := Dataset "." COLUMN op operand
    ucond   := CurrentUser "." COLUMN op operand
    op      := IN | NOT IN | = | != | < | <= | > | >=
    operand := "(" value ("," value)* ")"   value := "text" | $NAME | *      (IN / NOT IN)
             | number | $NAME | "(" $NAME ")" | "(" number ")"              (comparisons)
             | CurrentItem "." COLUMN                                        (either)

Evaluation semantics (for ``CompiledFilter``):

- ``INCLUDE`` keeps candidates matching its WHERE clause, ``EXCLUDE`` removes them. AND binds tighter
  than OR (Not documented by AWS; we chose the usual SQL precedence because expressions are "SQL-like").
- ``|``: the candidate survives when it matches at least one active INCLUDE (if there is any) and no
  active EXCLUDE: union of INCLUDEs minus union of EXCLUDEs, independent of order (spec §5.1).
- An EXCLUDE expression missing a placeholder value is disabled (API_RS_GetRecommendations); an
  INCLUDE one raises FilterExpressionError (→ InvalidInputException).
- ``IF CurrentUser...`` is evaluated once per request against the Users record of ``user_id``. When it
  is false, or the user has no record, the expression is inactive for that request. Not documented
  by AWS; we chose "inactive" because IF reads as a precondition of the whole expression.
- Field values: a string is split on ``|`` (multi-value categorical data) and ``IN`` matches when any
  part is listed; ``NOT IN`` matches when a value is present and none of its parts is listed. A
  missing record or a null value matches neither ``IN`` nor ``NOT IN`` nor any comparison (SQL NULL).
  Numbers are compared to ``IN`` lists by their string form.
- ``Interactions.EVENT_TYPE`` (ItemID filters) looks at the requesting user's interactions with the
  candidate item; event types match case-insensitively (filter-expressions) and ``*`` matches any
  type. ``NOT IN`` matches when the user has an interaction with the candidate whose type is not
  listed. Only the 100 most recent interactions per event type are considered (300 for
  Action_Interactions), per filter-expressions. For UserID filters the candidate user's own
  interactions (with any item) are used.
- Numeric comparisons with a placeholder need exactly one numeric value in filterValues.
"""

from __future__ import annotations

from .checks import validate_filter_expression
from .evaluation import CompiledFilter, compile_filter, parse_filter_value
from .nodes import FilterExpression, FilterExpressionError  # the node types: .nodes
from .parser import parse_filter_expression

__all__ = [
    "CompiledFilter",
    "FilterExpression",
    "FilterExpressionError",
    "compile_filter",
    "parse_filter_expression",
    "parse_filter_value",
    "validate_filter_expression",
]
