"""The training side's resources (solutions, solution versions, campaigns) and their API output shapes.

Statuses follow spec §3: a space between verb and phase (``CREATE PENDING``), ``CREATE FAILED`` on failure.
Every resource carries a :class:`~cleanroom_mock.core.lifecycle.Lifecycle`; a deletion is a new phase whose
completion removes the resource from its table, so "DELETE PENDING, then gone" needs no special case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ..core.lifecycle import Lifecycle
from ..core.resources import Resource

if TYPE_CHECKING:
    from .engines.training import TrainedModel

CREATE_STEPS = ("CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE")
DELETE_STEPS = ("DELETE PENDING", "DELETE IN_PROGRESS", "DELETED")
CREATE_FAILED = "CREATE FAILED"
CREATING = frozenset({"CREATE PENDING", "CREATE IN_PROGRESS"})
DELETING = frozenset({"DELETE PENDING", "DELETE IN_PROGRESS", "DELETED"})
# StopSolutionVersionCreation (API_StopSolutionVersionCreation): pending versions stop at once, running ones
# pass through CREATE STOPPING. The page writes CREATE_STOPPED; the status list of CreateSolutionVersion writes
# "CREATE STOPPED" — we use the spaced form like every other status.
STOP_FROM_PENDING = ("CREATE STOPPED",)
STOP_FROM_RUNNING = ("CREATE STOPPING", "CREATE STOPPED")
UNFINISHED_VERSION = frozenset({"CREATE PENDING", "CREATE IN_PROGRESS", "CREATE STOPPING"})


def new_lifecycle(**kwargs: Any) -> Lifecycle:
    return Lifecycle(CREATE_STEPS, failed_status=CREATE_FAILED, **kwargs)


@dataclass
class Update:
    """A pending change (UpdateSolution / UpdateCampaign): its requested settings and its own lifecycle."""

    settings: dict[str, Any] = field(default_factory=dict)
    lifecycle: Lifecycle = field(default_factory=new_lifecycle)


@dataclass
class Solution(Resource):
    dataset_group_arn: str = ""
    recipe_arn: Optional[str] = None
    perform_hpo: bool = False
    perform_auto_ml: bool = False
    perform_auto_training: bool = True
    perform_incremental_update: bool = False
    event_type: Optional[str] = None
    solution_config: dict[str, Any] = field(default_factory=dict)
    best_recipe_arn: Optional[str] = None  # AutoML's choice, known after the first successful training
    lifecycle: Lifecycle = field(default_factory=new_lifecycle)
    latest_update: Optional[Update] = None

    @property
    def effective_recipe_arn(self) -> str:
        """The recipe training uses: the given one, or (AutoML) the one AutoML picks."""
        return self.recipe_arn or self.best_recipe_arn or ""


@dataclass
class SolutionVersion(Resource):
    solution_arn: str = ""
    dataset_group_arn: str = ""
    recipe_arn: Optional[str] = None
    perform_hpo: bool = False
    perform_auto_ml: bool = False
    perform_incremental_update: bool = False
    event_type: Optional[str] = None
    solution_config: dict[str, Any] = field(default_factory=dict)
    training_mode: str = "FULL"
    training_type: str = "MANUAL"
    training_hours: Optional[float] = None
    tuned_hyperparameters: Optional[dict[str, str]] = None
    model: Optional[TrainedModel] = None
    lifecycle: Lifecycle = field(default_factory=new_lifecycle)


@dataclass
class Campaign(Resource):
    solution_version_arn: str = ""
    dataset_group_arn: str = ""
    min_provisioned_tps: int = 1
    campaign_config: dict[str, Any] = field(default_factory=dict)
    lifecycle: Lifecycle = field(default_factory=new_lifecycle)
    latest_update: Optional[Update] = None


# -- output shapes -------------------------------------------------------------------------------------------
def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def version_summary(version: SolutionVersion) -> dict[str, Any]:
    """``SolutionVersionSummary`` (ListSolutionVersions, Solution.latestSolutionVersion)."""
    return _without_none({
        "solutionVersionArn": version.arn,
        "status": version.lifecycle.current,
        "trainingMode": version.training_mode,
        "trainingType": version.training_type,
        "creationDateTime": version.created_at,
        "lastUpdatedDateTime": version.lifecycle.updated_at,
        "failureReason": version.lifecycle.failure_reason,
    })


def update_summary(update: Update, created_key: str = "creationDateTime") -> dict[str, Any]:
    return _without_none({
        **update.settings,
        "status": update.lifecycle.current,
        "failureReason": update.lifecycle.failure_reason,
        created_key: update.lifecycle.started_at,
        "lastUpdatedDateTime": update.lifecycle.updated_at,
    })


def solution_dict(solution: Solution, latest_version: Optional[SolutionVersion]) -> dict[str, Any]:
    """The ``Solution`` shape of DescribeSolution."""
    out = _without_none({
        "name": solution.name,
        "solutionArn": solution.arn,
        "performHPO": solution.perform_hpo,
        "performAutoML": solution.perform_auto_ml,
        "performAutoTraining": solution.perform_auto_training,
        "performIncrementalUpdate": solution.perform_incremental_update,
        "recipeArn": solution.recipe_arn,
        "datasetGroupArn": solution.dataset_group_arn,
        "eventType": solution.event_type,
        "solutionConfig": solution.solution_config or None,
        "status": solution.lifecycle.current,
        "creationDateTime": solution.created_at,
        "lastUpdatedDateTime": solution.lifecycle.updated_at,
    })
    if solution.perform_auto_ml and solution.best_recipe_arn:
        out["autoMLResult"] = {"bestRecipeArn": solution.best_recipe_arn}
    if latest_version is not None:
        out["latestSolutionVersion"] = version_summary(latest_version)
    if solution.latest_update is not None:
        out["latestSolutionUpdate"] = update_summary(solution.latest_update)
    return out


def solution_summary(solution: Solution) -> dict[str, Any]:
    return _without_none({
        "name": solution.name,
        "solutionArn": solution.arn,
        "status": solution.lifecycle.current,
        "creationDateTime": solution.created_at,
        "lastUpdatedDateTime": solution.lifecycle.updated_at,
        "recipeArn": solution.recipe_arn,
    })


def version_dict(version: SolutionVersion) -> dict[str, Any]:
    """The ``SolutionVersion`` shape of DescribeSolutionVersion."""
    out = _without_none({
        "name": version.name or None,
        "solutionVersionArn": version.arn,
        "solutionArn": version.solution_arn,
        "performHPO": version.perform_hpo,
        "performAutoML": version.perform_auto_ml,
        "performIncrementalUpdate": version.perform_incremental_update,
        "recipeArn": version.recipe_arn,
        "eventType": version.event_type,
        "datasetGroupArn": version.dataset_group_arn,
        "solutionConfig": version.solution_config or None,
        "trainingHours": version.training_hours,
        "trainingMode": version.training_mode,
        "status": version.lifecycle.current,
        "failureReason": version.lifecycle.failure_reason,
        "creationDateTime": version.created_at,
        "lastUpdatedDateTime": version.lifecycle.updated_at,
        "trainingType": version.training_type,
    })
    if version.tuned_hyperparameters is not None:
        out["tunedHPOParams"] = {"algorithmHyperParameters": dict(version.tuned_hyperparameters)}
    return out


def campaign_dict(campaign: Campaign) -> dict[str, Any]:
    """The ``Campaign`` shape of DescribeCampaign (``latestCampaignUpdate`` only after an UpdateCampaign)."""
    out = _without_none({
        "name": campaign.name,
        "campaignArn": campaign.arn,
        "solutionVersionArn": campaign.solution_version_arn,
        "minProvisionedTPS": campaign.min_provisioned_tps,
        "campaignConfig": campaign.campaign_config,
        "status": campaign.lifecycle.current,
        "failureReason": campaign.lifecycle.failure_reason,
        "creationDateTime": campaign.created_at,
        "lastUpdatedDateTime": campaign.lifecycle.updated_at,
    })
    if campaign.latest_update is not None:
        out["latestCampaignUpdate"] = update_summary(campaign.latest_update)
    return out


def campaign_summary(campaign: Campaign) -> dict[str, Any]:
    return _without_none({
        "name": campaign.name,
        "campaignArn": campaign.arn,
        "status": campaign.lifecycle.current,
        "creationDateTime": campaign.created_at,
        "lastUpdatedDateTime": campaign.lifecycle.updated_at,
        "failureReason": campaign.lifecycle.failure_reason,
    })
