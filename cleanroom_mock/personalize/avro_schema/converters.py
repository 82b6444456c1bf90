"""CSV cell to typed value, per field: the hot loop of every dataset import."""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

from .fields import SchemaError, SchemaField

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def converter_for(field: SchemaField) -> Callable[[str], object]:
    """Build the function that turns one CSV cell of ``field`` into its Python value.

    Built once per column so the per-cell cost on million-row imports is a single call with no
    type dispatch. An empty cell becomes None only for nullable fields (a union with "null").
    """
    name, nullable, primitive = field.name, field.nullable, field.primitive

    def fail(raw: str, expected: str) -> SchemaError:
        return SchemaError(f'Invalid value "{raw}" for field "{name}": expected {expected}')

    def empty(raw: str) -> object:
        if nullable:
            return None
        raise fail(raw, f"a non-empty {primitive} (the field is not nullable)")

    def numeric(parse: Callable[[str], object], wrong: Callable[[Any], Optional[str]]) -> Callable[[str], object]:
        """A number cell: ``parse`` it (ValueError: not a ``primitive``), then ``wrong(value)`` says what was
        expected instead of an out-of-range value (None: the value is fine)."""

        def to_number(raw: str) -> object:
            if raw == "":
                return empty(raw)
            try:
                value = parse(raw)
            except ValueError:
                raise fail(raw, primitive)
            expected = wrong(value)
            if expected is not None:
                raise fail(raw, expected)
            return value

        return to_number

    if primitive in ("int", "long"):
        low, high = (_INT_MIN, _INT_MAX) if primitive == "int" else (_LONG_MIN, _LONG_MAX)
        return numeric(int, lambda value: f"a {primitive} within [{low}, {high}]" if not low <= value <= high else None)

    if primitive in ("float", "double"):
        # Not documented by AWS; we reject NaN/Infinity because they cannot be trained on or
        # compared in filters.
        return numeric(float, lambda value: None if math.isfinite(value) else f"a finite {primitive}")

    if primitive == "boolean":

        def to_bool(raw: str) -> object:
            if raw == "":
                return empty(raw)
            lowered = raw.lower()
            if lowered == "true":
                return True
            if lowered == "false":
                return False
            raise fail(raw, "boolean (true or false)")

        return to_bool

    def to_string(raw: str) -> object:
        if raw == "":
            return empty(raw)
        return raw

    return to_string


def coerce_value(field: SchemaField, raw: str) -> object:
    """Convert one CSV cell; convenience wrapper over ``converter_for`` for one-off values."""
    return converter_for(field)(raw)
