"""Fixtures of the training-side tests: a group with imported interactions, a solution on it, and the whole
chain up to an ACTIVE solution version."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import client, interactions_csv, make_group, make_solution, trained


@pytest.fixture
def group(personalize_mock: Any) -> str:
    """A custom dataset group with the default interactions imported."""
    return make_group(client(), personalize_mock, csv=interactions_csv())


@pytest.fixture
def solution(personalize_mock: Any) -> str:
    """An ACTIVE User-Personalization solution on such a group (no version yet)."""
    pz = client()
    return make_solution(pz, make_group(pz, personalize_mock, csv=interactions_csv()))


@pytest.fixture
def chain(personalize_mock: Any) -> tuple[Any, Any, str, str, str]:
    """(aws, client, group, solution, ACTIVE version)."""
    pz = client()
    group, solution, version = trained(pz, personalize_mock)
    return personalize_mock, pz, group, solution, version
