"""mock_cleanrooms, and Clean Rooms inside mock_cleanroomsml and mock_all."""

from __future__ import annotations

import boto3
import pytest

import cleanroom_mock
from cleanroom_mock import mock_all, mock_cleanrooms, mock_cleanroomsml


@pytest.mark.parametrize("mock", [mock_cleanrooms, mock_cleanroomsml, mock_all])
def test_clean_rooms_is_emulated(mock: object) -> None:
    with mock():  # type: ignore[operator]
        assert boto3.client("cleanrooms", region_name="us-east-1").list_collaborations()["collaborationList"] == []


def test_the_sets() -> None:
    assert cleanroom_mock.CLEANROOMS == {"cleanrooms"}
    assert cleanroom_mock.CLEANROOMS <= cleanroom_mock.CLEANROOMSML <= cleanroom_mock.ALL


@mock_cleanrooms
def test_as_a_decorator() -> None:
    assert boto3.client("cleanrooms", region_name="eu-west-1").list_memberships()["membershipSummaries"] == []


def test_the_pytest_fixture(cleanrooms_mock: object) -> None:
    assert cleanrooms_mock is cleanroom_mock.handle()
    assert boto3.client("cleanrooms", region_name="us-east-1").list_collaborations()["collaborationList"] == []
