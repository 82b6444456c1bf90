"""Solution versions: CreateSolutionVersion (training), DescribeSolutionVersion, ListSolutionVersions,
StopSolutionVersionCreation, GetSolutionMetrics.

Training runs when a version reaches ACTIVE (its lifecycle's ``on_complete``), with ``engines.training``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.ids import hex_id
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import recipe_by_arn
from ..engines import training as engine
from ..errors import PENDING_MESSAGE, already_exists, invalid, new_tags, wrong_status
from ..lifecycles import CREATING, new_lifecycle
from ..standard import describe_operation
from ..store import PersonalizeStore
from .config import DEFAULT_REQUIRED_DATASETS, REQUIRED_DATASETS, UPDATE_MODE_RECIPES, tuned_hyperparameters
from .resources import STOP_FROM_PENDING, STOP_FROM_RUNNING, SolutionVersion

if TYPE_CHECKING:
    from typing_extensions import Unpack



class SolutionVersionOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateSolutionVersion")
    def create_solution_version(
        self,
        solution_arn: str,
        name: Optional[str] = None,
        training_mode: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        store = self.store
        solution = store.solution(solution_arn)
        if solution.lifecycle.current != "ACTIVE":
            raise wrong_status(solution_arn, solution.lifecycle.current, "ACTIVE")
        mode = training_mode or "FULL"  # API_CreateSolutionVersion: the default is FULL
        recipe = recipe_by_arn(solution.effective_recipe_arn)
        # Sibling versions are only read (and so moved on) when UPDATE needs their status: an unread version
        # stays pending, which is what the pending-versions quota counts.
        versions = store.versions_of(solution_arn)
        if mode == "UPDATE":
            if recipe is None or recipe.name not in UPDATE_MODE_RECIPES:
                raise invalid("trainingMode UPDATE is only supported for solutions that use the User-Personalization "
                              "or the legacy HRNN-Coldstart recipe.")
            versions = store.solution_versions.read_all(lambda v: v.solution_arn == solution_arn)
            if not any(v.training_mode == "FULL" and v.lifecycle.current == "ACTIVE" for v in versions):
                raise invalid("trainingMode UPDATE requires an ACTIVE solution version of this solution created "
                              "with trainingMode FULL.")
        if mode == "AUTOTRAIN" and not solution.perform_auto_training:
            # Not documented by AWS; we chose to refuse, since AUTOTRAIN is automatic training's mode.
            raise invalid("trainingMode AUTOTRAIN requires a solution with performAutoTraining enabled.")
        if name is not None:
            taken = next((v for v in versions if v.name == name), None)
            if taken is not None:
                raise already_exists(taken.arn)
        pending = store.solution_versions.where(lambda v: v.lifecycle.current in CREATING)
        store.within_quota("Pending or in-progress solution versions", len(pending), PENDING_MESSAGE)
        version = SolutionVersion(
            arn=f"{solution_arn}/{hex_id(8)}",
            name=name or "",
            tags=tag_map,
            solution_arn=solution_arn,
            dataset_group_arn=solution.dataset_group_arn,
            recipe_arn=solution.effective_recipe_arn or None,
            perform_hpo=solution.perform_hpo,
            perform_auto_ml=solution.perform_auto_ml,
            perform_incremental_update=solution.perform_incremental_update,
            event_type=solution.event_type,
            solution_config=dict(solution.solution_config),
            training_mode=mode,
            training_type="MANUAL",
        )
        version.lifecycle = new_lifecycle(on_complete=lambda: self._train(version))
        store.solution_versions.add(version)
        return {"solutionVersionArn": version.arn}

    describe_solution_version = describe_operation("DescribeSolutionVersion", lambda store: store.solution_versions)

    @operation("ListSolutionVersions")
    def list_solution_versions(self, solution_arn: Optional[str] = None, **page: Unpack[Page]) -> dict[str, Any]:
        if solution_arn is not None:
            self.store.solution(solution_arn)  # ResourceNotFoundException for an unknown solution (modelled)
        return self.store.list_matching(
            "solutionVersions", self.store.solution_versions, "solution_arn", solution_arn, **page)

    @operation("StopSolutionVersionCreation")
    def stop_solution_version_creation(self, solution_version_arn: str) -> dict[str, Any]:
        """Not documented by AWS whether stopping counts as a read of the status; we chose not to let it move
        the version on first (it looks at the table, ``get``), so a version nobody has read yet can still be
        stopped in the default next-read mode."""
        version = self.store.solution_versions.get(solution_version_arn)
        status = version.lifecycle.current
        if status == "CREATE PENDING":
            version.lifecycle.begin(STOP_FROM_PENDING)
        elif status == "CREATE IN_PROGRESS":
            version.lifecycle.begin(STOP_FROM_RUNNING)
        else:
            raise wrong_status(solution_version_arn, status, "CREATE PENDING or CREATE IN_PROGRESS")
        return {}

    @operation("GetSolutionMetrics")
    def get_solution_metrics(self, solution_version_arn: str) -> dict[str, Any]:
        version = self.store.solution_version(solution_version_arn)
        if version.lifecycle.current != "ACTIVE" or version.model is None:
            raise wrong_status(solution_version_arn, version.lifecycle.current, "ACTIVE")
        return {"solutionVersionArn": version.arn, "metrics": dict(version.model.metrics)}

    def _train(self, version: SolutionVersion) -> Optional[str]:
        """Runs when the version reaches ACTIVE: read the group's interactions, select, check minimums, train.
        Returns the failure reason (the version then lands in CREATE FAILED) or None."""
        recipe = recipe_by_arn(version.recipe_arn or "")
        datasets = self.store.datasets_of(version.dataset_group_arn)
        needed = REQUIRED_DATASETS.get(recipe.name, DEFAULT_REQUIRED_DATASETS) if recipe else DEFAULT_REQUIRED_DATASETS
        interactions = datasets.get("INTERACTIONS")
        if "INTERACTIONS" in needed and interactions is None:
            return "Create failed. The dataset group has no Item interactions dataset."
        rows = engine.dataset_interactions(interactions.columns, interactions.rows) if interactions is not None else []
        selected = engine.select_for_training(rows, version.event_type, version.solution_config)
        handle = self.store.handle
        if "INTERACTIONS" in needed:
            reason = engine.check_minimums(
                selected,
                handle.data_minimum(1000, engine.SCALED_MIN_INTERACTIONS),
                handle.data_minimum(25, engine.SCALED_MIN_USERS_WITH_TWO),
                version.event_type,
            )
            if reason is not None:
                return reason
        items = list(datasets["ITEMS"].records()) if "ITEMS" in datasets else None
        version.model = engine.train(version.recipe_arn or "", selected, solution_config=version.solution_config,
                                     event_type=version.event_type, items=items)
        version.training_hours = engine.training_hours(len(selected))
        if version.perform_hpo or version.perform_auto_ml:
            version.tuned_hyperparameters = tuned_hyperparameters(recipe, version.solution_config)
        return None
