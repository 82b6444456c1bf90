"""Avro JSON text to a :class:`ParsedSchema`: the generic rules every Personalize schema must meet."""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from .dataset_rules import check_dataset_rules
from .fields import ParsedSchema, SchemaError, SchemaField

# Avro primitive types Personalize supports (how-it-works-dataset-schema, "Schema data types").
_SUPPORTED_TYPES = frozenset({"float", "double", "int", "long", "string", "boolean", "null"})
# Avro complex types; named explicitly so the error says "not supported" rather than "unknown".
_COMPLEX_TYPES = frozenset({"record", "array", "map", "enum", "fixed"})
# Avro name grammar (Avro 1.11 spec, "Names").
_AVRO_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")


def parse_schema(schema_json: str, domain: Optional[str] = None) -> ParsedSchema:
    """Parse a CreateSchema ``schema`` string and apply every rule that can be checked on its own.

    When the record name designates a dataset type, that type's rules (custom, or the domain's
    when ``domain`` is given) are applied too. A record whose name is not a dataset type is
    accepted: Not documented by AWS; the docs only require that the name match the dataset type
    when the schema is *used*, so we check that at CreateDataset (``check_schema_for_dataset``)
    rather than reject a schema that might be legal.
    """
    try:
        document = json.loads(schema_json)
    except (TypeError, ValueError, RecursionError) as exc:
        raise SchemaError(f"Invalid schema: not valid JSON ({exc})")
    if not isinstance(document, dict):
        raise SchemaError("Invalid schema: the schema must be a JSON object describing an Avro record")
    if document.get("type") != "record":
        raise SchemaError('Invalid schema: the top-level Avro type must be "record"')
    record_name = document.get("name")
    if not isinstance(record_name, str) or not _AVRO_NAME.match(record_name):
        raise SchemaError('Invalid schema: the record needs a "name" that is a valid Avro name')
    raw_fields = document.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise SchemaError('Invalid schema: the record needs a non-empty "fields" list')

    fields = tuple(_parse_field(raw) for raw in raw_fields)
    _check_unique_names(fields)
    schema = ParsedSchema(record_name=record_name, fields=fields)

    dataset_type = schema.dataset_type
    if dataset_type is not None:
        check_dataset_rules(schema, dataset_type, domain)
    return schema


def _parse_field(raw: Any) -> SchemaField:
    if not isinstance(raw, dict):
        raise SchemaError('Invalid schema: every entry of "fields" must be an object')
    name = raw.get("name")
    if not isinstance(name, str) or not _AVRO_NAME.match(name):
        raise SchemaError(f"Invalid schema: field name {json.dumps(name)} is not a valid Avro name")
    if "type" not in raw:
        raise SchemaError(f'Invalid schema: field "{name}" has no type')
    types = _parse_field_type(name, raw["type"])
    if len(set(types)) != len(types):
        raise SchemaError(f'Invalid schema: field "{name}" repeats a type in its union')
    non_null = [t for t in types if t != "null"]
    if len(non_null) != 1:
        # Personalize documents only "<type>" or a union of a type with null; a multi-type union
        # would leave a CSV cell's type ambiguous.
        raise SchemaError(
            f'Invalid schema: field "{name}" must have exactly one non-null type (optionally in a union with null)'
        )
    categorical = _flag(raw, name, "categorical")
    textual = _flag(raw, name, "textual")
    # how-it-works-dataset-schema: categorical/textual are attributes of string fields only.
    if (categorical or textual) and non_null[0] != "string":
        attribute = "categorical" if categorical else "textual"
        raise SchemaError(f'Invalid schema: field "{name}" is {attribute} but only string fields can be {attribute}')
    if categorical and textual:
        raise SchemaError(f'Invalid schema: field "{name}" cannot be both categorical and textual')
    return SchemaField(name=name, types=types, nullable="null" in types, categorical=categorical, textual=textual)


def _parse_field_type(name: str, raw_type: Any) -> tuple[str, ...]:
    members = raw_type if isinstance(raw_type, list) else [raw_type]
    if not members:
        raise SchemaError(f'Invalid schema: field "{name}" has an empty type union')
    parsed = []
    for member in members:
        # Avro also allows {"type": "string"} for a primitive; anything else in object form is complex.
        if isinstance(member, dict):
            member = member.get("type")
        if isinstance(member, list):
            raise SchemaError(f'Invalid schema: field "{name}" has a nested union, which Avro forbids')
        if member in _COMPLEX_TYPES:
            # how-it-works-dataset-schema: schemas are flat; arrays, maps and nested records are unsupported.
            raise SchemaError(
                f'Invalid schema: field "{name}" uses the complex type {member}; '
                "Amazon Personalize schemas must be flat and support only primitive types"
            )
        if not isinstance(member, str) or member not in _SUPPORTED_TYPES:
            raise SchemaError(
                f'Invalid schema: field "{name}" has unsupported type {json.dumps(member)}; '
                "supported types are float, double, int, long, string, boolean and null"
            )
        parsed.append(member)
    return tuple(parsed)


def _flag(raw: dict, name: str, attribute: str) -> bool:
    value = raw.get(attribute, False)
    if not isinstance(value, bool):
        raise SchemaError(f'Invalid schema: attribute "{attribute}" of field "{name}" must be true or false')
    return value


def _check_unique_names(fields: tuple[SchemaField, ...]) -> None:
    # how-it-works-dataset-schema: "unique alphanumeric names" (GENRES_FIELD_1 vs GENRESFIELD1 clash).
    # Not documented whether case matters; we compare case-insensitively because Personalize maps
    # camelCase PutEvents/PutItems property keys onto UPPER_SNAKE columns, which only works if
    # names differing by case or underscores are the same column.
    seen: dict[str, str] = {}
    for field in fields:
        key = _NON_ALNUM.sub("", field.name).lower()
        if key in seen:
            raise SchemaError(
                f'Invalid schema: field names "{seen[key]}" and "{field.name}" are not unique '
                "once non-alphanumeric characters are removed"
            )
        seen[key] = field.name
