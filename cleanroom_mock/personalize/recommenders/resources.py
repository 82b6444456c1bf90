"""Recommenders (domain dataset groups): the resource, its statuses and the API output shapes.

Statuses (API_CreateRecommender, spec §3): the create flow ``CREATE PENDING`` > ``CREATE IN_PROGRESS`` >
``ACTIVE`` or ``CREATE FAILED``; stopping ``STOP PENDING`` > ``STOP IN_PROGRESS`` > ``INACTIVE``; starting
``START PENDING`` > ``START IN_PROGRESS`` > ``ACTIVE``; deleting ``DELETE PENDING`` > ``DELETE IN_PROGRESS``
(then gone). An update (``latestRecommenderUpdate``) has the create flow of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ..lifecycles import CREATE_FAILED, CREATING, DELETING, WithUpdate, state, without_none

if TYPE_CHECKING:
    from ..engines.training import TrainedModel

STOP_STEPS = ("STOP PENDING", "STOP IN_PROGRESS", "INACTIVE")
START_STEPS = ("START PENDING", "START IN_PROGRESS", "ACTIVE")
STOPPING = frozenset(STOP_STEPS[:2])
STARTING = frozenset(START_STEPS[:2])
# API_DescribeRecommender: modelMetrics is null while the recommender is being created or deleted.
WITHOUT_METRICS = CREATING | DELETING | {CREATE_FAILED}


@dataclass
class Recommender(WithUpdate):
    dataset_group_arn: str = ""
    recipe_arn: str = ""
    recommender_config: dict[str, Any] = field(default_factory=dict)  # effective (defaults filled in)
    model: Optional[TrainedModel] = None

    def view(self) -> dict[str, Any]:
        """The ``Recommender`` shape; ListRecommenders shows its ``RecommenderSummary`` part."""
        status = self.lifecycle.current
        return without_none({
            "recommenderArn": self.arn,
            "datasetGroupArn": self.dataset_group_arn,
            "name": self.name,
            "recipeArn": self.recipe_arn,
            "recommenderConfig": self.recommender_config,
            **state(self, self.lifecycle),
            "latestRecommenderUpdate": self.latest_update.view() if self.latest_update is not None else None,
            "modelMetrics": dict(self.model.metrics)
            if status not in WITHOUT_METRICS and self.model is not None else None,
        })
