"""GetRecommendations on recommenders: use-case inputs, ACTIVE only, filters, metadata, event-type training."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from ..test_recommenders_support import ALSO_VIEWED, MOST_VIEWED, domain_group, make_recommender


@pytest.fixture
def store(pz: Any, personalize_mock: Any) -> str:
    return domain_group(pz, personalize_mock)


def test_recommended_for_you_answers_like_user_personalization(rt: Any, pz: Any, store: str) -> None:
    arn = make_recommender(pz, store, "recs")
    answer = rt.get_recommendations(recommenderArn=arn, userId="u0")
    # u0 viewed i0..i3; the unseen items rank by the factorization, then exploration adds the new items
    # i6, i7 (in the Items dataset, no interactions yet; exploration weight 0.3 by default).
    assert [e["itemId"] for e in answer["itemList"]] == ["i4", "i5", "i6", "i7"]
    assert "score" not in answer["itemList"][2]
    with pytest.raises(rt.exceptions.InvalidInputException, match="userId is required for the recommender"):
        rt.get_recommendations(recommenderArn=arn)


def test_most_viewed_ranks_by_views(rt: Any, pz: Any, store: str, item_ids: Any) -> None:
    arn = make_recommender(pz, store, "views", MOST_VIEWED)
    assert item_ids(rt.get_recommendations(recommenderArn=arn, userId="u9", numResults=3)) == [
        "i2", "i3", "i1"]


def test_also_viewed_needs_both_ids_and_leaves_out_purchases(rt: Any, pz: Any, store: str, item_ids: Any) -> None:
    arn = make_recommender(pz, store, "also", ALSO_VIEWED)
    with pytest.raises(rt.exceptions.InvalidInputException, match="itemId is required"):
        rt.get_recommendations(recommenderArn=arn, userId="u0")
    everyone = item_ids(rt.get_recommendations(recommenderArn=arn, userId="u9", itemId="i2"))
    u2 = item_ids(rt.get_recommendations(recommenderArn=arn, userId="u2", itemId="i2"))
    assert {"i1", "i3"} <= set(everyone)
    assert [i for i in everyone if i not in ("i1", "i2")] == u2  # u2 purchased i1 and i2


def test_only_an_active_recommender_serves(rt: Any, pz: Any, store: str, item_ids: Any) -> None:
    arn = make_recommender(pz, store, "recs")
    pz.stop_recommender(recommenderArn=arn)
    pz.describe_recommender(recommenderArn=arn)
    with pytest.raises(rt.exceptions.InvalidInputException, match=r"is not ACTIVE \(status: INACTIVE\)"):
        rt.get_recommendations(recommenderArn=arn, userId="u0")
    pz.start_recommender(recommenderArn=arn)
    assert item_ids(rt.get_recommendations(recommenderArn=arn, userId="u0")) == ["i4", "i5", "i6", "i7"]


def test_filters_and_metadata(rt: Any, pz: Any, store: str, make_filter: Callable[[str, str, str], str]) -> None:
    arn = make_recommender(pz, store, "recs", recommenderConfig={"enableMetadataWithRecommendations": True})
    hats = make_filter(store, "hats", 'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("hats")')
    answer = rt.get_recommendations(recommenderArn=arn, userId="u0", filterArn=hats,
                                    metadataColumns={"ITEMS": ["PRICE"]})
    assert [{k: v for k, v in e.items() if k != "score"} for e in answer["itemList"]] == [
        {"itemId": "i5", "metadata": {"PRICE": "5.5"}}, {"itemId": "i7", "metadata": {"PRICE": "7.5"}}]
    plain = make_recommender(pz, store, "plain", MOST_VIEWED)
    with pytest.raises(rt.exceptions.InvalidInputException, match="set enableMetadataWithRecommendations "
                                                                  "in its recommenderConfig"):
        rt.get_recommendations(recommenderArn=plain, metadataColumns={"ITEMS": ["PRICE"]}, userId="u0")
