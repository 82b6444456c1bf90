"""GetRecommendations' side: filterValues parsing, compiling an expression with them, and applying it to
candidates (semantics in the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from .nodes import (
    CANDIDATE_COLUMN,
    EXCLUDE,
    IN,
    INCLUDE,
    INTERACTION_DATASETS,
    NOT_IN,
    RECENT_INTERACTIONS_PER_TYPE,
    USER_ID,
    Condition,
    CurrentItemRef,
    FilterExpression,
    FilterExpressionError,
    NumberLiteral,
    Placeholder,
    ValueList,
    Wildcard,
)


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

    def allows(self, candidate_id: str, **request: Any) -> bool:
        """Whether one candidate survives the filter (``request`` as for ``filter_candidates``). For many
        candidates use ``filter_candidates``, which indexes the interactions once."""
        return bool(self.filter_candidates([candidate_id], **request))

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
            column = CANDIDATE_COLUMN[self._target]
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
            ranked = sorted(enumerate(group), key=lambda p: (p[1].get("TIMESTAMP") or 0, p[0]), reverse=True)
            group = [row for _, row in ranked[:limit]]
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
            return make(lambda types, ctx: _event_test(types, lowered, wildcard, negate))  # type: ignore[arg-type]
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
