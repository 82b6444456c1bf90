"""What answers a recommendation request, and the item ranking every answer is cut from.

GetRecommendations / GetPersonalizedRanking (``runtime``) and batch inference jobs (``batch``) call the same
functions here, so a batch answer equals the real-time answer for the same input, model and filter.
A :class:`Serving` is built from a campaign, a recommender, or (batch) a solution version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ..catalog import Recipe, is_user_personalization
from ..filter_expression import CompiledFilter
from .data import GroupData
from .results import apply_filter
from .scoring import ModelIndex
from .training import TrainedModel

if TYPE_CHECKING:
    from .recipes.base import Answer

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

    def query(self, user_id: Optional[str], item_id: Optional[str]) -> Any:
        from .recipes.base import Query

        data = self.data
        return Query(user_id=user_id, item_id=item_id, user_records=data.user_interactions(user_id),
                     items=data.items.by_id, interactions=data.interactions.by_user, config=self.config)


def item_candidates(serving: Serving, user_id: Optional[str], item_id: Optional[str]) -> Answer:
    """The recipe model's answer (``engines.recipes``) for GetRecommendations: scores, candidates best first,
    the items the model ranked for this request (the others fill the list with popular items) and the items
    exploration placed.

    Not documented by AWS: User-Personalization may return items the user already interacted with.
    We chose to leave them out for the User-Personalization family (the items of the user's training history
    and of the Interactions dataset now, PutEvents included), so the answer is "what is new to this user";
    use a filter on Interactions.EVENT_TYPE for other rules. Popularity-Count gives everyone the same list
    (native-recipe-popularity), so it leaves nothing out.
    """
    model, recipe = serving.model.recipe_model, serving.recipe
    query = serving.query(user_id, item_id)
    excluded: set[str] = set()
    if recipe.recipe_type == "RELATED_ITEMS":
        excluded = {item_id or ""}
        event = AUTO_EXCLUDED_EVENT.get(recipe.name)
        if event is not None:
            excluded.update(str(r.get("ITEM_ID")) for r in query.user_records
                            if str(r.get("EVENT_TYPE") or "").lower() == event)
    elif recipe.recipe_type == "USER_PERSONALIZATION" and serving.personalized:
        excluded = model.seen(user_id, query.user_records)
    answer: Answer = model.recommend(query, excluded)
    return answer


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
) -> tuple[list[str], Mapping[str, float]]:
    """The ``count`` best items that survive the filter, with every item's score (no promotion)."""
    answer = item_candidates(serving, user_id, item_id)
    scores, candidates = answer.scores, answer.ranked
    kept = apply_filter(compiled, list(candidates) if compiled is not None else candidates, serving.data, user_id,
                        current_item(serving, item_id))
    return list(kept[:count]), scores


def ranking(
    serving: Serving, user_id: str, input_list: list[str], compiled: Optional[CompiledFilter]
) -> tuple[list[str], Mapping[str, float]]:
    """GetPersonalizedRanking's order of ``input_list`` for ``user_id`` and the scores behind it: the
    factorization's softmax over the input list (rankings), the user's PutEvents folded in at once."""
    # Not documented by AWS how a repeated input item is ranked; we chose to rank it once.
    unique = list(dict.fromkeys(input_list))
    kept = apply_filter(compiled, unique, serving.data, user_id)
    # API_RS_GetPersonalizedRanking: items not in the training data go last, in input order.
    return serving.model.recipe_model.rank(user_id, serving.data.user_interactions(user_id), kept)
