"""The training side's resources (solutions, solution versions, campaigns) and their views.

Statuses follow spec §3 (``lifecycles``); a solution and a campaign carry a pending update
(``latestSolutionUpdate``, ``latestCampaignUpdate``) that a read moves with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ...core.lifecycle import Lifecycle
from ...core.resources import Resource
from ..lifecycles import WithUpdate, new_lifecycle, state, without_none

if TYPE_CHECKING:
    from ..engines.training import TrainedModel

# StopSolutionVersionCreation (API_StopSolutionVersionCreation): pending versions stop at once, running ones
# pass through CREATE STOPPING. The page writes CREATE_STOPPED; the status list of CreateSolutionVersion writes
# "CREATE STOPPED" — we use the spaced form like every other status.
STOP_FROM_PENDING = ("CREATE STOPPED",)
STOP_FROM_RUNNING = ("CREATE STOPPING", "CREATE STOPPED")
UNFINISHED_VERSION = frozenset({"CREATE PENDING", "CREATE IN_PROGRESS", "CREATE STOPPING"})


@dataclass
class Solution(WithUpdate):
    dataset_group_arn: str = ""
    recipe_arn: Optional[str] = None
    perform_hpo: bool = False
    perform_auto_ml: bool = False
    perform_auto_training: bool = True
    perform_incremental_update: bool = False
    event_type: Optional[str] = None
    solution_config: dict[str, Any] = field(default_factory=dict)
    best_recipe_arn: Optional[str] = None  # AutoML's choice, known after the first successful training

    @property
    def effective_recipe_arn(self) -> str:
        """The recipe training uses: the given one, or (AutoML) the one AutoML picks."""
        return self.recipe_arn or self.best_recipe_arn or ""

    def view(self) -> dict[str, Any]:
        """The ``Solution`` shape (DescribeSolution adds ``latestSolutionVersion``, which the store knows)."""
        return without_none({
            "name": self.name,
            "solutionArn": self.arn,
            "performHPO": self.perform_hpo,
            "performAutoML": self.perform_auto_ml,
            "performAutoTraining": self.perform_auto_training,
            "performIncrementalUpdate": self.perform_incremental_update,
            "recipeArn": self.recipe_arn,
            "datasetGroupArn": self.dataset_group_arn,
            "eventType": self.event_type,
            "solutionConfig": self.solution_config or None,
            **state(self, self.lifecycle),
            "autoMLResult": {"bestRecipeArn": self.best_recipe_arn}
            if self.perform_auto_ml and self.best_recipe_arn else None,
            "latestSolutionUpdate": self.latest_update.view() if self.latest_update is not None else None,
        })


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

    def view(self) -> dict[str, Any]:
        """The ``SolutionVersion`` shape; ListSolutionVersions and ``Solution.latestSolutionVersion`` show
        its ``SolutionVersionSummary`` part."""
        return without_none({
            "name": self.name or None,
            "solutionVersionArn": self.arn,
            "solutionArn": self.solution_arn,
            "performHPO": self.perform_hpo,
            "performAutoML": self.perform_auto_ml,
            "performIncrementalUpdate": self.perform_incremental_update,
            "recipeArn": self.recipe_arn,
            "eventType": self.event_type,
            "datasetGroupArn": self.dataset_group_arn,
            "solutionConfig": self.solution_config or None,
            "trainingHours": self.training_hours,
            "trainingMode": self.training_mode,
            **state(self, self.lifecycle),
            "trainingType": self.training_type,
            "tunedHPOParams": {"algorithmHyperParameters": dict(self.tuned_hyperparameters)}
            if self.tuned_hyperparameters is not None else None,
        })


@dataclass
class Campaign(WithUpdate):
    solution_version_arn: str = ""
    dataset_group_arn: str = ""
    min_provisioned_tps: int = 1
    campaign_config: dict[str, Any] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        """The ``Campaign`` shape (``latestCampaignUpdate`` only after an UpdateCampaign)."""
        return without_none({
            "name": self.name,
            "campaignArn": self.arn,
            "solutionVersionArn": self.solution_version_arn,
            "minProvisionedTPS": self.min_provisioned_tps,
            "campaignConfig": self.campaign_config,
            **state(self, self.lifecycle),
            "latestCampaignUpdate": self.latest_update.view() if self.latest_update is not None else None,
        })
