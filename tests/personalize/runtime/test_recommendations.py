"""GetRecommendations: targets, lifecycle checks, inputs per recipe type, ranking and scores, numResults."""

from __future__ import annotations

import re
from typing import Any, Callable

import boto3
import pytest

from ..test_runtime_support import ACTIONS_SCHEMA, NBA, RANKING, TRENDING
from ..test_training_support import POPULARITY, SIMS, UP


@pytest.fixture
def up_campaign(campaign_on: Callable[..., str], plain_group: str) -> str:
    return campaign_on(plain_group, UP, "up")


def test_user_personalization_ranks_unseen_items_by_popularity_and_affinity(rt: Any, up_campaign: str) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId="u0")
    # u0 saw i0..i3; i4 shares more users with u0's items than i5 does. Scores are a softmax over the catalog.
    assert [e["itemId"] for e in answer["itemList"]] == ["i4", "i5"]
    assert 0 < answer["itemList"][1]["score"] < answer["itemList"][0]["score"] < 1
    assert re.fullmatch(r"RID-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", answer["recommendationId"])


def test_answers_are_deterministic_but_recommendation_ids_are_unique(rt: Any, up_campaign: str, item_ids: Any) -> None:
    first = rt.get_recommendations(campaignArn=up_campaign, userId="u2")
    second = rt.get_recommendations(campaignArn=up_campaign, userId="u2")
    assert first["itemList"] == second["itemList"]
    assert set(item_ids(first)) == {"i0", "i5"}  # u2 saw i1..i4
    assert first["recommendationId"] != second["recommendationId"]


def test_an_unknown_user_gets_the_most_popular_items(rt: Any, up_campaign: str, item_ids: Any) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId="newcomer")
    assert item_ids(answer) == ["i2", "i3", "i1", "i4", "i0", "i5"]  # unique users, then item ID
    assert sum(e["score"] for e in answer["itemList"]) == pytest.approx(1.0, abs=1e-5)  # a softmax


def test_num_results_default_limit_and_zero(rt: Any, up_campaign: str, item_ids: Any) -> None:
    assert item_ids(rt.get_recommendations(campaignArn=up_campaign, userId="x", numResults=2)) == ["i2", "i3"]
    assert rt.get_recommendations(campaignArn=up_campaign, userId="x", numResults=0)["itemList"] == []
    assert len(rt.get_recommendations(campaignArn=up_campaign, userId="x", numResults=500)["itemList"]) == 6
    with pytest.raises(rt.exceptions.InvalidInputException, match="numResults 501 is greater than the maximum of 500"):
        rt.get_recommendations(campaignArn=up_campaign, userId="x", numResults=501)


def test_related_items_need_an_item_and_rank_by_co_occurrence(
    rt: Any, campaign_on: Callable[..., str], plain_group: str, item_ids: Any
) -> None:
    campaign = campaign_on(plain_group, SIMS, "sims")
    answer = rt.get_recommendations(campaignArn=campaign, itemId="i0")
    # min_cointeraction_count is 3 and only u0, u1 saw i0: popular items, without scores (SIMS has none).
    assert answer["itemList"] == [{"itemId": i} for i in ("i2", "i3", "i1", "i4", "i5")]
    cold = rt.get_recommendations(campaignArn=campaign, itemId="brand-new")
    assert item_ids(cold) == ["i2", "i3", "i1", "i4", "i0", "i5"]
    with pytest.raises(rt.exceptions.InvalidInputException, match="itemId is required .* RELATED_ITEMS"):
        rt.get_recommendations(campaignArn=campaign, userId="u0")


def test_popularity_count_gives_everyone_the_same_list(
    rt: Any, campaign_on: Callable[..., str], plain_group: str
) -> None:
    campaign = campaign_on(plain_group, POPULARITY, "pop")
    answer = rt.get_recommendations(campaignArn=campaign, userId="u0")
    # native-recipe-popularity: the same popular items for all users; no scores (how-recommendation-scoring-works)
    assert answer["itemList"] == [{"itemId": i} for i in ("i2", "i3", "i1", "i4", "i0", "i5")]
    for user in ("u2", "u5", "stranger"):
        assert rt.get_recommendations(campaignArn=campaign, userId=user)["itemList"] == answer["itemList"]


def test_popular_items_need_neither_user_nor_item(
    rt: Any, campaign_on: Callable[..., str], plain_group: str, item_ids: Any
) -> None:
    campaign = campaign_on(plain_group, TRENDING, "trend")
    answer = rt.get_recommendations(campaignArn=campaign, numResults=3)
    assert item_ids(answer) == ["i2", "i3", "i1"]


def test_user_personalization_needs_a_user(rt: Any, up_campaign: str) -> None:
    with pytest.raises(rt.exceptions.InvalidInputException, match="userId is required .* USER_PERSONALIZATION"):
        rt.get_recommendations(campaignArn=up_campaign, itemId="i0")


@pytest.mark.parametrize(("recipe", "api"), [(RANKING, "GetPersonalizedRanking"), (NBA, "GetActionRecommendations")])
def test_other_recipe_types_must_use_their_own_api(
    rt: Any, campaign_on: Callable[..., str], add_dataset: Callable[..., str], plain_group: str, recipe: str, api: str
) -> None:
    group = plain_group
    if recipe == NBA:
        add_dataset(group, "Actions", ACTIONS_SCHEMA, "ACTION_ID,CATEGORY\na1,x\n", "shop")
    campaign = campaign_on(group, recipe, "other")
    with pytest.raises(rt.exceptions.InvalidInputException, match=f"use {api} instead of GetRecommendations"):
        rt.get_recommendations(campaignArn=campaign, userId="u0")


def test_exactly_one_of_campaign_and_recommender(rt: Any, up_campaign: str) -> None:
    recommender = "arn:aws:personalize:us-east-1:123456789012:recommender/recs"
    with pytest.raises(rt.exceptions.InvalidInputException, match="exactly one of campaignArn or recommenderArn"):
        rt.get_recommendations(userId="u0")
    with pytest.raises(rt.exceptions.InvalidInputException, match="exactly one of campaignArn or recommenderArn"):
        rt.get_recommendations(campaignArn=up_campaign, recommenderArn=recommender, userId="u0")
    with pytest.raises(rt.exceptions.ResourceNotFoundException) as caught:
        rt.get_recommendations(recommenderArn=recommender, userId="u0")
    assert caught.value.response["Error"]["Message"] == f"Resource Arn {recommender} does not exist."
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_unknown_campaign_is_not_found_with_404(rt: Any) -> None:
    arn = "arn:aws:personalize:us-east-1:123456789012:campaign/ghost"
    with pytest.raises(rt.exceptions.ResourceNotFoundException, match=f"Resource Arn {arn} does not exist") as caught:
        rt.get_recommendations(campaignArn=arn, userId="u0")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_campaign_must_be_active_and_reading_it_moves_it_on(
    rt: Any, pz: Any, personalize_mock: Any, campaign_on: Callable[..., str], plain_group: str, item_ids: Any
) -> None:
    campaign_on(plain_group, UP, "first")  # trains a version we can deploy again
    version = pz.list_solution_versions()["solutionVersions"][0]["solutionVersionArn"]
    personalize_mock.lifecycle = "step"
    arn = pz.create_campaign(name="slow", solutionVersionArn=version)["campaignArn"]
    not_active = r"is not ACTIVE \(status: CREATE IN_PROGRESS\)"
    with pytest.raises(rt.exceptions.InvalidInputException, match=not_active) as caught:
        rt.get_recommendations(campaignArn=arn, userId="u0")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert item_ids(rt.get_recommendations(campaignArn=arn, userId="u0")) == ["i4", "i5"]  # this read: ACTIVE


def test_a_deleted_campaign_no_longer_serves(rt: Any, up_campaign: str, pz: Any) -> None:
    pz.delete_campaign(campaignArn=up_campaign)
    with pytest.raises(rt.exceptions.ResourceNotFoundException):
        rt.get_recommendations(campaignArn=up_campaign, userId="u0")


def test_context_is_accepted(rt: Any, up_campaign: str, item_ids: Any) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId="u0", context={"DEVICE": "phone"})
    assert item_ids(answer) == ["i4", "i5"]


def test_events_recorded_with_put_events_count_at_once(
    rt: Any, pz: Any, campaign_on: Callable[..., str], plain_group: str, item_ids: Any
) -> None:
    group = plain_group
    campaign = campaign_on(group, UP, "live")
    tracker = pz.create_event_tracker(name="live", datasetGroupArn=group)["trackingId"]
    pz.describe_event_tracker(eventTrackerArn=pz.list_event_trackers()["eventTrackers"][0]["eventTrackerArn"])
    assert item_ids(rt.get_recommendations(campaignArn=campaign, userId="u0")) == ["i4", "i5"]
    events = boto3.client("personalize-events", region_name="us-east-1")
    events.put_events(trackingId=tracker, userId="u0", sessionId="s1",
                      eventList=[{"eventType": "click", "itemId": "i4", "sentAt": 1_800_000_000}])
    assert item_ids(rt.get_recommendations(campaignArn=campaign, userId="u0")) == ["i5"]  # i4 is now seen
