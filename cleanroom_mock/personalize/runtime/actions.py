"""GetActionRecommendations (API_RS_GetActionRecommendations): Next-Best-Action for a user.

Only a campaign of a PERSONALIZED_ACTIONS recipe answers it; the scores come from the group's Actions and
Action interactions datasets at request time (``engines.actions``), so actions and events written with
personalize-events count at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core import clock
from ...core.registry import operation
from ...core.store import OperationGroup
from ..engines.actions import action_scores, ranked_actions
from ..engines.results import apply_filter
from ..errors import invalid
from ..filter_expression.nodes import ACTION_ID
from .answers import check_count, missing, recommendation_id, require_recipe_type
from .store import RecommendationRequest, RuntimeStore

if TYPE_CHECKING:
    from typing_extensions import Unpack

DEFAULT_ACTIONS, MAX_ACTIONS = 5, 100


class ActionRecommendationOperations(OperationGroup[RuntimeStore]):
    @operation("GetActionRecommendations")
    def get_action_recommendations(self, **request: Unpack[RecommendationRequest]) -> dict[str, Any]:
        campaign_arn, user_id = request.get("campaign_arn"), request.get("user_id")
        if campaign_arn is None:
            raise missing("campaignArn")
        serving = self.store.campaign_serving(campaign_arn)
        require_recipe_type(serving, "PERSONALIZED_ACTIONS", "GetActionRecommendations")
        if user_id is None:
            raise invalid(f"userId is required for the campaign {campaign_arn} (recipe type PERSONALIZED_ACTIONS).")
        num_results = request.get("num_results")
        count = DEFAULT_ACTIONS if num_results is None else num_results
        check_count("numResults", count, MAX_ACTIONS)
        request_filter = self.store.filter_of(request, serving.dataset_group_arn, ACTION_ID)
        scores = action_scores(serving.data, user_id, clock.now().timestamp())
        kept = apply_filter(request_filter, ranked_actions(scores), serving.data, user_id, actions=True)
        return {
            "actionList": [{"actionId": action, "score": scores[action]} for action in kept[:count]],
            "recommendationId": recommendation_id(),
        }
