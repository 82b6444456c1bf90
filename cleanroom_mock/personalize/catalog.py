"""Amazon Personalize's built-in, AWS-owned catalog: recipes, their algorithms and feature transformations.

Backs ListRecipes / DescribeRecipe / DescribeAlgorithm / DescribeFeatureTransformation and the ``recipeArn``
checks of CreateSolution (custom recipes) and CreateRecommender (domain use cases). Names, ARNs, recipe types
and hyperparameter tables come from each recipe's page in the Developer Guide (cited per entry; index at
https://docs.aws.amazon.com/personalize/latest/dg/working-with-predefined-recipes.html). AWS documents only
the response *shapes* of DescribeAlgorithm / DescribeFeatureTransformation, so algorithm images, resource
configs and unlisted ranges are mock choices, each marked "Not documented by AWS; plausible value".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

__all__ = [
    "ALGORITHMS",
    "CATALOG_CREATION_TIME",
    "FEATURE_TRANSFORMATIONS",
    "RECIPES",
    "Algorithm",
    "DomainUseCase",
    "FeatureTransformation",
    "HyperParameter",
    "Recipe",
    "algorithm_by_arn",
    "feature_transformation_by_arn",
    "is_domain_use_case",
    "is_user_personalization",
    "recipe_by_arn",
    "recipe_summaries",
    "to_algorithm_dict",
    "to_feature_transformation_dict",
    "to_recipe_dict",
]

_ARN = "arn:aws:personalize:::"  # catalog ARNs have no region or account (IAM service-authorization list)

# Not documented by AWS; plausible value: the catalog predates any user resource, so it reports one fixed
# creation time (Personalize's general-availability date) instead of the moment the mock started.
CATALOG_CREATION_TIME = dt.datetime(2019, 6, 10, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class HyperParameter:
    """One row of a recipe page's hyperparameter table.

    ``kind`` is "integer", "continuous" or "categorical" (booleans are categorical "true"/"false").
    ``featurization`` rows belong to the feature transformation, the others to the algorithm.
    """

    name: str
    default: str
    kind: str
    min_value: Optional[float] = None
    max_value: Optional[float] = None
    values: tuple[str, ...] = ()
    tunable: bool = False
    featurization: bool = False


@dataclass(frozen=True)
class DomainUseCase:
    """What a domain recipe needs at runtime and from the data (spec §7.2, the use-case pages).

    ``user_id`` / ``item_id`` are "required", "optional" (only for a CurrentUser filter) or "not used".
    """

    user_id: str
    item_id: str
    event_type: Optional[str] = None  # at least 1000 events of this type are required, when set
    requires_items_dataset: bool = False


@dataclass(frozen=True)
class Recipe:
    name: str
    arn: str
    algorithm_arn: str
    feature_transformation_arn: Optional[str]
    recipe_type: str
    domain: Optional[str]
    description: str
    hyperparameters: tuple[HyperParameter, ...] = ()
    use_case: Optional[DomainUseCase] = None
    legacy: bool = False  # the legacy HRNN recipes: documented, "no longer available" for new solutions


@dataclass(frozen=True)
class Algorithm:
    name: str
    arn: str
    docker_uri: str
    hyperparameters: tuple[HyperParameter, ...]
    # Not documented by AWS; plausible values (SageMaker-style training settings).
    default_resource_config: dict[str, str] = field(default_factory=dict, hash=False)
    training_input_mode: str = "File"


@dataclass(frozen=True)
class FeatureTransformation:
    name: str
    arn: str
    default_parameters: dict[str, str] = field(hash=False)


# -- hyperparameter tables -----------------------------------------------------------------------------------
def _int(name: str, default: int, lo: int, hi: int, tunable: bool) -> HyperParameter:
    return HyperParameter(name, str(default), "integer", lo, hi, tunable=tunable)


def _float(name: str, default: float, lo: float, hi: float, tunable: bool, feat: bool = False) -> HyperParameter:
    return HyperParameter(name, str(default), "continuous", lo, hi, tunable=tunable, featurization=feat)


def _bool(name: str, default: bool, tunable: bool) -> HyperParameter:
    return HyperParameter(name, str(default).lower(), "categorical", values=("true", "false"), tunable=tunable)


# min/max_user_history_length_percentile: 0.0 / 0.99, range [0.0, 1.0], not HPO-tunable (every RNN recipe page)
_HISTORY_PERCENTILES = (
    _float("min_user_history_length_percentile", 0.0, 0.0, 1.0, False, feat=True),
    _float("max_user_history_length_percentile", 0.99, 0.0, 1.0, False, feat=True),
)

# native-recipe-new-item-USER_PERSONALIZATION.html. exploration_item_age_cut_off's range is "positive
# floats"; the upper bound 3650.0 (ten years of days) is Not documented by AWS; plausible value.
_USER_PERSONALIZATION = (
    _int("hidden_dimension", 149, 32, 256, True),
    _int("bptt", 32, 2, 32, True),
    _bool("recency_mask", True, True),
    *_HISTORY_PERCENTILES,
    _float("exploration_weight", 0.3, 0.0, 1.0, False),
    _float("exploration_item_age_cut_off", 30.0, 0.0, 3650.0, False),
)

# native-recipe-search.html (Personalized-Ranking)
_PERSONALIZED_RANKING = (
    _int("hidden_dimension", 149, 32, 256, True),
    _int("bptt", 32, 2, 32, True),
    _bool("recency_mask", True, True),
    *_HISTORY_PERCENTILES,
)

# native-recipe-hrnn.html; HRNN-Metadata/-Coldstart are assumed to share it (their extra coldstart
# parameters are not modelled).
_HRNN = (
    _int("hidden_dimension", 43, 32, 256, True),
    _int("bptt", 32, 1, 32, False),
    _bool("recency_mask", True, True),
    *_HISTORY_PERCENTILES,
)

# native-recipe-sims.html
_SIMS = (
    _float("popularity_discount_factor", 0.5, 0.0, 1.0, True),
    _int("min_cointeraction_count", 3, 0, 10, True),
)

# native-recipe-user-personalization-v2.html gives the default; HPO tunability is not documented (False).
_USER_PERSONALIZATION_V2 = (_bool("apply_recency_bias", True, False),)

# native-recipe-next-best-action.html gives default and range; HPO tunability is not documented (False).
_NEXT_BEST_ACTION = (_int("action_optimization_period", 14, 7, 28, False),)


# -- recipes -------------------------------------------------------------------------------------------------
def _custom(
    name: str,
    recipe_type: str,
    description: str,
    *,
    algorithm: str | None = None,
    transformation: str | None = None,
    hyperparameters: tuple[HyperParameter, ...] = (),
    legacy: bool = False,
) -> Recipe:
    return Recipe(
        name=name,
        arn=f"{_ARN}recipe/{name}",
        algorithm_arn=f"{_ARN}algorithm/{algorithm or name}",
        feature_transformation_arn=f"{_ARN}feature-transformation/{transformation}" if transformation else None,
        recipe_type=recipe_type,
        domain=None,
        description=description,
        hyperparameters=hyperparameters,
        legacy=legacy,
    )


# Recipe types: the recipe page's "Recipe type" property where it has one, otherwise the category of
# working-with-predefined-recipes.html (Trending-Now → POPULAR_ITEMS, Next-Best-Action → PERSONALIZED_ACTIONS).
# A feature transformation of None means the recipe page names none (DescribeRecipe then omits the member).
_CUSTOM_RECIPES = (
    _custom(
        "aws-user-personalization-v2",
        "USER_PERSONALIZATION",
        "Predicts the items a user will interact with; trains on up to 5 million items.",
        hyperparameters=_USER_PERSONALIZATION_V2,
    ),
    _custom(
        "aws-user-personalization",
        "USER_PERSONALIZATION",
        "Predicts the items a user will interact with, exploring new and cold items.",
        hyperparameters=_USER_PERSONALIZATION,
    ),
    _custom(
        "aws-trending-now",
        "POPULAR_ITEMS",
        "Recommends the items whose popularity is rising fastest.",
        algorithm="aws-trending-now-custom",
    ),
    _custom(  # native-recipe-popularity.html lists USER_PERSONALIZATION as its recipe type
        "aws-popularity-count",
        "USER_PERSONALIZATION",
        "Recommends the most popular items by interaction count.",
        transformation="sims",
    ),
    _custom(
        "aws-personalized-ranking-v2",
        "PERSONALIZED_RANKING",
        "Ranks a list of items for a user; considers up to 5 million items.",
    ),
    _custom(
        "aws-personalized-ranking",
        "PERSONALIZED_RANKING",
        "Ranks a list of items for a user.",
        transformation="JSON-percentile-filtering",
        hyperparameters=_PERSONALIZED_RANKING,
    ),
    _custom(
        "aws-semantic-similarity",
        "RELATED_ITEMS",
        "Recommends items whose text is semantically similar to a given item.",
        transformation="aws-semantic-similarity",
    ),
    _custom(
        "aws-similar-items",
        "RELATED_ITEMS",
        "Recommends items similar to a given item from interactions and item metadata.",
    ),
    _custom(
        "aws-sims",
        "RELATED_ITEMS",
        "Recommends items that users interacted with together with a given item (item-to-item similarity).",
        transformation="sims",
        hyperparameters=_SIMS,
    ),
    _custom(
        "aws-next-best-action",
        "PERSONALIZED_ACTIONS",
        "Recommends the actions a user is most likely to take next.",
        hyperparameters=_NEXT_BEST_ACTION,
    ),
    _custom(
        "aws-item-affinity",
        "USER_SEGMENTATION",
        "Finds the users most likely to interact with each given item.",
        transformation="item-affinity",
    ),
    _custom(
        "aws-item-attribute-affinity",
        "USER_SEGMENTATION",
        "Finds the users most likely to interact with items that have given attribute values.",
        transformation="item-attribute-affinity",
    ),
    # legacy-user-personalization-recipes.html: "no longer available", listed for reference.
    _custom(
        "aws-hrnn",
        "USER_PERSONALIZATION",
        "Legacy hierarchical recurrent neural network recipe.",
        transformation="JSON-percentile-filtering",
        hyperparameters=_HRNN,
        legacy=True,
    ),
    _custom(
        "aws-hrnn-metadata",
        "USER_PERSONALIZATION",
        "Legacy HRNN recipe that also uses contextual, user and item metadata.",
        transformation="featurize_metadata",
        hyperparameters=_HRNN,
        legacy=True,
    ),
    _custom(
        "aws-hrnn-coldstart",
        "USER_PERSONALIZATION",
        "Legacy HRNN-Metadata recipe with exploration of new items.",
        transformation="featurize_coldstart",
        hyperparameters=_HRNN,
        legacy=True,
    ),
)


def _domain(name: str, domain: str, recipe_type: str, description: str, use_case: DomainUseCase) -> Recipe:
    # Not documented by AWS; plausible value: each use case gets an algorithm of its own name (so
    # DescribeAlgorithm on recipe.algorithmArn resolves) and no feature transformation.
    return Recipe(
        name=name,
        arn=f"{_ARN}recipe/{name}",
        algorithm_arn=f"{_ARN}algorithm/{name}",
        feature_transformation_arn=None,
        recipe_type=recipe_type,
        domain=domain,
        description=description,
        use_case=use_case,
    )


_REQUIRED, _OPTIONAL, _UNUSED = "required", "optional", "not used"

# ECOMMERCE-use-cases.html and VIDEO_ON_DEMAND-use-cases.html. Their recipeType is not documented; the mock
# reuses the guide's recipe categories: "popular"/"trending"/"best sellers" → POPULAR_ITEMS, "X also ..." /
# "more like X" → RELATED_ITEMS, "for you"/"top picks" → USER_PERSONALIZATION.
_DOMAIN_RECIPES = (
    _domain(
        "aws-ecomm-popular-items-by-views",
        "ECOMMERCE",
        "POPULAR_ITEMS",
        "Most viewed: the most popular items by View events.",
        DomainUseCase(_REQUIRED, _UNUSED, event_type="View"),
    ),
    _domain(
        "aws-ecomm-popular-items-by-purchases",
        "ECOMMERCE",
        "POPULAR_ITEMS",
        "Best sellers: the most popular items by Purchase events.",
        DomainUseCase(_REQUIRED, _UNUSED, event_type="Purchase"),
    ),
    _domain(
        "aws-ecomm-frequently-bought-together",
        "ECOMMERCE",
        "RELATED_ITEMS",
        "Frequently bought together: items often purchased with a given item.",
        DomainUseCase(_OPTIONAL, _REQUIRED, event_type="Purchase"),
    ),
    _domain(
        "aws-ecomm-customers-who-viewed-x-also-viewed",
        "ECOMMERCE",
        "RELATED_ITEMS",
        "Customers who viewed X also viewed: items viewed together with a given item.",
        DomainUseCase(_REQUIRED, _REQUIRED, event_type="View"),
    ),
    _domain(
        "aws-ecomm-recommended-for-you",
        "ECOMMERCE",
        "USER_PERSONALIZATION",
        "Recommended for you: personalized item recommendations for a user.",
        DomainUseCase(_REQUIRED, _UNUSED),
    ),
    _domain(
        "aws-vod-because-you-watched-x",
        "VIDEO_ON_DEMAND",
        "RELATED_ITEMS",
        "Because you watched X: videos similar to one a user watched.",
        DomainUseCase(_REQUIRED, _REQUIRED, event_type="Watch"),
    ),
    _domain(
        "aws-vod-more-like-x",
        "VIDEO_ON_DEMAND",
        "RELATED_ITEMS",
        "More like X: videos similar to a given video.",
        DomainUseCase(_REQUIRED, _REQUIRED, requires_items_dataset=True),
    ),
    _domain(
        "aws-vod-most-popular",
        "VIDEO_ON_DEMAND",
        "POPULAR_ITEMS",
        "Most popular: the most watched videos.",
        DomainUseCase(_REQUIRED, _UNUSED, event_type="Watch"),
    ),
    _domain(
        "aws-vod-trending-now",
        "VIDEO_ON_DEMAND",
        "POPULAR_ITEMS",
        "Trending now: videos whose popularity is rising fastest.",
        DomainUseCase(_OPTIONAL, _UNUSED),
    ),
    _domain(
        "aws-vod-top-picks",
        "VIDEO_ON_DEMAND",
        "USER_PERSONALIZATION",
        "Top picks for you: personalized video recommendations for a user.",
        DomainUseCase(_REQUIRED, _UNUSED),
    ),
)

RECIPES: dict[str, Recipe] = {r.arn: r for r in (*_CUSTOM_RECIPES, *_DOMAIN_RECIPES)}


def _build_algorithms() -> dict[str, Algorithm]:
    algorithms: dict[str, Algorithm] = {}
    for recipe in RECIPES.values():
        name = recipe.algorithm_arn.rsplit("/", 1)[1]
        algorithms[recipe.algorithm_arn] = Algorithm(
            name=name,
            arn=recipe.algorithm_arn,
            # Not documented by AWS; plausible value.
            docker_uri=f"amazon-personalize/{name}:latest",
            hyperparameters=tuple(h for h in recipe.hyperparameters if not h.featurization),
        )
    return algorithms


def _build_feature_transformations() -> dict[str, FeatureTransformation]:
    # defaultParameters: the featurization rows of the recipes using the transformation (none documented
    # apart from those rows). Transformations shared by recipes (sims, JSON-percentile-filtering) merge them.
    transformations: dict[str, dict[str, str]] = {}
    for recipe in RECIPES.values():
        if recipe.feature_transformation_arn:
            params = transformations.setdefault(recipe.feature_transformation_arn, {})
            params.update({h.name: h.default for h in recipe.hyperparameters if h.featurization})
    return {
        arn: FeatureTransformation(name=arn.rsplit("/", 1)[1], arn=arn, default_parameters=params)
        for arn, params in transformations.items()
    }


ALGORITHMS: dict[str, Algorithm] = _build_algorithms()
FEATURE_TRANSFORMATIONS: dict[str, FeatureTransformation] = _build_feature_transformations()


# -- lookups -------------------------------------------------------------------------------------------------
def recipe_by_arn(arn: str) -> Recipe | None:
    return RECIPES.get(arn)


def algorithm_by_arn(arn: str) -> Algorithm | None:
    return ALGORITHMS.get(arn)


def feature_transformation_by_arn(arn: str) -> FeatureTransformation | None:
    return FEATURE_TRANSFORMATIONS.get(arn)


_USER_PERSONALIZATION_NAMES = frozenset(
    {"aws-user-personalization", "aws-user-personalization-v2", "aws-hrnn", "aws-hrnn-metadata", "aws-hrnn-coldstart"}
)


def is_user_personalization(recipe: Recipe) -> bool:
    """The User-Personalization family (v1, v2 and the legacy HRNN recipes) — not Popularity-Count, which
    shares the USER_PERSONALIZATION type but is a plain popularity baseline."""
    return recipe.name in _USER_PERSONALIZATION_NAMES


def is_domain_use_case(recipe: Recipe) -> bool:
    """Usable only by CreateRecommender in a domain dataset group; CreateSolution takes the others."""
    return recipe.domain is not None


# -- API output shapes ---------------------------------------------------------------------------------------
def to_recipe_dict(recipe: Recipe, creation_time: dt.datetime = CATALOG_CREATION_TIME) -> dict[str, Any]:
    """The ``Recipe`` shape of DescribeRecipe."""
    out: dict[str, Any] = {
        "name": recipe.name,
        "recipeArn": recipe.arn,
        "algorithmArn": recipe.algorithm_arn,
        "status": "ACTIVE",
        "description": recipe.description,
        "creationDateTime": creation_time,
        "recipeType": recipe.recipe_type,
        "lastUpdatedDateTime": creation_time,
    }
    if recipe.feature_transformation_arn:
        out["featureTransformationArn"] = recipe.feature_transformation_arn
    return out


def to_recipe_summary_dict(recipe: Recipe, creation_time: dt.datetime = CATALOG_CREATION_TIME) -> dict[str, Any]:
    """The ``RecipeSummary`` shape of ListRecipes (``domain`` only for domain use cases)."""
    out: dict[str, Any] = {
        "name": recipe.name,
        "recipeArn": recipe.arn,
        "status": "ACTIVE",
        "creationDateTime": creation_time,
        "lastUpdatedDateTime": creation_time,
    }
    if recipe.domain:
        out["domain"] = recipe.domain
    return out


def recipe_summaries(
    recipe_provider: str = "SERVICE",
    domain: str | None = None,
    *,
    creation_time: dt.datetime = CATALOG_CREATION_TIME,
) -> list[dict[str, Any]]:
    """ListRecipes' items, sorted by name (order not documented): a ``domain`` keeps only that domain's use
    cases, no domain lists every recipe (https://docs.aws.amazon.com/personalize/latest/dg/API_ListRecipes.html).
    SERVICE is the only provider the model's enum allows; any other yields nothing."""
    if recipe_provider != "SERVICE":
        return []
    recipes = [r for r in RECIPES.values() if domain is None or r.domain == domain]
    return [to_recipe_summary_dict(r, creation_time) for r in sorted(recipes, key=lambda r: r.name)]


def _ranges(hyperparameters: tuple[HyperParameter, ...]) -> dict[str, list[dict[str, Any]]]:
    ranges: dict[str, list[dict[str, Any]]] = {
        "integerHyperParameterRanges": [],
        "continuousHyperParameterRanges": [],
        "categoricalHyperParameterRanges": [],
    }
    for h in hyperparameters:
        if h.kind == "categorical":
            entry: dict[str, Any] = {"name": h.name, "values": list(h.values), "isTunable": h.tunable}
        elif h.kind == "integer":
            assert h.min_value is not None and h.max_value is not None  # every integer parameter has a range
            entry = {"name": h.name, "minValue": int(h.min_value), "maxValue": int(h.max_value), "isTunable": h.tunable}
        else:
            entry = {"name": h.name, "minValue": h.min_value, "maxValue": h.max_value, "isTunable": h.tunable}
        ranges[f"{h.kind}HyperParameterRanges"].append(entry)
    return ranges


def to_algorithm_dict(algorithm: Algorithm, creation_time: dt.datetime = CATALOG_CREATION_TIME) -> dict[str, Any]:
    """The ``Algorithm`` shape of DescribeAlgorithm."""
    return {
        "name": algorithm.name,
        "algorithmArn": algorithm.arn,
        "algorithmImage": {"name": algorithm.name, "dockerURI": algorithm.docker_uri},
        "defaultHyperParameters": {h.name: h.default for h in algorithm.hyperparameters},
        "defaultHyperParameterRanges": _ranges(algorithm.hyperparameters),
        "defaultResourceConfig": dict(algorithm.default_resource_config),
        "trainingInputMode": algorithm.training_input_mode,
        "creationDateTime": creation_time,
        "lastUpdatedDateTime": creation_time,
    }


def to_feature_transformation_dict(
    transformation: FeatureTransformation, creation_time: dt.datetime = CATALOG_CREATION_TIME
) -> dict[str, Any]:
    """The ``FeatureTransformation`` shape of DescribeFeatureTransformation."""
    return {
        "name": transformation.name,
        "featureTransformationArn": transformation.arn,
        "defaultParameters": dict(transformation.default_parameters),
        "creationDateTime": creation_time,
        "lastUpdatedDateTime": creation_time,
        "status": "ACTIVE",
    }
