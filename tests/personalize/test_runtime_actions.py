"""GetActionRecommendations: Next-Best-Action campaigns scored from the Actions / Action interactions data."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun import freeze_time

from cleanroom_mock import mock_personalize

from .support import client
from .test_runtime_support import campaign_on, make_filter, nba_group, runtime, shop
from .test_training_support import UP


@pytest.fixture
def nba(pz: Any, personalize_mock: Any) -> tuple[str, str]:
    return nba_group(pz, personalize_mock)


def _actions(answer: dict) -> list[tuple[str, float]]:
    return [(entry["actionId"], entry["score"]) for entry in answer["actionList"]]


def test_actions_rank_by_their_share_of_taken_events(nba: tuple[str, str]) -> None:
    _, campaign = nba
    answer = runtime().get_action_recommendations(campaignArn=campaign, userId="u1")
    # 8 Taken events: a1 ×3, a3 ×2 (event types ignore case), a4, a5, a2 ×1; a2 has expired.
    assert _actions(answer) == [("a1", 0.375), ("a3", 0.25), ("a4", 0.125), ("a5", 0.125)]
    assert answer["recommendationId"].startswith("RID-")


def test_recently_taken_actions_wait_for_their_repeat_frequency(nba: tuple[str, str]) -> None:
    _, campaign = nba
    answer = runtime().get_action_recommendations(campaignArn=campaign, userId="u0")
    assert [action for action, _ in _actions(answer)] == ["a1", "a4", "a5"]  # u0 took a3 an hour ago


def test_expiry_and_repeat_frequency_follow_the_clock() -> None:
    with freeze_time("2030-01-01 00:00:00") as frozen, mock_personalize() as aws:
        _, campaign = nba_group(client(), aws)
        rt = runtime()
        assert [e["actionId"] for e in rt.get_action_recommendations(campaignArn=campaign, userId="u0")[
            "actionList"]] == ["a1", "a4", "a5"]
        frozen.tick(2 * 86_400)  # a5 expired
        assert [e["actionId"] for e in rt.get_action_recommendations(campaignArn=campaign, userId="u0")[
            "actionList"]] == ["a1", "a4"]
        frozen.tick(6 * 86_400)  # a3's 7 days are over
        assert [e["actionId"] for e in rt.get_action_recommendations(campaignArn=campaign, userId="u0")[
            "actionList"]] == ["a1", "a3", "a4"]


def test_num_results_default_and_maximum(nba: tuple[str, str]) -> None:
    _, campaign = nba
    rt = runtime()
    assert len(rt.get_action_recommendations(campaignArn=campaign, userId="u1", numResults=2)["actionList"]) == 2
    assert len(rt.get_action_recommendations(campaignArn=campaign, userId="u1", numResults=100)["actionList"]) == 4
    with pytest.raises(rt.exceptions.InvalidInputException, match="numResults 101 is greater than the maximum of 100"):
        rt.get_action_recommendations(campaignArn=campaign, userId="u1", numResults=101)


def test_action_filters(pz: Any, nba: tuple[str, str]) -> None:
    group, campaign = nba
    category = make_filter(pz, group, "category", "EXCLUDE ActionID WHERE Actions.CATEGORY IN ($CAT)")
    declined = make_filter(pz, group, "declined",
                           'EXCLUDE ActionID WHERE Action_Interactions.EVENT_TYPE IN ("Not taken")')
    rt = runtime()
    answer = rt.get_action_recommendations(campaignArn=campaign, userId="u1", filterArn=category,
                                           filterValues={"CAT": '"x"'})
    assert [action for action, _ in _actions(answer)] == ["a4"]
    answer = rt.get_action_recommendations(campaignArn=campaign, userId="u1", filterArn=declined)
    assert [action for action, _ in _actions(answer)] == ["a3", "a4", "a5"]  # u1 declined a1


def test_an_item_filter_cannot_filter_actions(pz: Any, nba: tuple[str, str]) -> None:
    group, campaign = nba
    clicked = make_filter(pz, group, "clicked", 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    rt = runtime()
    with pytest.raises(rt.exceptions.InvalidInputException, match="needs a filter on ActionID"):
        rt.get_action_recommendations(campaignArn=campaign, userId="u1", filterArn=clicked)


def test_campaign_and_user_are_required(nba: tuple[str, str]) -> None:
    _, campaign = nba
    rt = runtime()
    with pytest.raises(rt.exceptions.InvalidInputException, match="'campaignArn' failed to satisfy constraint"):
        rt.get_action_recommendations(userId="u1")
    with pytest.raises(rt.exceptions.InvalidInputException, match="userId is required"):
        rt.get_action_recommendations(campaignArn=campaign)
    ghost = "arn:aws:personalize:us-east-1:123456789012:campaign/ghost"
    with pytest.raises(rt.exceptions.ResourceNotFoundException, match=ghost):
        rt.get_action_recommendations(campaignArn=ghost, userId="u1")


def test_only_next_best_action_campaigns(pz: Any, personalize_mock: Any) -> None:
    campaign = campaign_on(pz, shop(pz, personalize_mock, items=False), UP, "up")
    rt = runtime()
    with pytest.raises(rt.exceptions.InvalidInputException,
                       match="use GetRecommendations instead of GetActionRecommendations"):
        rt.get_action_recommendations(campaignArn=campaign, userId="u0")
