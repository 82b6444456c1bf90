"""GetPersonalizedRanking: re-ranking an input list for a user."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from ..test_runtime_support import RANKING
from ..test_training_support import UP

PR_V2 = RANKING + "-v2"


@pytest.fixture
def ranking(campaign_on: Callable[..., str], group: str) -> str:
    return campaign_on(group, RANKING, "rank")


def test_known_items_are_ranked_and_unknown_ones_appended_in_input_order(rt: Any, ranking: str) -> None:
    answer = rt.get_personalized_ranking(campaignArn=ranking, userId="u0",
                                         inputList=["new", "i5", "i4", "i0", "i4", "other"])
    ranked = answer["personalizedRanking"]
    # u0 saw i0; of the others i4 is closer to u0's items than i5. Scores: a softmax over the known items.
    assert [e["itemId"] for e in ranked] == ["i0", "i4", "i5", "new", "other"]
    assert sum(e["score"] for e in ranked[:3]) == pytest.approx(1.0, abs=1e-5)
    assert ranked[0]["score"] > ranked[1]["score"] > ranked[2]["score"]
    assert ranked[3:] == [{"itemId": "new"}, {"itemId": "other"}]  # unknown to training: no score, input order
    assert answer["recommendationId"].startswith("RID-")


def test_seen_items_are_ranked_too(rt: Any, ranking: str, item_ids: Any) -> None:
    answer = rt.get_personalized_ranking(campaignArn=ranking, userId="u0", inputList=["i0", "i2"])
    assert item_ids(answer, "personalizedRanking") == ["i2", "i0"]


def test_filters_apply_to_the_input_list(
    rt: Any, make_filter: Callable[[str, str, str], str], group: str, ranking: str, item_ids: Any
) -> None:
    comedies = make_filter(group, "comedies", 'INCLUDE ItemID WHERE Items.GENRE IN ("comedy")')
    answer = rt.get_personalized_ranking(campaignArn=ranking, userId="u0", filterArn=comedies,
                                         inputList=["i1", "i0", "new", "i4"])
    assert item_ids(answer, "personalizedRanking") == ["i0", "i4"]  # u0 saw i0


def test_only_personalized_ranking_campaigns(rt: Any, campaign_on: Callable[..., str], group: str) -> None:
    campaign = campaign_on(group, UP, "up")
    with pytest.raises(rt.exceptions.InvalidInputException,
                       match="USER_PERSONALIZATION recipe; use GetRecommendations instead of GetPersonalizedRanking"):
        rt.get_personalized_ranking(campaignArn=campaign, userId="u0", inputList=["i1"])


def test_input_list_limits(rt: Any, campaign_on: Callable[..., str], group: str, ranking: str) -> None:
    too_long = "inputList length 501 is greater than the maximum of 500"
    with pytest.raises(rt.exceptions.InvalidInputException, match=too_long):
        rt.get_personalized_ranking(campaignArn=ranking, userId="u0", inputList=[f"x{k}" for k in range(501)])
    assert len(rt.get_personalized_ranking(campaignArn=ranking, userId="u0",
                                           inputList=[f"x{k}" for k in range(500)])["personalizedRanking"]) == 500
    v2 = campaign_on(group, PR_V2, "v2")
    with pytest.raises(rt.exceptions.InvalidInputException, match="maximum of 50 when metadataColumns"):
        rt.get_personalized_ranking(campaignArn=v2, userId="u0", inputList=[f"x{k}" for k in range(51)],
                                    metadataColumns={"ITEMS": ["GENRE"]})


def test_metadata_on_ranking(rt: Any, campaign_on: Callable[..., str], group: str, ranking: str) -> None:
    with pytest.raises(rt.exceptions.InvalidInputException, match="does not have metadata enabled"):
        rt.get_personalized_ranking(campaignArn=ranking, userId="u0", inputList=["i1"],
                                    metadataColumns={"ITEMS": ["GENRE"]})
    v2 = campaign_on(group, PR_V2, "v2")  # Personalized-Ranking-v2 includes metadata without enabling it
    answer = rt.get_personalized_ranking(campaignArn=v2, userId="u0", inputList=["i1", "new"],
                                         metadataColumns={"ITEMS": ["GENRE", "PRICE"]})
    assert answer["personalizedRanking"][0]["metadata"] == {"GENRE": "drama", "PRICE": "2"}
    assert answer["personalizedRanking"][1] == {"itemId": "new", "metadata": {}}


def test_required_members_are_checked_server_side(rt_unchecked: Any, ranking: str) -> None:
    with pytest.raises(rt_unchecked.exceptions.InvalidInputException):
        rt_unchecked.get_personalized_ranking(campaignArn=ranking, inputList=["i1"])


def test_unknown_campaign_is_not_found(rt: Any) -> None:
    with pytest.raises(rt.exceptions.ResourceNotFoundException):
        rt.get_personalized_ranking(campaignArn="arn:aws:personalize:us-east-1:123456789012:campaign/ghost",
                                    userId="u0", inputList=["i1"])
