"""Fixtures of the data-side tests."""

from __future__ import annotations

import pytest

from ..support import INTERACTIONS_SCHEMA, ITEMS_SCHEMA, USERS_SCHEMA, client, make_dataset, new_group


@pytest.fixture
def group(personalize_mock):
    """A dataset group with Interactions, Items and Users datasets (no data)."""
    pz = client()
    arn = new_group(pz)
    make_dataset(pz, arn, "Interactions", INTERACTIONS_SCHEMA)
    make_dataset(pz, arn, "Items", ITEMS_SCHEMA)
    make_dataset(pz, arn, "Users", USERS_SCHEMA)
    return arn
