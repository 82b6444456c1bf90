"""Recommenders (domain dataset groups): the resource, its statuses and the API output shapes.

Statuses (API_CreateRecommender, spec §3): the create flow ``CREATE PENDING`` > ``CREATE IN_PROGRESS`` >
``ACTIVE`` or ``CREATE FAILED``; stopping ``STOP PENDING`` > ``STOP IN_PROGRESS`` > ``INACTIVE``; starting
``START PENDING`` > ``START IN_PROGRESS`` > ``ACTIVE``; deleting ``DELETE PENDING`` > ``DELETE IN_PROGRESS``
(then gone). An update (``latestRecommenderUpdate``) has the create flow of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ..core.lifecycle import Lifecycle
from ..core.resources import Resource
from .training_resources import CREATE_FAILED, CREATING, DELETING, Update, new_lifecycle, update_summary

if TYPE_CHECKING:
    from .engines.training import TrainedModel

STOP_STEPS = ("STOP PENDING", "STOP IN_PROGRESS", "INACTIVE")
START_STEPS = ("START PENDING", "START IN_PROGRESS", "ACTIVE")
STOPPING = frozenset(STOP_STEPS[:2])
STARTING = frozenset(START_STEPS[:2])
# API_DescribeRecommender: modelMetrics is null while the recommender is being created or deleted.
WITHOUT_METRICS = CREATING | DELETING | {CREATE_FAILED}


@dataclass
class Recommender(Resource):
    dataset_group_arn: str = ""
    recipe_arn: str = ""
    recommender_config: dict[str, Any] = field(default_factory=dict)  # effective (defaults filled in)
    model: Optional[TrainedModel] = None
    lifecycle: Lifecycle = field(default_factory=new_lifecycle)
    latest_update: Optional[Update] = None


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def recommender_dict(recommender: Recommender) -> dict[str, Any]:
    """The ``Recommender`` shape of DescribeRecommender."""
    status = recommender.lifecycle.current
    out = _without_none({
        "recommenderArn": recommender.arn,
        "datasetGroupArn": recommender.dataset_group_arn,
        "name": recommender.name,
        "recipeArn": recommender.recipe_arn,
        "recommenderConfig": recommender.recommender_config,
        "creationDateTime": recommender.created_at,
        "lastUpdatedDateTime": recommender.lifecycle.updated_at,
        "status": status,
        "failureReason": recommender.lifecycle.failure_reason,
    })
    if recommender.latest_update is not None:
        out["latestRecommenderUpdate"] = update_summary(recommender.latest_update)
    if status not in WITHOUT_METRICS and recommender.model is not None:
        out["modelMetrics"] = dict(recommender.model.metrics)
    return out


def recommender_summary(recommender: Recommender) -> dict[str, Any]:
    """``RecommenderSummary`` (ListRecommenders)."""
    return {
        "name": recommender.name,
        "recommenderArn": recommender.arn,
        "datasetGroupArn": recommender.dataset_group_arn,
        "recipeArn": recommender.recipe_arn,
        "recommenderConfig": recommender.recommender_config,
        "status": recommender.lifecycle.current,
        "creationDateTime": recommender.created_at,
        "lastUpdatedDateTime": recommender.lifecycle.updated_at,
    }
