"""Text to AST: a tokenizer and a recursive-descent parser for the grammar in the package docstring."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from .nodes import (
    ACTION_ID,
    DATASETS,
    EXCLUDE,
    IN,
    INCLUDE,
    ITEM_ID,
    NOT_IN,
    USER_ID,
    Condition,
    CurrentItemRef,
    Expression,
    FieldRef,
    FilterExpression,
    FilterExpressionError,
    NumberLiteral,
    Operand,
    Placeholder,
    ValueList,
    Wildcard,
    invalid_expression,
)


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
                raise invalid_expression(f"unterminated string starting at position {position}")
            raise invalid_expression(f"unexpected character {text[position]!r} at position {position}")
        kind = match.lastgroup or ""
        if kind != "SPACE":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("END", "", len(text)))
    return tokens


def parse_filter_expression(text: str) -> FilterExpression:
    """Parse a CreateFilter ``filterExpression`` into its AST, raising FilterExpressionError.

    Keywords (INCLUDE, WHERE, IN, ...), targets (ItemID ...) and dataset names match
    case-insensitively. AWS documents them in one spelling, but its own SDK example on the
    filter-real-time page writes ``EXCLUDE itemId WHERE INTERACTIONS.EVENT_TYPE in ("Purchase")``,
    so rejecting other cases would reject an AWS-published expression. Column names are kept as
    written here and matched to the schema ignoring case by ``validate_filter_expression``; string
    values and placeholder names stay case-sensitive.
    """
    if not text or not text.strip():
        raise invalid_expression("the expression is empty")
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
        return invalid_expression(f"{expectation} at position {token.position}, found {found}")

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
            raise invalid_expression(
                "all expressions of a filter must use the same target (ItemID, UserID or ActionID)"
            )
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
