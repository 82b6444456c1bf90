"""The built-in catalog's operations: ListRecipes, DescribeRecipe, DescribeAlgorithm,
DescribeFeatureTransformation (data and shapes in ``catalog``)."""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import (
    algorithm_by_arn,
    feature_transformation_by_arn,
    recipe_by_arn,
    recipe_summaries,
    to_algorithm_dict,
    to_feature_transformation_dict,
    to_recipe_dict,
)
from ..data.resources import Numbered
from ..errors import LISTING, not_found
from ..store import PersonalizeStore


class RecipeOperations(OperationGroup[PersonalizeStore]):
    @operation("ListRecipes")
    def list_recipes(
        self,
        recipe_provider: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        domain: Optional[str] = None,
    ) -> dict[str, Any]:
        provider = recipe_provider or "SERVICE"  # API_ListRecipes: the default provider
        by_name = sorted(recipe_summaries(provider, domain), key=lambda summary: summary["name"])
        return LISTING.respond(
            "recipes",
            Numbered.each(by_name),
            next_token=next_token,
            max_results=max_results,
            filters={"recipeProvider": provider, "domain": domain},
        )

    @operation("DescribeRecipe")
    def describe_recipe(self, recipe_arn: str) -> dict[str, Any]:
        recipe = recipe_by_arn(recipe_arn)
        if recipe is None:
            raise not_found(recipe_arn)
        return {"recipe": to_recipe_dict(recipe)}

    @operation("DescribeAlgorithm")
    def describe_algorithm(self, algorithm_arn: str) -> dict[str, Any]:
        algorithm = algorithm_by_arn(algorithm_arn)
        if algorithm is None:
            raise not_found(algorithm_arn)
        return {"algorithm": to_algorithm_dict(algorithm)}

    @operation("DescribeFeatureTransformation")
    def describe_feature_transformation(self, feature_transformation_arn: str) -> dict[str, Any]:
        transformation = feature_transformation_by_arn(feature_transformation_arn)
        if transformation is None:
            raise not_found(feature_transformation_arn)
        return {"featureTransformation": to_feature_transformation_dict(transformation)}
