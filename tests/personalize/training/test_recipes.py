"""The recipe catalog's operations (training/recipes.py)."""

from __future__ import annotations

from typing import Any

import pytest

from cleanroom_mock.personalize.catalog import RECIPES

from ..support import SIMS, client


def test_list_recipes_pages_through_the_whole_catalog(personalize_mock: Any) -> None:
    pz = client()
    names: list[str] = []
    token = None
    while True:
        page = pz.list_recipes(maxResults=7, **({"nextToken": token} if token else {}))
        names += [recipe["name"] for recipe in page["recipes"]]
        token = page.get("nextToken")
        if not token:
            break
    assert names == sorted(recipe.name for recipe in RECIPES.values())
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_recipes(nextToken="nope")


def test_list_recipes_by_domain(personalize_mock: Any) -> None:
    pz = client()
    recipes = pz.list_recipes(domain="VIDEO_ON_DEMAND")["recipes"]
    assert recipes and all(r["domain"] == "VIDEO_ON_DEMAND" for r in recipes)
    assert all(r["name"].startswith("aws-vod-") for r in recipes)


def test_describe_recipe_algorithm_and_feature_transformation(personalize_mock: Any) -> None:
    pz = client()
    recipe = pz.describe_recipe(recipeArn=SIMS)["recipe"]
    assert recipe["name"] == "aws-sims" and recipe["recipeType"] == "RELATED_ITEMS"
    algorithm = pz.describe_algorithm(algorithmArn=recipe["algorithmArn"])["algorithm"]
    assert algorithm["defaultHyperParameters"]["popularity_discount_factor"] == "0.5"
    transformation = pz.describe_feature_transformation(
        featureTransformationArn=recipe["featureTransformationArn"])["featureTransformation"]
    assert transformation["name"] == "sims" and transformation["status"] == "ACTIVE"


@pytest.mark.parametrize("operation, parameter, kind", [
    ("describe_recipe", "recipeArn", "recipe"),
    ("describe_algorithm", "algorithmArn", "algorithm"),
    ("describe_feature_transformation", "featureTransformationArn", "feature-transformation"),
])
def test_unknown_catalog_arn_is_not_found(personalize_mock: Any, operation: str, parameter: str, kind: str) -> None:
    pz = client()
    arn = f"arn:aws:personalize:::{kind}/aws-unknown"
    with pytest.raises(pz.exceptions.ResourceNotFoundException) as caught:
        getattr(pz, operation)(**{parameter: arn})
    assert caught.value.response["Error"]["Message"] == f"Resource Arn {arn} does not exist."
