"""The built-in catalog's operations: ListRecipes, DescribeRecipe, DescribeAlgorithm,
DescribeFeatureTransformation (data and shapes in ``catalog``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, TypeVar

from ...core.pagination import Page
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

if TYPE_CHECKING:
    from typing_extensions import Unpack


T = TypeVar("T")


def _found(entry: Optional[T], arn: str) -> T:
    """The catalog entry ``arn`` names, or ResourceNotFoundException."""
    if entry is None:
        raise not_found(arn)
    return entry


class RecipeOperations(OperationGroup[PersonalizeStore]):
    @operation("ListRecipes")
    def list_recipes(
        self,
        recipe_provider: Optional[str] = None,
        domain: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        provider = recipe_provider or "SERVICE"  # API_ListRecipes: the default provider
        by_name = sorted(recipe_summaries(provider, domain), key=lambda summary: summary["name"])
        return LISTING.respond(
            "recipes",
            Numbered.each(by_name),
            **page,
            filters={"recipeProvider": provider, "domain": domain},
        )

    @operation("DescribeRecipe")
    def describe_recipe(self, recipe_arn: str) -> dict[str, Any]:
        return {"recipe": to_recipe_dict(_found(recipe_by_arn(recipe_arn), recipe_arn))}

    @operation("DescribeAlgorithm")
    def describe_algorithm(self, algorithm_arn: str) -> dict[str, Any]:
        return {"algorithm": to_algorithm_dict(_found(algorithm_by_arn(algorithm_arn), algorithm_arn))}

    @operation("DescribeFeatureTransformation")
    def describe_feature_transformation(self, feature_transformation_arn: str) -> dict[str, Any]:
        transformation = _found(feature_transformation_by_arn(feature_transformation_arn), feature_transformation_arn)
        return {"featureTransformation": to_feature_transformation_dict(transformation)}
