"""The interactions a recipe trains on, as index arrays, and the parts every recipe family shares: reading
hyperparameters, event weighting (training and real-time events alike), the deterministic random seed.

Recipes train on the interactions ``engines.training.select_for_training`` kept (event type, value
threshold and ``eventsConfig`` weights — event-values-types, API_EventsConfig). Users and items are indexed in
sorted ID order and every random draw is seeded from a constant, so the same data and configuration give the
same model in every process (nothing depends on Python's hash randomization).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

if TYPE_CHECKING:
    from ..training import Interaction

SEED = 20_240_601  # every random draw of every recipe starts from it


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (``hash(str)`` is salted per process)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def hyperparameter(config: Mapping[str, Any], name: str, default: Any) -> Any:
    """A hyperparameter of ``solutionConfig`` (algorithm or feature-transformation map; API_SolutionConfig:
    values are strings), converted to the type of ``default``; the default when absent or unreadable."""
    for key in ("algorithmHyperParameters", "featureTransformationHyperParameters"):
        values = config.get(key) or {}
        if name in values:
            raw = values[name]
            try:
                if isinstance(default, bool):
                    return str(raw).strip().lower() == "true"
                if isinstance(default, int):
                    return int(float(raw))
                if isinstance(default, float):
                    return float(raw)
                return str(raw)
            except (TypeError, ValueError):
                return default
    return default


def within_percentiles(counts: np.ndarray, low: float, high: float) -> np.ndarray:
    """Which of ``counts`` (per user or per item) lie between their ``low`` and ``high`` quantiles, among
    the non-zero ones: the featurization hyperparameters ``min/max_..._percentile`` (native-recipe-sims,
    native-recipe-new-item-USER_PERSONALIZATION)."""
    present = counts[counts > 0]
    if present.size == 0:
        return np.ones(counts.shape[0], dtype=bool)
    return (counts >= np.quantile(present, low)) & (counts <= np.quantile(present, high))


@dataclass
class Weighting:
    """How one interaction counts: the solution's event selection and weight, and (recipes with a recency
    setting) more for recent events. Kept with the model so real-time events count as training's did."""

    event_type: Optional[str]
    solution_config: Mapping[str, Any]
    start: float
    end: float
    recency: bool

    def factor(self, timestamp: float) -> float:
        """Not documented by AWS how much recency counts; we chose a linear ramp from 1 (oldest training
        event) to 2 (newest and later)."""
        if not self.recency or self.end <= self.start:
            return 1.0
        return 1.0 + min(1.0, max(0.0, (timestamp - self.start) / (self.end - self.start)))

    def select(self, interactions: Iterable[Interaction]) -> list[tuple[Interaction, float]]:
        from ..training import select_for_training

        return select_for_training(interactions, self.event_type, self.solution_config)

    def row(self, selected: Iterable[tuple[Interaction, float]]) -> dict[str, float]:
        """One user's value per item: log(1 + summed weight), as in the trained matrix."""
        sums: dict[str, float] = {}
        for interaction, weight in selected:
            sums[interaction.item_id] = sums.get(interaction.item_id, 0.0) + weight * self.factor(
                interaction.timestamp)
        return {item: math.log1p(total) for item, total in sums.items()}


@dataclass
class Matrix:
    """Selected interactions in chronological order (timestamp, then dataset order) as index arrays."""

    users: list[str]
    items: list[str]
    user_of: dict[str, int]
    item_of: dict[str, int]
    user: np.ndarray
    item: np.ndarray
    weight: np.ndarray
    time: np.ndarray

    @property
    def size(self) -> int:
        return int(self.user.shape[0])

    def subset(self, keep: np.ndarray) -> Matrix:
        """The same users and items, fewer interactions (``keep`` is a boolean mask)."""
        return Matrix(self.users, self.items, self.user_of, self.item_of, self.user[keep], self.item[keep],
                      self.weight[keep], self.time[keep])

    def values(self, weighting: Weighting) -> Any:
        """The users × items CSR matrix of log(1 + summed weight·recency) (scipy, imported lazily)."""
        from scipy import sparse

        factors = np.ones_like(self.weight)
        if weighting.recency and weighting.end > weighting.start:
            factors = 1.0 + np.clip((self.time - weighting.start) / (weighting.end - weighting.start), 0.0, 1.0)
        summed = sparse.csr_matrix((self.weight * factors, (self.user, self.item)),
                                   shape=(len(self.users), len(self.items)))
        summed.sum_duplicates()
        summed.data = np.log1p(summed.data)
        return summed

    def binary(self) -> Any:
        """users × items CSR with 1 where the user interacted with the item at least once."""
        from scipy import sparse

        ones = sparse.csr_matrix((np.ones(self.size), (self.user, self.item)),
                                 shape=(len(self.users), len(self.items)))
        ones.sum_duplicates()
        ones.data[:] = 1.0
        return ones

    def unique_users(self) -> np.ndarray:
        """Per item, how many distinct users interacted with it (native-recipe-popularity)."""
        return np.asarray(self.binary().sum(axis=0)).ravel()

    def popularity_rank(self) -> np.ndarray:
        """Each item's position in the popularity order (unique users desc, then item ID)."""
        counts = self.unique_users()
        order = np.lexsort((np.arange(len(self.items)), -counts))
        rank = np.empty(len(self.items), dtype=np.int64)
        rank[order] = np.arange(len(self.items))
        return rank


def build_matrix(selected: Sequence[tuple[Interaction, float]], extra_items: Iterable[str] = ()) -> Matrix:
    """The matrix of ``selected``; ``extra_items`` (e.g. the Items dataset) join the item index."""
    count = len(selected)
    timestamps = np.fromiter((i.timestamp for i, _ in selected), dtype=np.float64, count=count)
    orders = np.fromiter((i.order for i, _ in selected), dtype=np.int64, count=count)
    chronological = np.lexsort((orders, timestamps))
    user_ids = [i.user_id for i, _ in selected]
    item_ids = [i.item_id for i, _ in selected]
    users = sorted(set(user_ids))
    items = sorted(set(item_ids).union(extra_items))
    user_of = {user: index for index, user in enumerate(users)}
    item_of = {item: index for index, item in enumerate(items)}
    user = np.fromiter((user_of[u] for u in user_ids), dtype=np.int64, count=count)
    item = np.fromiter((item_of[i] for i in item_ids), dtype=np.int64, count=count)
    weight = np.fromiter((w for _, w in selected), dtype=np.float64, count=count)
    return Matrix(users, items, user_of, item_of, user[chronological], item[chronological],
                  weight[chronological], timestamps[chronological])
