"""Analysis template parameters: the ``:name`` placeholders of a template's SQL and their typed literals.

Source: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_AnalysisParameter.html ("the member who
can query can provide this placeholder for a literal data value in an analysis template"; ``defaultValue`` "the
member who can query can override") and
https://docs.aws.amazon.com/clean-rooms/latest/userguide/create-analysis-template.html (templates "support
parameterisation with literal values only"). StartProtectedQuery carries the values as strings
(``sqlParameters.parameters``).

Where AWS is silent we chose: a placeholder is ``:`` followed by a parameter name (``[0-9a-zA-Z_]+``), outside
string literals, quoted identifiers and comments, and not the ``::`` cast operator; a value is turned into a
literal of the parameter's type (numbers checked as numbers, BOOLEAN true/false, strings quoted, dates and times
in ISO format cast to their type); a value for a parameter the template does not declare, a missing value with no
default and a value that is not of the declared type are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from .model import QueryRefused, Template

_NAME = re.compile(r"[0-9a-zA-Z_]+")
_INTEGER = re.compile(r"[+-]?\d+")
_INTEGER_TYPES = frozenset({"SMALLINT", "INTEGER", "BIGINT", "INT", "LONG", "SHORT", "TINYINT", "BYTE"})
_NUMBER_TYPES = frozenset({"DECIMAL", "NUMERIC", "REAL", "DOUBLE_PRECISION", "DOUBLE", "FLOAT"})
_STRING_TYPES = frozenset({"CHAR", "VARCHAR", "CHARACTER", "STRING"})
_BINARY_TYPES = frozenset({"VARBYTE", "BINARY"})
# type -> (parser that checks the ISO text, the SQL type the literal is cast to)
_TEMPORAL_TYPES = {
    "DATE": (date.fromisoformat, "DATE"),
    "TIMESTAMP": (datetime.fromisoformat, "TIMESTAMP"),
    "TIMESTAMP_NTZ": (datetime.fromisoformat, "TIMESTAMP"),
    "TIMESTAMPTZ": (datetime.fromisoformat, "TIMESTAMPTZ"),
    "TIMESTAMP_LTZ": (datetime.fromisoformat, "TIMESTAMPTZ"),
    "TIME": (time.fromisoformat, "TIME"),
    "TIMETZ": (time.fromisoformat, "TIMETZ"),
}


def template_parameters(text: str) -> list[str]:
    """The `:name` parameters `text` references, in order of first use."""
    names: list[str] = []
    for _, _, name in _placeholders(text):
        if name not in names:
            names.append(name)
    return names


def render_template(template: Template, values: Mapping[str, str]) -> str:
    """The template's SQL with each ``:name`` replaced by a typed literal of the given or the default value."""
    declared = {str(parameter["name"]): parameter for parameter in template.parameters}
    for name in values:
        if name not in declared:
            raise QueryRefused(f"Parameter {name} is not a parameter of the analysis template.")
    pieces: list[str] = []
    position = 0
    for start, end, name in _placeholders(template.text):
        parameter = declared.get(name)
        if parameter is None:
            raise QueryRefused(f"The analysis template references :{name}, which it does not declare.")
        value = values.get(name, parameter.get("defaultValue"))
        if value is None:
            raise QueryRefused(f"Parameter {name} has no value and the analysis template gives it no default.")
        pieces.append(template.text[position:start])
        pieces.append(_literal(name, str(parameter["type"]).upper(), str(value)))
        position = end
    pieces.append(template.text[position:])
    return "".join(pieces)


def _literal(name: str, kind: str, value: str) -> str:
    text = value.strip()
    if kind in _INTEGER_TYPES:
        if not _INTEGER.fullmatch(text):
            raise _wrong_type(name, kind, value)
        return str(int(text))
    if kind in _NUMBER_TYPES:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _wrong_type(name, kind, value)
        if not number.is_finite():
            raise _wrong_type(name, kind, value)
        return str(number)
    if kind == "BOOLEAN":
        if text.lower() not in ("true", "false"):
            raise _wrong_type(name, kind, value)
        return text.upper()
    if kind in _TEMPORAL_TYPES:
        parse, sql_type = _TEMPORAL_TYPES[kind]
        try:
            parse(text)
        except ValueError:
            raise _wrong_type(name, kind, value)
        return f"CAST({_quoted(text)} AS {sql_type})"
    if kind in _BINARY_TYPES:
        return f"CAST({_quoted(value)} AS VARBYTE)"
    if kind in _STRING_TYPES:
        return _quoted(value)
    raise QueryRefused(f"Parameter {name} has an unknown type {kind}.")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _wrong_type(name: str, kind: str, value: str) -> QueryRefused:
    return QueryRefused(f"The value {value!r} of parameter {name} is not a valid {kind}.")


def _placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each ``:name`` outside literals, quoted identifiers and comments."""
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char in "'\"":
            closing = text.find(char, index + 1)
            while closing != -1 and closing + 1 < length and text[closing + 1] == char:  # '' or "" escapes
                closing = text.find(char, closing + 2)
            index = length if closing == -1 else closing + 1
        elif text.startswith("--", index):
            newline = text.find("\n", index)
            index = length if newline == -1 else newline + 1
        elif text.startswith("/*", index):
            closing = text.find("*/", index + 2)
            index = length if closing == -1 else closing + 2
        elif text.startswith("::", index):
            index += 2
        elif char == ":":
            found = _NAME.match(text, index + 1)
            if found is None:
                index += 1
            else:
                yield index, found.end(), found.group()
                index = found.end()
        else:
            index += 1
