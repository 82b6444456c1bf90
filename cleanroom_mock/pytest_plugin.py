"""pytest fixtures, registered through the ``pytest11`` entry point when cleanroom_mock is installed.

    def test_campaign(personalize_mock):      # personalize_mock is the handle: .data, .reset(), .strict
        client = boto3.client("personalize", region_name="us-east-1")
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from . import mock_all, mock_cleanrooms, mock_cleanroomsml, mock_personalize

if TYPE_CHECKING:
    from .core.state import MockHandle


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Fake credentials and region in the environment, for code that creates clients without arguments."""
    values = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def cleanrooms_mock() -> Iterator[MockHandle]:
    """AWS Clean Rooms (``cleanrooms``) mocked for the test; yields the handle (``.collaborations``, ``.reset()``).

    Fresh state for each test; everything is undone when the test ends.
    """
    with mock_cleanrooms() as aws:
        yield aws


@pytest.fixture
def cleanroomsml_mock() -> Iterator[MockHandle]:
    """Clean Rooms ML (``cleanroomsml``, with ``cleanrooms``) mocked for the test; yields the handle (``.data``,
    ``.collaborations``, ``.reset()``, ``.strict``).

    Fresh state for each test; everything is undone when the test ends.
    """
    with mock_cleanroomsml() as aws:
        yield aws


@pytest.fixture
def personalize_mock() -> Iterator[MockHandle]:
    """Amazon Personalize (``personalize``, ``personalize-runtime``, ``personalize-events``) mocked for the
    test; yields the handle. Fresh state for each test; everything is undone when the test ends.
    """
    with mock_personalize() as aws:
        yield aws


@pytest.fixture
def aws_mock() -> Iterator[MockHandle]:
    """Every service cleanroom_mock emulates mocked for the test (like ``with mock_all() as aws``); yields
    the handle. Fresh state for each test; everything is undone when the test ends.
    """
    with mock_all() as aws:
        yield aws
