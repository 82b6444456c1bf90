"""Solutions: CreateSolution, DescribeSolution, ListSolutions, UpdateSolution, DeleteSolution."""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import RECIPES, Recipe, is_domain_use_case, recipe_by_arn
from ..errors import in_use, invalid, new_tags, not_found, wrong_status
from ..lifecycles import CREATE_FAILED, CREATING, DELETE_STEPS, DELETING, Update, new_lifecycle
from ..standard import list_operation
from ..store import LATEST, PersonalizeStore
from .config import (
    DEFAULT_REQUIRED_DATASETS,
    REQUIRED_DATASETS,
    check_incremental_update,
    check_optimization_objective,
    check_schedule,
    check_solution_config,
)
from .resources import UNFINISHED_VERSION, Solution

AUTO_ML_DEFAULT_RECIPE = "arn:aws:personalize:::recipe/aws-user-personalization"


def _auto_ml_choice(config: dict[str, Any]) -> str:
    """AutoML "chooses among USER_PERSONALIZATION recipes" (API_CreateSolution). Not documented by AWS how;
    the mock does not compare candidates, so it deterministically takes the first candidate listed in
    ``autoMLConfig.recipeList`` (or User-Personalization when none is listed)."""
    candidates = (config.get("autoMLConfig") or {}).get("recipeList") or []
    return candidates[0] if candidates else AUTO_ML_DEFAULT_RECIPE


def _check_auto_ml_candidates(config: dict[str, Any]) -> None:
    for arn in (config.get("autoMLConfig") or {}).get("recipeList") or []:
        recipe = RECIPES.get(arn)
        if recipe is None:
            raise not_found(arn)
        if recipe.recipe_type != "USER_PERSONALIZATION" or recipe.legacy:
            raise invalid(f"AutoML chooses among USER_PERSONALIZATION recipes; {arn} cannot be a candidate.")


def _solution_recipe(recipe_arn: str) -> Recipe:
    recipe = recipe_by_arn(recipe_arn)
    if recipe is None:
        raise not_found(recipe_arn)
    if is_domain_use_case(recipe):
        raise invalid(f"Recipe {recipe_arn} is a domain use case: use it with CreateRecommender, "
                      "not CreateSolution.")
    if recipe.legacy:
        raise invalid(f"Recipe {recipe_arn} is a legacy recipe and is no longer available for new solutions.")
    return recipe


def _apply_update(solution: Solution, settings: dict[str, Any]) -> None:
    solution.perform_auto_training = settings["performAutoTraining"]
    solution.perform_incremental_update = settings["performIncrementalUpdate"]
    update_config = settings.get("solutionUpdateConfig") or {}
    config = dict(solution.solution_config)
    for key in ("autoTrainingConfig", "eventsConfig"):
        if key in update_config:
            config[key] = update_config[key]
    solution.solution_config = config


class SolutionOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateSolution")
    def create_solution(
        self,
        name: str,
        dataset_group_arn: str,
        recipe_arn: Optional[str] = None,
        perform_hpo: Optional[bool] = None,
        perform_auto_ml: Optional[bool] = None,
        perform_auto_training: Optional[bool] = None,
        perform_incremental_update: Optional[bool] = None,
        event_type: Optional[str] = None,
        solution_config: Optional[dict[str, Any]] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        config = dict(solution_config or {})
        auto_ml = bool(perform_auto_ml)
        if auto_ml and recipe_arn is not None:
            raise invalid("recipeArn must not be specified when performAutoML is true.")
        if not auto_ml and recipe_arn is None:
            raise invalid("recipeArn is required when performAutoML is false.")
        recipe = _solution_recipe(recipe_arn) if recipe_arn is not None else None
        if auto_ml:
            _check_auto_ml_candidates(config)
        check_incremental_update(perform_incremental_update, recipe)
        check_solution_config(config, recipe, auto_ml)

        solutions = self.store.solutions
        arn = self.store.new_arn(solutions, f"solution/{name}")
        group = self.store.dataset_group(dataset_group_arn)
        if group.lifecycle.current != "ACTIVE":
            raise wrong_status(dataset_group_arn, group.lifecycle.current, "ACTIVE")
        self._check_required_datasets(dataset_group_arn, recipe)
        items = self.store.datasets_of(dataset_group_arn).get("ITEMS")
        check_optimization_objective(config, recipe or recipe_by_arn(_auto_ml_choice(config)),
                                     self.store.schema_of(items) if items is not None else None)
        in_group = solutions.where(
            lambda s: s.dataset_group_arn == dataset_group_arn and s.lifecycle.current not in DELETING
            and s.lifecycle.current != CREATE_FAILED
        )
        self.store.within_quota("Active solutions per dataset group", len(in_group),
                                "Cannot create a solution. More than {limit} resources in ACTIVE state. "
                                "Please delete some and try again.")
        solution = Solution(
            arn=arn,
            name=name,
            tags=tag_map,
            dataset_group_arn=dataset_group_arn,
            recipe_arn=recipe_arn,
            perform_hpo=bool(perform_hpo),
            perform_auto_ml=auto_ml,
            # API_CreateSolution: automatic training is on unless turned off.
            perform_auto_training=True if perform_auto_training is None else perform_auto_training,
            perform_incremental_update=bool(perform_incremental_update),
            event_type=event_type,
            solution_config=config,
        )
        if auto_ml:
            solution.best_recipe_arn = _auto_ml_choice(config)
        solutions.add(solution)
        return {"solutionArn": arn}

    @operation("DescribeSolution")
    def describe_solution(self, solution_arn: str) -> dict[str, Any]:
        view = self.store.solution(solution_arn).view()
        versions = self.store.versions_of(solution_arn)
        if versions:
            view["latestSolutionVersion"] = versions[-1].view()  # a SolutionVersionSummary on the wire
        return {"solution": view}

    # API_ListSolutions: without a dataset group, every solution of the account (in this region).
    list_solutions = list_operation("ListSolutions", lambda store: store.solutions)

    @operation("UpdateSolution")
    def update_solution(
        self,
        solution_arn: str,
        perform_auto_training: Optional[bool] = None,
        perform_incremental_update: Optional[bool] = None,
        solution_update_config: Optional[dict[str, Any]] = None,
    ) -> dict[str, Any]:
        solution = self.store.solution(solution_arn)
        update_config = dict(solution_update_config or {})
        check_schedule(update_config.get("autoTrainingConfig"))
        check_incremental_update(perform_incremental_update, recipe_by_arn(solution.effective_recipe_arn))
        if solution.lifecycle.current != "ACTIVE":
            raise wrong_status(solution_arn, solution.lifecycle.current, "ACTIVE")
        solution.refuse_while_updating()
        settings: dict[str, Any] = {
            "performAutoTraining": solution.perform_auto_training if perform_auto_training is None
            else perform_auto_training,
            "performIncrementalUpdate": solution.perform_incremental_update if perform_incremental_update is None
            else perform_incremental_update,
        }
        if update_config:
            settings["solutionUpdateConfig"] = update_config
        solution.latest_update = Update(
            settings=settings, lifecycle=new_lifecycle(on_complete=lambda: _apply_update(solution, settings))
        )
        return {"solutionArn": solution_arn}

    @operation("DeleteSolution")
    def delete_solution(self, solution_arn: str) -> dict[str, Any]:
        store = self.store
        solution = store.solution(solution_arn)
        status = solution.lifecycle.current
        if status in DELETING or status in CREATING:
            raise wrong_status(solution_arn, status, "ACTIVE or CREATE FAILED")
        # The check reads the versions (core.lifecycle): training that finishes on this read does not block.
        versions = store.solution_versions.read_all(lambda v: v.solution_arn == solution_arn)
        running = [v for v in versions if v.lifecycle.current in UNFINISHED_VERSION]
        if running:
            raise in_use(f"Cannot delete solution {solution_arn}: solution version {running[0].arn} is "
                         f"{running[0].lifecycle.current}.")
        version_arns = {v.arn for v in versions}
        using = store.campaigns.read_all(
            lambda c: c.solution_version_arn in version_arns or c.solution_version_arn == solution_arn + LATEST
        )
        if using:
            raise in_use(f"Cannot delete solution {solution_arn}: campaign {using[0].arn} uses it. "
                         "Delete its campaigns first.")
        solution.lifecycle.begin(DELETE_STEPS, on_complete=lambda: self._remove(solution_arn))
        return {}

    def _check_required_datasets(self, dataset_group_arn: str, recipe: Optional[Recipe]) -> None:
        """Not documented by AWS whether CreateSolution checks the datasets; we chose to require the
        datasets the recipe trains on to exist (not their data: the data minimums are checked by training),
        because "only Item interactions is required for training" (API_CreateDataset) and a solution on a
        group without them could never train."""
        needed = REQUIRED_DATASETS.get(recipe.name, DEFAULT_REQUIRED_DATASETS) if recipe else DEFAULT_REQUIRED_DATASETS
        present = set(self.store.datasets_of(dataset_group_arn))
        missing = [kind for kind in needed if kind not in present]
        if missing:
            raise invalid(f"Dataset group {dataset_group_arn} has no {missing[0]} dataset; create and import it "
                          "before creating a solution.")

    def _remove(self, solution_arn: str) -> None:
        # API_DeleteSolution: deleting a solution deletes all its versions.
        for version in self.store.versions_of(solution_arn):
            self.store.solution_versions.remove(version.arn)
        self.store.solutions.remove(solution_arn)
        return None
