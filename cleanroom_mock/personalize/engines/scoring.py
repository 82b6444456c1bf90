"""Item scores from a trained model (``engines.training.TrainedModel``), deterministic and in [0, 1].

AWS's models are neural and their scores are not reproducible; ours are simple and documented
(docs/personalize-runtime.md, "How scores are computed"). Not documented by AWS how scores are computed
beyond "the model's certainty" (API_RS_PredictedItem); we chose these because they follow the data:

- popularity ``pop(i)`` = the item's training weight divided by the largest item weight;
- user affinity ``aff(u, i)`` = item-to-item co-occurrence summed over the user's history: for every other
  user ``v``, the number of distinct items ``u`` and ``v`` share, added to every item of ``v``; divided by
  the largest affinity among the candidates;
- User-Personalization (v1, v2, legacy HRNN) and Personalized-Ranking: ``0.5·pop + 0.5·aff`` for a user
  with history, ``pop`` for a user the model does not know (cold start: the popular items);
- Popularity-Count and POPULAR_ITEMS recipes: ``pop``;
- RELATED_ITEMS: ``0.7·co(itemId, i) + 0.3·pop`` where ``co`` is the number of users who interacted with
  both items, divided by its largest value (an unknown itemId gives the popular items).

Scores are rounded to 6 decimals; ties keep the popularity order (weight, then item ID), so the same model
and request always give the same ranking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional

from .training import TrainedModel

USER_POPULARITY_WEIGHT = 0.5
RELATED_POPULARITY_WEIGHT = 0.3
_DECIMALS = 6


@dataclass
class ModelIndex:
    """Per-model lookups built once: each item's popularity rank and share, who interacted with what."""

    rank: dict[str, int]
    popularity: dict[str, float]
    items_of: dict[str, frozenset[str]]
    users_of: dict[str, frozenset[str]]


def build_index(model: TrainedModel) -> ModelIndex:
    top = max(model.item_scores.values(), default=0.0)
    users_of: dict[str, set[str]] = {}
    for user, history in model.user_history.items():
        for item in history:
            users_of.setdefault(item, set()).add(user)
    return ModelIndex(
        rank={item: position for position, item in enumerate(model.popularity_order)},
        popularity={item: (score / top if top > 0 else 0.0) for item, score in model.item_scores.items()},
        items_of={user: frozenset(history) for user, history in model.user_history.items()},
        users_of={item: frozenset(users) for item, users in users_of.items()},
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


def _normalized(counts: Counter[str]) -> dict[str, float]:
    top = max(counts.values(), default=0)
    return {key: value / top for key, value in counts.items()} if top > 0 else {}


def user_affinity(index: ModelIndex, user_id: Optional[str]) -> dict[str, float]:
    """``aff(u, ·)`` normalized to [0, 1]; empty for a user without training history."""
    own = index.items_of.get(user_id or "")
    if not own:
        return {}
    overlap: Counter[str] = Counter()
    for item in own:
        for other in index.users_of.get(item, ()):
            if other != user_id:
                overlap[other] += 1
    affinity: Counter[str] = Counter()
    for other, shared in overlap.items():
        for item in index.items_of[other]:
            affinity[item] += shared
    return _normalized(affinity)


def related_affinity(index: ModelIndex, item_id: str) -> dict[str, float]:
    """``co(itemId, ·)`` normalized to [0, 1]; empty for an item the model does not know."""
    together: Counter[str] = Counter()
    for user in index.users_of.get(item_id, ()):
        for item in index.items_of[user]:
            if item != item_id:
                together[item] += 1
    return _normalized(together)


def blend(index: ModelIndex, affinity: dict[str, float], popularity_weight: float) -> dict[str, float]:
    """Every trained item's score: popularity alone without affinity, else the weighted blend."""
    if not affinity:
        return {item: round(share, _DECIMALS) for item, share in index.popularity.items()}
    weight = 1.0 - popularity_weight
    return {
        item: round(popularity_weight * share + weight * affinity.get(item, 0.0), _DECIMALS)
        for item, share in index.popularity.items()
    }


def ranked(index: ModelIndex, scores: dict[str, float], items: Optional[Iterable[str]] = None) -> list[str]:
    """Items (all scored ones by default) by descending score, ties in popularity order."""
    chosen = scores if items is None else [item for item in items if item in scores]
    return sorted(chosen, key=lambda item: (-scores[item], index.rank.get(item, len(index.rank)), item))
