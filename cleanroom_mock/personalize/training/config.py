"""Rules on solution and campaign configuration that botocore's model cannot express.

Each check names its source; a rule AWS does not document is marked "Not documented by AWS".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from ..catalog import HyperParameter, Recipe, is_user_personalization
from ..errors import invalid

if TYPE_CHECKING:
    from ..avro_schema.fields import ParsedSchema

_RATE = re.compile(r"^rate\((\d+) (day|days)\)$")
MIN_SCHEDULE_DAYS, MAX_SCHEDULE_DAYS = 1, 30  # API_AutoTrainingConfig
MAX_HPO_TRAINING_JOBS, MAX_HPO_PARALLEL_JOBS = 40, 10  # API_HPOResourceConfig
EXPLORATION_KEYS = ("explorationWeight", "explorationItemAgeCutOff")
RANKING_FACTORS = ("POPULARITY", "FRESHNESS")
SEMANTIC_SIMILARITY = "aws-semantic-similarity"
# trainingMode UPDATE: "User-Personalization recipe or the legacy HRNN-Coldstart recipe" (API_CreateSolutionVersion)
UPDATE_MODE_RECIPES = frozenset({"aws-user-personalization", "aws-hrnn-coldstart"})
# Datasets a recipe needs before a solution can use it. Item interactions are "required for training"
# (API_CreateDataset); Semantic-Similarity trains on item text alone (native-recipe-semantic-similarity);
# Item-Attribute-Affinity needs item metadata and Next-Best-Action an Actions dataset (their recipe pages).
REQUIRED_DATASETS: dict[str, tuple[str, ...]] = {
    SEMANTIC_SIMILARITY: ("ITEMS",),
    "aws-item-attribute-affinity": ("INTERACTIONS", "ITEMS"),
    "aws-next-best-action": ("INTERACTIONS", "ACTIONS"),
}
DEFAULT_REQUIRED_DATASETS = ("INTERACTIONS",)
# optimizing-solution-for-objective: "You can optimize for an objective only with the User-Personalization or
# Personalized-Ranking recipe". AWS does not say whether the v2 recipes count; we accept both versions.
OBJECTIVE_RECIPES = frozenset({"aws-user-personalization", "aws-user-personalization-v2",
                               "aws-personalized-ranking", "aws-personalized-ranking-v2"})


# -- solutions -----------------------------------------------------------------------------------------------
def check_schedule(auto_training_config: Optional[Mapping[str, Any]]) -> None:
    """``schedulingExpression`` is ``rate(N days)`` with N from 1 to 30 (API_AutoTrainingConfig)."""
    expression = (auto_training_config or {}).get("schedulingExpression")
    if expression is None:
        return
    match = _RATE.match(expression)
    if match is None or not MIN_SCHEDULE_DAYS <= int(match.group(1)) <= MAX_SCHEDULE_DAYS:
        raise invalid(
            f"Invalid schedulingExpression {expression!r}: use rate(N days) with N between "
            f"{MIN_SCHEDULE_DAYS} and {MAX_SCHEDULE_DAYS}."
        )


def check_incremental_update(perform_incremental_update: Optional[bool], recipe: Optional[Recipe]) -> None:
    """``performIncrementalUpdate`` is only for the Semantic-Similarity recipe (API_CreateSolution)."""
    if perform_incremental_update and (recipe is None or recipe.name != SEMANTIC_SIMILARITY):
        raise invalid("performIncrementalUpdate is only supported for solutions that use the "
                      "aws-semantic-similarity recipe.")


def _check_value(parameter: HyperParameter, value: str) -> None:
    if parameter.kind == "categorical":
        if value.lower() not in parameter.values:
            raise invalid(f"Hyperparameter {parameter.name} must be one of {list(parameter.values)}, not {value!r}.")
        return
    try:
        number = int(value) if parameter.kind == "integer" else float(value)
    except ValueError:
        raise invalid(f"Hyperparameter {parameter.name} must be {parameter.kind}, not {value!r}.")
    low, high = parameter.min_value, parameter.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise invalid(f"Hyperparameter {parameter.name} must be between {low} and {high}, not {value}.")


def _check_parameters(given: Mapping[str, str], documented: tuple[HyperParameter, ...], what: str) -> None:
    """Names and values against the recipe page's table. Not documented by AWS for recipes whose page lists
    no table; we then accept any name, because we cannot know the real set."""
    if not documented:
        return
    by_name = {parameter.name: parameter for parameter in documented}
    for name, value in given.items():
        parameter = by_name.get(name)
        if parameter is None:
            raise invalid(f"Unknown {what} {name!r}; valid names are {sorted(by_name)}.")
        _check_value(parameter, value)


def _check_hpo(hpo_config: Mapping[str, Any], recipe: Optional[Recipe]) -> None:
    if hpo_config.get("hpoObjective"):
        # API_CreateSolution: "Amazon Personalize doesn't support configuring the hpoObjective ... at this time."
        raise invalid("Amazon Personalize doesn't support configuring the hpoObjective for solution "
                      "hyperparameter optimization.")
    resources = hpo_config.get("hpoResourceConfig") or {}
    for key, cap in (("maxNumberOfTrainingJobs", MAX_HPO_TRAINING_JOBS),
                     ("maxParallelTrainingJobs", MAX_HPO_PARALLEL_JOBS)):
        value = resources.get(key)
        if value is not None and (not value.isdigit() or not 1 <= int(value) <= cap):
            raise invalid(f"{key} must be an integer between 1 and {cap}, not {value!r}.")
    ranges = hpo_config.get("algorithmHyperParameterRanges") or {}
    tunable = {h.name for h in recipe.hyperparameters if h.tunable and not h.featurization} if recipe else set()
    if recipe is None or not recipe.hyperparameters:
        return
    for kind in ("integerHyperParameterRanges", "continuousHyperParameterRanges", "categoricalHyperParameterRanges"):
        for entry in ranges.get(kind) or []:
            if entry.get("name") not in tunable:
                raise invalid(f"Hyperparameter {entry.get('name')!r} is not tunable for recipe {recipe.name}; "
                              f"tunable hyperparameters are {sorted(tunable)}.")
            low, high = entry.get("minValue"), entry.get("maxValue")
            if low is not None and high is not None and low > high:
                raise invalid(f"Hyperparameter range {entry['name']!r} has minValue greater than maxValue.")


def check_solution_config(config: Mapping[str, Any], recipe: Optional[Recipe], perform_auto_ml: bool) -> None:
    check_schedule(config.get("autoTrainingConfig"))
    if config.get("hpoConfig"):
        _check_hpo(config["hpoConfig"], recipe)
    if recipe is not None:
        _check_parameters(config.get("algorithmHyperParameters") or {},
                          tuple(h for h in recipe.hyperparameters if not h.featurization), "algorithm hyperparameter")
        _check_parameters(config.get("featureTransformationParameters") or {},
                          tuple(h for h in recipe.hyperparameters if h.featurization),
                          "feature transformation parameter")
    if config.get("autoMLConfig") is not None and not perform_auto_ml:
        # Not documented by AWS; we chose to refuse, because the configuration would silently do nothing.
        raise invalid("autoMLConfig can only be given when performAutoML is true.")
    threshold = config.get("eventValueThreshold")
    if threshold is not None:
        try:
            float(threshold)
        except ValueError:
            raise invalid(f"eventValueThreshold must be a number, not {threshold!r}.")


def check_optimization_objective(config: Mapping[str, Any], recipe: Optional[Recipe],
                                 items_schema: Optional[ParsedSchema]) -> None:
    """``solutionConfig.optimizationObjective`` (optimizing-solution-for-objective): only with the recipes above;
    ``itemAttribute`` is one column of the group's Items dataset, of a numerical type, without ``null`` in its
    type. Not documented by AWS: the wording of these errors, and whether an objective without
    ``itemAttribute`` is accepted; we refuse it, because there is nothing to optimize for."""
    objective = config.get("optimizationObjective")
    if not objective:
        return
    if recipe is None or recipe.name not in OBJECTIVE_RECIPES:
        raise invalid(f"optimizationObjective is only supported for solutions that use the User-Personalization "
                      f"or Personalized-Ranking recipe, not {recipe.name if recipe else 'this recipe'}.")
    attribute = objective.get("itemAttribute")
    if not attribute:
        raise invalid("optimizationObjective requires itemAttribute: a numerical column of the Items dataset.")
    if items_schema is None:
        raise invalid(f"optimizationObjective itemAttribute {attribute!r} needs an Items dataset in the dataset "
                      "group.")
    field = items_schema.field(attribute)
    if field is None:
        raise invalid(f"optimizationObjective itemAttribute {attribute!r} is not a column of the Items dataset.")
    if not field.is_numeric or field.nullable:
        raise invalid(f"optimizationObjective itemAttribute {attribute!r} must be a numerical column of the Items "
                      f"dataset without a null type; its type is {list(field.types)}.")


def tuned_hyperparameters(recipe: Optional[Recipe], config: Mapping[str, Any]) -> dict[str, str]:
    """What HPO reports as chosen: the algorithm's defaults with the user's fixed values applied. Not
    documented by AWS how HPO picks; the mock does not search, so the defaults are its honest answer."""
    values = {h.name: h.default for h in recipe.hyperparameters if not h.featurization} if recipe else {}
    values.update(config.get("algorithmHyperParameters") or {})
    return values


# -- campaigns -----------------------------------------------------------------------------------------------
def check_campaign_config(config: Mapping[str, Any], solution_version_arn: str) -> None:
    """The recipe-independent rules of API_CampaignConfig."""
    for factor, weight in (config.get("rankingInfluence") or {}).items():
        if factor not in RANKING_FACTORS:
            raise invalid(f"rankingInfluence key {factor!r} is not one of {list(RANKING_FACTORS)}.")
        if not 0.0 <= weight <= 1.0:
            raise invalid(f"rankingInfluence {factor} must be between 0.0 and 1.0, not {weight}.")
    exploration = config.get("itemExplorationConfig") or {}
    for key, value in exploration.items():
        if key not in EXPLORATION_KEYS:
            raise invalid(f"itemExplorationConfig key {key!r} is not one of {list(EXPLORATION_KEYS)}.")
        try:
            number = float(value)
        except ValueError:
            raise invalid(f"itemExplorationConfig {key} must be a number, not {value!r}.")
        if key == "explorationWeight" and not 0.0 <= number <= 1.0:
            raise invalid(f"explorationWeight must be between 0.0 and 1.0, not {value}.")
        # native-recipe-new-item-USER_PERSONALIZATION: the age cut-off is a positive number of days.
        if key == "explorationItemAgeCutOff" and number <= 0.0:
            raise invalid(f"explorationItemAgeCutOff must be a positive number of days, not {value}.")
    sync = bool(config.get("syncWithLatestSolutionVersion", False))
    latest = solution_version_arn.endswith("/$LATEST")
    if sync and not latest:
        raise invalid("To use syncWithLatestSolutionVersion, specify solutionVersionArn in the form "
                      "<solutionArn>/$LATEST.")
    if latest and not sync:
        raise invalid("A solutionVersionArn ending in /$LATEST requires syncWithLatestSolutionVersion to be true.")


def check_exploration_recipe(config: Mapping[str, Any], recipe: Optional[Recipe]) -> None:
    """``itemExplorationConfig`` only for User-Personalization solutions (API_CampaignConfig)."""
    if config.get("itemExplorationConfig") and (recipe is None or not is_user_personalization(recipe)):
        name = recipe.name if recipe else "unknown"
        raise invalid(f"itemExplorationConfig is only supported for solutions that use the User-Personalization "
                      f"recipe; this solution version uses {name}.")


def effective_campaign_config(config: Mapping[str, Any], recipe: Optional[Recipe]) -> dict[str, Any]:
    """The configuration DescribeCampaign reports: the given one with documented defaults filled in.

    Not documented by AWS which defaults DescribeCampaign echoes; we chose to report the booleans (default
    false) and, for recipes with exploration hyperparameters, explorationWeight / explorationItemAgeCutOff
    with the recipe page's defaults (0.3 and 30), so the runtime and the user see what is in force.
    """
    out: dict[str, Any] = dict(config)
    out.setdefault("enableMetadataWithRecommendations", False)
    out.setdefault("syncWithLatestSolutionVersion", False)
    defaults = {h.name: h.default for h in recipe.hyperparameters} if recipe else {}
    if "exploration_weight" in defaults:
        exploration = {
            "explorationWeight": defaults["exploration_weight"],
            "explorationItemAgeCutOff": defaults["exploration_item_age_cut_off"],
        }
        exploration.update(out.get("itemExplorationConfig") or {})
        out["itemExplorationConfig"] = exploration
    return out
