"""Filters on GetRecommendations: INCLUDE/EXCLUDE with placeholders, CurrentItem, interactions, statuses."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from ..test_runtime_support import ACTIONS_SCHEMA
from ..test_training_support import SIMS

COLD = "newcomer"  # unknown user: the popularity order i2, i3, i1, i4, i0, i5
MakeFilter = Callable[[str, str, str], str]


def test_include_with_a_placeholder_keeps_matching_items(
    rt: Any, make_filter: MakeFilter, group: str, up_campaign: str, item_ids: Any
) -> None:
    genre = make_filter(group, "genre", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre,
                                    filterValues={"GENRE": '"comedy"'})
    assert item_ids(answer) == ["i2", "i4", "i0"]
    both = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre,
                                  filterValues={"GENRE": '"horror","drama"'}, numResults=2)
    assert item_ids(both) == ["i3", "i1"]


def test_include_without_its_placeholder_value_is_invalid(
    rt: Any, make_filter: MakeFilter, group: str, up_campaign: str
) -> None:
    genre = make_filter(group, "genre", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    with pytest.raises(rt.exceptions.InvalidInputException, match=r"placeholder \$GENRE"):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre)


def test_exclude_without_its_value_is_disabled(
    rt: Any, make_filter: MakeFilter, group: str, up_campaign: str, item_ids: Any
) -> None:
    genre = make_filter(group, "no-genre", "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    assert item_ids(rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre)) == [
        "i2", "i3", "i1", "i4", "i0", "i5"]
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=genre,
                                    filterValues={"GENRE": '"drama"'})
    assert item_ids(answer) == ["i2", "i4", "i0", "i5"]


def test_numeric_filter_on_item_metadata(
    rt: Any, make_filter: MakeFilter, group: str, up_campaign: str, item_ids: Any
) -> None:
    cheap = make_filter(group, "cheap", "INCLUDE ItemID WHERE Items.PRICE < $MAX")
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=cheap,
                                    filterValues={"MAX": "3"})
    assert item_ids(answer) == ["i1", "i0"]


def test_interactions_filter_uses_the_requesting_users_events(
    rt: Any, campaign_on: Callable[..., str], make_filter: MakeFilter, group: str, item_ids: Any
) -> None:
    campaign = campaign_on(group, SIMS, "sims")
    clicked = make_filter(group, "unclicked", 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    assert item_ids(rt.get_recommendations(campaignArn=campaign, itemId="i4")) == ["i2", "i3", "i1", "i0", "i5"]
    answer = rt.get_recommendations(campaignArn=campaign, itemId="i4", userId="u0", filterArn=clicked)
    assert item_ids(answer) == ["i5"]  # u0 clicked i0..i3


def test_current_item_filter_on_related_items(
    rt: Any, campaign_on: Callable[..., str], make_filter: MakeFilter, group: str, up_campaign: str, item_ids: Any
) -> None:
    campaign = campaign_on(group, SIMS, "sims")
    same = make_filter(group, "same-genre", "INCLUDE ItemID WHERE Items.GENRE IN CurrentItem.GENRE")
    assert item_ids(rt.get_recommendations(campaignArn=campaign, itemId="i0", filterArn=same)) == ["i2", "i4"]
    with pytest.raises(rt.exceptions.InvalidInputException, match="CurrentItem"):
        rt.get_recommendations(campaignArn=up_campaign, userId="u0", filterArn=same)


def test_unknown_filter_is_not_found(rt: Any, up_campaign: str) -> None:
    arn = "arn:aws:personalize:us-east-1:123456789012:filter/ghost"
    with pytest.raises(rt.exceptions.ResourceNotFoundException, match=f"Resource Arn {arn} does not exist") as caught:
        rt.get_recommendations(campaignArn=up_campaign, userId="u0", filterArn=arn)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_filter_must_be_active(
    rt: Any, pz: Any, group: str, up_campaign: str, personalize_mock: Any, item_ids: Any
) -> None:
    personalize_mock.lifecycle = "step"
    arn = pz.create_filter(name="slow", datasetGroupArn=group,
                           filterExpression='EXCLUDE ItemID WHERE Items.GENRE IN ("drama")')["filterArn"]
    not_active = r"filter .* is not ACTIVE \(status: CREATE IN_PROGRESS\)"
    with pytest.raises(rt.exceptions.InvalidInputException, match=not_active):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=arn)
    answer = rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=arn)  # read again: ACTIVE
    assert item_ids(answer) == ["i2", "i4", "i0", "i5"]


def test_a_filter_of_another_dataset_group_is_refused(
    rt: Any, shop: Callable[..., str], make_filter: MakeFilter, up_campaign: str
) -> None:
    other = shop(name="other")
    foreign = make_filter(other, "foreign", 'EXCLUDE ItemID WHERE Items.GENRE IN ("drama")')
    with pytest.raises(rt.exceptions.InvalidInputException, match="not to the campaign's dataset group"):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=foreign)


def test_an_action_filter_cannot_filter_items(
    rt: Any, add_dataset: Callable[..., str], make_filter: MakeFilter, group: str, up_campaign: str
) -> None:
    add_dataset(group, "Actions", ACTIONS_SCHEMA, "ACTION_ID,CATEGORY\na1,x\n", "shop")
    actions = make_filter(group, "actions", 'EXCLUDE ActionID WHERE Actions.CATEGORY IN ("x")')
    wrong_target = "filters ActionID; this operation needs a filter on ItemID"
    with pytest.raises(rt.exceptions.InvalidInputException, match=wrong_target):
        rt.get_recommendations(campaignArn=up_campaign, userId=COLD, filterArn=actions)
