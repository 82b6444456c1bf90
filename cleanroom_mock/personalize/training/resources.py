"""The training side's resources (solutions, solution versions, campaigns) and their views.

Statuses follow spec §3 (``lifecycles``); a solution and a campaign carry a pending update
(``latestSolutionUpdate``, ``latestCampaignUpdate``) that a read moves with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ...core.resources import Resource, member
from ..lifecycles import Tracked, WithUpdate

if TYPE_CHECKING:
    from ..engines.training import TrainedModel

# StopSolutionVersionCreation (API_StopSolutionVersionCreation): pending versions stop at once, running ones
# pass through CREATE STOPPING. The page writes CREATE_STOPPED; the status list of CreateSolutionVersion writes
# "CREATE STOPPED" — we use the spaced form like every other status.
STOP_FROM_PENDING = ("CREATE STOPPED",)
STOP_FROM_RUNNING = ("CREATE STOPPING", "CREATE STOPPED")
UNFINISHED_VERSION = frozenset({"CREATE PENDING", "CREATE IN_PROGRESS", "CREATE STOPPING"})


@dataclass
class Trained(Resource):
    """What a solution and its versions share: the recipe, the training switches, the configuration."""

    dataset_group_arn: str = member(default="")
    recipe_arn: Optional[str] = member()
    perform_hpo: bool = member("performHPO", default=False)
    perform_auto_ml: bool = member("performAutoML", default=False)
    perform_incremental_update: bool = member(default=False)
    event_type: Optional[str] = member()
    solution_config: dict[str, Any] = member(factory=dict, blank_as_none=True)


@dataclass
class Solution(WithUpdate, Trained):
    """The ``Solution`` shape (DescribeSolution adds ``latestSolutionVersion``, which the store knows)."""

    perform_auto_training: bool = member(default=True)
    best_recipe_arn: Optional[str] = None  # AutoML's choice, known after the first successful training

    SHOWN = {"solutionArn": "arn", "latestSolutionUpdate": "update_view", "autoMLResult": "auto_ml_result"}

    @property
    def effective_recipe_arn(self) -> str:
        """The recipe training uses: the given one, or (AutoML) the one AutoML picks."""
        return self.recipe_arn or self.best_recipe_arn or ""

    @property
    def auto_ml_result(self) -> Optional[dict[str, Any]]:
        return {"bestRecipeArn": self.best_recipe_arn} if self.perform_auto_ml and self.best_recipe_arn else None


@dataclass
class SolutionVersion(Tracked, Trained):
    """The ``SolutionVersion`` shape; ListSolutionVersions and ``Solution.latestSolutionVersion`` show its
    ``SolutionVersionSummary`` part."""

    solution_arn: str = member(default="")
    training_mode: str = member(default="FULL")
    training_type: str = member(default="MANUAL")
    training_hours: Optional[float] = member()
    tuned_hyperparameters: Optional[dict[str, str]] = None
    model: Optional[TrainedModel] = None

    SHOWN = {"solutionVersionArn": "arn", "name": "name_or_none", "tunedHPOParams": "tuned_hpo_params"}

    @property
    def name_or_none(self) -> Optional[str]:
        return self.name or None

    @property
    def tuned_hpo_params(self) -> Optional[dict[str, Any]]:
        if self.tuned_hyperparameters is None:
            return None
        return {"algorithmHyperParameters": dict(self.tuned_hyperparameters)}


@dataclass
class Campaign(WithUpdate):
    """The ``Campaign`` shape (``latestCampaignUpdate`` only after an UpdateCampaign)."""

    solution_version_arn: str = member(default="")
    dataset_group_arn: str = ""
    min_provisioned_tps: int = member("minProvisionedTPS", default=1)
    campaign_config: dict[str, Any] = member(factory=dict)

    SHOWN = {"campaignArn": "arn", "latestCampaignUpdate": "update_view"}
