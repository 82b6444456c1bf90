"""GetPersonalizedRanking (API_RS_GetPersonalizedRanking): a user's order of an input list of items.

Only a campaign of a PERSONALIZED_RANKING recipe answers it; ``engines.serving.ranking`` orders the list
(the same ranking batch inference uses), items unknown to the model last in input order.
"""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..engines.serving import ranking
from ..filter_expression.nodes import ITEM_ID
from .answers import check_count, predicted_item, recommendation_id, requested_metadata, require_recipe_type
from .store import RuntimeStore

MAX_RANKING_INPUT, MAX_RANKING_INPUT_WITH_METADATA = 500, 50


class RankingOperations(OperationGroup[RuntimeStore]):
    @operation("GetPersonalizedRanking")
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
        serving = self.store.campaign_serving(campaign_arn)
        require_recipe_type(serving, "PERSONALIZED_RANKING", "GetPersonalizedRanking")
        check_count(
            "The inputList length", len(input_list),
            MAX_RANKING_INPUT_WITH_METADATA if metadata_columns else MAX_RANKING_INPUT, bool(metadata_columns),
        )
        columns = requested_metadata(serving, metadata_columns)
        request_filter = self.store.request_filter(filter_arn, filter_values, serving.dataset_group_arn, ITEM_ID)
        order, scores = ranking(serving, user_id, input_list, request_filter)
        return {
            "personalizedRanking": [predicted_item(serving, item, scores, columns) for item in order],
            "recommendationId": recommendation_id(),
        }
