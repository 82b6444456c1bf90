"""Real-time personalization through boto3 (recording-events): PutEvents changes a User-Personalization or
Personalized-Ranking answer at once; SIMS and Popularity-Count change only with a new solution version."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import pytest

from ..engines.test_recipes import community_rows
from ..test_runtime_support import RANKING
from ..test_training_support import POPULARITY, SIMS, UP, make_group


@pytest.fixture
def communities(pz: Any, personalize_mock: Any) -> str:
    csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n" + "".join(
        f"{r['USER_ID']},{r['ITEM_ID']},{r['TIMESTAMP']},click,1\n" for r in community_rows())
    return make_group(pz, personalize_mock, "communities", csv)


@pytest.fixture
def clicks(pz: Any, communities: str) -> Callable[[str, list[str]], None]:
    tracker = pz.create_event_tracker(name="live", datasetGroupArn=communities)["eventTrackerArn"]
    tracking_id = pz.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]["trackingId"]
    events = boto3.client("personalize-events", region_name="us-east-1")

    def click(user: str, items: list[str]) -> None:
        for start in range(0, len(items), 10):  # API_UBS_PutEvents: at most 10 events a call
            events.put_events(trackingId=tracking_id, userId=user, sessionId=f"s-{user}", eventList=[
                {"eventType": "click", "itemId": item, "sentAt": 1_800_000_000 + start + k}
                for k, item in enumerate(items[start:start + 10])])

    return click


def test_clicks_shift_user_personalization_at_once(
    rt: Any, campaign_on: Callable[..., str], communities: str, clicks: Any, item_ids: Any
) -> None:
    campaign = campaign_on(communities, UP, "up", {"itemExplorationConfig": {"explorationWeight": "0"}})
    before = item_ids(rt.get_recommendations(campaignArn=campaign, userId="c0u1", numResults=5))
    assert not any(item.startswith("c3") for item in before)
    clicks("c0u1", [f"c3i{k}" for k in range(6)] * 2)
    after = item_ids(rt.get_recommendations(campaignArn=campaign, userId="c0u1", numResults=5))
    assert sum(item.startswith("c3") for item in after) >= 3  # 6 of community 3's 12 items are still unseen


def test_clicks_shift_personalized_ranking_at_once(
    rt: Any, campaign_on: Callable[..., str], communities: str, clicks: Any, item_ids: Any
) -> None:
    campaign = campaign_on(communities, RANKING, "rank")
    candidates = ["c0i0", "c0i1", "c3i10", "c3i11"]
    before = item_ids(rt.get_personalized_ranking(campaignArn=campaign, userId="c0u1", inputList=candidates),
                      "personalizedRanking")
    clicks("c0u1", [f"c3i{k}" for k in range(10)] * 2)
    after = item_ids(rt.get_personalized_ranking(campaignArn=campaign, userId="c0u1", inputList=candidates),
                     "personalizedRanking")
    assert before[0].startswith("c0") and after[0].startswith("c3")


@pytest.mark.parametrize("recipe", [SIMS, POPULARITY])
def test_sims_and_popularity_count_wait_for_a_new_solution_version(
    rt: Any, campaign_on: Callable[..., str], communities: str, clicks: Any, recipe: str
) -> None:
    campaign = campaign_on(communities, recipe, "fixed")
    ask = {"itemId": "c3i0"} if recipe == SIMS else {"userId": "c0u1"}
    before = rt.get_recommendations(campaignArn=campaign, **ask)["itemList"]
    for user in range(30):
        clicks(f"fan{user}", ["c3i0", "c0i0"])
    assert rt.get_recommendations(campaignArn=campaign, **ask)["itemList"] == before
