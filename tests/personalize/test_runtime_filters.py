"""Filters on GetRecommendations: INCLUDE/EXCLUDE with placeholders, CurrentItem, interactions, statuses."""

from __future__ import annotations

from typing import Any

import pytest

from .test_runtime_support import ACTIONS_SCHEMA, add_dataset, campaign_on, item_ids, make_filter, runtime, shop
from .test_training_support import SIMS

COLD = "newcomer"  # unknown user: the popularity order i2, i3, i1, i4, i0, i5


def test_include_with_a_placeholder_keeps_matching_items(pz: Any, group: str, up_campaign: str) -> None:
    genre = make_filter(pz, group, "genre", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    rt = runtime()
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre,
                                    filterValues={"GENRE": '"comedy"'})
    assert item_ids(answer) == ["i2", "i4", "i0"]
    both = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre,
                                  filterValues={"GENRE": '"horror","drama"'}, numResults=2)
    assert item_ids(both) == ["i3", "i1"]


def test_include_without_its_placeholder_value_is_invalid(pz: Any, group: str, up_campaign: str) -> None:
    genre = make_filter(pz, group, "genre", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    rt = runtime()
    with pytest.raises(rt.exceptions.InvalidInputException, match=r"placeholder \$GENRE"):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre)


def test_exclude_without_its_value_is_disabled(pz: Any, group: str, up_campaign: str) -> None:
    genre = make_filter(pz, group, "no-genre", "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    rt = runtime()
    assert item_ids(rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre)) == [
        "i2", "i3", "i1", "i4", "i0", "i5"]
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre,
                                    filterValues={"GENRE": '"drama"'})
    assert item_ids(answer) == ["i2", "i4", "i0", "i5"]


def test_numeric_filter_on_item_metadata(pz: Any, group: str, up_campaign: str) -> None:
    cheap = make_filter(pz, group, "cheap", "INCLUDE ItemID WHERE Items.PRICE < $MAX")
    answer = runtime().get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=cheap,
                                           filterValues={"MAX": "3"})
    assert item_ids(answer) == ["i1", "i0"]


def test_interactions_filter_uses_the_requesting_users_events(pz: Any, group: str) -> None:
    campaign = campaign_on(pz, group, SIMS, "sims")
    clicked = make_filter(pz, group, "unclicked", 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    rt = runtime()
    assert item_ids(rt.get_recommendations(campaignArn=campaign, itemId="i4")) == ["i2", "i3", "i1", "i5", "i0"]
    answer = rt.get_recommendations(campaignArn=campaign, itemId="i4", userId="u0", filterArn=clicked)
    assert item_ids(answer) == ["i5"]  # u0 clicked i0..i3


def test_current_item_filter_on_related_items(pz: Any, group: str, up_campaign: str) -> None:
    campaign = campaign_on(pz, group, SIMS, "sims")
    same = make_filter(pz, group, "same-genre", "INCLUDE ItemID WHERE Items.GENRE IN CurrentItem.GENRE")
    rt = runtime()
    assert item_ids(rt.get_recommendations(campaignArn=campaign, itemId="i0", filterArn=same)) == ["i2", "i4"]
    with pytest.raises(rt.exceptions.InvalidInputException, match="CurrentItem"):
        rt.get_recommendations(campaignArn=up_campaign, userId="u0", filterArn=same)


def test_unknown_filter_is_not_found(up_campaign: str) -> None:
    rt = runtime()
    arn = "arn:aws:personalize:us-east-1:123456789012:filter/ghost"
    with pytest.raises(rt.exceptions.ResourceNotFoundException, match=f"Resource Arn {arn} does not exist") as caught:
        rt.get_recommendations(campaignArn=up_campaign, userId="u0", filterArn=arn)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_filter_must_be_active(pz: Any, group: str, up_campaign: str, personalize_mock: Any) -> None:
    personalize_mock.lifecycle = "step"
    arn = pz.create_filter(name="slow", datasetGroupArn=group,
                           filterExpression='EXCLUDE ItemID WHERE Items.GENRE IN ("drama")')["filterArn"]
    rt = runtime()
    not_active = r"filter .* is not ACTIVE \(status: CREATE IN_PROGRESS\)"
    with pytest.raises(rt.exceptions.InvalidInputException, match=not_active):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=arn)
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=arn)  # read again: ACTIVE
    assert item_ids(answer) == ["i2", "i4", "i0", "i5"]


def test_a_filter_of_another_dataset_group_is_refused(pz: Any, personalize_mock: Any, up_campaign: str) -> None:
    other = shop(pz, personalize_mock, name="other")
    foreign = make_filter(pz, other, "foreign", 'EXCLUDE ItemID WHERE Items.GENRE IN ("drama")')
    rt = runtime()
    with pytest.raises(rt.exceptions.InvalidInputException, match="not to the campaign's dataset group"):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=foreign)


def test_an_action_filter_cannot_filter_items(pz: Any, personalize_mock: Any, group: str, up_campaign: str) -> None:
    add_dataset(pz, personalize_mock, group, "Actions", ACTIONS_SCHEMA, "ACTION_ID,CATEGORY\na1,x\n", "shop")
    actions = make_filter(pz, group, "actions", 'EXCLUDE ActionID WHERE Actions.CATEGORY IN ("x")')
    rt = runtime()
    wrong_target = "filters ActionID; this operation needs a filter on ItemID"
    with pytest.raises(rt.exceptions.InvalidInputException, match=wrong_target):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=actions)
