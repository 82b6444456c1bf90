"""GetSolutionMetrics: offline metrics of the trained model, computed as AWS documents them
(https://docs.aws.amazon.com/personalize/latest/dg/working-with-training-metrics.html).

- Split: 10 % of the users (chosen by a stable hash of their ID, among users with at least two interactions)
  are test users; for each, the oldest 90 % of their interactions are the model's input and the newest 10 %
  (at least one) are what it should recommend. USER_SEGMENTATION recipes split each user's interactions
  80 / 20 instead, and are scored by ``hit_at_k`` / ``recall_at_k`` at K = the top 1 % of users (AWS does not
  spell those two keys; these are ours).
- ``precision_at_K``: relevant items in the top K ÷ K; ``normalized_discounted_cumulative_gain_at_K``: DCG with
  position discount 1/log2(1 + position) ÷ the ideal DCG; ``mean_reciprocal_rank_at_25``: 1 / rank of the first
  relevant item in the top 25 (0 if none); all averaged over test users. ``coverage``: distinct items among the
  top 25 recommended to the test users ÷ distinct items in the Interactions and Items datasets — measured from
  what the model recommends, so a popularity list covers 25 items and a personalized model many more.
- ``trend_prediction_accuracy`` (Trending-Now): the interaction increase of the recommended top 25 in the
  interval after the split time ÷ the increase of the actual top 25 of that interval (0 when nothing rose).
- ``average_rewards_at_k``: only for a solution with an optimization objective (User-Personalization,
  Personalized-Ranking): the reward-weighted recall of the top 25 (``objective``), from the same lists.

What the model may use mirrors AWS's "90 % of users train": for a factorization the test users' newest
interactions are left out of the item factors, and a test user is represented by their input rows alone. Not
documented by AWS: whether test users' input shapes the model; ours lets it shape the item factors (one
training serves both the metrics and the deployed model). For related-items recipes a test user's query is
their latest input item (AWS is silent; spec §10.8).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Optional

import numpy as np

from .matrix import Matrix, stable_hash
from .objective import Objective

PRECISION_AT = (5, 10, 25)
NDCG_AT = (5, 10, 25)
MRR_AT = 25
TOP = 25
TEST_SHARE = 0.10
SEGMENT_TEST_SHARE = 0.20
SEGMENT_TOP_SHARE = 0.01
MAX_SEGMENT_ITEMS = 500  # items scored for the segmentation metrics (limits.html: 500 items per segment job)


def by_user(matrix: Matrix) -> tuple[np.ndarray, np.ndarray]:
    """(positions grouped by user, chronological within a user; start offset of each user's group)."""
    order = np.argsort(matrix.user, kind="stable")
    counts = np.bincount(matrix.user, minlength=len(matrix.users))
    return order, np.concatenate(([0], np.cumsum(counts)))


def test_split(matrix: Matrix) -> tuple[list[int], np.ndarray]:
    """(test users, mask of their held-out newest interactions)."""
    order, starts = by_user(matrix)
    lengths = np.diff(starts)
    eligible = [u for u in range(len(matrix.users)) if lengths[u] >= 2]
    wanted = math.ceil(TEST_SHARE * len(matrix.users)) if eligible else 0
    chosen = sorted(sorted(eligible, key=lambda u: (stable_hash(matrix.users[u]), u))[:wanted])
    held = np.zeros(matrix.size, dtype=bool)
    for user in chosen:
        length = int(lengths[user])
        newest = max(1, math.ceil(TEST_SHARE * length))
        held[order[starts[user + 1] - newest:starts[user + 1]]] = True
    return chosen, held


def segment_split(matrix: Matrix) -> np.ndarray:
    """Mask of each user's newest 20 % of interactions (none for a user with a single interaction)."""
    order, starts = by_user(matrix)
    held = np.zeros(matrix.size, dtype=bool)
    for user in range(len(matrix.users)):
        length = int(starts[user + 1] - starts[user])
        newest = math.ceil(SEGMENT_TEST_SHARE * length) if length >= 2 else 0
        if newest:
            held[order[starts[user + 1] - newest:starts[user + 1]]] = True
    return held


def ranking_metrics(recommended: Sequence[Sequence[int]], relevant: Sequence[set[int]],
                    catalog: int) -> dict[str, float]:
    """The documented metrics of lists of recommended item indexes against each list's relevant set."""
    totals = {f"precision_at_{k}": 0.0 for k in PRECISION_AT}
    totals.update({f"normalized_discounted_cumulative_gain_at_{k}": 0.0 for k in NDCG_AT})
    totals[f"mean_reciprocal_rank_at_{MRR_AT}"] = 0.0
    covered: set[int] = set()
    for items, wanted in zip(recommended, relevant):
        top = list(items)[:TOP]
        covered.update(top)
        hits = [position for position, item in enumerate(top, start=1) if item in wanted]
        for k in PRECISION_AT:
            totals[f"precision_at_{k}"] += sum(1 for p in hits if p <= k) / k
        for k in NDCG_AT:
            ideal = sum(1.0 / math.log2(1 + p) for p in range(1, min(k, len(wanted)) + 1))
            gain = sum(1.0 / math.log2(1 + p) for p in hits if p <= k)
            totals[f"normalized_discounted_cumulative_gain_at_{k}"] += gain / ideal if ideal else 0.0
        first = next((p for p in hits if p <= MRR_AT), None)
        totals[f"mean_reciprocal_rank_at_{MRR_AT}"] += 1.0 / first if first else 0.0
    users = len(recommended)
    metrics = {key: round(value / users, 4) if users else 0.0 for key, value in totals.items()}
    metrics["coverage"] = round(len(covered) / catalog, 4) if catalog else 0.0
    return metrics


def relevant_sets(matrix: Matrix, users: Sequence[int], held: np.ndarray) -> tuple[list[set[int]], list[set[int]]]:
    """(input items, held-out items) of each test user."""
    order, starts = by_user(matrix)
    inputs, wanted = [], []
    for user in users:
        positions = order[starts[user]:starts[user + 1]]
        inputs.append({int(matrix.item[p]) for p in positions if not held[p]})
        wanted.append({int(matrix.item[p]) for p in positions if held[p]})
    return inputs, wanted


def factorization_metrics(matrix: Matrix, users: list[int], held: np.ndarray, user_vectors: np.ndarray,
                          item_factors: np.ndarray, popularity_rank: np.ndarray, catalog: int,
                          objective: Optional[Objective] = None) -> dict[str, float]:
    """Each test user's top 25 from their vector (``user_vectors[k]``: test user k's input rows projected by the
    model; blended with the optimization objective as serving does), input items excluded."""
    inputs, wanted = relevant_sets(matrix, users, held)
    recommended: list[list[int]] = []
    for start in range(0, len(users), 512):
        scores = user_vectors[start:start + 512] @ item_factors.T
        if objective is not None:
            scores = objective.blend(scores)
        for row, user_inputs in zip(scores, inputs[start:start + 512]):
            row = np.round(row, 9)
            if user_inputs:
                row[list(user_inputs)] = -np.inf
            head = np.argpartition(-row, min(TOP, row.size - 1))[:TOP + 1] if row.size > TOP + 1 else np.arange(
                row.size)
            ordered = head[np.lexsort((popularity_rank[head], -row[head]))]
            recommended.append([int(i) for i in ordered if np.isfinite(row[i])][:TOP])
    metrics = ranking_metrics(recommended, wanted, catalog)
    if objective is not None:
        metrics["average_rewards_at_k"] = objective.average_rewards(recommended, inputs, wanted)
    return metrics


def list_metrics(matrix: Matrix, users: list[int], held: np.ndarray,
                 recommend: Callable[[set[int], Optional[int]], list[int]], catalog: int) -> dict[str, float]:
    """Metrics of a model asked once per test user with (input items, latest input item)."""
    order, starts = by_user(matrix)
    inputs, wanted = relevant_sets(matrix, users, held)
    recommended = []
    for user, user_inputs in zip(users, inputs):
        latest = next((int(matrix.item[p]) for p in reversed(order[starts[user]:starts[user + 1]]) if not held[p]),
                      None)
        recommended.append(recommend(user_inputs, latest)[:TOP])
    return ranking_metrics(recommended, wanted, catalog)


def trend_accuracy(matrix: Matrix, interval: float, predicted: Sequence[str]) -> float:
    """trend_prediction_accuracy of ``predicted`` (trained on interactions before the split time, the time
    of the interaction at 90 % of the data) against the interval after it."""
    if matrix.size == 0:
        return 0.0
    split = float(matrix.time[min(matrix.size - 1, int(0.9 * matrix.size))])
    after = np.bincount(matrix.item[(matrix.time >= split) & (matrix.time < split + interval)],
                        minlength=len(matrix.items))
    before = np.bincount(matrix.item[(matrix.time >= split - interval) & (matrix.time < split)],
                         minlength=len(matrix.items))
    increase = np.maximum(after - before, 0)
    best = float(np.sort(increase)[::-1][:TOP].sum())
    gained = float(sum(increase[matrix.item_of[item]] for item in predicted[:TOP] if item in matrix.item_of))
    return round(gained / best, 4) if best > 0 else 0.0


def segment_metrics(matrix: Matrix, held: np.ndarray, user_factors: np.ndarray,
                    item_factors: np.ndarray) -> dict[str, float]:
    """hit_at_k / recall_at_k: for each item with held-out interactions (at most MAX_SEGMENT_ITEMS, by a
    stable hash), the users ranked by affinity from their training rows; K = the top 1 % of users."""
    k = max(1, math.ceil(SEGMENT_TOP_SHARE * len(matrix.users)))
    tested = sorted({int(i) for i in matrix.item[held]}, key=lambda i: (stable_hash(matrix.items[i]), i))
    tested = tested[:MAX_SEGMENT_ITEMS]
    hits = recalls = 0.0
    for item in tested:
        actual = {int(u) for u in matrix.user[held & (matrix.item == item)]}
        affinity = np.round(user_factors @ item_factors[item], 9)
        top = np.lexsort((np.arange(affinity.size), -affinity))[:k]
        found = sum(1 for user in top if int(user) in actual)
        hits += found
        recalls += found / len(actual)
    count = len(tested)
    return {"hit_at_k": round(hits / count, 4) if count else 0.0,
            "recall_at_k": round(recalls / count, 4) if count else 0.0}
