"""GetActionRecommendations: Next-Best-Action campaigns scored from the Actions / Action interactions data."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from ..test_training_support import UP

MakeFilter = Callable[[str, str, str], str]


def _actions(answer: dict) -> list[tuple[str, float]]:
    return [(entry["actionId"], entry["score"]) for entry in answer["actionList"]]


def test_actions_rank_by_their_share_of_taken_events(rt: Any, nba: tuple[str, str]) -> None:
    _, campaign = nba
    answer = rt.get_action_recommendations(campaignArn=campaign, userId="u1")
    # 8 Taken events: a1 ×3, a3 ×2 (event types ignore case), a4, a5, a2 ×1; a2 has expired. Nobody else took
    # u1's a4, so the shares stand, times u1's own response: a1 was Not taken once, (0 + 1) / (1 + 1).
    assert _actions(answer) == [("a3", 0.25), ("a1", 0.1875), ("a4", 0.125), ("a5", 0.125)]
    assert answer["recommendationId"].startswith("RID-")


def test_recently_taken_actions_wait_for_their_repeat_frequency(rt: Any, nba: tuple[str, str]) -> None:
    _, campaign = nba
    answer = rt.get_action_recommendations(campaignArn=campaign, userId="u0")
    assert [action for action, _ in _actions(answer)] == ["a1", "a4", "a5"]  # u0 took a3 an hour ago


def test_expiry_and_repeat_frequency_follow_the_clock(frozen_nba: tuple[Any, str, Any]) -> None:
    frozen, campaign, rt = frozen_nba
    assert [e["actionId"] for e in rt.get_action_recommendations(campaignArn=campaign, userId="u0")[
        "actionList"]] == ["a1", "a4", "a5"]
    frozen.tick(2 * 86_400)  # a5 expired
    assert [e["actionId"] for e in rt.get_action_recommendations(campaignArn=campaign, userId="u0")[
        "actionList"]] == ["a1", "a4"]
    frozen.tick(6 * 86_400)  # a3's 7 days are over; u0 took it before, so it now leads u0's list
    assert [e["actionId"] for e in rt.get_action_recommendations(campaignArn=campaign, userId="u0")[
        "actionList"]] == ["a3", "a1", "a4"]


def test_num_results_default_and_maximum(rt: Any, nba: tuple[str, str]) -> None:
    _, campaign = nba
    assert len(rt.get_action_recommendations(campaignArn=campaign, userId="u1", numResults=2)["actionList"]) == 2
    assert len(rt.get_action_recommendations(campaignArn=campaign, userId="u1", numResults=100)["actionList"]) == 4
    with pytest.raises(rt.exceptions.InvalidInputException, match="numResults 101 is greater than the maximum of 100"):
        rt.get_action_recommendations(campaignArn=campaign, userId="u1", numResults=101)


def test_action_filters(rt: Any, make_filter: MakeFilter, nba: tuple[str, str]) -> None:
    group, campaign = nba
    category = make_filter(group, "category", "EXCLUDE ActionID WHERE Actions.CATEGORY IN ($CAT)")
    declined = make_filter(group, "declined",
                           'EXCLUDE ActionID WHERE Action_Interactions.EVENT_TYPE IN ("Not taken")')
    answer = rt.get_action_recommendations(campaignArn=campaign, userId="u1", filterArn=category,
                                           filterValues={"CAT": '"x"'})
    assert [action for action, _ in _actions(answer)] == ["a4"]
    answer = rt.get_action_recommendations(campaignArn=campaign, userId="u1", filterArn=declined)
    assert [action for action, _ in _actions(answer)] == ["a3", "a4", "a5"]  # u1 declined a1


def test_an_item_filter_cannot_filter_actions(rt: Any, make_filter: MakeFilter, nba: tuple[str, str]) -> None:
    group, campaign = nba
    clicked = make_filter(group, "clicked", 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    with pytest.raises(rt.exceptions.InvalidInputException, match="needs a filter on ActionID"):
        rt.get_action_recommendations(campaignArn=campaign, userId="u1", filterArn=clicked)


def test_campaign_and_user_are_required(rt: Any, nba: tuple[str, str]) -> None:
    _, campaign = nba
    with pytest.raises(rt.exceptions.InvalidInputException, match="'campaignArn' failed to satisfy constraint"):
        rt.get_action_recommendations(userId="u1")
    with pytest.raises(rt.exceptions.InvalidInputException, match="userId is required"):
        rt.get_action_recommendations(campaignArn=campaign)
    ghost = "arn:aws:personalize:us-east-1:123456789012:campaign/ghost"
    with pytest.raises(rt.exceptions.ResourceNotFoundException, match=ghost):
        rt.get_action_recommendations(campaignArn=ghost, userId="u1")


def test_only_next_best_action_campaigns(rt: Any, campaign_on: Callable[..., str], plain_group: str) -> None:
    campaign = campaign_on(plain_group, UP, "up")
    with pytest.raises(rt.exceptions.InvalidInputException,
                       match="use GetRecommendations instead of GetActionRecommendations"):
        rt.get_action_recommendations(campaignArn=campaign, userId="u0")


def test_users_get_their_own_propensities(rt: Any, nba: tuple[str, str]) -> None:
    _, campaign = nba
    # u5 took a3 (with u0) and a2: users who took what u5 took lean towards a3, unlike u1's neighbours.
    u1 = dict(_actions(rt.get_action_recommendations(campaignArn=campaign, userId="u1")))
    u5 = dict(_actions(rt.get_action_recommendations(campaignArn=campaign, userId="u5")))
    assert u1 != u5
    taken, a3_share = 8, 2 / 8
    # c(u5, a3): u0 shares a3 with u5 and took a3 once -> 1.0; (share + c) / 2 times u5's response (1+1)/(1+1).
    assert u5["a3"] == round((a3_share + 1.0) / 2, 6)
    assert u5["a1"] == round((3 / taken + 0.0) / 2, 6)
