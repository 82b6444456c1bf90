"""The ``properties`` JSON of personalize-events records and events, typed through the dataset's schema.

API_UBS_Item / API_UBS_User / API_UBS_Action / API_UBS_Event: ``properties`` is a JSON object whose keys are
camelCase versions of the schema's columns (``numberOfRatings`` → ``NUMBER_OF_RATINGS``) and whose values
are the column's values; several categorical values go in one string separated by ``|`` ("Horror|Action").
Values are typed exactly as a CSV cell of that column would be (``avro_schema.converter_for``), so a record
written one by one and the same record imported in bulk are stored identically.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any, Callable, Optional

from ..avro_schema import ParsedSchema, SchemaError, SchemaField, converter_for
from ..errors import invalid

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
# limits ("ID lengths"): categorical values at most 1,000 characters each, textual values 20,000.
MAX_CATEGORICAL_VALUE = 1000
MAX_TEXTUAL_VALUE = 20000


def column_key(name: str) -> str:
    """The spelling-free form of a column or property name: ``numberOfRatings`` and ``NUMBER_OF_RATINGS``
    are both ``numberofratings``. avro_schema rejects schemas whose names collide in this form, so a key
    designates at most one column.

    Not documented by AWS beyond "camel case names that match the fields in the schema"; we match
    case- and underscore-insensitively (so the UPPER_SNAKE column name itself is accepted too) because
    that is the only reading under which every documented example maps to exactly one column.
    """
    return _NON_ALNUM.sub("", name).lower()


@functools.lru_cache(maxsize=512)
def _columns_by_key(schema: ParsedSchema) -> dict[str, SchemaField]:
    return {column_key(f.name): f for f in schema.fields}


@functools.lru_cache(maxsize=1024)
def _converter(field: SchemaField) -> Callable[[str], object]:
    return converter_for(field)


def parse_properties(properties: Optional[str], where: str) -> dict[str, Any]:
    """The ``properties`` member as a dict (empty when absent); not a JSON object → InvalidInputException."""
    if properties is None:
        return {}
    try:
        document = json.loads(properties)
    except ValueError as exc:
        raise invalid(f"{where}: properties is not valid JSON ({exc}).")
    if not isinstance(document, dict):
        raise invalid(f'{where}: properties must be a JSON object such as {{"numberOfRatings": "12"}}.')
    return document


def typed_properties(
    schema: ParsedSchema,
    document: Mapping[str, Any],
    where: str,
    *,
    set_by_request: Mapping[str, str],
    forbidden_keys: Mapping[str, str] = {},
    event: bool = False,
) -> dict[str, Any]:
    """Map ``document``'s keys onto schema columns and type their values.

    ``set_by_request``: columns the request fills from its own members (``{"ITEM_ID": "itemId"}``).
    ``forbidden_keys``: spelling-free keys the API reference forbids in properties (PutEvents' ``userId``,
    ``sessionId``, ...), with the member that carries them instead.

    For records (``event=False``: PutItems, PutUsers, PutActions) a property naming a request-set column is
    refused rather than silently overriding the member, and unknown keys are all named in one
    InvalidInputException. For events (PutEvents, PutActionInteractions) AWS's own recording-events example
    sends ``itemId`` and ``eventValue`` inside ``properties``, and API_UBS_Event forbids only the keys above:
    so a property may fill a request-set column (the member wins when both are given; AWS is silent, we
    chose the documented member), and keys that match no column are accepted and not stored (AWS documents
    no rejection).
    """
    columns = _columns_by_key(schema)
    values: dict[str, Any] = {}
    unknown: list[str] = []
    for key, raw in document.items():
        normalized = column_key(key)
        if normalized in forbidden_keys:
            raise invalid(
                f"{where}: {key} is not allowed in properties; send it as the {forbidden_keys[normalized]} member."
            )
        field = columns.get(normalized)
        if field is None:
            if not event:
                unknown.append(key)
            continue
        if field.name in set_by_request and not event:
            # Not documented by AWS; we refuse a property that would override a request member, because one of
            # the two would otherwise be dropped without a word.
            raise invalid(
                f"{where}: property {key} maps to the {field.name} column, which is set by the "
                f"{set_by_request[field.name]} member; remove it from properties."
            )
        values[field.name] = typed_value(field, raw, f"{where}: property {key}")
    if unknown:
        raise invalid(
            f"{where}: properties {', '.join(unknown)} match no column of the {schema.record_name} schema "
            f"(columns: {', '.join(schema.field_names)}); keys are the columns' camelCase names."
        )
    return values


def typed_value(field: SchemaField, raw: Any, where: str) -> Any:
    """One JSON value as the column's typed value (the same conversion as a CSV cell of that column)."""
    if raw is None:
        if field.nullable:
            return None
        raise invalid(f"{where}: {field.name} is not nullable; null is not allowed.")
    if isinstance(raw, (list, dict)):
        # Not documented by AWS beyond the pipe form; we refuse arrays and objects, so code written against the
        # mock sends what the API reference documents ("Horror|Action").
        raise invalid(
            f"{where}: the value must be a string, number, boolean or null; give several categorical values as "
            'one string separated by "|", e.g. "Horror|Action".'
        )
    text = raw if isinstance(raw, str) else json.dumps(raw)
    try:
        value = _converter(field)(text)
    except SchemaError as exc:
        raise invalid(f"{where}: {exc.message}.")
    if isinstance(value, str):
        _check_length(field, value, where)
    return value


def _check_length(field: SchemaField, value: str, where: str) -> None:
    if field.categorical:
        longest = max(value.split("|"), key=len)
        if len(longest) > MAX_CATEGORICAL_VALUE:
            raise invalid(
                f"{where}: categorical values of {field.name} can have at most {MAX_CATEGORICAL_VALUE} "
                f"characters; one has {len(longest)}."
            )
    elif field.textual and len(value) > MAX_TEXTUAL_VALUE:
        raise invalid(
            f"{where}: textual values of {field.name} can have at most {MAX_TEXTUAL_VALUE} characters; "
            f"got {len(value)}."
        )


def check_required(schema: ParsedSchema, record: Mapping[str, Any], where: str) -> None:
    """Every non-nullable column needs a value (import-data: a record missing one is rejected)."""
    missing = [f.name for f in schema.fields if not f.nullable and record.get(f.name) is None]
    if missing:
        raise invalid(
            f"{where}: no value for the required column(s) {', '.join(missing)} of the {schema.record_name} "
            "schema; give them in properties (camelCase keys) or make the columns nullable."
        )
