"""What GetRecommendations serves from a recipe model (engines.serving), through boto3 inside the mock."""

from __future__ import annotations

from typing import Any

import boto3

from ..support import ITEMS_SCHEMA
from ..test_runtime_support import ITEMS_CSV, UP_V2, add_dataset, campaign_on, shop

# Two items of the Items dataset nobody interacted with yet: exploration's candidates (besides the six
# trained items, which all have fewer than five interactions and so count as cold).
NEW_ITEMS_CSV = ITEMS_CSV + "n0,comedy,7\nn1,drama,8\n"


def test_user_personalization_v2_tags_exploration_items(pz: Any, personalize_mock: Any) -> None:
    """recommendation-reasons: an item included by exploration carries the reason "Exploration"; the items
    the model ranked for the user carry none; without exploration the new items are not recommended."""
    group = shop(pz, personalize_mock, "explore", items=False)
    add_dataset(pz, personalize_mock, group, "Items", ITEMS_SCHEMA, NEW_ITEMS_CSV, "explore")
    rt = boto3.client("personalize-runtime", region_name="us-east-1")
    exploring = campaign_on(pz, group, UP_V2, "exploring", {"itemExplorationConfig": {"explorationWeight": "1"}})
    answer = rt.get_recommendations(campaignArn=exploring, userId="u0", numResults=6)["itemList"]
    reasons = {entry["itemId"]: entry.get("reason") for entry in answer}
    # u0 saw i0..i3; with weight 1 every other slot explores among the cold items (i4, i5, n0, n1).
    assert set(reasons) == {"i4", "i5", "n0", "n1"}
    assert reasons["n0"] == reasons["n1"] == ["Exploration"]
    assert answer[0] == {"itemId": "i4", "score": answer[0]["score"]}  # the first slot is relevance's: no reason
    assert reasons["i5"] in (None, ["Exploration"])
    assert all("score" not in entry for entry in answer if entry["itemId"] in ("n0", "n1"))
    plain = campaign_on(pz, group, UP_V2, "plain", {"itemExplorationConfig": {"explorationWeight": "0"}})
    served = rt.get_recommendations(campaignArn=plain, userId="u0", numResults=6)["itemList"]
    assert [entry["itemId"] for entry in served] == ["i4", "i5"]
    assert all("reason" not in entry for entry in served)
