from __future__ import annotations

import datetime as dt
from typing import Any

import botocore.session
import pytest

from cleanroom_mock.personalize import catalog
from cleanroom_mock.personalize.catalog import (
    ALGORITHMS,
    FEATURE_TRANSFORMATIONS,
    RECIPES,
    is_domain_use_case,
    is_user_personalization,
    recipe_by_arn,
    recipe_summaries,
    to_algorithm_dict,
    to_feature_transformation_dict,
    to_recipe_dict,
)

MODEL = botocore.session.get_session().get_service_model("personalize")
_PYTHON_TYPES = {
    "string": str,
    "timestamp": dt.datetime,
    "integer": int,
    "long": int,
    "double": (int, float),
    "float": (int, float),
    "boolean": bool,
}


def assert_matches_shape(value: Any, shape: Any, path: str = "") -> None:
    """Every key is a member, every required member is present, types and string enums fit the model."""
    if shape.type_name == "structure":
        assert isinstance(value, dict), path
        assert set(shape.required_members) <= set(value), (path, shape.required_members)
        for key, member in value.items():
            assert key in shape.members, f"{path}.{key} is not a member of {shape.name}"
            assert_matches_shape(member, shape.members[key], f"{path}.{key}")
    elif shape.type_name == "list":
        assert isinstance(value, list), path
        for i, item in enumerate(value):
            assert_matches_shape(item, shape.member, f"{path}[{i}]")
    elif shape.type_name == "map":
        assert isinstance(value, dict), path
        for key, item in value.items():
            assert_matches_shape(key, shape.key, f"{path}<key>")
            assert_matches_shape(item, shape.value, f"{path}[{key}]")
    else:
        assert isinstance(value, _PYTHON_TYPES[shape.type_name]), (path, value)
        if shape.type_name == "string":
            assert not shape.enum or value in shape.enum, (path, value)
            assert len(value) <= shape.metadata.get("max", len(value)), path


def test_every_recipe_arn_resolves_and_matches_its_name() -> None:
    assert len(RECIPES) == 25
    for arn, recipe in RECIPES.items():
        assert recipe_by_arn(arn) is recipe
        assert arn == f"arn:aws:personalize:::recipe/{recipe.name}"
        assert recipe.algorithm_arn in ALGORITHMS
        assert recipe.feature_transformation_arn is None or recipe.feature_transformation_arn in FEATURE_TRANSFORMATIONS
    assert recipe_by_arn("arn:aws:personalize:::recipe/aws-nope") is None


def test_documented_recipe_properties() -> None:
    sims = recipe_by_arn("arn:aws:personalize:::recipe/aws-sims")
    assert sims is not None
    assert sims.algorithm_arn == "arn:aws:personalize:::algorithm/aws-sims"
    assert sims.feature_transformation_arn == "arn:aws:personalize:::feature-transformation/sims"
    assert sims.recipe_type == "RELATED_ITEMS"
    trending = recipe_by_arn("arn:aws:personalize:::recipe/aws-trending-now")
    assert trending is not None and trending.algorithm_arn.endswith("/aws-trending-now-custom")
    ranking = recipe_by_arn("arn:aws:personalize:::recipe/aws-personalized-ranking")
    assert ranking is not None and ranking.recipe_type == "PERSONALIZED_RANKING"


def test_domain_filter() -> None:
    ecommerce = recipe_summaries(domain="ECOMMERCE")
    vod = recipe_summaries(domain="VIDEO_ON_DEMAND")
    assert len(ecommerce) == 5 and len(vod) == 5
    assert all(s["domain"] == "ECOMMERCE" for s in ecommerce)
    assert "arn:aws:personalize:::recipe/aws-vod-top-picks" in {s["recipeArn"] for s in vod}
    everything = recipe_summaries()
    assert len(everything) == len(RECIPES)
    assert [s["name"] for s in everything] == sorted(s["name"] for s in everything)
    assert "domain" not in next(s for s in everything if s["name"] == "aws-sims")
    assert recipe_summaries("OTHER") == []


def test_recipe_predicates() -> None:
    def named(name: str) -> catalog.Recipe:
        recipe = recipe_by_arn(f"arn:aws:personalize:::recipe/{name}")
        assert recipe is not None
        return recipe

    for name in ("aws-user-personalization", "aws-user-personalization-v2", "aws-hrnn", "aws-hrnn-coldstart"):
        assert is_user_personalization(named(name))
    for name in ("aws-popularity-count", "aws-sims", "aws-ecomm-recommended-for-you"):
        assert not is_user_personalization(named(name))
    assert is_domain_use_case(named("aws-vod-more-like-x"))
    assert not is_domain_use_case(named("aws-sims"))


def test_hyperparameter_tables_from_the_docs() -> None:
    sims = to_algorithm_dict(ALGORITHMS["arn:aws:personalize:::algorithm/aws-sims"])
    assert sims["defaultHyperParameters"] == {"popularity_discount_factor": "0.5", "min_cointeraction_count": "3"}
    ints = sims["defaultHyperParameterRanges"]["integerHyperParameterRanges"]
    assert ints == [{"name": "min_cointeraction_count", "minValue": 0, "maxValue": 10, "isTunable": True}]
    up = to_algorithm_dict(ALGORITHMS["arn:aws:personalize:::algorithm/aws-user-personalization"])
    assert up["defaultHyperParameters"]["exploration_weight"] == "0.3"
    assert up["defaultHyperParameters"]["exploration_item_age_cut_off"] == "30.0"
    nba = to_algorithm_dict(ALGORITHMS["arn:aws:personalize:::algorithm/aws-next-best-action"])
    assert nba["defaultHyperParameters"] == {"action_optimization_period": "14"}
    percentile = FEATURE_TRANSFORMATIONS["arn:aws:personalize:::feature-transformation/JSON-percentile-filtering"]
    assert percentile.default_parameters["max_user_history_length_percentile"] == "0.99"


@pytest.mark.parametrize("arn", sorted(RECIPES))
def test_recipe_dicts_match_output_shapes(arn: str) -> None:
    recipe = RECIPES[arn]
    assert_matches_shape(to_recipe_dict(recipe), MODEL.shape_for("Recipe"))
    assert_matches_shape({"recipe": to_recipe_dict(recipe)}, MODEL.operation_model("DescribeRecipe").output_shape)


def test_list_recipes_matches_output_shape() -> None:
    output = MODEL.operation_model("ListRecipes").output_shape
    for domain in (None, "ECOMMERCE", "VIDEO_ON_DEMAND"):
        assert_matches_shape({"recipes": recipe_summaries(domain=domain)}, output)


@pytest.mark.parametrize("arn", sorted(ALGORITHMS))
def test_algorithm_dicts_match_output_shape(arn: str) -> None:
    output = MODEL.operation_model("DescribeAlgorithm").output_shape
    assert_matches_shape({"algorithm": to_algorithm_dict(ALGORITHMS[arn])}, output)


@pytest.mark.parametrize("arn", sorted(FEATURE_TRANSFORMATIONS))
def test_feature_transformation_dicts_match_output_shape(arn: str) -> None:
    output = MODEL.operation_model("DescribeFeatureTransformation").output_shape
    transformation = FEATURE_TRANSFORMATIONS[arn]
    assert_matches_shape({"featureTransformation": to_feature_transformation_dict(transformation)}, output)


def test_creation_time_is_passed_through() -> None:
    when = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    recipe = next(iter(RECIPES.values()))
    assert to_recipe_dict(recipe, when)["creationDateTime"] == when
    assert to_recipe_dict(recipe)["creationDateTime"] == catalog.CATALOG_CREATION_TIME


def test_catalog_objects_are_frozen_and_hashable() -> None:
    recipe = next(iter(RECIPES.values()))
    with pytest.raises(AttributeError):
        recipe.name = "x"  # type: ignore[misc]
    assert len({*RECIPES.values()}) == len(RECIPES)
    assert len({*ALGORITHMS.values()}) == len(ALGORITHMS)
    assert len({*FEATURE_TRANSFORMATIONS.values()}) == len(FEATURE_TRANSFORMATIONS)
