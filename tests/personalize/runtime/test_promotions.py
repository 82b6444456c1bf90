"""Promotions and metadata on GetRecommendations, and the reason list of User-Personalization-v2."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from ..test_runtime_support import UP_V2
from ..test_training_support import UP

COLD = "newcomer"  # unknown user: the popularity order i2, i3, i1, i4, i0, i5


@pytest.fixture
def comedies(make_filter: Callable[[str, str, str], str], group: str) -> str:
    return make_filter(group, "comedies", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")


def _promotion(filter_arn: str, percent: int, genre: str = '"comedy"') -> list[dict]:
    return [{"name": "laughs", "percentPromotedItems": percent, "filterArn": filter_arn,
             "filterValues": {"GENRE": genre}}]


def test_promoted_items_take_their_share_and_keep_their_order(rt: Any, up_campaign: str, comedies: str) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, numResults=4,
                                    promotions=_promotion(comedies, 50))
    entries = answer["itemList"]
    promoted = [e["itemId"] for e in entries if e.get("promotionName") == "laughs"]
    others = [e["itemId"] for e in entries if "promotionName" not in e]
    assert promoted == ["i2", "i4"]  # the best comedies, in their own order
    assert others == ["i3", "i1"]  # the best of the rest, in theirs
    again = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, numResults=4,
                                   promotions=_promotion(comedies, 50))
    assert again["itemList"] == entries  # positions are deterministic


def test_the_request_filter_applies_only_to_the_rest(
    rt: Any, make_filter: Callable[[str, str, str], str], group: str, up_campaign: str, comedies: str, item_ids: Any
) -> None:
    dramas = make_filter(group, "dramas", 'INCLUDE ItemID WHERE Items.GENRE IN ("drama")')
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, numResults=4, filterArn=dramas,
                                    promotions=_promotion(comedies, 50))
    assert sorted(item_ids(answer)) == ["i1", "i2", "i3", "i4"]
    assert {e["itemId"] for e in answer["itemList"] if "promotionName" in e} == {"i2", "i4"}


def test_too_few_promotable_items_leave_the_slots_to_the_others(
    rt: Any, up_campaign: str, comedies: str, item_ids: Any
) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, numResults=3,
                                    promotions=_promotion(comedies, 100, '"horror"'))
    assert sorted(item_ids(answer)) == ["i2", "i3", "i5"]
    assert [e["itemId"] for e in answer["itemList"] if "promotionName" in e] == ["i5"]


def test_a_small_percentage_still_promotes_one_item(rt: Any, up_campaign: str, comedies: str) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, numResults=4,
                                    promotions=_promotion(comedies, 10, '"horror"'))
    assert [e["itemId"] for e in answer["itemList"] if "promotionName" in e] == ["i5"]
    assert len(answer["itemList"]) == 4


def test_promotion_errors(rt: Any, up_campaign: str) -> None:
    ghost = "arn:aws:personalize:us-east-1:123456789012:filter/ghost"
    with pytest.raises(rt.exceptions.ResourceNotFoundException, match=ghost):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, promotions=_promotion(ghost, 20))
    with pytest.raises(rt.exceptions.InvalidInputException, match="filterArn"):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD,
                               promotions=[{"name": "p", "percentPromotedItems": 20}])


def test_metadata_needs_it_enabled_on_the_campaign(rt: Any, up_campaign: str) -> None:
    with pytest.raises(rt.exceptions.InvalidInputException, match="does not have metadata enabled"):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, metadataColumns={"ITEMS": ["GENRE"]})


def test_metadata_columns_come_back_as_strings(rt: Any, campaign_on: Callable[..., str], group: str) -> None:
    campaign = campaign_on(group, UP, "meta", config={"enableMetadataWithRecommendations": True})
    answer = rt.get_recommendations(campaignArn=campaign, userId="u0",
                                    metadataColumns={"ITEMS": ["GENRE", "price"]})
    assert [{k: v for k, v in e.items() if k != "score"} for e in answer["itemList"]] == [
        {"itemId": "i4", "metadata": {"GENRE": "comedy", "price": "5"}},
        {"itemId": "i5", "metadata": {"GENRE": "horror", "price": "6"}},
    ]


def test_metadata_limits(rt: Any, campaign_on: Callable[..., str], group: str) -> None:
    campaign = campaign_on(group, UP, "meta", config={"enableMetadataWithRecommendations": True})
    with pytest.raises(rt.exceptions.InvalidInputException, match="column COLOR does not exist"):
        rt.get_recommendations(campaignArn=campaign, userId="u0", metadataColumns={"ITEMS": ["COLOR"]})
    with pytest.raises(rt.exceptions.InvalidInputException, match="the maximum is 10"):
        rt.get_recommendations(campaignArn=campaign, userId="u0",
                               metadataColumns={"ITEMS": [f"C{k}" for k in range(11)]})
    with pytest.raises(rt.exceptions.InvalidInputException, match="only ITEMS is supported"):
        rt.get_recommendations(campaignArn=campaign, userId="u0", metadataColumns={"USERS": ["AGE"]})
    with pytest.raises(rt.exceptions.InvalidInputException, match="maximum of 50 when metadataColumns"):
        rt.get_recommendations(campaignArn=campaign, userId="u0", numResults=51,
                               metadataColumns={"ITEMS": ["GENRE"]})
    assert len(rt.get_recommendations(campaignArn=campaign, userId="x", numResults=50,
                                      metadataColumns={"ITEMS": ["GENRE"]})["itemList"]) == 6


def test_user_personalization_v2_has_metadata_and_reasons(
    rt: Any, campaign_on: Callable[..., str], group: str, comedies: str
) -> None:
    campaign = campaign_on(group, UP_V2, "v2")
    answer = rt.get_recommendations(campaignArn=campaign, userId="u0", numResults=2,
                                    metadataColumns={"ITEMS": ["GENRE"]}, promotions=_promotion(comedies, 50))
    by_item = {e["itemId"]: e for e in answer["itemList"]}
    assert by_item["i4"]["reason"] == ["Promoted item"] and by_item["i4"]["promotionName"] == "laughs"
    assert "reason" not in by_item["i5"]  # recommended on the user's own affinity
    assert by_item["i5"]["metadata"] == {"GENRE": "horror"}
    cold = rt.get_recommendations(campaignArn=campaign, userId=COLD, numResults=1)
    assert cold["itemList"][0]["reason"] == ["Popular item"]


def test_reason_is_only_for_user_personalization_v2(rt: Any, up_campaign: str, comedies: str) -> None:
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, promotions=_promotion(comedies, 50))
    assert all("reason" not in entry for entry in answer["itemList"])
