"""personalize-runtime: recommendations served from the ``personalize`` state of the same account/region.

GetRecommendations, GetPersonalizedRanking and GetActionRecommendations read the campaign (and filters) of
the ``personalize`` backend as any read does (their lifecycles move on), answer from the model of the
solution version the campaign serves (``engines.scoring``), apply filters, promotions and metadata
(``engines.results``) and, for Next-Best-Action, score actions from the group's datasets
(``engines.actions``). Spec §8 lists the rules; docs/personalize-runtime.md is the user guide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional

from ..core import clock
from ..core.backend import Backend
from ..core.ids import uuid_id
from .catalog import recipe_by_arn
from .engines.actions import action_scores, ranked_actions
from .engines.data import DatasetViews, group_data
from .engines.results import (
    apply_filter,
    interleave,
    item_metadata,
    metadata_columns,
    promoted_slots,
)
from .engines.scoring import IndexCache
from .engines.serving import Serving, current_item, item_candidates, ranking
from .errors import invalid
from .filter_expression import CompiledFilter, FilterExpressionError, compile_filter
from .filter_expression.nodes import ACTION_ID, ITEM_ID

if TYPE_CHECKING:
    from ..core.state import MockHandle
    from .store import PersonalizeStore

# API_RS_GetRecommendations / API_RS_GetPersonalizedRanking / API_RS_GetActionRecommendations
DEFAULT_RESULTS, MAX_RESULTS, MAX_RESULTS_WITH_METADATA = 25, 500, 50
MAX_RANKING_INPUT, MAX_RANKING_INPUT_WITH_METADATA = 500, 50
DEFAULT_ACTIONS, MAX_ACTIONS = 5, 100
# campaigns.html: these recipes return metadata without enableMetadataWithRecommendations.
_METADATA_BUILT_IN = frozenset({"aws-user-personalization-v2", "aws-personalized-ranking-v2"})
_REASON_RECIPE = "aws-user-personalization-v2"  # API_RS_PredictedItem: reason is User-Personalization-v2 only
PROMOTED_REASON, POPULAR_REASON = "Promoted item", "Popular item"
# working-with-predefined-recipes: the API each recipe type answers on.
_API_FOR_TYPE = {
    "PERSONALIZED_RANKING": "GetPersonalizedRanking",
    "PERSONALIZED_ACTIONS": "GetActionRecommendations",
    "USER_SEGMENTATION": "a batch segment job",
}


def _missing(member: str) -> Exception:
    # AWS's validation wording for an absent member (the model marks none of these required).
    return invalid(f"1 validation error detected: Value null at '{member}' failed to satisfy constraint: "
                   "Member must not be null")


def _check_count(name: str, value: int, maximum: int, with_metadata: bool) -> None:
    if value > maximum:
        extra = " when metadataColumns are requested" if with_metadata else ""
        raise invalid(f"{name} {value} is greater than the maximum of {maximum}{extra}.")


class PersonalizeRuntimeBackend(Backend):
    service = "personalize-runtime"
    arn_service = "personalize"

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        self._views = DatasetViews()
        self._indexes = IndexCache()

    @property
    def _personalize(self) -> PersonalizeStore:
        return self.handle.backend("personalize", self.account_id, self.region)

    # -- operations ------------------------------------------------------------------------------------------
    def get_recommendations(
        self,
        campaign_arn: Optional[str] = None,
        item_id: Optional[str] = None,
        user_id: Optional[str] = None,
        num_results: Optional[int] = None,
        context: Optional[dict[str, str]] = None,
        filter_arn: Optional[str] = None,
        filter_values: Optional[dict[str, str]] = None,
        recommender_arn: Optional[str] = None,
        promotions: Optional[list[dict[str, Any]]] = None,
        metadata_columns: Optional[dict[str, list[str]]] = None,
    ) -> dict[str, Any]:
        # Not documented by AWS what both or neither target gives; we chose InvalidInputException (spec §8.1).
        if (campaign_arn is None) == (recommender_arn is None):
            raise invalid("Provide exactly one of campaignArn or recommenderArn.")
        if recommender_arn is not None:
            serving = self._recommender_serving(recommender_arn)
            self._check_use_case_inputs(serving, user_id, item_id)
        else:
            assert campaign_arn is not None
            serving = self._serving(campaign_arn)
        target = serving.arn
        recipe_type = serving.recipe.recipe_type
        if recipe_type in _API_FOR_TYPE:
            raise invalid(f"The {serving.kind} {target} serves a {recipe_type} recipe; "
                          f"use {_API_FOR_TYPE[recipe_type]} instead of GetRecommendations.")
        # Not documented by AWS which error a missing ID gets; we chose InvalidInputException (spec §8.1).
        if recipe_type == "USER_PERSONALIZATION" and user_id is None:
            raise invalid(f"userId is required for the {serving.kind} {target} (recipe type USER_PERSONALIZATION).")
        if recipe_type == "RELATED_ITEMS" and item_id is None:
            raise invalid(f"itemId is required for the {serving.kind} {target} (recipe type RELATED_ITEMS).")
        count = DEFAULT_RESULTS if num_results is None else num_results
        _check_count("numResults", count, MAX_RESULTS_WITH_METADATA if metadata_columns else MAX_RESULTS,
                     bool(metadata_columns))
        columns = self._metadata(serving, metadata_columns)
        group = serving.dataset_group_arn
        request_filter = self._filter(filter_arn, filter_values, group, ITEM_ID)
        promotion, promotion_filter = self._promotion(promotions, group)

        scores, candidates, affinity = item_candidates(serving, user_id, item_id)
        current = current_item(serving, item_id)
        promoted: list[str] = []
        if promotion is not None:
            slots = promoted_slots(count, int(promotion["percentPromotedItems"]))
            promoted = apply_filter(promotion_filter, candidates, serving.data, user_id, current)[:slots]
        taken = set(promoted)
        others = [c for c in apply_filter(request_filter, candidates, serving.data, user_id, current)
                  if c not in taken][: count - len(promoted)]
        seed = "|".join((target, user_id or "", item_id or "", promotion["name"] if promotion else ""))
        out = []
        for item, is_promoted in interleave(others, promoted, seed):
            predicted = self._predicted(serving, item, scores, columns)
            reasons = []
            if is_promoted:
                assert promotion is not None
                predicted["promotionName"] = promotion["name"]
                reasons.append(PROMOTED_REASON)
            if not affinity.get(item):
                reasons.append(POPULAR_REASON)
            if serving.recipe.name == _REASON_RECIPE and reasons:
                predicted["reason"] = reasons
            out.append(predicted)
        return {"itemList": out, "recommendationId": self._recommendation_id()}

    def get_personalized_ranking(
        self,
        campaign_arn: str,
        input_list: list[str],
        user_id: str,
        context: Optional[dict[str, str]] = None,
        filter_arn: Optional[str] = None,
        filter_values: Optional[dict[str, str]] = None,
        metadata_columns: Optional[dict[str, list[str]]] = None,
    ) -> dict[str, Any]:
        serving = self._serving(campaign_arn)
        recipe_type = serving.recipe.recipe_type
        if recipe_type != "PERSONALIZED_RANKING":
            other = _API_FOR_TYPE.get(recipe_type, "GetRecommendations")
            raise invalid(f"The campaign {campaign_arn} serves a {recipe_type} recipe; "
                          f"use {other} instead of GetPersonalizedRanking.")
        _check_count(
            "The inputList length", len(input_list),
            MAX_RANKING_INPUT_WITH_METADATA if metadata_columns else MAX_RANKING_INPUT, bool(metadata_columns),
        )
        columns = self._metadata(serving, metadata_columns)
        request_filter = self._filter(filter_arn, filter_values, serving.dataset_group_arn, ITEM_ID)
        order, scores = ranking(serving, user_id, input_list, request_filter)
        return {
            "personalizedRanking": [self._predicted(serving, item, scores, columns) for item in order],
            "recommendationId": self._recommendation_id(),
        }

    def get_action_recommendations(
        self,
        campaign_arn: Optional[str] = None,
        user_id: Optional[str] = None,
        num_results: Optional[int] = None,
        filter_arn: Optional[str] = None,
        filter_values: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        if campaign_arn is None:
            raise _missing("campaignArn")
        serving = self._serving(campaign_arn)
        recipe_type = serving.recipe.recipe_type
        if recipe_type != "PERSONALIZED_ACTIONS":
            other = _API_FOR_TYPE.get(recipe_type, "GetRecommendations")
            raise invalid(f"The campaign {campaign_arn} serves a {recipe_type} recipe; "
                          f"use {other} instead of GetActionRecommendations.")
        if user_id is None:
            raise invalid(f"userId is required for the campaign {campaign_arn} (recipe type PERSONALIZED_ACTIONS).")
        count = DEFAULT_ACTIONS if num_results is None else num_results
        _check_count("numResults", count, MAX_ACTIONS, False)
        request_filter = self._filter(filter_arn, filter_values, serving.dataset_group_arn, ACTION_ID)
        scores = action_scores(serving.data, user_id, clock.now().timestamp())
        kept = apply_filter(request_filter, ranked_actions(scores), serving.data, user_id, actions=True)
        return {
            "actionList": [{"actionId": action, "score": scores[action]} for action in kept[:count]],
            "recommendationId": self._recommendation_id(),
        }

    # -- lookups ---------------------------------------------------------------------------------------------
    def _serving(self, campaign_arn: str) -> Serving:
        """The campaign (read, so its lifecycle moves on) and what it serves; spec §3.1: it must be ACTIVE."""
        personalize = self._personalize
        campaign = personalize.campaign(campaign_arn)
        status = campaign.lifecycle.current
        if status != "ACTIVE":
            raise invalid(f"The campaign {campaign_arn} is not ACTIVE (status: {status}).")
        version = personalize.serving_version(campaign)
        recipe = recipe_by_arn(version.recipe_arn or "") if version is not None else None
        if version is None or version.model is None or recipe is None:
            raise invalid(f"The campaign {campaign_arn} has no trained solution version to serve.")
        return Serving(
            kind="campaign",
            arn=campaign.arn,
            dataset_group_arn=campaign.dataset_group_arn,
            config=campaign.campaign_config,
            model=version.model,
            recipe=recipe,
            index=self._indexes.get(version.model),
            data=group_data(self._views, personalize.datasets_of(campaign.dataset_group_arn)),
        )

    def _recommender_serving(self, recommender_arn: str) -> Serving:
        """The recommender (read, so its lifecycle moves on) and its model. API_CreateRecommender and
        stopping-starting-recommender: only an ACTIVE recommender serves; a stopped (INACTIVE) one does not.
        While an update runs, the previous model and configuration keep serving (API_UpdateRecommender)."""
        personalize = self._personalize
        recommender = personalize.recommender(recommender_arn)
        status = recommender.lifecycle.current
        if status != "ACTIVE":
            raise invalid(f"The recommender {recommender_arn} is not ACTIVE (status: {status}).")
        recipe = recipe_by_arn(recommender.recipe_arn)
        if recommender.model is None or recipe is None:
            raise invalid(f"The recommender {recommender_arn} has no trained model to serve.")
        return Serving(
            kind="recommender",
            arn=recommender.arn,
            dataset_group_arn=recommender.dataset_group_arn,
            config=recommender.recommender_config,
            model=recommender.model,
            recipe=recipe,
            index=self._indexes.get(recommender.model),
            data=group_data(self._views, personalize.datasets_of(recommender.dataset_group_arn)),
        )

    @staticmethod
    def _check_use_case_inputs(serving: Serving, user_id: Optional[str], item_id: Optional[str]) -> None:
        """The use case's required IDs (ECOMMERCE-use-cases / VIDEO_ON_DEMAND-use-cases, spec §7.2). Not
        documented by AWS which error a missing one gets; we chose InvalidInputException as for campaigns."""
        use_case = serving.recipe.use_case
        if use_case is None:
            return
        for member, value, need in (("userId", user_id, use_case.user_id), ("itemId", item_id, use_case.item_id)):
            if need == "required" and value is None:
                raise invalid(f"{member} is required for the recommender {serving.arn} "
                              f"(use case {serving.recipe.name}).")

    def _filter(
        self,
        filter_arn: Optional[str],
        filter_values: Optional[Mapping[str, str]],
        group_arn: str,
        target: str,
    ) -> Optional[CompiledFilter]:
        """The request's filter bound to its values: it must exist (404), be ACTIVE and belong to the
        campaign's dataset group, and filter what the API returns (items or actions)."""
        if filter_arn is None:
            return None
        found = self._personalize.filters.get(filter_arn)
        status = found.lifecycle.observe()
        if status != "ACTIVE":
            raise invalid(f"The filter {filter_arn} is not ACTIVE (status: {status}).")
        if found.dataset_group_arn != group_arn:
            # Not documented by AWS; a filter reads one dataset group's data, so another group's is refused.
            raise invalid(f"The filter {filter_arn} belongs to the dataset group {found.dataset_group_arn}, "
                          f"not to the campaign's dataset group {group_arn}.")
        if found.expression is None or found.expression.target != target:
            kind = found.expression.target if found.expression is not None else "nothing"
            raise invalid(f"The filter {filter_arn} filters {kind}; this operation needs a filter on {target}.")
        try:
            return compile_filter(found.expression, dict(filter_values or {}))
        except FilterExpressionError as exc:  # a missing INCLUDE value, or a value it cannot use
            raise invalid(exc.message) from None

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
                raise _missing(f"promotions.1.member.{member}")
        compiled = self._filter(promotion["filterArn"], promotion.get("filterValues"), group_arn, ITEM_ID)
        return promotion, compiled

    def _metadata(
        self, serving: Serving, requested: Optional[Mapping[str, Sequence[str]]]
    ) -> list[tuple[str, str]]:
        """campaigns.html: metadata needs enableMetadataWithRecommendations, or a v2 recipe."""
        if not requested:
            return []
        enabled = bool(serving.config.get("enableMetadataWithRecommendations"))
        if not enabled and serving.recipe.name not in _METADATA_BUILT_IN:
            config = "recommenderConfig" if serving.kind == "recommender" else "campaignConfig"
            raise invalid(f"The {serving.kind} {serving.arn} does not have metadata enabled: set "
                          f"enableMetadataWithRecommendations in its {config} to request metadataColumns.")
        return metadata_columns(requested, serving.data)

    # -- answers --------------------------------------------------------------------------------------------
    def _predicted(
        self, serving: Serving, item: str, scores: Mapping[str, float], columns: list[tuple[str, str]]
    ) -> dict[str, Any]:
        """A PredictedItem. Not documented by AWS what score an item unknown to the model gets; we leave
        ``score`` out for it (there is no model certainty to report), as AWS does for placeholder items."""
        predicted: dict[str, Any] = {"itemId": item}
        if item in scores:
            predicted["score"] = scores[item]
        if columns:
            predicted["metadata"] = item_metadata(serving.data.items.by_id.get(item), columns)
        return predicted

    @staticmethod
    def _recommendation_id() -> str:
        """Unique per response (metric attribution keys on it), so it is the one random part of an answer."""
        return f"RID-{uuid_id()}"
