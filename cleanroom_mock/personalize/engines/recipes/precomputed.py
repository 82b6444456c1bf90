"""What a User-Personalization request needs of a trained user, computed for every user at training time.

A request for a user whose events are all in the last training (no PutEvents since) is answered from the
trained user row alone, so its answer can be prepared when the model is trained (native-recipe-new-item-
USER_PERSONALIZATION: the model is trained, then served): per user, the best ``SIZE`` items the row ranks
with the user's training history left out, and the three numbers of the catalog-wide softmax (largest score,
temperature, normalizer). A request then reads a short list and computes the scores of the items it
returns, instead of scoring and partially sorting the whole catalog; a consumer reading past the list (a
filter, a large ``numResults``) continues with the full ranking, in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import DECIMALS, ScoreMap

SIZE = 64  # items kept per user; a default request (25 results) reads fewer
_CHUNK = 1024  # users scored at once (a chunk × items float32 block: 40 MB at 10,000 items)
_TIE_DECIMALS = 9  # as base.Ranked compares scores


@dataclass
class TopLists:
    items: np.ndarray  # users × SIZE item indexes, best first; -1 past the part whose order is certain
    top: np.ndarray  # per user: the largest score over the catalog
    temperature: np.ndarray  # per user: the softmax temperature (base.softmax: score range / 10)
    total: np.ndarray  # per user: the softmax normalizer


def top_lists(user_factors: np.ndarray, item_factors: np.ndarray, history: Any,
              popularity_rank: np.ndarray) -> TopLists:
    """Each user's best items (ties by popularity rank, as base.Ranked orders them) without the items of
    their ``history`` row (CSR), and their softmax numbers."""
    n_users, n_items = user_factors.shape[0], item_factors.shape[0]
    size = min(SIZE, n_items)
    items = np.full((n_users, size), -1, dtype=np.int32)
    top, temperature, total = (np.zeros(n_users) for _ in range(3))
    for start in range(0, n_users, _CHUNK):
        end = min(n_users, start + _CHUNK)
        scores = user_factors[start:end] @ item_factors.T
        high, low = scores.max(axis=1), scores.min(axis=1)
        spread = (high - low).astype(np.float64)
        heat = np.where(spread > 0, spread / 10.0, 1.0)
        top[start:end], temperature[start:end] = high, heat
        weights = (scores - high[:, None]) * (1.0 / heat[:, None]).astype(np.float32)
        total[start:end] = np.exp(weights, out=weights).sum(axis=1, dtype=np.float64)
        keys = np.round(scores, _TIE_DECIMALS)
        np.negative(keys, out=keys)
        rows = history[start:end]
        keys[np.repeat(np.arange(end - start), np.diff(rows.indptr)), rows.indices] = np.inf
        chosen = (np.argpartition(keys, size - 1, axis=1)[:, :size] if size < n_items
                  else np.tile(np.arange(n_items), (end - start, 1)))
        by_rank = np.argsort(popularity_rank[chosen], axis=1, kind="stable")
        chosen = np.take_along_axis(chosen, by_rank, axis=1)
        chosen_keys = np.take_along_axis(keys, chosen, axis=1)
        by_key = np.argsort(chosen_keys, axis=1, kind="stable")
        chosen = np.take_along_axis(chosen, by_key, axis=1)
        chosen_keys = np.take_along_axis(chosen_keys, by_key, axis=1)
        # Certain: the history is out, and (when the list is a cut) an item tied with the cut's last key
        # might be outranked by an item left out, so the tie is left to the full ranking.
        certain = np.isfinite(chosen_keys)
        if size < n_items:
            certain &= chosen_keys < chosen_keys[:, -1:]
        items[start:end] = np.where(certain, chosen, -1)
    return TopLists(items, top, temperature, total)


class TopScores(ScoreMap):
    """The softmax scores of one trained user, each computed from the user's row when read."""

    def __init__(self, index: Mapping[str, int], item_factors: np.ndarray, names: Sequence[str],
                 vector: np.ndarray, softmax: tuple[float, float, float]) -> None:
        super().__init__(index, item_factors, names)
        self._vector = vector
        self._top, self._temperature, self._total = softmax

    def __getitem__(self, item: str) -> float:
        raw = float(self._values[self._index[item]] @ self._vector)
        return round(float(np.exp((raw - self._top) / self._temperature)) / self._total, DECIMALS)


def ranked(lists: TopLists, user: int, names: Sequence[str], excluded: set[str],
           rest: Any) -> Iterator[str]:
    """The user's list without ``excluded``, then — only if a consumer reads that far — ``rest()``, the full
    ranking (base.Ranked), without the items already given."""
    given = set()
    for index in lists.items[user]:
        if index < 0:
            break
        name = names[index]
        if name not in excluded:
            given.add(name)
            yield name
    for name in rest():
        if name not in given:
            yield name
