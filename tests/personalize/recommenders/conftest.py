"""Fixtures of the recommender tests."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import domain_group


@pytest.fixture
def store(pz: Any, personalize_mock: Any) -> str:
    """An ECOMMERCE dataset group with the domain interactions and items imported."""
    return domain_group(pz, personalize_mock)
