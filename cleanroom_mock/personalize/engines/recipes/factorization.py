"""User-Personalization (v1, v2), Personalized-Ranking (v1, v2), Item-Affinity, Item-Attribute-Affinity and
the domain "Recommended for you" / "Top picks for you" use cases: one implicit-feedback matrix factorization.

AWS pages: native-recipe-new-item-USER_PERSONALIZATION, native-recipe-user-personalization-v2,
native-recipe-search (Personalized-Ranking), native-recipe-personalized-ranking-v2, item-affinity-recipe,
item-attribute-affinity-recipe, how-recommendation-scoring-works
(https://docs.aws.amazon.com/personalize/latest/dg/<page>.html).

AWS's models are neural (HRNN, transformers). Ours is the least-squares factorization of the users × items
matrix of interaction strengths (log(1 + weight·recency)): a rank-``hidden_dimension`` truncated SVD computed
by seeded randomized subspace iteration (Halko et al. 2011) — what alternating least squares converges to when
every cell is weighted alike — with item factors V. A user is represented by their row r projected on V
(p = r·V), so the score of item i is p·vᵢ. That representation is also how real time works: a user's events
recorded with PutEvents change r at once, and with it the user's results (recording-events: real-time
personalization), with no retraining. A user the model never saw is folded in from their events alone; a user
with no events is the average user, whose best items are the popular ones.

- ``hidden_dimension`` sets the factor count (never more than a tenth of the smaller side of the matrix, or 2: a
  near-full-rank reconstruction would only repeat each user's history);
- ``recency_mask`` (v1) / ``apply_recency_bias`` (v2): recent events count up to twice as much;
- ``min/max_user_history_length_percentile`` drop users with the shortest / longest histories from training;
- ``explorationWeight`` / ``explorationItemAgeCutOff`` (campaign or recommender config): see :func:`explore`;
- ``optimizationObjective`` (User-Personalization, Personalized-Ranking): the scores are blended with the
  item's standing on the objective's column, see ``objective``.
Scores are a softmax of p·vᵢ over the items scored (the catalog; for ranking, the input list), summing to 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from .base import Answer, Lazy, Query, Ranked, SoftmaxScores, record_item, softmax
from .matrix import SEED, Matrix, Weighting, hyperparameter, stable_hash, within_percentiles
from .objective import Objective

DEFAULT_HIDDEN_DIMENSION = 149  # native-recipe-new-item-USER_PERSONALIZATION
_OVERSAMPLE, _POWER_ITERATIONS = 10, 4
# A plain SVD of the interaction matrix spends its factors on the most popular columns. Not documented by AWS
# (its models are neural); we chose to scale each item's column by (1 + users)^-β before the factorization and
# by (1 + users)^β after it, so the factors describe taste and the scores keep popularity (Steck 2011,
# "Item popularity and recommendation accuracy"). β = 0.3 was chosen by benchmark (benchmarks/bench_recipes.py).
POPULARITY_DAMPING = 0.3
_DAY = 86_400.0
# Not documented by AWS which items count as "cold" for exploration (spec §10.4); Similar-Items calls an item
# with fewer than five interactions cold (native-recipe-similar-items), so we do too.
COLD_INTERACTIONS = 5
# API_CampaignConfig: explorationItemAgeCutOff defaults to 30 days.
DEFAULT_AGE_CUT_OFF_DAYS = 30.0


def truncated_svd(values: Any, rank: int) -> np.ndarray:
    """The top-``rank`` right singular vectors (items × rank) of the sparse ``values``; seeded, so the same
    matrix gives the same factors in every process."""
    n_users, n_items = values.shape
    width = min(rank + _OVERSAMPLE, n_users, n_items)
    generator = np.random.default_rng(SEED)
    basis, _ = np.linalg.qr(values @ generator.standard_normal((n_items, width)))
    for _ in range(_POWER_ITERATIONS):
        items_side, _ = np.linalg.qr(values.T @ basis)
        basis, _ = np.linalg.qr(values @ items_side)
    projected = np.asarray((values.T @ basis).T)
    _, _, right = np.linalg.svd(projected, full_matrices=False)
    return np.ascontiguousarray(right[:rank].T)


@dataclass
class Factorization:
    items: list[str]
    item_of: dict[str, int]
    item_factors: np.ndarray  # items × k, scoring side: vᵢ·nᵢ^β
    item_inputs: np.ndarray  # items × k, input side: vᵢ·nᵢ^-β (a user is their row projected on these)
    user_of: dict[str, int]
    users: list[str]
    user_factors: np.ndarray  # users × k: each training row projected on the item factors
    history: Any  # users × items CSR of the training values (the items each user interacted with)
    average_user: np.ndarray
    popularity_rank: np.ndarray
    interactions_per_item: np.ndarray
    users_per_item: np.ndarray
    first_seen: np.ndarray  # each item's first interaction (epoch seconds)
    latest: float  # the latest training interaction
    weighting: Weighting
    user_events: np.ndarray  # per user: training events (to tell whether events arrived since)
    cold_items: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # < COLD_INTERACTIONS
    objective: Optional[Objective] = None  # solutionConfig.optimizationObjective (objective.py)
    _items_cache: dict[int, tuple[Any, int, np.ndarray, list[tuple[str, Optional[float]]]]] = field(
        default_factory=dict)
    _young_cache: dict[tuple[int, int, float], tuple[Any, list[str]]] = field(default_factory=dict)

    # -- user representation ------------------------------------------------------------------------------
    def user_vector(self, user_id: Optional[str], records: Sequence[Mapping[str, Any]]) -> tuple[np.ndarray, bool]:
        """(p, personal): the trained row when nothing arrived since training, else the user folded in from
        all their events now; the average user when there are none."""
        from ..training import read_interactions

        known = self.user_of.get(user_id or "")
        # No more records than training selected for the user: nothing arrived since (no need to read them).
        if known is not None and len(records) <= int(self.user_events[known]):
            return self.user_factors[known], True
        selected = self.weighting.select(read_interactions(records)) if records else []
        if known is not None and len(selected) <= int(self.user_events[known]):
            return self.user_factors[known], True
        row = self.weighting.row(selected)
        indexes = [self.item_of[item] for item in row if item in self.item_of]
        if not indexes:
            return self.average_user, False
        weights = np.array([row[self.items[i]] for i in indexes])
        return weights @ self.item_inputs[indexes], True

    def project(self, values: Any) -> np.ndarray:
        """The user vectors of the rows of ``values`` (a users × items matrix of interaction strengths)."""
        return np.asarray(values @ self.item_inputs)

    def seen(self, user_id: Optional[str], records: Sequence[Mapping[str, Any]]) -> set[str]:
        known = self.user_of.get(user_id or "")
        own: set[str] = set()
        if known is not None:
            start, end = self.history.indptr[known], self.history.indptr[known + 1]
            own.update(self.items[i] for i in self.history.indices[start:end])
        own.update(record_item(r) for r in records)
        return own

    # -- answers ------------------------------------------------------------------------------------------
    def recommend(self, query: Query, excluded: set[str]) -> Answer:
        vector, personal = self.user_vector(query.user_id, query.user_records)
        # A user without events is ranked by popularity (unique users), spec §10.5.
        raw = self.item_factors @ vector if personal else self.users_per_item
        if self.objective is not None:
            raw = self.objective.blend(raw)
        scores = SoftmaxScores(self.item_of, raw, self.items)
        ranked: Sequence[str] = Ranked(self.items, raw, self.popularity_rank, excluded)
        weight, cut_off = exploration(query.config)
        explored: set[str] = set()
        pool = self.exploration_pool(query, cut_off, excluded) if weight > 0 else []
        if pool:
            ranked = Lazy(explore(ranked, pool, weight, explored))
        return Answer(scores, ranked, scores if personal else (), explored)

    def rank(self, user_id: str, records: Sequence[Mapping[str, Any]],
             candidates: Sequence[str]) -> tuple[list[str], dict[str, float]]:
        """rankings / native-recipe-search: the model's order of ``candidates``; a softmax over the known
        ones only; items the last training did not see go last in input order, without a score."""
        vector, _ = self.user_vector(user_id, records)
        known = [item for item in candidates if item in self.item_of]
        indexes = np.array([self.item_of[item] for item in known], dtype=np.int64)
        raw = self.item_factors[indexes] @ vector if known else np.zeros(0)
        if self.objective is not None:
            raw = self.objective.blend(raw, indexes)
        probabilities = softmax(raw)
        scores = {item: round(float(p), 6) for item, p in zip(known, probabilities)}
        order = list(Ranked(known, raw, self.popularity_rank[indexes]))
        return order + [item for item in candidates if item not in self.item_of], scores

    def segment(self, items: Iterable[str]) -> list[str]:
        """user-segmentation-recipes: users by descending affinity to the items (the sum of their factors),
        then by user ID. Items unknown to the model add nothing."""
        indexes = [self.item_of[item] for item in items if item in self.item_of]
        if not indexes:
            return list(self.users)
        affinity = self.user_factors @ self.item_factors[indexes].sum(axis=0)
        return list(Ranked(self.users, affinity, np.arange(len(self.users))))

    # -- exploration --------------------------------------------------------------------------------------
    def exploration_pool(self, query: Query, cut_off_days: float, excluded: set[str]) -> list[str]:
        """Items young enough and with little interaction data: trained items with fewer than
        COLD_INTERACTIONS interactions, and Items-dataset items the model has not seen. An item's age comes
        from its CREATION_TIMESTAMP, else its first interaction, measured back from the latest interaction
        (create-recommender-configure-exploration). Shuffled per user by a seeded generator, so answers
        repeat."""
        pool = [item for item in self._young(query.items, cut_off_days) if item not in excluded]
        if not pool:
            return pool
        order = np.random.default_rng(stable_hash(query.user_id or "")).permutation(len(pool))
        return [pool[i] for i in order]

    def _young(self, items: Mapping[str, Mapping[str, Any]], cut_off_days: float) -> list[str]:
        """The exploration candidates of an Items view and cut-off, before the user's exclusions (cached)."""
        key = (id(items), len(items), cut_off_days)
        cached = self._young_cache.get(key)
        if cached is not None and cached[0] is items:
            return cached[1]
        horizon = self.latest - cut_off_days * _DAY
        born, new_items = self._birth(items)
        cold = self.cold_items[born[self.cold_items] >= horizon]
        young = [self.items[i] for i in cold]
        young += [item for item, moment in new_items if (moment if moment is not None else self.latest) >= horizon]
        self._young_cache.clear()
        self._young_cache[key] = (items, young)
        return young

    def _birth(self, items: Mapping[str, Mapping[str, Any]]) -> tuple[np.ndarray, list[tuple[str, Optional[float]]]]:
        """(each trained item's birth: its CREATION_TIMESTAMP in the Items dataset, else its first interaction;
        the Items-dataset items the model has not seen, with their creation time or None) — computed once per
        Items view."""
        cached = self._items_cache.get(id(items))
        if cached is not None and cached[0] is items and cached[1] == len(items):
            return cached[2], cached[3]
        born = self.first_seen.copy()
        new: list[tuple[str, Optional[float]]] = []
        for item in sorted(items):
            moment = _number((items.get(item) or {}).get("CREATION_TIMESTAMP"))
            index = self.item_of.get(item)
            if index is None:
                new.append((item, moment))
            elif moment is not None:
                born[index] = moment
        self._items_cache.clear()
        self._items_cache[id(items)] = (items, len(items), born, new)
        return born, new


def _number(value: Any) -> Optional[float]:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def exploration(config: Mapping[str, Any]) -> tuple[float, float]:
    """(explorationWeight, explorationItemAgeCutOff days) of ``itemExplorationConfig`` (API_CampaignConfig,
    API_RecommenderConfig). The control plane fills AWS's defaults (0.3, 30 days) into a User-Personalization
    campaign's or recommender's config; a config without a weight (other recipes) does not explore."""
    explore_config = config.get("itemExplorationConfig") or {}
    weight = _number(explore_config.get("explorationWeight"))
    cut_off = _number(explore_config.get("explorationItemAgeCutOff"))
    return (min(1.0, max(0.0, weight or 0.0)),
            DEFAULT_AGE_CUT_OFF_DAYS if cut_off is None else max(0.0, cut_off))


def explore(ranked: Iterable[str], pool: Sequence[str], weight: float, placed: set[str]) -> Iterator[str]:
    """The ranking with exploration items in a share ``weight / 2`` of the slots (weight 1: every other slot).
    Not documented by AWS how many slots exploration takes; we chose this so the share grows in proportion to
    the weight and relevance always keeps most of the list. Each item appears once; the items placed in an
    exploration slot are added to ``placed`` (UP-v2 gives them the reason ``Exploration``)."""
    share = weight / 2.0
    given: set[str] = set()
    chosen = iter(pool)
    ranked_iter = iter(ranked)

    def take(source: Iterator[str]) -> Optional[str]:
        for item in source:
            if item not in given:
                given.add(item)
                return item
        return None

    slot = 0
    while True:
        item = None
        if math.floor((slot + 1) * share) > math.floor(slot * share):
            item = take(chosen)
            if item is not None:
                placed.add(item)
        if item is None:
            item = take(ranked_iter)
        if item is None:
            item = take(chosen)
            if item is None:
                return
            placed.add(item)
        slot += 1
        yield item


def train_factorization(matrix: Matrix, config: Mapping[str, Any], recipe_name: str,
                        event_type: Optional[str], solution_config: Mapping[str, Any],
                        hold_out: Optional[np.ndarray] = None) -> Factorization:
    """The model of ``matrix``; ``hold_out`` (a boolean mask over interactions) leaves those interactions out
    of the item factors only (the evaluation's test users keep theirs for ranking, see ``evaluation``)."""
    from scipy import sparse

    recency_name = "apply_recency_bias" if recipe_name.endswith("-v2") else "recency_mask"
    times = matrix.time
    weighting = Weighting(event_type, solution_config, float(times.min()) if times.size else 0.0,
                          float(times.max()) if times.size else 0.0, bool(hyperparameter(config, recency_name, True)))
    values = matrix.values(weighting)
    kept = within_percentiles(np.bincount(matrix.user, minlength=len(matrix.users)),
                              hyperparameter(config, "min_user_history_length_percentile", 0.0),
                              hyperparameter(config, "max_user_history_length_percentile", 0.99))
    source = values if hold_out is None else matrix.subset(~hold_out).values(weighting)
    # An item column is scaled by (1 + its users)^-β before the factorization and by the inverse after it.
    users_per_item = matrix.unique_users().astype(np.float64)
    damping = np.power(1.0 + users_per_item, -POPULARITY_DAMPING)
    training = (sparse.diags(kept.astype(np.float64)) @ source @ sparse.diags(damping)).tocsr()
    rank = max(1, min(hyperparameter(config, "hidden_dimension", DEFAULT_HIDDEN_DIMENSION),
                      max(min(2, *training.shape), min(training.shape) // 10)))
    factors = truncated_svd(training, rank) if training.nnz else np.zeros((len(matrix.items), rank))
    # Served as float32: a request reads the whole item matrix, so half the bytes is half the time.
    item_inputs = (factors * damping[:, None]).astype(np.float32)
    item_factors = (factors / damping[:, None]).astype(np.float32)
    user_factors = np.asarray(values @ item_inputs).astype(np.float32)
    first_seen = np.full(len(matrix.items), float(times.max()) if times.size else 0.0)
    np.minimum.at(first_seen, matrix.item, times)
    average = np.asarray(values.mean(axis=0)).ravel() @ item_inputs
    return Factorization(
        items=matrix.items, item_of=matrix.item_of, item_factors=item_factors, item_inputs=item_inputs,
        user_of=matrix.user_of,
        users=matrix.users, user_factors=user_factors, history=values, average_user=average,
        popularity_rank=matrix.popularity_rank(), interactions_per_item=np.bincount(
            matrix.item, minlength=len(matrix.items)), users_per_item=users_per_item,
        first_seen=first_seen,
        latest=float(times.max()) if times.size else 0.0, weighting=weighting,
        user_events=np.bincount(matrix.user, minlength=len(matrix.users)),
        cold_items=np.nonzero(np.bincount(matrix.item, minlength=len(matrix.items)) < COLD_INTERACTIONS)[0],
    )
