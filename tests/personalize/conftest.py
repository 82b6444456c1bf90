"""Fixtures every Personalize test package shares (``pz``, ``personalize_store``) and those the
personalize-runtime test modules share; a module's own fixture of the same name wins."""

from __future__ import annotations

from typing import Any

import pytest

from cleanroom_mock.personalize.store import PersonalizeStore

from .support import client, store_of
from .test_runtime_support import campaign_on, shop
from .test_training_support import UP


@pytest.fixture
def pz(personalize_mock: Any) -> Any:
    return client()


@pytest.fixture
def personalize_store(personalize_mock: Any) -> PersonalizeStore:
    """The default account's Personalize store, to read what the API calls left (tests never write it)."""
    return store_of(personalize_mock)


@pytest.fixture
def group(pz: Any, personalize_mock: Any) -> str:
    return shop(pz, personalize_mock)


@pytest.fixture
def up_campaign(pz: Any, group: str) -> str:
    return campaign_on(pz, group, UP, "up")
