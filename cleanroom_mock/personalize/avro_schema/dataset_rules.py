"""The per-dataset-type rules (custom and domain groups), and what UpdateDataset may change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .fields import DATASET_TYPES, DOMAINS, ParsedSchema, SchemaError, SchemaField, canonical_dataset_type


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
    check_dataset_rules(schema, canonical, domain)


def check_dataset_rules(schema: ParsedSchema, dataset_type: str, domain: Optional[str]) -> None:
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
