"""Server-side input validation from the model, the way AWS reports it.

Like botocore's validate.py it walks the shape and collects every problem instead of stopping at the first;
unlike botocore (which checks only required, types and minimums) it also checks patterns, maxima, enums and
ranges, and words the result as AWS does::

    2 validation errors detected: Value 'x y' at 'name' failed to satisfy constraint: Member must satisfy
    regular expression pattern: ^[a-zA-Z0-9\\-_]*; Value null at 'schemaArn' failed to satisfy constraint:
    Member must not be null
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from botocore.model import Shape

from ..errors import ServiceError

_PATTERNS: dict[str, re.Pattern[str] | None] = {}

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "boolean": (bool,),
    "timestamp": (_dt.datetime,),
    "blob": (bytes, bytearray, str),
    "structure": (dict,),
    "list": (list, tuple),
    "map": (dict,),
}


_INT_BOUNDS = {"integer": 2**31, "long": 2**63}


def validate_input(
    shape: Shape | None,
    params: dict[str, Any],
    error_code: str,
    fields: Mapping[str, Any] | None = None,
    token_error: str | None = None,
) -> None:
    """Raise ``error_code`` (the service's validation error) listing every constraint ``params`` breaks.

    ``token_error``: the operation's own error for a bad pagination token (e.g. InvalidNextTokenException,
    which Personalize's List operations declare instead of the validation error): answered when the
    ``nextToken`` is all that is wrong, as AWS answers a token it cannot read."""
    if shape is None:
        return
    problems: list[str] = []
    _structure(shape, params, "", problems)
    if problems and token_error is not None and all(" at 'nextToken' failed" in p for p in problems):
        raise ServiceError(token_error, "The nextToken is invalid or has expired.")
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise ServiceError(error_code, f"{count} validation {noun} detected: " + "; ".join(problems), **(fields or {}))


def _fail(problems: list[str], value: Any, path: str, constraint: str) -> None:
    problems.append(f"Value {_show(value)} at '{path}' failed to satisfy constraint: {constraint}")


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)


def _structure(shape: Shape, value: dict[str, Any], path: str, problems: list[str]) -> None:
    members = shape.members
    for name in shape.required_members:
        if value.get(name) is None:
            _fail(problems, None, f"{path}{name}", "Member must not be null")
    if shape.is_tagged_union:
        present = [name for name in members if value.get(name) is not None]
        if len(present) != 1:
            problems.append(
                f"Value at '{path.rstrip('.') or shape.name}' failed to satisfy constraint: "
                "Member must have exactly one member set"
            )
    for name, item in value.items():
        member = members.get(name)
        if member is not None and item is not None:
            _value(member, item, f"{path}{name}", problems)


def _value(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    expected = _PY_TYPES.get(kind)
    if expected is not None and (not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool))):
        # AWS rejects a wrongly typed JSON value while deserialising, before any constraint is checked.
        raise ServiceError("SerializationException", f"Value {_show(value)} at '{path}' is not a valid {kind}.")
    metadata = shape.metadata
    if kind == "string":
        _length(metadata, len(value), value, path, problems)
        enum = metadata.get("enum")
        if enum and value not in enum:
            _fail(problems, value, path, f"Member must satisfy enum value set: [{', '.join(enum)}]")
        pattern = metadata.get("pattern")
        if pattern and not _matches(pattern, value):
            _fail(problems, value, path, f"Member must satisfy regular expression pattern: {pattern}")
    elif kind in ("integer", "long", "float", "double"):
        bound = _INT_BOUNDS.get(kind)
        if bound is not None and not -bound <= value < bound:
            # a number a 32-bit (integer) or 64-bit (long) field cannot hold fails while deserialising
            raise ServiceError("SerializationException", f"Value {value} at '{path}' is out of range for {kind}.")
        if "min" in metadata and value < metadata["min"]:
            _fail(problems, value, path, f"Member must have value greater than or equal to {metadata['min']}")
        if "max" in metadata and value > metadata["max"]:
            _fail(problems, value, path, f"Member must have value less than or equal to {metadata['max']}")
    elif kind == "structure":
        _structure(shape, value, f"{path}.", problems)
    elif kind == "list":
        _length(metadata, len(value), value, path, problems)
        member = shape.member
        for index, item in enumerate(value, start=1):
            if item is None:
                _fail(problems, None, f"{path}.{index}.member", "Member must not be null")
            else:
                _value(member, item, f"{path}.{index}.member", problems)
    elif kind == "map":
        _length(metadata, len(value), value, path, problems)
        for key, item in value.items():
            key_problems: list[str] = []
            _value(shape.key, key, path, key_problems)
            if key_problems:
                reasons = "; ".join(problem.split("failed to satisfy constraint: ", 1)[1] for problem in key_problems)
                _fail(problems, value, path, f"Map keys must satisfy constraint: [{reasons}]")
            if item is None:  # AWS is silent; we chose: a null map value is refused like a null list item
                _fail(problems, None, f"{path}.{key}.member", "Member must not be null")
            else:
                _value(shape.value, item, f"{path}.{key}.member", problems)
    elif kind == "blob":
        _length(metadata, len(value), None, path, problems)


def _length(metadata: dict[str, Any], length: int, value: Any, path: str, problems: list[str]) -> None:
    if "min" in metadata and length < metadata["min"]:
        _fail(problems, value, path, f"Member must have length greater than or equal to {metadata['min']}")
    if "max" in metadata and length > metadata["max"]:
        _fail(problems, value, path, f"Member must have length less than or equal to {metadata['max']}")


def _matches(pattern: str, value: str) -> bool:
    compiled = _PATTERNS.get(pattern, False)
    if compiled is False:
        compiled = _compile_java_pattern(pattern)
        _PATTERNS[pattern] = compiled
    # A pattern Python cannot express is not enforced rather than guessed at (see _compile_java_pattern).
    return compiled is None or compiled.fullmatch(value) is not None  # type: ignore[union-attr]


def _compile_java_pattern(pattern: str) -> re.Pattern[str] | None:
    """Models carry Java regexes, matched against the whole value (Java's ``matches``)."""
    translated = pattern.replace(r"\p{L}", "a-zA-Z\u00c0-\uffff").replace(r"\p{Z}", r"\s").replace(r"\p{N}", "0-9")
    translated = translated.replace(r"\p{Alnum}", "a-zA-Z0-9").replace(r"\p{Alpha}", "a-zA-Z")
    translated = translated.replace(r"\p{ASCII}", r"[\x00-\x7f]")
    try:
        return re.compile(translated, re.DOTALL)
    except re.error:
        return None
