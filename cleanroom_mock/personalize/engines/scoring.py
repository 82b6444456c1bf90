"""Per-model lookups the runtime keeps while a model serves (``IndexCache``), built once per model.

What a recipe scores and how is its model's (``engines.recipes``, one module per recipe family, each citing its
AWS recipe page). The index only keeps what every answer may need whatever the recipe: each item's position
in the popularity order and its popularity share (items ranked by weight, then item ID).
"""

from __future__ import annotations

from dataclasses import dataclass

from .training import TrainedModel


@dataclass
class ModelIndex:
    """Each trained item's popularity rank and share (weight ÷ the largest weight)."""

    rank: dict[str, int]
    popularity: dict[str, float]


def build_index(model: TrainedModel) -> ModelIndex:
    top = max(model.item_scores.values(), default=0.0)
    return ModelIndex(
        rank={item: position for position, item in enumerate(model.popularity_order)},
        popularity={item: (score / top if top > 0 else 0.0) for item, score in model.item_scores.items()},
    )


class IndexCache:
    """The index of each model served so far (models are replaced, never changed, by training)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[TrainedModel, ModelIndex]] = {}

    def get(self, model: TrainedModel) -> ModelIndex:
        entry = self._by_id.get(id(model))
        if entry is None or entry[0] is not model:
            entry = (model, build_index(model))
            self._by_id[id(model)] = entry
        return entry[1]
