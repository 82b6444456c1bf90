"""The filter language's vocabulary: its constants, its error, and the parsed expression (AST)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

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
TARGET_DATASETS: dict[str, tuple[str, ...]] = {
    ITEM_ID: ("Items", "Interactions"),
    USER_ID: ("Users", "Interactions"),
    ACTION_ID: ("Actions", "Action_Interactions"),
}
# action-recommendation-filter-examples: these are applied automatically and can't be filtered on.
UNFILTERABLE_ACTION_FIELDS = frozenset({"EXPIRATION_TIMESTAMP", "REPEAT_FREQUENCY"})
# Column holding the candidate's ID in an interactions record, per target.
CANDIDATE_COLUMN = {ITEM_ID: "ITEM_ID", ACTION_ID: "ACTION_ID", USER_ID: "USER_ID"}

_PREFIX = "Could not create filter. Invalid Expression"


class FilterExpressionError(Exception):
    """A filter expression (or its filterValues) is invalid; raised as InvalidInputException."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invalid_expression(detail: str) -> FilterExpressionError:
    # error-messages documents the prefix "Could not create filter. Invalid Expression...".
    return FilterExpressionError(f"{_PREFIX}: {detail}")


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
