"""What answers a recommendation request, and the item ranking every answer is cut from.

GetRecommendations / GetPersonalizedRanking (``runtime``) and batch inference jobs (``batch``) call the same
functions here, so a batch answer equals the real-time answer for the same input, model and filter.
A :class:`Serving` is built from a campaign, a recommender, or (batch) a solution version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from ..catalog import Recipe, is_user_personalization
from ..filter_expression import CompiledFilter
from .data import GroupData
from .results import apply_filter
from .scoring import (
    RELATED_POPULARITY_WEIGHT,
    USER_POPULARITY_WEIGHT,
    ModelIndex,
    blend,
    ranked,
    related_affinity,
    user_affinity,
)
from .training import TrainedModel

# ECOMMERCE-use-cases / VIDEO_ON_DEMAND-use-cases: these "X" use cases leave out items the user already
# purchased (Customers who viewed X also viewed) or watched (Because you watched X).
AUTO_EXCLUDED_EVENT = {
    "aws-ecomm-customers-who-viewed-x-also-viewed": "purchase",
    "aws-vod-because-you-watched-x": "watch",
}


@dataclass
class Serving:
    """The ACTIVE campaign or recommender (or a batch job's solution version), its model, recipe and data."""

    kind: str  # "campaign", "recommender" or "solution version": the words of error messages
    arn: str
    dataset_group_arn: str
    model: TrainedModel
    recipe: Recipe
    index: ModelIndex
    data: GroupData
    config: Mapping[str, Any] = field(default_factory=dict)  # campaignConfig / recommenderConfig

    @property
    def personalized(self) -> bool:
        """User-Personalization recipes and the domain "for you" use cases rank by the user's affinity;
        Popularity-Count (also USER_PERSONALIZATION) ranks by popularity alone."""
        recipe = self.recipe
        return is_user_personalization(recipe) or (
            recipe.domain is not None and recipe.recipe_type == "USER_PERSONALIZATION"
        )


def item_candidates(
    serving: Serving, user_id: Optional[str], item_id: Optional[str]
) -> tuple[dict[str, float], list[str], dict[str, float]]:
    """(scores, candidates best first, affinity) for GetRecommendations by recipe type.

    Not documented by AWS: User-Personalization may return items the user already interacted with.
    We chose to leave them out for USER_PERSONALIZATION recipes (the items of the user's training history
    and of the Interactions dataset now, PutEvents included), as the brief for this mock asks, so the
    answer is "what is new to this user"; use a filter on Interactions.EVENT_TYPE for other rules.
    """
    index, recipe = serving.index, serving.recipe
    affinity: dict[str, float] = {}
    excluded: set[str] = set()
    if recipe.recipe_type == "RELATED_ITEMS":
        affinity = related_affinity(index, item_id or "")
        scores = blend(index, affinity, RELATED_POPULARITY_WEIGHT)
        excluded = {item_id or ""}
        event = AUTO_EXCLUDED_EVENT.get(recipe.name)
        if event is not None:
            excluded.update(str(r.get("ITEM_ID")) for r in serving.data.user_interactions(user_id)
                            if str(r.get("EVENT_TYPE") or "").lower() == event)
    elif recipe.recipe_type == "USER_PERSONALIZATION":
        if serving.personalized:
            affinity = user_affinity(index, user_id)
        scores = blend(index, affinity, USER_POPULARITY_WEIGHT)
        excluded = set(index.items_of.get(user_id or "", ()))
        excluded.update(str(r.get("ITEM_ID")) for r in serving.data.user_interactions(user_id))
    else:  # POPULAR_ITEMS
        scores = blend(index, affinity, 1.0)
    return scores, [item for item in ranked(index, scores) if item not in excluded], affinity


def current_item(serving: Serving, item_id: Optional[str]) -> Optional[dict[str, Any]]:
    """The request's item as a CurrentItem filter sees it (RELATED_ITEMS only)."""
    if serving.recipe.recipe_type != "RELATED_ITEMS":
        return None
    return serving.data.items.by_id.get(item_id or "") or {"ITEM_ID": item_id}


def top_items(
    serving: Serving,
    user_id: Optional[str],
    item_id: Optional[str],
    count: int,
    compiled: Optional[CompiledFilter],
) -> tuple[list[str], dict[str, float]]:
    """The ``count`` best items that survive the filter, with every item's score (no promotion)."""
    scores, candidates, _ = item_candidates(serving, user_id, item_id)
    kept = apply_filter(compiled, candidates, serving.data, user_id, current_item(serving, item_id))
    return kept[:count], scores


def ranking(
    serving: Serving, user_id: str, input_list: list[str], compiled: Optional[CompiledFilter]
) -> tuple[list[str], dict[str, float]]:
    """GetPersonalizedRanking's order of ``input_list`` for ``user_id`` and the scores behind it."""
    affinity = user_affinity(serving.index, user_id)
    scores = blend(serving.index, affinity, USER_POPULARITY_WEIGHT)
    # Not documented by AWS how a repeated input item is ranked; we chose to rank it once.
    unique = list(dict.fromkeys(input_list))
    kept = apply_filter(compiled, unique, serving.data, user_id)
    # API_RS_GetPersonalizedRanking: items not in the training data go last, in input order.
    return ranked(serving.index, scores, kept) + [item for item in kept if item not in scores], scores
