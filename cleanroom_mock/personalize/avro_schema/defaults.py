"""The default schemas of the domain dataset groups (ECOMMERCE, VIDEO_ON_DEMAND)."""

from __future__ import annotations

import json
from typing import Any

from ...core.compact import Vocabulary


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

def _domain_schemas(
    domain: str, user_field: dict[str, Any], item_fields: list[dict[str, Any]]
) -> dict[tuple[str, str], str]:
    """A domain's three default schemas: the shared Interactions one, Users (USER_ID and the domain's user
    field), Items (ITEM_ID and the domain's item fields)."""
    return {
        (domain, "Interactions"): _schema_json("Interactions", _DOMAIN_INTERACTIONS_FIELDS),
        (domain, "Users"): _schema_json("Users", [{"name": "USER_ID", "type": "string"}, user_field]),
        (domain, "Items"): _schema_json("Items", [{"name": "ITEM_ID", "type": "string"}, *item_fields]),
    }


# Default schemas of the ECOMMERCE-/VIDEO-ON-DEMAND-*-dataset pages, with the VOD Items genre field
# named GENRES to match the documented requirement (see _DOMAIN_RULES).
DOMAIN_DEFAULT_SCHEMAS: dict[tuple[str, str], str] = {
    **_domain_schemas(
        "ECOMMERCE",
        {"name": "MEMBERSHIP_STATUS", "type": "string", "categorical": True},
        [{"name": "PRICE", "type": "float"}, {"name": "CATEGORY_L1", "type": ["string"], "categorical": True}],
    ),
    **_domain_schemas(
        "VIDEO_ON_DEMAND",
        {"name": "SUBSCRIPTION_MODEL", "type": "string", "categorical": True},
        [{"name": "GENRES", "type": ["string"], "categorical": True}, {"name": "CREATION_TIMESTAMP", "type": "long"}],
    ),
}


# The words Personalize schema documents are made of (core.compact): stored schemas are kept deflated with
# them. Frozen: documents deflated with it (and snapshots holding them) depend on every byte; a change is a
# new Vocabulary with a new number.
SCHEMA_VOCABULARY = Vocabulary(
    1,
    b'"textual": true}, {"name": "CREATION_TIMESTAMP", "type": "long"}, {"name": "CATEGORY_L2", "type": '
    b'["null", "string"], "categorical": true}, {"name": "DESCRIPTION", "type": ["null", "string"], '
    b'{"name": "IMPRESSION", "type": ["null", "string"]}, {"name": "RECOMMENDATION_ID", "type": ["null", '
    b'"string"]}, {"name": "EVENT_VALUE", "type": ["null", "float"]}, {"name": "EVENT_VALUE", "type": "float"}, '
    b'{"name": "PRICE", "type": "float"}, {"name": "AGE", "type": "int"}, {"name": "GENDER", "type": "string", '
    b'"categorical": true}, {"name": "ACTION_ID", "type": "string"}, {"name": "EXPIRATION_TIMESTAMP", "type": '
    b'"long"}, {"name": "REPEAT_FREQUENCY", "type": "int"}, {"name": "VALUE", "type": "double"}, '
    b'{"type": "record", "name": "Actions", "name": "Action_Interactions", "name": "Items", "name": "Users", '
    b'"categorical": true}, {"name": "ITEM_ID", "type": "string"}, {"name": "TIMESTAMP", "type": "long"}, '
    b'{"name": "EVENT_TYPE", "type": "string"}], "version": "1.0"}'
    b'{"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema", "fields": '
    b'[{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"}, {"name": "TIMESTAMP", '
    b'"type": "long"}, {"name": "',
)
