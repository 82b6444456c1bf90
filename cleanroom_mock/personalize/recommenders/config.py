"""``recommenderConfig`` rules the model cannot express, and the configuration DescribeRecommender reports.

Sources: API_RecommenderConfig, API_TrainingDataConfig, ECOMMERCE-use-cases / VIDEO_ON_DEMAND-use-cases
(exploration defaults 0.3 and 30 days), API_CreateRecommender (minRecommendationRequestsPerSecond default 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..catalog import Recipe
from ..errors import invalid
from ..training.config import check_campaign_config

DEFAULT_MIN_RPS = 1
DEFAULT_EXPLORATION = {"explorationWeight": "0.3", "explorationItemAgeCutOff": "30"}
TRAINING_DATASET_TYPES = ("INTERACTIONS", "ITEMS", "USERS")
# Not documented by AWS which columns may be left out of training; we chose to protect the columns every
# domain schema requires (ECOMMERCE/VIDEO_ON_DEMAND datasets-and-schemas), since training cannot run without them.
REQUIRED_COLUMNS = frozenset({"USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE"})


def is_personalized_use_case(recipe: Recipe) -> bool:
    """"Recommended for you" / "Top picks for you": the use cases that take itemExplorationConfig."""
    return recipe.recipe_type == "USER_PERSONALIZATION"


def check_exploration(config: Mapping[str, Any], recipe: Recipe) -> None:
    exploration = config.get("itemExplorationConfig")
    if not exploration:
        return
    if not is_personalized_use_case(recipe):
        raise invalid(f"itemExplorationConfig is only supported for use cases that recommend items for a user; "
                      f"{recipe.name} does not.")
    # The same keys and value ranges as a campaign's itemExplorationConfig (API_CampaignConfig).
    check_campaign_config({"itemExplorationConfig": exploration}, "")


def check_training_data(config: Mapping[str, Any], datasets: Mapping[str, Any]) -> None:
    """``trainingDataConfig``: each key a dataset type of the group, each column one of its schema's fields.
    Not documented by AWS which error a bad column gets; we chose InvalidInputException."""
    training = config.get("trainingDataConfig") or {}
    excluded = training.get("excludedDatasetColumns") or {}
    included = training.get("includedDatasetColumns") or {}
    by_type = {kind.upper(): dataset for kind, dataset in datasets.items()}
    for member, given in (("excludedDatasetColumns", excluded), ("includedDatasetColumns", included)):
        for kind, columns in given.items():
            if kind.upper() not in TRAINING_DATASET_TYPES:
                raise invalid(f"{member} key {kind} is not a dataset type used for training "
                              f"({', '.join(TRAINING_DATASET_TYPES)}).")
            dataset = by_type.get(kind.upper())
            if dataset is None:
                raise invalid(f"{member} names the {kind} dataset, which the dataset group does not have.")
            known = {column.upper() for column in dataset.columns}
            for column in columns:
                if column.upper() not in known:
                    raise invalid(f"{member}: column {column} does not exist in the {kind} dataset schema.")
                if member == "excludedDatasetColumns" and column.upper() in REQUIRED_COLUMNS:
                    raise invalid(f"{member}: the required column {column} cannot be excluded from training.")
    both = {k.upper() for k in excluded} & {k.upper() for k in included}
    if both:
        # Not documented by AWS; a dataset's columns are either listed in or listed out, so we refuse both.
        raise invalid(f"Specify either excludedDatasetColumns or includedDatasetColumns for {sorted(both)[0]}, "
                      "not both.")


def effective_config(config: Mapping[str, Any], recipe: Recipe) -> dict[str, Any]:
    """The configuration in force, with the documented defaults filled in. Not documented by AWS which
    defaults DescribeRecommender echoes; as for campaigns, we report them so users see what applies."""
    out: dict[str, Any] = dict(config)
    out.setdefault("minRecommendationRequestsPerSecond", DEFAULT_MIN_RPS)
    out.setdefault("enableMetadataWithRecommendations", False)
    if is_personalized_use_case(recipe):
        out["itemExplorationConfig"] = {**DEFAULT_EXPLORATION, **(config.get("itemExplorationConfig") or {})}
    return out


def training_columns(config: Mapping[str, Any]) -> Any:
    """What decides the training data (UpdateRecommender retrains when it changes)."""
    return config.get("trainingDataConfig") or {}
