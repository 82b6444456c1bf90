"""GetRecommendations (API_RS_GetRecommendations): items for a user, for an item, or popular items, from a
campaign or a recommender; with filters, a promotion and item metadata.

The answer is cut from the ranking of ``engines.serving`` (the same one batch inference uses), filtered
and interleaved with promoted items by ``engines.results``. Spec §8 lists the rules;
docs/personalize-runtime.md is the user guide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..engines.results import apply_filter, interleave, promoted_slots
from ..engines.serving import Serving, current_item, item_candidates
from ..errors import invalid
from ..filter_expression import CompiledFilter
from ..filter_expression.nodes import ITEM_ID
from .answers import (
    API_FOR_TYPE,
    check_count,
    missing,
    predicted_item,
    recommendation_id,
    requested_metadata,
)
from .store import RecommendationRequest, RuntimeStore

if TYPE_CHECKING:
    from typing_extensions import Unpack

DEFAULT_RESULTS, MAX_RESULTS, MAX_RESULTS_WITH_METADATA = 25, 500, 50
REASON_RECIPE = "aws-user-personalization-v2"  # API_RS_PredictedItem: reason is User-Personalization-v2 only
# recommendation-reasons / API_RS_PredictedItem: the documented reason strings.
PROMOTED_REASON, EXPLORATION_REASON, POPULAR_REASON = "Promoted item", "Exploration", "Popular item"


class RecommendationOperations(OperationGroup[RuntimeStore]):
    @operation("GetRecommendations")
    def get_recommendations(
        self,
        item_id: Optional[str] = None,
        context: Optional[dict[str, str]] = None,
        recommender_arn: Optional[str] = None,
        promotions: Optional[list[dict[str, Any]]] = None,
        metadata_columns: Optional[dict[str, list[str]]] = None,
        **request: Unpack[RecommendationRequest],
    ) -> dict[str, Any]:
        user_id, num_results = request.get("user_id"), request.get("num_results")
        serving = self._target(request.get("campaign_arn"), recommender_arn, user_id, item_id)
        count = DEFAULT_RESULTS if num_results is None else num_results
        check_count("numResults", count, MAX_RESULTS_WITH_METADATA if metadata_columns else MAX_RESULTS,
                    bool(metadata_columns))
        columns = requested_metadata(serving, metadata_columns)
        group = serving.dataset_group_arn
        request_filter = self.store.filter_of(request, group, ITEM_ID)
        promotion, promotion_filter = self._promotion(promotions, group)

        answer = item_candidates(serving, user_id, item_id)
        scores, ranked, personal = answer.scores, answer.ranked, answer.personal
        current = current_item(serving, item_id)
        # The ranking is lazy; a filter reads all of it, an unfiltered answer only its head.
        candidates = list(ranked) if request_filter is not None or promotion is not None else ranked
        promoted: list[str] = []
        if promotion is not None:
            slots = promoted_slots(count, int(promotion["percentPromotedItems"]))
            promoted = list(apply_filter(promotion_filter, list(candidates), serving.data, user_id, current)[:slots])
        taken = set(promoted)
        others = list(islice((c for c in apply_filter(request_filter, candidates, serving.data, user_id, current)
                              if c not in taken), max(0, count - len(promoted))))
        seed = "|".join((serving.arn, user_id or "", item_id or "", promotion["name"] if promotion else ""))
        out = []
        for item, is_promoted in interleave(others, promoted, seed):
            predicted = predicted_item(serving, item, scores, columns)
            reasons = []
            if is_promoted:
                assert promotion is not None
                predicted["promotionName"] = promotion["name"]
                reasons.append(PROMOTED_REASON)
            if item in answer.explored:
                reasons.append(EXPLORATION_REASON)
            elif item not in personal:
                reasons.append(POPULAR_REASON)
            if serving.recipe.name == REASON_RECIPE and reasons:
                predicted["reason"] = reasons
            out.append(predicted)
        return {"itemList": out, "recommendationId": recommendation_id()}

    def _target(
        self,
        campaign_arn: Optional[str],
        recommender_arn: Optional[str],
        user_id: Optional[str],
        item_id: Optional[str],
    ) -> Serving:
        """The campaign or recommender asked for, checked against the IDs its recipe needs."""
        # Not documented by AWS what both or neither target gives; we chose InvalidInputException (spec §8.1).
        if (campaign_arn is None) == (recommender_arn is None):
            raise invalid("Provide exactly one of campaignArn or recommenderArn.")
        if recommender_arn is not None:
            serving = self.store.recommender_serving(recommender_arn)
            _check_use_case_inputs(serving, user_id, item_id)
        else:
            assert campaign_arn is not None
            serving = self.store.campaign_serving(campaign_arn)
        recipe_type = serving.recipe.recipe_type
        if recipe_type in API_FOR_TYPE:
            raise invalid(f"The {serving.kind} {serving.arn} serves a {recipe_type} recipe; "
                          f"use {API_FOR_TYPE[recipe_type]} instead of GetRecommendations.")
        # Not documented by AWS which error a missing ID gets; we chose InvalidInputException (spec §8.1).
        if recipe_type == "USER_PERSONALIZATION" and user_id is None:
            raise invalid(f"userId is required for the {serving.kind} {serving.arn} "
                          "(recipe type USER_PERSONALIZATION).")
        if recipe_type == "RELATED_ITEMS" and item_id is None:
            raise invalid(f"itemId is required for the {serving.kind} {serving.arn} (recipe type RELATED_ITEMS).")
        return serving

    def _promotion(
        self, promotions: Optional[Sequence[Mapping[str, Any]]], group_arn: str
    ) -> tuple[Optional[Mapping[str, Any]], Optional[CompiledFilter]]:
        """The request's promotion (the model allows at most one) and its own compiled filter."""
        if not promotions:
            return None, None
        promotion = promotions[0]
        # promoting-items: a promotion is a name, a percentage of the results and the filter choosing the
        # promoted items. The model marks none required; we chose InvalidInputException for a missing one.
        for member in ("name", "percentPromotedItems", "filterArn"):
            if promotion.get(member) is None:
                raise missing(f"promotions.1.member.{member}")
        compiled = self.store.request_filter(promotion["filterArn"], promotion.get("filterValues"), group_arn, ITEM_ID)
        return promotion, compiled


def _check_use_case_inputs(serving: Serving, user_id: Optional[str], item_id: Optional[str]) -> None:
    """The use case's required IDs (ECOMMERCE-use-cases / VIDEO_ON_DEMAND-use-cases, spec §7.2). Not
    documented by AWS which error a missing one gets; we chose InvalidInputException as for campaigns."""
    use_case = serving.recipe.use_case
    if use_case is None:
        return
    for member, value, need in (("userId", user_id, use_case.user_id), ("itemId", item_id, use_case.item_id)):
        if need == "required" and value is None:
            raise invalid(f"{member} is required for the recommender {serving.arn} (use case {serving.recipe.name}).")
