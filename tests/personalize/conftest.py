"""Fixtures the personalize-runtime test modules share; a module's own fixture of the same name wins."""

from __future__ import annotations

from typing import Any

import pytest

from .support import client
from .test_runtime_support import campaign_on, shop
from .test_training_support import UP


@pytest.fixture
def pz(personalize_mock: Any) -> Any:
    return client()


@pytest.fixture
def group(pz: Any, personalize_mock: Any) -> str:
    return shop(pz, personalize_mock)


@pytest.fixture
def up_campaign(pz: Any, group: str) -> str:
    return campaign_on(pz, group, UP, "up")
