"""Helpers shared by the personalize-events tests (no tests here): schemas with every reserved column, clients."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
from botocore.config import Config

from .support import INTERACTIONS_SCHEMA, ITEMS_SCHEMA, REGION, USERS_SCHEMA  # noqa: F401

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
EPOCH = 1704067200

# Item interactions with every reserved column and two metadata columns: the shared schema, extended.
EVENTS_SCHEMA = {
    **INTERACTIONS_SCHEMA,
    "fields": [
        *INTERACTIONS_SCHEMA["fields"],
        {"name": "IMPRESSION", "type": ["null", "string"]},
        {"name": "RECOMMENDATION_ID", "type": ["null", "string"]},
        {"name": "EVENT_ATTRIBUTION_SOURCE", "type": ["null", "string"]},
        {"name": "NUMBER_OF_RATINGS", "type": ["null", "int"]},
        {"name": "DEVICE", "type": ["null", "string"], "categorical": True},
    ],
}
ACTIONS_SCHEMA = {
    "type": "record",
    "name": "Actions",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "ACTION_ID", "type": "string"},
        {"name": "VALUE", "type": ["null", "long"]},
        {"name": "CATEGORY", "type": "string", "categorical": True},
    ],
    "version": "1.0",
}
ACTION_INTERACTIONS_SCHEMA = {
    "type": "record",
    "name": "Action_Interactions",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ACTION_ID", "type": "string"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
        {"name": "IMPRESSION", "type": ["null", "string"]},
        {"name": "RECOMMENDATION_ID", "type": ["null", "string"]},
        {"name": "CHANNEL", "type": ["null", "string"], "categorical": True},
    ],
    "version": "1.0",
}


def events_client(validate: bool = True) -> Any:
    config = None if validate else Config(parameter_validation=False)
    return boto3.client("personalize-events", region_name=REGION, config=config)


def event(**fields: Any) -> dict[str, Any]:
    """A PutEvents event: a click on i1 at WHEN, with ``fields`` on top."""
    return {"eventType": "click", "itemId": "i1", "sentAt": WHEN, **fields}
