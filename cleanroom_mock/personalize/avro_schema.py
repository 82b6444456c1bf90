"""Parse and check Amazon Personalize dataset schemas (Avro record schemas given to CreateSchema).

Personalize accepts only a small, flat subset of Avro and adds its own rules per dataset type
(required fields, reserved keywords, metadata caps). Real AWS rejects bad schemas synchronously,
so a faithful mock must too; the same parsed schema then drives CSV import (``converter_for``)
and filter validation (``filter_expression``).

Sources (cited per rule below):
- how-it-works-dataset-schema: https://docs.aws.amazon.com/personalize/latest/dg/how-it-works-dataset-schema.html
- custom-datasets-and-schemas: https://docs.aws.amazon.com/personalize/latest/dg/custom-datasets-and-schemas.html
- ECOMMERCE-datasets-and-schemas / VIDEO-ON-DEMAND-datasets-and-schemas (domain tables)
- limits: https://docs.aws.amazon.com/personalize/latest/dg/limits.html
- updating-dataset-schema: https://docs.aws.amazon.com/personalize/latest/dg/updating-dataset-schema.html
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

__all__ = [
    "DATASET_TYPES",
    "DOMAIN_DEFAULT_SCHEMAS",
    "DOMAINS",
    "ParsedSchema",
    "SchemaError",
    "SchemaField",
    "canonical_dataset_type",
    "check_schema_for_dataset",
    "check_schema_update",
    "coerce_value",
    "converter_for",
    "parse_schema",
]

# Canonical spellings; CreateDataset's datasetType is case-insensitive (API_CreateDataset).
DATASET_TYPES: tuple[str, ...] = ("Interactions", "Items", "Users", "Actions", "Action_Interactions")
DOMAINS: tuple[str, ...] = ("ECOMMERCE", "VIDEO_ON_DEMAND")

# Avro primitive types Personalize supports (how-it-works-dataset-schema, "Schema data types").
_SUPPORTED_TYPES = frozenset({"float", "double", "int", "long", "string", "boolean", "null"})
_NUMERIC_TYPES = frozenset({"float", "double", "int", "long"})
# Avro complex types; named explicitly so the error says "not supported" rather than "unknown".
_COMPLEX_TYPES = frozenset({"record", "array", "map", "enum", "fixed"})
# Avro name grammar (Avro 1.11 spec, "Names").
_AVRO_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


class SchemaError(Exception):
    """A schema (or a value checked against one) breaks a Personalize rule.

    The service layer raises it as InvalidInputException; ``message`` is the text sent back.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SchemaField:
    """One column of a Personalize schema, reduced to what the mock needs to know."""

    name: str
    types: tuple[str, ...]  # as declared, e.g. ("string",) or ("null", "float")
    nullable: bool
    categorical: bool
    textual: bool

    @property
    def primitive(self) -> str:
        """The non-null type: what a cell's value converts to."""
        return next(t for t in self.types if t != "null")

    @property
    def is_numeric(self) -> bool:
        return self.primitive in _NUMERIC_TYPES


@dataclass(frozen=True)
class ParsedSchema:
    """A validated Personalize schema: record name plus its flat list of fields, in CSV column order."""

    record_name: str
    fields: tuple[SchemaField, ...]

    def field(self, name: str) -> Optional[SchemaField]:
        """The field called exactly ``name``, or None (Avro names are case-sensitive)."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def dataset_type(self) -> Optional[str]:
        """The dataset type the record name designates, or None if it names none."""
        return canonical_dataset_type(self.record_name)


def canonical_dataset_type(name: str) -> Optional[str]:
    """Map a dataset type written in any case to its canonical spelling, or None."""
    lowered = name.lower()
    for dataset_type in DATASET_TYPES:
        if dataset_type.lower() == lowered:
            return dataset_type
    return None


# --------------------------------------------------------------------------------------------
# Generic Avro parsing
# --------------------------------------------------------------------------------------------


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
    except (TypeError, ValueError) as exc:
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
        _check_dataset_rules(schema, dataset_type, domain)
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


# --------------------------------------------------------------------------------------------
# Per-dataset-type rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FieldRule:
    """What a required or reserved field must look like."""

    primitive: str
    nullable: bool = False  # True: the listed type may be in a union with null ("float, null")
    categorical: Optional[bool] = None  # True must, False must not, None either way
    textual: bool = False  # True: must carry "textual": true
    is_metadata: bool = False  # counts as a metadata field (for minimums and caps)


@dataclass(frozen=True)
class _TypeRules:
    required: dict[str, _FieldRule]
    reserved: dict[str, _FieldRule]
    min_metadata: int = 0  # at least this many usable metadata fields
    max_metadata: Optional[int] = None  # cap on metadata fields (limits page)
    max_extra_columns: Optional[int] = None  # Item interactions: non-reserved extra columns
    max_textual: int = 0  # textual fields are only supported in Items schemas


_ID = _FieldRule("string", categorical=False)
_LONG = _FieldRule("long")
_PLAIN_STRING = _FieldRule("string", categorical=False)
_OPTIONAL_STRING = _FieldRule("string", nullable=True, categorical=False)
_OPTIONAL_FLOAT = _FieldRule("float", nullable=True)
_OPTIONAL_LONG = _FieldRule("long", nullable=True)
# Domain reserved attribute fields: ECOMMERCE-/VIDEO-ON-DEMAND-datasets-and-schemas list them as
# "categorical string" / "textual" / "float, null"; they describe the item/user, so they count as
# metadata (the VOD default Users schema has only USER_ID + SUBSCRIPTION_MODEL and must pass the
# "1 metadata field" rule).
_DOMAIN_CATEGORY = _FieldRule("string", nullable=True, categorical=True, is_metadata=True)
_DOMAIN_TEXT = _FieldRule("string", nullable=True, categorical=False, textual=True, is_metadata=True)
_DOMAIN_NUMBER = _FieldRule("float", nullable=True, is_metadata=True)

# custom-datasets-and-schemas, "Custom dataset and schema requirements" table.
_INTERACTION_RESERVED = {
    "EVENT_VALUE": _OPTIONAL_FLOAT,
    "IMPRESSION": _OPTIONAL_STRING,
    "RECOMMENDATION_ID": _OPTIONAL_STRING,
    "EVENT_ATTRIBUTION_SOURCE": _OPTIONAL_STRING,
}
_CUSTOM_RULES: dict[str, _TypeRules] = {
    "Interactions": _TypeRules(
        required={"USER_ID": _ID, "ITEM_ID": _ID, "TIMESTAMP": _LONG},
        reserved={"EVENT_TYPE": _PLAIN_STRING, **_INTERACTION_RESERVED},
        # limits: at most 5 metadata columns beyond the reserved fields.
        max_extra_columns=5,
    ),
    "Users": _TypeRules(required={"USER_ID": _ID}, reserved={}, min_metadata=1, max_metadata=25),
    "Items": _TypeRules(
        required={"ITEM_ID": _ID},
        reserved={"CREATION_TIMESTAMP": _LONG},
        min_metadata=1,
        max_metadata=100,
        max_textual=1,
    ),
    "Actions": _TypeRules(
        required={"ACTION_ID": _ID},
        reserved={
            "CREATION_TIMESTAMP": _LONG,
            "VALUE": _OPTIONAL_LONG,
            # Not documented whether TYPE must (not) be categorical; we accept either.
            "TYPE": _FieldRule("string", nullable=True),
            "EXPIRATION_TIMESTAMP": _OPTIONAL_LONG,
            "REPEAT_FREQUENCY": _OPTIONAL_LONG,
        },
        min_metadata=1,
        max_metadata=10,
    ),
    "Action_Interactions": _TypeRules(
        required={"USER_ID": _ID, "ACTION_ID": _ID, "EVENT_TYPE": _PLAIN_STRING, "TIMESTAMP": _LONG},
        reserved={"IMPRESSION": _OPTIONAL_STRING, "RECOMMENDATION_ID": _OPTIONAL_STRING},
        # Not documented: no cap on extra Action interactions columns is published; we set none.
    ),
}

_DOMAIN_INTERACTIONS = _TypeRules(
    # Domain groups additionally require EVENT_TYPE (ECOMMERCE-/VIDEO-ON-DEMAND-datasets-and-schemas).
    required={"USER_ID": _ID, "ITEM_ID": _ID, "TIMESTAMP": _LONG, "EVENT_TYPE": _PLAIN_STRING},
    reserved=dict(_INTERACTION_RESERVED),
    max_extra_columns=5,
)
_DOMAIN_RULES: dict[tuple[str, str], _TypeRules] = {
    ("ECOMMERCE", "Interactions"): _DOMAIN_INTERACTIONS,
    ("ECOMMERCE", "Users"): _TypeRules(required={"USER_ID": _ID}, reserved={}, min_metadata=1, max_metadata=25),
    ("ECOMMERCE", "Items"): _TypeRules(
        required={
            "ITEM_ID": _ID,
            "PRICE": _FieldRule("float", is_metadata=True),
            "CATEGORY_L1": _FieldRule("string", categorical=True, is_metadata=True),
        },
        reserved={
            "CATEGORY_L2": _DOMAIN_CATEGORY,
            "CATEGORY_L3": _DOMAIN_CATEGORY,
            "PRODUCT_DESCRIPTION": _DOMAIN_TEXT,
            "CREATION_TIMESTAMP": _LONG,
            "AGE_GROUP": _DOMAIN_CATEGORY,
            "ADULT": _DOMAIN_CATEGORY,
            "GENDER": _DOMAIN_CATEGORY,
        },
        max_metadata=100,
        max_textual=1,
    ),
    ("VIDEO_ON_DEMAND", "Interactions"): _DOMAIN_INTERACTIONS,
    ("VIDEO_ON_DEMAND", "Users"): _TypeRules(
        required={"USER_ID": _ID},
        reserved={"SUBSCRIPTION_MODEL": _DOMAIN_CATEGORY},
        min_metadata=1,
        max_metadata=25,
    ),
    ("VIDEO_ON_DEMAND", "Items"): _TypeRules(
        required={
            "ITEM_ID": _ID,
            "CREATION_TIMESTAMP": _LONG,
            # The spec (§6.2) and the VOD requirements list say GENRES; AWS's printed default
            # schema says GENRES_L1. We follow the requirements list.
            "GENRES": _FieldRule("string", categorical=True, is_metadata=True),
        },
        reserved={
            "PRICE": _DOMAIN_NUMBER,
            "DURATION": _DOMAIN_NUMBER,
            "AVERAGE_RATING": _DOMAIN_NUMBER,
            "GENRE_L2": _DOMAIN_CATEGORY,
            "GENRE_L3": _DOMAIN_CATEGORY,
            "CONTENT_OWNER": _DOMAIN_CATEGORY,
            "CONTENT_CLASSIFICATION": _DOMAIN_CATEGORY,
            "PRODUCT_DESCRIPTION": _DOMAIN_TEXT,
        },
        max_metadata=100,
        max_textual=1,
    ),
}


def _rules_for(dataset_type: str, domain: Optional[str]) -> _TypeRules:
    if domain is not None and domain not in DOMAINS:
        raise SchemaError(f"Invalid domain {domain}; valid domains are {', '.join(DOMAINS)}")
    if domain is not None and (domain, dataset_type) in _DOMAIN_RULES:
        return _DOMAIN_RULES[(domain, dataset_type)]
    # Not documented: domains publish no Actions/Action interactions schemas; we apply the custom rules.
    return _CUSTOM_RULES[dataset_type]


def check_schema_for_dataset(schema: ParsedSchema, dataset_type: str, domain: Optional[str]) -> None:
    """Check, at CreateDataset/UpdateDataset, that ``schema`` fits a dataset of ``dataset_type``.

    how-it-works-dataset-schema: the schema's name must match the dataset type (case-insensitive,
    like datasetType itself); then the per-type rules apply.
    """
    canonical = canonical_dataset_type(dataset_type)
    if canonical is None:
        raise SchemaError(f"Invalid dataset type {dataset_type}; valid types are {', '.join(DATASET_TYPES)}")
    if schema.record_name.lower() != canonical.lower():
        raise SchemaError(
            f'Invalid schema: the schema name "{schema.record_name}" does not match the dataset type {canonical}'
        )
    _check_dataset_rules(schema, canonical, domain)


def _check_dataset_rules(schema: ParsedSchema, dataset_type: str, domain: Optional[str]) -> None:
    rules = _rules_for(dataset_type, domain)
    for name, rule in rules.required.items():
        field = schema.field(name)
        if field is None:
            raise SchemaError(
                f'Invalid schema: {dataset_type} schema is missing the required field "{name}" ({rule.primitive})'
            )
        _check_field_rule(field, rule, "required")
    for name, rule in rules.reserved.items():
        field = schema.field(name)
        if field is not None:
            _check_field_rule(field, rule, "reserved")

    known = rules.required.keys() | rules.reserved.keys()
    extra = [f for f in schema.fields if f.name not in known]
    textual = [f for f in schema.fields if f.textual]
    if len(textual) > rules.max_textual:
        if rules.max_textual == 0:
            # how-it-works-dataset-schema: textual fields are supported only in Items schemas.
            raise SchemaError(
                f'Invalid schema: field "{textual[0].name}" is textual; textual fields are only supported '
                "in Items schemas"
            )
        raise SchemaError(f"Invalid schema: an Items schema can have at most {rules.max_textual} textual field")

    if rules.max_extra_columns is not None and len(extra) > rules.max_extra_columns:
        raise SchemaError(
            f"Invalid schema: {dataset_type} schema has {len(extra)} metadata fields besides the reserved "
            f"fields; the maximum is {rules.max_extra_columns}"
        )
    metadata = extra + [f for f in schema.fields if f.name in known and _rule_of(rules, f.name).is_metadata]
    if rules.max_metadata is not None and len(metadata) > rules.max_metadata:
        raise SchemaError(
            f"Invalid schema: {dataset_type} schema has {len(metadata)} metadata fields; "
            f"the maximum is {rules.max_metadata}"
        )
    # custom-datasets-and-schemas: "1 metadata field (categorical string or numerical)"; Items also
    # accept a textual field. Plain strings and booleans are not used in training, so they do not count.
    usable = [f for f in metadata if f.is_numeric or f.categorical or f.textual]
    if len(usable) < rules.min_metadata:
        kinds = (
            "categorical or textual string, or numerical"
            if dataset_type == "Items"
            else ("categorical string or numerical")
        )
        raise SchemaError(
            f"Invalid schema: {dataset_type} schema needs at least {rules.min_metadata} metadata field ({kinds})"
        )


def _rule_of(rules: _TypeRules, name: str) -> _FieldRule:
    return rules.required.get(name) or rules.reserved[name]


def _check_field_rule(field: SchemaField, rule: _FieldRule, kind: str) -> None:
    expected = f"{rule.primitive} or [null, {rule.primitive}]" if rule.nullable else rule.primitive
    if field.primitive != rule.primitive or (field.nullable and not rule.nullable):
        raise SchemaError(f'Invalid schema: {kind} field "{field.name}" must be of type {expected}')
    # how-it-works-dataset-schema: reserved categorical string fields must set categorical to true;
    # reserved plain string fields can't be categorical.
    if rule.categorical is True and not field.categorical:
        raise SchemaError(f'Invalid schema: {kind} field "{field.name}" must have "categorical": true')
    if rule.categorical is False and field.categorical:
        raise SchemaError(f'Invalid schema: {kind} field "{field.name}" cannot be categorical')
    if rule.textual and not field.textual:
        raise SchemaError(f'Invalid schema: {kind} field "{field.name}" must have "textual": true')
    if not rule.textual and field.textual:
        raise SchemaError(f'Invalid schema: {kind} field "{field.name}" cannot be textual')


# --------------------------------------------------------------------------------------------
# UpdateDataset
# --------------------------------------------------------------------------------------------


def check_schema_update(old: ParsedSchema, new: ParsedSchema) -> None:
    """Check that ``new`` may replace ``old`` on an existing dataset (UpdateDataset).

    updating-dataset-schema: the new schema keeps every existing field with the same type and
    attributes, and any added field must allow null (existing records have no value for it).
    """
    if old.record_name.lower() != new.record_name.lower():
        raise SchemaError(f'Invalid schema: the new schema name "{new.record_name}" does not match "{old.record_name}"')
    for old_field in old.fields:
        new_field = new.field(old_field.name)
        if new_field is None:
            raise SchemaError(f'Invalid schema: the new schema removes the field "{old_field.name}"')
        # Union member order carries no meaning for Personalize, so compare types as sets.
        if (
            set(new_field.types) != set(old_field.types)
            or new_field.categorical != old_field.categorical
            or new_field.textual != old_field.textual
        ):
            raise SchemaError(
                f'Invalid schema: the new schema changes the type or attributes of the field "{old_field.name}"'
            )
    old_names = set(old.field_names)
    for new_field in new.fields:
        if new_field.name not in old_names and not new_field.nullable:
            raise SchemaError(
                f'Invalid schema: the added field "{new_field.name}" must allow null (use a union with "null")'
            )


# --------------------------------------------------------------------------------------------
# CSV cell conversion
# --------------------------------------------------------------------------------------------


def converter_for(field: SchemaField) -> Callable[[str], object]:
    """Build the function that turns one CSV cell of ``field`` into its Python value.

    Built once per column so the per-cell cost on million-row imports is a single call with no
    type dispatch. An empty cell becomes None only for nullable fields (a union with "null").
    """
    name, nullable, primitive = field.name, field.nullable, field.primitive

    def fail(raw: str, expected: str) -> SchemaError:
        return SchemaError(f'Invalid value "{raw}" for field "{name}": expected {expected}')

    def empty(raw: str) -> None:
        if nullable:
            return None
        raise fail(raw, f"a non-empty {primitive} (the field is not nullable)")

    if primitive in ("int", "long"):
        low, high = (_INT_MIN, _INT_MAX) if primitive == "int" else (_LONG_MIN, _LONG_MAX)

        def to_integer(raw: str) -> object:
            if raw == "":
                return empty(raw)
            try:
                value = int(raw)
            except ValueError:
                raise fail(raw, primitive)
            if value < low or value > high:
                raise fail(raw, f"a {primitive} within [{low}, {high}]")
            return value

        return to_integer

    if primitive in ("float", "double"):

        def to_float(raw: str) -> object:
            if raw == "":
                return empty(raw)
            try:
                value = float(raw)
            except ValueError:
                raise fail(raw, primitive)
            # Not documented by AWS; we reject NaN/Infinity because they cannot be trained on or
            # compared in filters.
            if not math.isfinite(value):
                raise fail(raw, f"a finite {primitive}")
            return value

        return to_float

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


# --------------------------------------------------------------------------------------------
# Domain default schemas
# --------------------------------------------------------------------------------------------


def _schema_json(name: str, fields: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "type": "record",
            "name": name,
            "namespace": "com.amazonaws.personalize.schema",
            "fields": fields,
            "version": "1.0",
        }
    )


_DOMAIN_INTERACTIONS_FIELDS = [
    {"name": "USER_ID", "type": "string"},
    {"name": "ITEM_ID", "type": "string"},
    {"name": "EVENT_TYPE", "type": "string"},
    {"name": "TIMESTAMP", "type": "long"},
]

# Default schemas of the ECOMMERCE-/VIDEO-ON-DEMAND-*-dataset pages, with the VOD Items genre field
# named GENRES to match the documented requirement (see _DOMAIN_RULES).
DOMAIN_DEFAULT_SCHEMAS: dict[tuple[str, str], str] = {
    ("ECOMMERCE", "Interactions"): _schema_json("Interactions", _DOMAIN_INTERACTIONS_FIELDS),
    ("ECOMMERCE", "Users"): _schema_json(
        "Users",
        [
            {"name": "USER_ID", "type": "string"},
            {"name": "MEMBERSHIP_STATUS", "type": "string", "categorical": True},
        ],
    ),
    ("ECOMMERCE", "Items"): _schema_json(
        "Items",
        [
            {"name": "ITEM_ID", "type": "string"},
            {"name": "PRICE", "type": "float"},
            {"name": "CATEGORY_L1", "type": ["string"], "categorical": True},
        ],
    ),
    ("VIDEO_ON_DEMAND", "Interactions"): _schema_json("Interactions", _DOMAIN_INTERACTIONS_FIELDS),
    ("VIDEO_ON_DEMAND", "Users"): _schema_json(
        "Users",
        [
            {"name": "USER_ID", "type": "string"},
            {"name": "SUBSCRIPTION_MODEL", "type": "string", "categorical": True},
        ],
    ),
    ("VIDEO_ON_DEMAND", "Items"): _schema_json(
        "Items",
        [
            {"name": "ITEM_ID", "type": "string"},
            {"name": "GENRES", "type": ["string"], "categorical": True},
            {"name": "CREATION_TIMESTAMP", "type": "long"},
        ],
    ),
}
