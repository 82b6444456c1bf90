"""What the three runtime operations check and answer alike: counts, recipe types, metadata, PredictedItem.

API_RS_GetRecommendations / API_RS_GetPersonalizedRanking / API_RS_GetActionRecommendations give the
limits; campaigns.html says when metadata may be requested; API_RS_PredictedItem gives the answer's shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Optional

from ...core.errors import ServiceError
from ...core.ids import uuid_id
from ..engines.results import item_metadata, metadata_columns
from ..engines.serving import Serving
from ..errors import invalid

# campaigns.html: these recipes return metadata without enableMetadataWithRecommendations.
METADATA_BUILT_IN = frozenset({"aws-user-personalization-v2", "aws-personalized-ranking-v2"})
# working-with-predefined-recipes: the API each recipe type answers on.
API_FOR_TYPE = {
    "PERSONALIZED_RANKING": "GetPersonalizedRanking",
    "PERSONALIZED_ACTIONS": "GetActionRecommendations",
    "USER_SEGMENTATION": "a batch segment job",
}


def missing(member: str) -> ServiceError:
    """AWS's validation wording for an absent member (the model marks none of these required)."""
    return invalid(f"1 validation error detected: Value null at '{member}' failed to satisfy constraint: "
                   "Member must not be null")


def check_count(name: str, value: int, maximum: int, with_metadata: bool = False) -> None:
    if value > maximum:
        extra = " when metadataColumns are requested" if with_metadata else ""
        raise invalid(f"{name} {value} is greater than the maximum of {maximum}{extra}.")


def require_recipe_type(serving: Serving, recipe_type: str, operation: str) -> None:
    """A campaign answers only on the API of its recipe type (working-with-predefined-recipes)."""
    actual = serving.recipe.recipe_type
    if actual != recipe_type:
        other = API_FOR_TYPE.get(actual, "GetRecommendations")
        raise invalid(f"The campaign {serving.arn} serves a {actual} recipe; use {other} instead of {operation}.")


def requested_metadata(serving: Serving, requested: Optional[Mapping[str, Sequence[str]]]) -> list[tuple[str, str]]:
    """campaigns.html: metadata needs enableMetadataWithRecommendations, or a v2 recipe."""
    if not requested:
        return []
    enabled = bool(serving.config.get("enableMetadataWithRecommendations"))
    if not enabled and serving.recipe.name not in METADATA_BUILT_IN:
        config = "recommenderConfig" if serving.kind == "recommender" else "campaignConfig"
        raise invalid(f"The {serving.kind} {serving.arn} does not have metadata enabled: set "
                      f"enableMetadataWithRecommendations in its {config} to request metadataColumns.")
    return metadata_columns(requested, serving.data)


def predicted_item(
    serving: Serving, item: str, scores: Mapping[str, float], columns: list[tuple[str, str]]
) -> dict[str, Any]:
    """A PredictedItem. Not documented by AWS what score an item unknown to the model gets; we leave
    ``score`` out for it (there is no model certainty to report), as AWS does for placeholder items."""
    predicted: dict[str, Any] = {"itemId": item}
    if item in scores:
        predicted["score"] = scores[item]
    if columns:
        predicted["metadata"] = item_metadata(serving.data.items.by_id.get(item), columns)
    return predicted


def recommendation_id() -> str:
    """Unique per response (metric attribution keys on it), so it is the one random part of an answer."""
    return f"RID-{uuid_id()}"
