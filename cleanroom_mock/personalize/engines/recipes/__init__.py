"""A model per recipe family, each doing what its AWS recipe page says (the page is cited in each module):

- ``factorization`` — User-Personalization v1/v2, Personalized-Ranking v1/v2, Item-Affinity,
  Item-Attribute-Affinity, "Recommended for you" / "Top picks for you";
- ``popularity`` — Popularity-Count, Trending-Now and the popular-items use cases;
- ``similarity`` — SIMS, Similar-Items, Semantic-Similarity and the related-items use cases;
- ``evaluation`` — GetSolutionMetrics as working-with-training-metrics describes it;
- ``objective`` — a solution's optimization objective (optimizing-solution-for-objective) and its metric;
- Next-Best-Action's propensities are computed from action interactions at request time (``engines.actions``).

:func:`train_recipe` picks the family from the recipe's name, trains it and evaluates it. numpy is imported
with this package and scipy inside the functions that need it; ``import cleanroom_mock`` imports neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from . import evaluation
from .factorization import Factorization, train_factorization
from .matrix import Matrix, build_matrix, hyperparameter
from .objective import objective_of
from .popularity import PopularityCount, TrendingNow, train_popularity, train_trending
from .similarity import SemanticSimilarity, SimilarItems, Sims, train_semantic, train_similar_items, train_sims

if TYPE_CHECKING:
    from ..training import Interaction

RecipeModel = Union[Factorization, PopularityCount, TrendingNow, Sims, SimilarItems, SemanticSimilarity]

POPULARITY = frozenset({"aws-popularity-count", "aws-ecomm-popular-items-by-views",
                        "aws-ecomm-popular-items-by-purchases", "aws-vod-most-popular"})
TRENDING = frozenset({"aws-trending-now", "aws-vod-trending-now"})
SIMS = frozenset({"aws-sims", "aws-ecomm-frequently-bought-together", "aws-ecomm-customers-who-viewed-x-also-viewed",
                  "aws-vod-because-you-watched-x"})
SIMILAR_ITEMS = frozenset({"aws-similar-items", "aws-vod-more-like-x"})
SEMANTIC = frozenset({"aws-semantic-similarity"})
SEGMENTATION = frozenset({"aws-item-affinity", "aws-item-attribute-affinity"})


def family(recipe_name: str) -> str:
    """The family a recipe runs; every other recipe (UP, ranking, affinity, "for you") is a factorization."""
    for name, members in (("popularity", POPULARITY), ("trending", TRENDING), ("sims", SIMS),
                          ("similar-items", SIMILAR_ITEMS), ("semantic", SEMANTIC)):
        if recipe_name in members:
            return name
    return "factorization"


def _records_by_id(items: Optional[Sequence[Mapping[str, Any]]]) -> dict[str, Mapping[str, Any]]:
    by_id: dict[str, Mapping[str, Any]] = {}
    for record in items or ():
        key = next((record[k] for k in record if k.upper() == "ITEM_ID"), None)
        if key not in (None, ""):
            by_id[str(key)] = record
    return by_id


def _popular_list(matrix: Matrix, keep: Any) -> list[int]:
    counts = matrix.subset(keep).unique_users()
    return [int(i) for i in np.lexsort((np.arange(len(matrix.items)), -counts)) if counts[i] > 0]


def train_recipe(
    recipe_name: str,
    selected: Sequence[tuple[Interaction, float]],
    solution_config: Mapping[str, Any],
    event_type: Optional[str],
    items: Optional[Sequence[Mapping[str, Any]]],
) -> tuple[RecipeModel, dict[str, float]]:
    """(the recipe's model, its GetSolutionMetrics) from the selected interactions and the Items records."""
    records = _records_by_id(items)
    kind = family(recipe_name)
    # Only the item-metadata recipes know items without interactions; every recipe's coverage counts them.
    matrix = build_matrix(selected, records if kind in ("similar-items", "semantic") else ())
    catalog = len(set(matrix.items).union(records))
    if kind == "factorization":
        if recipe_name in SEGMENTATION:
            # 80/20 of every user's interactions is too much to leave out of the deployed model: the
            # metrics come from a model of the 80 %, the deployed one is trained on everything.
            held = evaluation.segment_split(matrix)
            scored = train_factorization(matrix, solution_config, recipe_name, event_type, solution_config,
                                         hold_out=held)
            inputs = matrix.subset(~held).values(scored.weighting)
            metrics = evaluation.segment_metrics(matrix, held, scored.project(inputs), scored.item_factors)
            return train_factorization(matrix, solution_config, recipe_name, event_type, solution_config), metrics
        users, held = evaluation.test_split(matrix)
        model = train_factorization(matrix, solution_config, recipe_name, event_type, solution_config, hold_out=held)
        model.objective = objective_of(solution_config, records, matrix.items)
        inputs = matrix.subset(~held).values(model.weighting)
        metrics = evaluation.factorization_metrics(matrix, users, held, model.project(inputs[users]),
                                                   model.item_factors, model.popularity_rank, catalog,
                                                   model.objective)
        return model, metrics
    users, held = evaluation.test_split(matrix)
    training = matrix.subset(~held)
    if kind == "popularity":
        popular = _popular_list(matrix, ~held)
        return train_popularity(matrix), evaluation.list_metrics(matrix, users, held, lambda _i, _l: popular, catalog)
    if kind == "trending":
        frequency = hyperparameter(solution_config, "trend_discovery_frequency", "3 hours")
        trained = train_trending(training, solution_config, event_type, frequency)
        predicted = list(trained.trained_order)
        metrics = evaluation.list_metrics(matrix, users, held, lambda _i, _l: [matrix.item_of[i] for i in predicted],
                                          catalog)
        metrics["trend_prediction_accuracy"] = evaluation.trend_accuracy(matrix, trained.interval, predicted)
        return train_trending(matrix, solution_config, event_type, frequency), metrics
    if kind == "sims":
        related: Any = train_sims(training, solution_config)
        deployed: RecipeModel = train_sims(matrix, solution_config)
    elif kind == "similar-items":
        related = train_similar_items(training, records)
        deployed = train_similar_items(matrix, records)
    else:
        related = train_semantic(training, records)
        deployed = train_semantic(matrix, records)

    def ask(_inputs: set[int], latest: Optional[int]) -> list[int]:
        from .base import Query

        query = Query(item_id=matrix.items[latest] if latest is not None else None)
        answer = related.recommend(query, set())
        out = []
        for name in answer.ranked:
            out.append(matrix.item_of[name])
            if len(out) == evaluation.TOP:
                break
        return out

    return deployed, evaluation.list_metrics(matrix, users, held, ask, catalog)

