"""What every recipe model answers from, and the lazy ranking and score map the answers are made of.

A recipe model (one class per family in this package) answers a :class:`Query` — the request's IDs and the
dataset group's data as it is now — with an :class:`Answer`: scores, the items best first, and which of them
the model ranked for this request (the others are popular items filling the list; UP-v2 tags them
``Popular item``, recommendation-reasons). Rankings are lazy: the best few hundred items are sorted, the rest
only when a filter reads past them, so a request costs little more than a dot product.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

HEAD = 256  # items sorted up front; a consumer reading past them sorts the rest
DECIMALS = 6  # scores are rounded like this (how-recommendation-scoring-works shows 6-7 digits)
_TIE_DECIMALS = 9  # scores compare at this precision, so float noise cannot reorder ties


@dataclass
class Query:
    """One recommendation request as a recipe model sees it."""

    user_id: Optional[str] = None
    item_id: Optional[str] = None
    user_records: Sequence[Mapping[str, Any]] = ()  # the user's interactions now (bulk and PutEvents)
    items: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # the Items dataset now, by ID
    interactions: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)  # all, by user
    config: Mapping[str, Any] = field(default_factory=dict)  # campaignConfig / recommenderConfig


@dataclass
class Answer:
    scores: Mapping[str, float]
    ranked: Sequence[str]
    personal: Collection[str] = ()
    explored: Collection[str] = ()  # the items exploration placed, filled as ``ranked`` is read


def _temperature(values: np.ndarray) -> tuple[float, float]:
    """(the largest value, the softmax temperature) of ``values``: see :func:`softmax`."""
    top = float(values.max())
    spread = top - float(values.min())
    return top, (spread / 10.0 if spread > 0 else 1.0)


def log_likelihood(values: np.ndarray) -> np.ndarray:
    """The log of each value's softmax weight relative to the best one, along the last axis: ``(v − top) / T``
    with :func:`softmax`'s temperature, 0 for the best and at least −10 (a matrix is scaled row by row, each
    row like one request)."""
    values = values.astype(np.float64)
    top = values.max(axis=-1, keepdims=True)
    spread = top - values.min(axis=-1, keepdims=True)
    return (values - top) / np.where(spread > 0, spread / 10.0, 1.0)


def softmax(values: np.ndarray) -> np.ndarray:
    """how-recommendation-scoring-works: scores are a softmax over the items scored, summing to 1. Not
    documented by AWS at what temperature; we chose the score range / 10, so the best item is e^10 times as
    likely as the worst one and scores do not all round to the same value."""
    if values.size == 0:
        return values
    weights = np.exp(log_likelihood(values))
    return weights / weights.sum()


class ScoreMap(Mapping[str, float]):
    """Item → score over the scored items, rounded on access (no dict of the whole catalog per request)."""

    def __init__(self, index: Mapping[str, int], values: np.ndarray, names: Sequence[str]) -> None:
        self._index, self._values, self._names = index, values, names

    def __getitem__(self, item: str) -> float:
        return round(float(self._values[self._index[item]]), DECIMALS)

    def __contains__(self, item: object) -> bool:
        return item in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class SoftmaxScores(ScoreMap):
    """:func:`softmax` of ``values`` as an item → score map, computed per item on access: a request reads the
    scores of the few items it returns, so only the normalizer sums over the catalog (in float32: a score
    may differ from the float64 softmax by one unit of its sixth decimal)."""

    def __init__(self, index: Mapping[str, int], values: np.ndarray, names: Sequence[str]) -> None:
        super().__init__(index, values, names)
        self._top, self._temperature = _temperature(values) if values.size else (0.0, 1.0)
        self._total: Optional[float] = None

    def __getitem__(self, item: str) -> float:
        if self._total is None:
            scaled = np.subtract(self._values, np.float32(self._top), dtype=np.float32)  # then scaled in place
            scaled *= np.float32(1.0 / self._temperature)
            self._total = float(np.exp(scaled, out=scaled).sum(dtype=np.float64))
        value = math.exp((float(self._values[self._index[item]]) - self._top) / self._temperature)
        return round(value / self._total, DECIMALS)


class Ranked(Sequence[str]):
    """``names`` by descending ``score``, ties by ascending ``tie``; ``excluded`` names left out."""

    def __init__(self, names: Sequence[str], score: np.ndarray, tie: np.ndarray,
                 excluded: Collection[str] = ()) -> None:
        self._names, self._excluded = names, excluded
        # float32 scores (the factorization's) compare as they are: their resolution is coarser than the
        # rounding, which is there for float64 noise.
        keys = np.negative(score) if score.dtype == np.float32 else -np.round(score.astype(np.float64),
                                                                              _TIE_DECIMALS)
        self._score = keys
        self._tie = tie
        self._list: Optional[list[str]] = None

    def _order(self, positions: np.ndarray) -> np.ndarray:
        return positions[np.lexsort((self._tie[positions], self._score[positions]))]

    def __iter__(self) -> Iterator[str]:
        if self._list is not None:
            yield from self._list
            return
        count = self._score.shape[0]
        head_size = HEAD + len(self._excluded)
        if count <= 2 * head_size:
            head, rest = self._order(np.arange(count)), None
        else:
            threshold = np.partition(self._score, head_size)[head_size]
            head = self._order(np.nonzero(self._score <= threshold)[0])
            rest = np.nonzero(self._score > threshold)[0]
        for position in head:
            name = self._names[position]
            if name not in self._excluded:
                yield name
        if rest is not None:
            for position in self._order(rest):
                name = self._names[position]
                if name not in self._excluded:
                    yield name

    def _all(self) -> list[str]:
        if self._list is None:
            self._list = list(iter(self))
        return self._list

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]


class Lazy(Sequence[str]):
    """A sequence read from an iterator as far as a consumer goes (the whole of it only for len/indexing)."""

    def __init__(self, source: Iterator[str]) -> None:
        self._source: Optional[Iterator[str]] = source
        self._seen: list[str] = []

    def __iter__(self) -> Iterator[str]:
        position = 0
        while True:
            if position < len(self._seen):
                yield self._seen[position]
                position += 1
                continue
            if self._source is None:
                return
            item = next(self._source, None)
            if item is None:
                self._source = None
                return
            self._seen.append(item)

    def _all(self) -> list[str]:
        for _ in self:
            pass
        return self._seen

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]


def record_item(record: Mapping[str, Any]) -> str:
    return str(record.get("ITEM_ID"))
