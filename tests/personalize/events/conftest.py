"""Fixtures of the personalize-events tests: the events client, a dataset group with datasets whose schemas
have every reserved column, and what the ``personalize`` store holds after a call (read through its public
methods) — all set up through the boto3 API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

import boto3
import pytest
from botocore.config import Config

from cleanroom_mock.personalize.store import PersonalizeStore

from ..support import ACCOUNT, INTERACTIONS_SCHEMA, ITEMS_SCHEMA, REGION, USERS_SCHEMA
from ..test_data_support import make_dataset, make_group

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
SCHEMAS: dict[str, dict[str, Any]] = {
    "Interactions": EVENTS_SCHEMA,
    "Items": ITEMS_SCHEMA,
    "Users": USERS_SCHEMA,
    "Actions": ACTIONS_SCHEMA,
    "Action_Interactions": ACTION_INTERACTIONS_SCHEMA,
}


def _events_client(validate: bool) -> Any:
    config = None if validate else Config(parameter_validation=False)
    return boto3.client("personalize-events", region_name=REGION, config=config)


@pytest.fixture
def events(personalize_mock: Any) -> Any:
    """A personalize-events client."""
    return _events_client(validate=True)


@pytest.fixture
def events_unchecked(personalize_mock: Any) -> Any:
    """A personalize-events client that leaves input validation to the server."""
    return _events_client(validate=False)


@pytest.fixture
def new_group(pz: Any) -> Callable[[], str]:
    """``new_group()``: a Custom dataset group (always the same name: one per test)."""
    return lambda: make_group(pz)


@pytest.fixture
def new_dataset(pz: Any) -> Callable[..., str]:
    """``new_dataset(group, dataset_type, schema=None)``: a dataset of that type; by default its schema has
    every reserved column of the type (Interactions: the events schema with IMPRESSION, DEVICE, ...)."""

    def make(group: str, dataset_type: str, schema: Optional[dict] = None) -> str:
        return make_dataset(pz, group, dataset_type, SCHEMAS[dataset_type] if schema is None else schema)

    return make


@pytest.fixture
def events_schema() -> dict:
    """The Item interactions schema of ``new_dataset(group, "Interactions")``."""
    return EVENTS_SCHEMA


@pytest.fixture
def personalize_store(personalize_mock: Any) -> PersonalizeStore:
    """The ``personalize`` store of the test account (tests use its public reading methods only)."""
    found = personalize_mock.store("personalize", ACCOUNT, REGION)
    assert isinstance(found, PersonalizeStore)
    return found


@pytest.fixture
def stored_dataset(personalize_store: PersonalizeStore) -> Callable[[str], Any]:
    """``stored_dataset(arn)``: the dataset as the ``personalize`` store holds it."""
    return personalize_store.dataset


@pytest.fixture
def stored(stored_dataset: Callable[[str], Any]) -> Callable[[str], list[dict[str, Any]]]:
    """``stored(arn)``: every record of the dataset (bulk-imported first, then written one by one)."""
    return lambda arn: list(stored_dataset(arn).records())
