"""What personalize-runtime keeps per account and region, and how it finds what a request is served from.

The runtime owns no resources: campaigns, recommenders, filters and datasets are the ``personalize``
service's, read through ``PersonalizeStore``'s public "reading Personalize" methods only (each such read
moves the resource's lifecycle on, as any API call referencing it does). What it keeps are caches:
the dataset views (``engines.data``) and the model indexes (``engines.scoring``) of what it served, so a
burst of requests pays the scans once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, TypedDict

from ...core.store import Store
from ..catalog import Recipe, recipe_by_arn
from ..engines.data import DatasetViews, GroupData, group_data
from ..engines.scoring import IndexCache
from ..engines.serving import Serving
from ..engines.training import TrainedModel
from ..errors import invalid
from ..filter_expression import CompiledFilter, FilterExpressionError, compile_filter
from ..store import PersonalizeStore

if TYPE_CHECKING:
    from ...core.state import MockHandle


class RecommendationRequest(TypedDict, total=False):
    """The members GetRecommendations and GetActionRecommendations share (API_RS_GetRecommendations,
    API_RS_GetActionRecommendations): whose recommendations, how many, and the request's filter."""

    campaign_arn: Optional[str]
    user_id: Optional[str]
    num_results: Optional[int]
    filter_arn: Optional[str]
    filter_values: Optional[dict[str, str]]

ACTIVE = "ACTIVE"


def require_active(kind: str, arn: str, status: str) -> None:
    """Spec §3.1: only an ACTIVE campaign, recommender or filter serves; the runtime's operations model
    InvalidInputException only, so that is the answer for any other status."""
    if status != ACTIVE:
        raise invalid(f"The {kind} {arn} is not ACTIVE (status: {status}).")


class RuntimeStore(Store):
    service = "personalize-runtime"
    arn_service = "personalize"

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        self.views = DatasetViews()
        self.indexes = IndexCache()

    @property
    def personalize(self) -> PersonalizeStore:
        """The ``personalize`` store of this account and region (its public reading methods only)."""
        found = self.store_of("personalize")
        assert isinstance(found, PersonalizeStore)
        return found

    def group_data(self, group_arn: str) -> GroupData:
        """The dataset group's data as it is now (bulk imports and personalize-events alike)."""
        return group_data(self.views, self.personalize.datasets_of(group_arn))

    def campaign_serving(self, campaign_arn: str) -> Serving:
        """The campaign (read, so its lifecycle moves on) and what it serves; spec §3.1: it must be ACTIVE."""
        personalize = self.personalize
        campaign = personalize.campaign(campaign_arn)
        require_active("campaign", campaign_arn, campaign.lifecycle.current)
        version = personalize.serving_version(campaign)
        recipe = recipe_by_arn(version.recipe_arn or "") if version is not None else None
        if version is None or version.model is None or recipe is None:
            raise invalid(f"The campaign {campaign_arn} has no trained solution version to serve.")
        return self._serving("campaign", campaign.arn, campaign.dataset_group_arn, campaign.campaign_config,
                             version.model, recipe)

    def recommender_serving(self, recommender_arn: str) -> Serving:
        """The recommender (read, so its lifecycle moves on) and its model. API_CreateRecommender and
        stopping-starting-recommender: only an ACTIVE recommender serves; a stopped (INACTIVE) one does not.
        While an update runs, the previous model and configuration keep serving (API_UpdateRecommender)."""
        recommender = self.personalize.recommender(recommender_arn)
        require_active("recommender", recommender_arn, recommender.lifecycle.current)
        recipe = recipe_by_arn(recommender.recipe_arn)
        if recommender.model is None or recipe is None:
            raise invalid(f"The recommender {recommender_arn} has no trained model to serve.")
        return self._serving("recommender", recommender.arn, recommender.dataset_group_arn,
                             recommender.recommender_config, recommender.model, recipe)

    def _serving(
        self, kind: str, arn: str, group_arn: str, config: Mapping[str, Any], model: TrainedModel, recipe: Recipe
    ) -> Serving:
        return Serving(kind=kind, arn=arn, dataset_group_arn=group_arn, config=config, model=model, recipe=recipe,
                       index=self.indexes.get(model), data=self.group_data(group_arn))

    def filter_of(self, request: RecommendationRequest, group_arn: str, target: str) -> Optional[CompiledFilter]:
        """The filter of a GetRecommendations or GetActionRecommendations request (``request_filter``)."""
        return self.request_filter(request.get("filter_arn"), request.get("filter_values"), group_arn, target)

    def request_filter(
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
        found = self.personalize.filter(filter_arn)
        require_active("filter", filter_arn, found.lifecycle.current)
        self.personalize.check_filter_fits(found, group_arn, target, owner="campaign", user="operation")
        assert found.expression is not None
        try:
            return compile_filter(found.expression, dict(filter_values or {}))
        except FilterExpressionError as exc:  # a missing INCLUDE value, or a value it cannot use
            raise invalid(exc.message) from None
