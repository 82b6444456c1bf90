"""Recommenders (domain dataset groups): the resource, its statuses and the API output shapes.

Statuses (API_CreateRecommender, spec §3): the create flow ``CREATE PENDING`` > ``CREATE IN_PROGRESS`` >
``ACTIVE`` or ``CREATE FAILED``; stopping ``STOP PENDING`` > ``STOP IN_PROGRESS`` > ``INACTIVE``; starting
``START PENDING`` > ``START IN_PROGRESS`` > ``ACTIVE``; deleting ``DELETE PENDING`` > ``DELETE IN_PROGRESS``
(then gone). An update (``latestRecommenderUpdate``) has the create flow of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ...core.resources import member
from ..lifecycles import CREATE_FAILED, CREATING, DELETING, WithUpdate

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
    """The ``Recommender`` shape; ListRecommenders shows its ``RecommenderSummary`` part."""

    dataset_group_arn: str = member(default="")
    recipe_arn: str = member(default="")
    recommender_config: dict[str, Any] = member(factory=dict)  # effective (defaults filled in)
    model: Optional[TrainedModel] = None

    SHOWN = {"recommenderArn": "arn", "latestRecommenderUpdate": "update_view", "modelMetrics": "model_metrics"}

    @property
    def model_metrics(self) -> Optional[dict[str, Any]]:
        # API_DescribeRecommender: modelMetrics is null while the recommender is being created or deleted.
        if self.lifecycle.current in WITHOUT_METRICS or self.model is None:
            return None
        return dict(self.model.metrics)
