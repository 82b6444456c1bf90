"""Popularity-Count and Trending-Now, and the domain "Most viewed" / "Best sellers" / "Most popular" /
"Trending now" use cases that resemble them (ECOMMERCE-use-cases, VIDEO_ON_DEMAND-use-cases).

- Popularity-Count (https://docs.aws.amazon.com/personalize/latest/dg/native-recipe-popularity.html): "the
  most popular items are the items with the most interactions data from unique users"; "the recipe returns the
  same popular items for all users" — so it leaves nobody's own items out (filters still apply), and AWS
  returns no scores for it (how-recommendation-scoring-works). New events change it only with a new solution
  version (recording-events).
- Trending-Now (https://docs.aws.amazon.com/personalize/latest/dg/native-recipe-trending-now.html): the items
  with the highest rate of increase in interactions between consecutive intervals of the *Trend discovery
  frequency* (``trend_discovery_frequency``: 30 minutes, 1 hour, 3 hours — the default — or 1 day); new items
  and events count without a new solution version, so the trend is computed from the dataset group's
  interactions at request time. Not documented by AWS what the rate is; we chose (now − previous interval's
  count) / max(previous, 1), where "now" is the interval ending at the latest interaction (the data's clock,
  not the wall clock, so answers do not drift while a test runs). With no interactions in the last two
  intervals it returns popular items, as documented. Items that are not rising follow by all-time popularity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from .base import Answer, Query, Ranked, ScoreMap
from .matrix import Matrix, Weighting

DEFAULT_TREND_INTERVAL = 3 * 3600.0  # native-recipe-trending-now: 3 hours by default
_UNITS = {"min": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hour": 3600.0, "hours": 3600.0,
          "day": 86_400.0, "days": 86_400.0, "d": 86_400.0}


def trend_interval(text: Optional[str]) -> float:
    """Seconds of a Trend discovery frequency such as ``30 minutes``, ``1 hour``, ``3h`` or ``1 day``."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", text or "")
    if match is None or match.group(2).lower() not in _UNITS:
        return DEFAULT_TREND_INTERVAL
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


@dataclass
class PopularityCount:
    items: list[str]
    order: list[str]  # unique users desc, then item ID

    def recommend(self, query: Query, excluded: set[str]) -> Answer:
        return Answer({}, self.order)


def train_popularity(matrix: Matrix) -> PopularityCount:
    counts = matrix.unique_users()
    order = np.lexsort((np.arange(len(matrix.items)), -counts))
    return PopularityCount(matrix.items, [matrix.items[i] for i in order if counts[i] > 0])


@dataclass
class TrendingNow:
    interval: float
    weighting: Weighting
    trained_order: list[str]
    _cache: dict[int, tuple[Any, int, Answer]] = field(default_factory=dict)

    def recommend(self, query: Query, excluded: set[str]) -> Answer:
        source = query.interactions
        total = sum(len(records) for records in source.values())
        cached = self._cache.get(id(source))
        if cached is not None and cached[0] is source and cached[1] == total:
            return cached[2]
        from ..training import read_interactions

        records = [record for rows in source.values() for record in rows]
        answer = self.trend([(i.item_id, i.timestamp) for i, _ in self.weighting.select(read_interactions(records))])
        self._cache.clear()
        self._cache[id(source)] = (source, total, answer)
        return answer

    def trend(self, events: Sequence[tuple[str, float]]) -> Answer:
        """The trending order of ``events`` (item, timestamp) — see the module docstring."""
        if not events:
            return Answer({}, self.trained_order)
        latest = max(timestamp for _, timestamp in events)
        current: Counter[str] = Counter()
        previous: Counter[str] = Counter()
        overall: Counter[str] = Counter()
        for item, timestamp in events:
            overall[item] += 1
            if timestamp > latest - self.interval:
                current[item] += 1
            elif timestamp > latest - 2 * self.interval:
                previous[item] += 1
        names = sorted(overall)
        if not current and not previous:
            increase = np.zeros(len(names))
        else:
            increase = np.array([max(0.0, (current[i] - previous[i]) / max(previous[i], 1)) for i in names])
        popularity = np.array([overall[i] for i in names], dtype=np.float64)
        rank = np.lexsort((np.arange(len(names)), -popularity))
        tie = np.empty(len(names), dtype=np.int64)
        tie[rank] = np.arange(len(names))
        top = float(increase.max()) if increase.size else 0.0
        shares = increase / top if top > 0 else increase
        index = {name: position for position, name in enumerate(names)}
        rising = {name for name, value in zip(names, increase) if value > 0}
        return Answer(ScoreMap(index, shares, names), list(Ranked(names, increase, tie)), rising)


def train_trending(matrix: Matrix, solution_config: Mapping[str, Any], event_type: Optional[str],
                   frequency: Optional[str]) -> TrendingNow:
    model = TrendingNow(trend_interval(frequency), Weighting(event_type, solution_config, 0.0, 0.0, False), [])
    model.trained_order = list(model.trend([(matrix.items[i], t) for i, t in zip(matrix.item, matrix.time)]).ranked)
    return model
