"""Parse, validate and evaluate Amazon Personalize filter expressions.

CreateFilter must reject malformed or disallowed expressions synchronously, and GetRecommendations
must apply the filter to candidates; both live here so they share one AST.

Sources: filter-expressions, creating-filter-expressions, filter-expression-guidelines-requirements,
multiple-expression-example and the *-filter-examples pages under
https://docs.aws.amazon.com/personalize/latest/dg/ ; filterValues: API_RS_GetRecommendations and
filter-batch (values are written ``"\\"comedy\\",\\"drama\\""``). AWS publishes no formal grammar.

Grammar accepted (keywords, targets and dataset names match case-insensitively, see below)::

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

import re
from dataclasses import dataclass
from typing import Callable, Optional, Union

from cleanroom_mock.personalize.avro_schema import ParsedSchema, SchemaField

__all__ = [
    "CompiledFilter",
    "Condition",
    "CurrentItemRef",
    "Expression",
    "FieldRef",
    "FilterExpression",
    "FilterExpressionError",
    "NumberLiteral",
    "Placeholder",
    "ValueList",
    "Wildcard",
    "compile_filter",
    "parse_filter_expression",
    "parse_filter_value",
    "validate_filter_expression",
]

INCLUDE, EXCLUDE = "INCLUDE", "EXCLUDE"
ITEM_ID, USER_ID, ACTION_ID = "ItemID", "UserID", "ActionID"
IN, NOT_IN = "IN", "NOT IN"
COMPARISON_OPERATORS: tuple[str, ...] = ("=", "!=", "<", "<=", ">", ">=")
DATASETS: tuple[str, ...] = ("Interactions", "Items", "Users", "Actions", "Action_Interactions")
INTERACTION_DATASETS = frozenset({"Interactions", "Action_Interactions"})
# filter-expression-guidelines-requirements / limits: at most 10 distinct dataset fields per filter.
MAX_FIELDS_PER_FILTER = 10
# filter-expressions: the filter considers the most recent 100 interactions per event type
# (300 for action interactions).
RECENT_INTERACTIONS_PER_TYPE = {"Interactions": 100, "Action_Interactions": 300}

# Datasets a WHERE clause may use, per target (creating-filter-expressions, *-filter-examples).
_TARGET_DATASETS: dict[str, tuple[str, ...]] = {
    ITEM_ID: ("Items", "Interactions"),
    USER_ID: ("Users", "Interactions"),
    ACTION_ID: ("Actions", "Action_Interactions"),
}
# action-recommendation-filter-examples: these are applied automatically and can't be filtered on.
_UNFILTERABLE_ACTION_FIELDS = frozenset({"EXPIRATION_TIMESTAMP", "REPEAT_FREQUENCY"})
# Column holding the candidate's ID in an interactions record, per target.
_CANDIDATE_COLUMN = {ITEM_ID: "ITEM_ID", ACTION_ID: "ACTION_ID", USER_ID: "USER_ID"}

_PREFIX = "Could not create filter. Invalid Expression"


class FilterExpressionError(Exception):
    """A filter expression (or its filterValues) is invalid; raised as InvalidInputException."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _invalid(detail: str) -> FilterExpressionError:
    # error-messages documents the prefix "Could not create filter. Invalid Expression...".
    return FilterExpressionError(f"{_PREFIX}: {detail}")


# --------------------------------------------------------------------------------------------
# AST
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRef:
    """``Dataset.COLUMN``; ``dataset`` is the canonical dataset name (CurrentUser → Users)."""

    dataset: str
    column: str

    def __str__(self) -> str:
        return f"{self.dataset}.{self.column}"


@dataclass(frozen=True)
class Placeholder:
    """``$NAME``: a value supplied at request time through filterValues (case-sensitive key)."""

    name: str


@dataclass(frozen=True)
class Wildcard:
    """``*`` (bare or quoted): every event type."""


@dataclass(frozen=True)
class NumberLiteral:
    value: float
    text: str


@dataclass(frozen=True)
class CurrentItemRef:
    """``CurrentItem.COLUMN``: the attribute of the item a related-items request is about."""

    column: str


@dataclass(frozen=True)
class ValueList:
    """The parenthesised list of an IN / NOT IN condition."""

    values: tuple[Union[str, Placeholder, Wildcard], ...]


Operand = Union[ValueList, Placeholder, NumberLiteral, CurrentItemRef]


@dataclass(frozen=True)
class Condition:
    field: FieldRef
    operator: str  # IN, NOT IN or one of COMPARISON_OPERATORS
    operand: Operand

    @property
    def placeholders(self) -> frozenset[str]:
        if isinstance(self.operand, Placeholder):
            return frozenset({self.operand.name})
        if isinstance(self.operand, ValueList):
            return frozenset(v.name for v in self.operand.values if isinstance(v, Placeholder))
        return frozenset()


@dataclass(frozen=True)
class Expression:
    """One ``INCLUDE|EXCLUDE target WHERE ... [IF ...]`` part of a filter.

    ``where`` is in disjunctive normal form: OR of AND-groups, which is how AND-over-OR precedence
    reads; ``user_conditions`` are the IF conditions (always AND-ed).
    """

    action: str
    target: str
    where: tuple[tuple[Condition, ...], ...]
    user_conditions: tuple[Condition, ...] = ()

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The WHERE conditions in written order."""
        return tuple(c for group in self.where for c in group)

    @property
    def placeholders(self) -> frozenset[str]:
        names: set[str] = set()
        for condition in self.conditions + self.user_conditions:
            names |= condition.placeholders
        return frozenset(names)


@dataclass(frozen=True)
class FilterExpression:
    """A whole filter: expressions joined by ``|``."""

    expressions: tuple[Expression, ...]

    @property
    def target(self) -> str:
        return self.expressions[0].target

    @property
    def placeholders(self) -> set[str]:
        names: set[str] = set()
        for expression in self.expressions:
            names |= expression.placeholders
        return names

    @property
    def fields(self) -> set[tuple[str, str]]:
        """Distinct (dataset, column) pairs, counting CurrentUser/CurrentItem attributes as Users/Items
        fields; used for the 10-per-filter and 20-per-dataset-group quotas."""
        found: set[tuple[str, str]] = set()
        for expression in self.expressions:
            for condition in expression.conditions + expression.user_conditions:
                found.add((condition.field.dataset, condition.field.column))
                if isinstance(condition.operand, CurrentItemRef):
                    found.add(("Items", condition.operand.column))
        return found


# --------------------------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD STRING PLACEHOLDER NUMBER STAR DOT LPAREN RPAREN COMMA PIPE OP END
    text: str
    position: int


_TOKEN_PATTERN = re.compile(
    r"""
    (?P<SPACE>\s+)
  | (?P<STRING>"[^"]*")
  | (?P<PLACEHOLDER>\$[A-Za-z0-9_]+)
  | (?P<NUMBER>-?\d+(?:\.\d+)?(?![A-Za-z_]))
  | (?P<WORD>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<OP><=|>=|!=|=|<|>)
  | (?P<STAR>\*)
  | (?P<DOT>\.)
  | (?P<LPAREN>\()
  | (?P<RPAREN>\))
  | (?P<COMMA>,)
  | (?P<PIPE>\|)
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN_PATTERN.match(text, position)
        if match is None:
            if text[position] == '"':
                raise _invalid(f"unterminated string starting at position {position}")
            raise _invalid(f"unexpected character {text[position]!r} at position {position}")
        kind = match.lastgroup or ""
        if kind != "SPACE":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("END", "", len(text)))
    return tokens


# --------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------


def parse_filter_expression(text: str) -> FilterExpression:
    """Parse a CreateFilter ``filterExpression`` into its AST, raising FilterExpressionError.

    Keywords (INCLUDE, WHERE, IN, ...), targets (ItemID ...) and dataset names match
    case-insensitively. AWS documents them in one spelling, but its own SDK example on the
    filter-real-time page writes ``EXCLUDE itemId WHERE INTERACTIONS.EVENT_TYPE in ("Purchase")``,
    so rejecting other cases would reject an AWS-published expression. Column names, string values
    and placeholder names stay case-sensitive.
    """
    if not text or not text.strip():
        raise _invalid("the expression is empty")
    return _Parser(_tokenize(text)).parse()


_KEYWORDS = frozenset({"INCLUDE", "EXCLUDE", "WHERE", "AND", "OR", "IF", "IN", "NOT"})
_TARGETS = {t.lower(): t for t in (ITEM_ID, USER_ID, ACTION_ID)}
_DATASET_NAMES = {d.lower(): d for d in DATASETS}


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._index = 0

    # -- token helpers ------------------------------------------------------------------------

    @property
    def _current(self) -> _Token:
        return self._tokens[self._index]

    def _advance(self) -> _Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def _is_keyword(self, keyword: str) -> bool:
        token = self._current
        return token.kind == "WORD" and token.text.upper() == keyword

    def _expect_keyword(self, keyword: str, context: str) -> None:
        if not self._is_keyword(keyword):
            raise self._unexpected(f"expected {keyword} {context}")
        self._advance()

    def _expect(self, kind: str, what: str) -> _Token:
        if self._current.kind != kind:
            raise self._unexpected(f"expected {what}")
        return self._advance()

    def _unexpected(self, expectation: str) -> FilterExpressionError:
        token = self._current
        found = "end of expression" if token.kind == "END" else repr(token.text)
        return _invalid(f"{expectation} at position {token.position}, found {found}")

    # -- grammar ------------------------------------------------------------------------------

    def parse(self) -> FilterExpression:
        expressions = [self._expression()]
        while self._current.kind == "PIPE":
            self._advance()
            expressions.append(self._expression())
        if self._current.kind != "END":
            raise self._unexpected("expected AND, OR, IF, | or the end of the expression")
        targets = {e.target for e in expressions}
        if len(targets) > 1:
            # Not documented by AWS; a filter applies to one kind of recommendation, so we reject
            # expressions mixing ItemID/UserID/ActionID.
            raise _invalid("all expressions of a filter must use the same target (ItemID, UserID or ActionID)")
        return FilterExpression(tuple(expressions))

    def _expression(self) -> Expression:
        if self._is_keyword(INCLUDE) or self._is_keyword(EXCLUDE):
            action = self._advance().text.upper()
        else:
            raise self._unexpected("expected INCLUDE or EXCLUDE")
        token = self._current
        if token.kind != "WORD" or token.text.lower() not in _TARGETS:
            raise self._unexpected(f"expected ItemID, UserID or ActionID after {action}")
        target = _TARGETS[self._advance().text.lower()]
        self._expect_keyword("WHERE", f"after {target}")

        groups: list[list[Condition]] = [[self._condition()]]
        while self._is_keyword("AND") or self._is_keyword("OR"):
            connector = self._advance().text.upper()
            if connector == "OR":
                groups.append([])
            groups[-1].append(self._condition())

        user_conditions: list[Condition] = []
        if self._is_keyword("IF"):
            self._advance()
            user_conditions.append(self._user_condition())
            while self._is_keyword("AND") or self._is_keyword("OR"):
                if self._is_keyword("OR"):
                    # creating-filter-expressions: an IF condition can be extended with AND only.
                    raise self._unexpected("an IF condition can only be extended with AND")
                self._advance()
                user_conditions.append(self._user_condition())
            if self._is_keyword("IF"):
                raise self._unexpected("IF may appear only once, at the end of an expression")
        return Expression(
            action=action,
            target=target,
            where=tuple(tuple(group) for group in groups),
            user_conditions=tuple(user_conditions),
        )

    def _condition(self) -> Condition:
        token = self._current
        if token.kind == "WORD" and token.text.lower() == "currentuser":
            raise self._unexpected("CurrentUser can only be used in an IF condition; expected a dataset field")
        if token.kind != "WORD" or token.text.lower() not in _DATASET_NAMES:
            raise self._unexpected("expected a dataset field such as Items.GENRE")
        dataset = _DATASET_NAMES[self._advance().text.lower()]
        self._expect("DOT", f"'.' after {dataset}")
        column = self._expect("WORD", f"a column name after {dataset}.").text
        field = FieldRef(dataset, column)
        operator = self._operator(str(field))
        return Condition(field, operator, self._operand(operator, allow_current_item=True))

    def _user_condition(self) -> Condition:
        token = self._current
        if token.kind != "WORD" or token.text.lower() != "currentuser":
            raise self._unexpected("IF conditions must test CurrentUser.<field>")
        self._advance()
        self._expect("DOT", "'.' after CurrentUser")
        column = self._expect("WORD", "a column name after CurrentUser.").text
        operator = self._operator(f"CurrentUser.{column}")
        return Condition(FieldRef("Users", column), operator, self._operand(operator, allow_current_item=False))

    def _operator(self, subject: str) -> str:
        if self._is_keyword("IN"):
            self._advance()
            return IN
        if self._is_keyword("NOT"):
            self._advance()
            self._expect_keyword("IN", "after NOT")
            return NOT_IN
        if self._current.kind == "OP":
            return self._advance().text
        raise self._unexpected(f"expected IN, NOT IN or a comparison operator after {subject}")

    def _operand(self, operator: str, *, allow_current_item: bool) -> Operand:
        token = self._current
        if token.kind == "WORD" and token.text.lower() == "currentitem":
            if not allow_current_item:
                raise self._unexpected("CurrentItem can't be used in an IF condition")
            self._advance()
            self._expect("DOT", "'.' after CurrentItem")
            return CurrentItemRef(self._expect("WORD", "a column name after CurrentItem.").text)
        if operator in (IN, NOT_IN):
            return self._value_list(operator)
        # Comparison: number, $NAME, or either in parentheses (e.g. Actions.VALUE > ($VALUE)).
        if token.kind == "LPAREN":
            self._advance()
            operand = self._scalar(operator)
            self._expect("RPAREN", "')'")
            return operand
        return self._scalar(operator)

    def _scalar(self, operator: str) -> Union[Placeholder, NumberLiteral]:
        token = self._current
        if token.kind == "PLACEHOLDER":
            self._advance()
            return Placeholder(token.text[1:])
        if token.kind == "NUMBER":
            self._advance()
            return NumberLiteral(float(token.text), token.text)
        raise self._unexpected(f"expected a number or a $placeholder after {operator}")

    def _value_list(self, operator: str) -> ValueList:
        self._expect("LPAREN", f"'(' after {operator}")
        values: list[Union[str, Placeholder, Wildcard]] = [self._list_value()]
        while self._current.kind == "COMMA":
            self._advance()
            values.append(self._list_value())
        self._expect("RPAREN", "',' or ')' in the value list")
        return ValueList(tuple(values))

    def _list_value(self) -> Union[str, Placeholder, Wildcard]:
        token = self._advance()
        if token.kind == "STRING":
            text = token.text[1:-1]
            # The older filter-expressions page writes the wildcard quoted: IN ("*").
            return Wildcard() if text == "*" else text
        if token.kind == "PLACEHOLDER":
            return Placeholder(token.text[1:])
        if token.kind == "STAR":
            return Wildcard()
        self._index -= 1
        raise self._unexpected('expected a "quoted value", a $placeholder or *')


# --------------------------------------------------------------------------------------------
# Validation against the dataset group's schemas
# --------------------------------------------------------------------------------------------


def validate_filter_expression(expr: FilterExpression, schemas: dict[str, ParsedSchema]) -> None:
    """Check a parsed filter against the schemas of its dataset group (CreateFilter).

    ``schemas`` maps canonical dataset type names ("Items", ...) to the schema of the group's
    dataset of that type; a missing key means the group has no such dataset.
    """
    for expression in expr.expressions:
        _validate_expression(expression, schemas)
    if len(expr.fields) > MAX_FIELDS_PER_FILTER:
        raise _invalid(
            f"the filter uses {len(expr.fields)} distinct dataset fields; the maximum is {MAX_FIELDS_PER_FILTER}"
        )


def _validate_expression(expression: Expression, schemas: dict[str, ParsedSchema]) -> None:
    allowed = _TARGET_DATASETS[expression.target]
    conditions = expression.conditions
    for condition in conditions:
        if condition.field.dataset not in allowed:
            raise _invalid(
                f"{condition.field} can't be used in a {expression.target} filter; "
                f"{expression.target} filters use the {' or '.join(allowed)} datasets"
            )
    first_dataset = conditions[0].field.dataset
    for condition in conditions[1:]:
        dataset = condition.field.dataset
        if dataset != first_dataset:
            pair = {dataset, first_dataset}
            if pair & INTERACTION_DATASETS:
                # filter-expression-guidelines-requirements: Items and Interactions (or Actions and
                # Action interactions) can't be in one expression; chain expressions with "|".
                raise _invalid(
                    f"the {first_dataset} and {dataset} datasets can't be combined in one expression; "
                    "chain separate expressions with |"
                )
            raise _invalid(
                f"conditions chained with AND/OR must use the {first_dataset} dataset of the first condition, "
                f"found {condition.field}"
            )

    for condition in conditions:
        field = _resolve_field(condition.field, schemas)
        _check_filterable(condition, field)
        if isinstance(condition.operand, CurrentItemRef):
            _check_current_item(condition, expression.target, schemas)

    if expression.user_conditions and expression.target == USER_ID:
        # Not documented by AWS; user segments have no requesting user, so CurrentUser has no meaning.
        raise _invalid("IF CurrentUser conditions can't be used in a UserID filter")
    for condition in expression.user_conditions:
        if "Users" not in schemas:
            raise _invalid(f"CurrentUser.{condition.field.column} needs a Users dataset in the dataset group")
        field = _resolve_field(condition.field, schemas, display=f"CurrentUser.{condition.field.column}")
        _check_filterable(condition, field)


def _resolve_field(ref: FieldRef, schemas: dict[str, ParsedSchema], display: Optional[str] = None) -> SchemaField:
    shown = display or str(ref)
    schema = schemas.get(ref.dataset)
    if schema is None:
        raise _invalid(f"{shown} refers to the {ref.dataset} dataset, which the dataset group doesn't have")
    field = schema.field(ref.column)
    if field is None:
        raise _invalid(f"{shown}: {ref.column} is not a field of the {ref.dataset} dataset schema")
    return field


def _check_filterable(condition: Condition, field: SchemaField) -> None:
    ref = condition.field
    # filter-expression-guidelines-requirements: no boolean fields, no unstructured text fields.
    if field.primitive == "boolean":
        raise _invalid(f"{ref} is a boolean field; filters can't use boolean fields (use a string or 0/1)")
    if field.textual:
        raise _invalid(f"{ref} is a textual field; filters can't use unstructured text fields")
    if ref.dataset in INTERACTION_DATASETS and ref.column != "EVENT_TYPE":
        raise _invalid(f"{ref}: {ref.dataset} filters can only use the EVENT_TYPE field")
    if ref.dataset == "Actions" and ref.column in _UNFILTERABLE_ACTION_FIELDS:
        raise _invalid(f"{ref} is applied automatically and can't be used in a filter")
    operand = condition.operand
    if isinstance(operand, ValueList):
        for value in operand.values:
            if isinstance(value, Wildcard) and not (ref.dataset in INTERACTION_DATASETS and ref.column == "EVENT_TYPE"):
                raise _invalid(f"{ref}: * can only be used with the EVENT_TYPE field of an interactions dataset")
            if isinstance(value, Placeholder) and condition.operator == NOT_IN:
                # Verbatim from error-messages.
                raise FilterExpressionError(
                    f"Could not create filter. Invalid input symbol: ${value.name}. "
                    "Placeholders are not allowed with NOT_IN operator."
                )
    if condition.operator in COMPARISON_OPERATORS and not field.is_numeric:
        # creating-filter-expressions: comparison operators test numerical data.
        raise _invalid(f"{ref} is a {field.primitive} field; comparison operators need a numeric field")


def _check_current_item(condition: Condition, target: str, schemas: dict[str, ParsedSchema]) -> None:
    assert isinstance(condition.operand, CurrentItemRef)
    shown = f"CurrentItem.{condition.operand.column}"
    # creating-filter-expressions: CurrentItem is for related-items recommendations only.
    if target != ITEM_ID or condition.field.dataset != "Items":
        raise _invalid(f"{shown} can only be compared with Items fields in an ItemID filter")
    field = _resolve_field(FieldRef("Items", condition.operand.column), schemas, display=shown)
    if field.primitive == "boolean" or field.textual:
        raise _invalid(f"{shown} is a boolean or textual field and can't be used in a filter")
    if condition.operator in COMPARISON_OPERATORS and not field.is_numeric:
        raise _invalid(f"{shown} is a {field.primitive} field; comparison operators need a numeric field")


# --------------------------------------------------------------------------------------------
# filterValues
# --------------------------------------------------------------------------------------------


def parse_filter_value(raw: str) -> list[str]:
    """Split one filterValues entry into its values.

    AWS documents each value double-quoted and comma-separated: ``"\\"comedy\\",\\"drama\\""``
    (filter-batch, API_RS_GetRecommendations). Not documented whether unquoted values are accepted;
    we also accept ``comedy,drama`` and ``20`` (split on commas, trimmed) so numeric values work either way.
    """
    values: list[str] = []
    position, length = 0, len(raw)
    while True:
        while position < length and raw[position].isspace():
            position += 1
        if position < length and raw[position] == '"':
            end = raw.find('"', position + 1)
            if end < 0:
                raise FilterExpressionError(f"Invalid filter value {raw!r}: unterminated quote")
            values.append(raw[position + 1 : end])
            position = end + 1
            while position < length and raw[position].isspace():
                position += 1
            if position < length and raw[position] != ",":
                raise FilterExpressionError(f"Invalid filter value {raw!r}: expected ',' after a quoted value")
        else:
            end = raw.find(",", position)
            end = length if end < 0 else end
            values.append(raw[position:end].strip())
            position = end
        if position >= length:
            return values
        position += 1  # skip the comma


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


@dataclass
class _RequestContext:
    current_item: Optional[dict]


@dataclass(frozen=True)
class _CompiledCondition:
    dataset: str
    column: str
    test: Callable[[object, _RequestContext], bool]  # (value of the field, context) -> bool
    is_interaction: bool
    needs_current_item: bool = False


@dataclass(frozen=True)
class _CompiledExpression:
    action: str
    where: tuple[tuple[_CompiledCondition, ...], ...]
    user_conditions: tuple[_CompiledCondition, ...]


class CompiledFilter:
    """A filter with its request's filterValues bound, ready to test candidates."""

    def __init__(self, target: str, expressions: tuple[_CompiledExpression, ...]) -> None:
        self.target = target
        self._expressions = expressions
        self._needs_current_item = any(c.needs_current_item for e in expressions for group in e.where for c in group)

    def allows(
        self,
        candidate_id: str,
        *,
        items: dict[str, dict],
        users: dict[str, dict],
        user_id: Optional[str],
        user_interactions: list[dict],
        current_item: Optional[dict],
        actions: Optional[dict[str, dict]] = None,
        interactions_by_user: Optional[dict[str, list[dict]]] = None,
    ) -> bool:
        """Whether one candidate survives the filter. For many candidates use ``filter_candidates``,
        which indexes the interactions once."""
        return bool(
            self.filter_candidates(
                [candidate_id],
                items=items,
                users=users,
                user_id=user_id,
                user_interactions=user_interactions,
                current_item=current_item,
                actions=actions,
                interactions_by_user=interactions_by_user,
            )
        )

    def filter_candidates(
        self,
        candidate_ids: list[str],
        *,
        items: dict[str, dict],
        users: dict[str, dict],
        user_id: Optional[str],
        user_interactions: list[dict],
        current_item: Optional[dict],
        actions: Optional[dict[str, dict]] = None,
        interactions_by_user: Optional[dict[str, list[dict]]] = None,
    ) -> list[str]:
        """The candidates (in input order) that survive the filter.

        ``items``/``users``/``actions`` map IDs to records keyed by schema column; interaction
        records carry ``EVENT_TYPE``, ``TIMESTAMP`` and ``ITEM_ID`` (or ``ACTION_ID``).
        ``user_interactions`` are the requesting user's item (or action, for ActionID filters)
        interactions; ``interactions_by_user`` serves UserID filters.
        """
        if self._needs_current_item and current_item is None:
            # Not documented by AWS; without the request's item there is nothing to compare with.
            raise FilterExpressionError("The filter uses CurrentItem; provide an itemId to apply it")
        context = _RequestContext(current_item=current_item)
        user_record = users.get(user_id) if user_id is not None else None
        active = [e for e in self._expressions if _all_hold(e.user_conditions, user_record, context)]
        if not active:
            return list(candidate_ids)
        includes = [e for e in active if e.action == INCLUDE]
        excludes = [e for e in active if e.action == EXCLUDE]
        records = {"Items": items, "Users": users, "Actions": actions or {}}
        event_types = _EventTypeIndex(self.target, user_interactions, interactions_by_user)

        def matches(expression: _CompiledExpression, candidate: str) -> bool:
            for group in expression.where:
                if all(_condition_holds(c, candidate, records, event_types, context) for c in group):
                    return True
            return False

        survivors = []
        for candidate in candidate_ids:
            if includes and not any(matches(e, candidate) for e in includes):
                continue
            if any(matches(e, candidate) for e in excludes):
                continue
            survivors.append(candidate)
        return survivors


class _EventTypeIndex:
    """Lower-cased event types per candidate, from the most recent interactions per event type."""

    def __init__(
        self, target: str, user_interactions: list[dict], interactions_by_user: Optional[dict[str, list[dict]]]
    ) -> None:
        self._target = target
        self._user_interactions = user_interactions
        self._by_user = interactions_by_user or {}
        self._index: Optional[dict[str, set[str]]] = None

    def types_for(self, candidate: str, dataset: str) -> set[str]:
        if self._target == USER_ID:
            rows = _most_recent(self._by_user.get(candidate, []), dataset)
            return {str(r.get("EVENT_TYPE", "")).lower() for r in rows}
        if self._index is None:
            column = _CANDIDATE_COLUMN[self._target]
            index: dict[str, set[str]] = {}
            for row in _most_recent(self._user_interactions, dataset):
                index.setdefault(str(row.get(column)), set()).add(str(row.get("EVENT_TYPE", "")).lower())
            self._index = index
        return self._index.get(candidate, set())


def _most_recent(rows: list[dict], dataset: str) -> list[dict]:
    limit = RECENT_INTERACTIONS_PER_TYPE.get(dataset, 100)
    by_type: dict[str, list[dict]] = {}
    for row in rows:
        by_type.setdefault(str(row.get("EVENT_TYPE", "")).lower(), []).append(row)
    kept: list[dict] = []
    for group in by_type.values():
        if len(group) > limit:
            # Stable sort: among equal timestamps the later-recorded row counts as more recent.
            group = sorted(enumerate(group), key=lambda p: (p[1].get("TIMESTAMP") or 0, p[0]), reverse=True)
            group = [row for _, row in group[:limit]]
        kept.extend(group)
    return kept


def _all_hold(conditions: tuple[_CompiledCondition, ...], record: Optional[dict], context: _RequestContext) -> bool:
    if not conditions:
        return True
    if record is None:
        return False
    return all(c.test(record.get(c.column), context) for c in conditions)


def _condition_holds(
    condition: _CompiledCondition,
    candidate: str,
    records: dict[str, dict[str, dict]],
    event_types: _EventTypeIndex,
    context: _RequestContext,
) -> bool:
    if condition.is_interaction:
        return condition.test(event_types.types_for(candidate, condition.dataset), context)
    record = records[condition.dataset].get(candidate)
    if record is None:
        return False
    return condition.test(record.get(condition.column), context)


def compile_filter(expr: FilterExpression, filter_values: Optional[dict[str, str]]) -> CompiledFilter:
    """Bind a request's filterValues to a parsed filter (GetRecommendations, batch jobs).

    Raises FilterExpressionError when an INCLUDE expression lacks a placeholder value or a value
    can't be used (e.g. a non-number for a numeric comparison). EXCLUDE expressions lacking a
    value are dropped (API_RS_GetRecommendations). An empty string counts as missing; keys that
    match no placeholder are ignored. Neither is documented by AWS; both keep requests lenient.
    """
    provided = {k: v for k, v in (filter_values or {}).items() if v != ""}
    compiled = []
    for expression in expr.expressions:
        missing = sorted(expression.placeholders - provided.keys())
        if missing:
            if expression.action == EXCLUDE:
                continue
            raise FilterExpressionError(
                f"Invalid filter values: provide a value for the placeholder ${missing[0]} "
                "(INCLUDE expressions need values for all their placeholders)"
            )
        parsed = {name: parse_filter_value(provided[name]) for name in expression.placeholders}
        compiled.append(
            _CompiledExpression(
                action=expression.action,
                where=tuple(tuple(_compile_condition(c, parsed) for c in group) for group in expression.where),
                user_conditions=tuple(_compile_condition(c, parsed) for c in expression.user_conditions),
            )
        )
    return CompiledFilter(expr.target, tuple(compiled))


def _compile_condition(condition: Condition, values: dict[str, list[str]]) -> _CompiledCondition:
    dataset, column = condition.field.dataset, condition.field.column
    is_interaction = dataset in INTERACTION_DATASETS
    operand, operator = condition.operand, condition.operator

    def make(test: Callable[[object, _RequestContext], bool]) -> _CompiledCondition:
        return _CompiledCondition(
            dataset, column, test, is_interaction, needs_current_item=isinstance(operand, CurrentItemRef)
        )

    if isinstance(operand, CurrentItemRef):
        attribute = operand.column

        def current_value(context: _RequestContext) -> object:
            return (context.current_item or {}).get(attribute)

        if operator in (IN, NOT_IN):
            negate = operator == NOT_IN
            return make(lambda v, ctx: _in_test(v, _parts(current_value(ctx)), False, negate))
        compare = _COMPARE[operator]
        return make(lambda v, ctx: _compare(v, _as_number(current_value(ctx)), compare))

    if operator in (IN, NOT_IN):
        assert isinstance(operand, ValueList)
        listed: set[str] = set()
        wildcard = False
        for value in operand.values:
            if isinstance(value, Wildcard):
                wildcard = True
            elif isinstance(value, Placeholder):
                listed.update(values[value.name])
            else:
                listed.add(value)
        negate = operator == NOT_IN
        if is_interaction:
            # filter-expressions: event types match ignoring case.
            lowered = {v.lower() for v in listed}
            return make(lambda types, ctx: _event_test(types, lowered, wildcard, negate))
        frozen = frozenset(listed)
        return make(lambda v, ctx: _in_test(v, frozen, wildcard, negate))

    compare = _COMPARE[operator]
    if isinstance(operand, Placeholder):
        supplied = values[operand.name]
        number = _as_number(supplied[0]) if len(supplied) == 1 else None
        if number is None:
            raise FilterExpressionError(
                f"Invalid filter value for ${operand.name}: {column} {operator} needs exactly one number"
            )
    else:
        assert isinstance(operand, NumberLiteral)
        number = operand.value
    return make(lambda v, ctx: _compare(v, number, compare))


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _parts(value: object) -> Optional[frozenset[str]]:
    """The value's parts for IN matching; None for a missing value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return frozenset({"true" if value else "false"})
    if isinstance(value, str):
        return frozenset(value.split("|"))
    if isinstance(value, float) and value.is_integer():
        return frozenset({str(value), str(int(value))})
    return frozenset({str(value)})


def _in_test(value: object, listed: Optional[frozenset[str]], wildcard: bool, negate: bool) -> bool:
    parts = _parts(value)
    if parts is None or listed is None:
        return False
    hit = wildcard or not parts.isdisjoint(listed)
    return hit != negate


def _event_test(types: set[str], lowered: set[str], wildcard: bool, negate: bool) -> bool:
    if not types:
        return False
    if negate:
        return not wildcard and any(t not in lowered for t in types)
    return wildcard or not types.isdisjoint(lowered)


def _as_number(value: object) -> Optional[float]:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _compare(value: object, reference: Optional[float], compare: Callable[[float, float], bool]) -> bool:
    number = _as_number(value)
    if number is None or reference is None:
        return False
    return compare(number, reference)
