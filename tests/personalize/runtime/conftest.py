"""Fixtures of the personalize-runtime tests: the runtime client, campaigns of each recipe type on one known
data set, filters and a Next-Best-Action group — all built through the boto3 API.

The data set and the builders are described in ``tests/personalize/test_runtime_support.py`` (shared with
the batch tests); ``pz``, ``group`` (the shop with items) and ``up_campaign`` come from
``tests/personalize/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Optional

import pytest
from freezegun import freeze_time

from cleanroom_mock import mock_personalize

from .. import test_runtime_support as support
from ..support import client


@pytest.fixture
def rt(personalize_mock: Any) -> Any:
    """A personalize-runtime client."""
    return support.runtime()


@pytest.fixture
def rt_unchecked(personalize_mock: Any) -> Any:
    """A personalize-runtime client that leaves input validation to the server."""
    return support.runtime(validate=False)


@pytest.fixture
def campaign_on(pz: Any) -> Callable[..., str]:
    """``campaign_on(group, recipe, name, config=None)``: an ACTIVE campaign of a freshly trained version."""

    def make(group: str, recipe: str, name: str, config: Optional[dict] = None) -> str:
        return support.campaign_on(pz, group, recipe, name, config)

    return make


@pytest.fixture
def make_filter(pz: Any) -> Callable[[str, str, str], str]:
    """``make_filter(group, name, expression)``: the ARN of a filter that has been read once."""

    def make(group: str, name: str, expression: str) -> str:
        return support.make_filter(pz, group, name, expression)

    return make


@pytest.fixture
def add_dataset(pz: Any, personalize_mock: Any) -> Callable[[str, str, dict, str, str], str]:
    """``add_dataset(group, kind, schema, csv, name)``: a dataset of ``kind`` with ``csv`` imported."""

    def add(group: str, kind: str, schema: dict, csv: str, name: str) -> str:
        return support.add_dataset(pz, personalize_mock, group, kind, schema, csv, name)

    return add


@pytest.fixture
def shop(pz: Any, personalize_mock: Any) -> Callable[..., str]:
    """``shop(name="shop", items=True)``: a group with the known interactions (and the genre/price items)."""

    def make(name: str = "shop", items: bool = True) -> str:
        return support.shop(pz, personalize_mock, name, items)

    return make


@pytest.fixture
def plain_group(shop: Callable[..., str]) -> str:
    """The shop without an Items dataset."""
    return shop(items=False)


@pytest.fixture
def nba(pz: Any, personalize_mock: Any) -> tuple[str, str]:
    """(group, Next-Best-Action campaign): see ``test_runtime_support.nba_group`` for its actions and events."""
    return support.nba_group(pz, personalize_mock)


@pytest.fixture
def frozen_nba() -> Iterator[tuple[Any, str, Any]]:
    """(freezegun's clock, Next-Best-Action campaign, runtime client) in a mock started at 2030-01-01 under
    frozen time, so a test can move the clock past expiry dates and repeat frequencies."""
    with freeze_time("2030-01-01 00:00:00") as frozen, mock_personalize() as aws:
        _, campaign = support.nba_group(client(), aws)
        yield frozen, campaign, support.runtime()


@pytest.fixture
def item_ids() -> Callable[..., list[str]]:
    """``item_ids(answer, key="itemList")``: the item IDs of an answer, in order."""
    return support.item_ids
