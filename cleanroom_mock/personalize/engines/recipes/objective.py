"""Optimizing a User-Personalization or Personalized-Ranking solution for an additional objective, and the
``average_rewards_at_k`` metric it brings (https://docs.aws.amazon.com/personalize/latest/dg/
optimizing-solution-for-objective.html, API_OptimizationObjective).

AWS: the solution names a numerical column of the Items dataset (``solutionConfig.optimizationObjective.
itemAttribute``, e.g. PRICE or VIDEO_LENGTH) and "gives more importance to items with higher values for this
column"; ``objectiveSensitivity`` balances the objective against relevance — OFF: primarily the interactions;
LOW: less emphasis on the objective; MEDIUM: equal emphasis; HIGH: more emphasis on the objective.

AWS is silent on the formula; we chose to weigh the model's probability that the user interacts with the
item by the item's value on the column, raised to a power set by the sensitivity:

    score ∝ P(item | user) · reward^λ,   λ = 0 (OFF), ⅓ (LOW), 1 (MEDIUM), 3 (HIGH)

- ``P(item | user)`` is the model's softmax (the returned scores' temperature, ``base.log_likelihood``);
- ``reward`` = the item's value ÷ the largest value among the trained items, at least 1 % (an item with no
  value, zero or a negative one counts as 1 % of the best value);
- MEDIUM ("equal emphasis") ranks by the expected reward, probability × value; LOW ("less emphasis on your
  objective") by probability × value^⅓; HIGH ("more emphasis on your objective") by probability × value³.
  A product, not a sum: it does not depend on the column's unit, one outlier does not flatten everyone
  else's values, and an item the model finds irrelevant stays down at LOW and MEDIUM unless its value is
  orders of magnitude larger — relevance gives way gradually as the sensitivity rises.

The returned scores are a softmax of the blended values, so they still sum to 1 and follow the order.

``average_rewards_at_k`` (measuring-performance): per test user, the rewards (the column's values) of the
held-out items they interacted with that are among their top 25 recommendations, divided by the rewards of
all the held-out items they interacted with (the items already in their input, which are never recommended,
left out); averaged over the test users with any reward. A reward-weighted recall at 25: in [0, 1], closer to 1
when the recommendations hold the users' valuable interactions. AWS is silent on negative values; we count a
negative value as no reward.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from .base import log_likelihood

EXPONENTS = {"OFF": 0.0, "LOW": 1.0 / 3.0, "MEDIUM": 1.0, "HIGH": 3.0}
# API_OptimizationObjective does not say what an omitted objectiveSensitivity means; we chose MEDIUM (the
# balanced level), because naming a column asks for it to count.
DEFAULT_SENSITIVITY = "MEDIUM"
TOP = 25  # "top 25 reward generating recommendations"
REWARD_FLOOR = 0.01  # an item without a (positive) value weighs like 1 % of the best value


@dataclass(frozen=True)
class Objective:
    attribute: str
    sensitivity: str
    rewards: np.ndarray  # per trained item: the column's value, 0 where it has none or a negative one
    log_reward: np.ndarray  # per trained item: log(max(value / largest value, REWARD_FLOOR))

    def blend(self, raw: np.ndarray, indexes: Optional[np.ndarray] = None) -> np.ndarray:
        """The scores ``raw`` (of every trained item, or of ``indexes``; one row per user for a matrix) with
        the objective blended in, as float32 log-weights; ``raw`` itself when the sensitivity is OFF."""
        exponent = EXPONENTS[self.sensitivity]
        if exponent == 0.0 or raw.size == 0:
            return raw
        log_reward = self.log_reward if indexes is None else self.log_reward[indexes]
        return (log_likelihood(raw) + exponent * log_reward).astype(np.float32)

    def average_rewards(
        self, recommended: Sequence[Sequence[int]], inputs: Sequence[set[int]], held_out: Sequence[set[int]]
    ) -> float:
        """``average_rewards_at_k`` of each test user's recommendations (item indexes, best first) against the
        items they interacted with afterwards (see the module docstring)."""
        ratios = []
        for items, given, wanted in zip(recommended, inputs, held_out):
            reachable = wanted - given
            total = float(sum(self.rewards[i] for i in reachable))
            if total > 0:
                ratios.append(float(sum(self.rewards[i] for i in list(items)[:TOP] if i in reachable)) / total)
        return round(sum(ratios) / len(ratios), 4) if ratios else 0.0


def _value(record: Optional[Mapping[str, Any]], attribute: str) -> float:
    raw = (record or {}).get(attribute)
    try:
        return float("nan") if raw in (None, "") else float(raw)
    except (TypeError, ValueError):
        return float("nan")


def objective_of(
    solution_config: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]], items: Sequence[str]
) -> Optional[Objective]:
    """The solution's optimization objective over the trained ``items`` (their Items records by ID), or None
    without one. CreateSolution has checked the column (training.config.check_optimization_objective)."""
    setting = solution_config.get("optimizationObjective") or {}
    attribute = setting.get("itemAttribute")
    if not attribute:
        return None
    values = np.array([_value(records.get(item), attribute) for item in items], dtype=np.float64)
    rewards = np.maximum(np.nan_to_num(values, nan=0.0), 0.0)
    best = float(rewards.max()) if rewards.size else 0.0
    relative = rewards / best if best > 0 else np.ones_like(rewards)
    return Objective(
        attribute=attribute,
        sensitivity=setting.get("objectiveSensitivity") or DEFAULT_SENSITIVITY,
        rewards=rewards,
        log_reward=np.log(np.maximum(relative, REWARD_FLOOR)),
    )
