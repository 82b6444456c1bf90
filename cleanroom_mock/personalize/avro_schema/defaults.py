"""The default schemas of the domain dataset groups (ECOMMERCE, VIDEO_ON_DEMAND)."""

from __future__ import annotations

import json
from typing import Any


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
