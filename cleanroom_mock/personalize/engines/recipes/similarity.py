"""SIMS, Similar-Items and Semantic-Similarity (RELATED_ITEMS), and the domain "Frequently bought together",
"Customers who viewed X also viewed", "Because you watched X" (SIMS-like) and "More like X" (Similar-Items-like).

- SIMS (https://docs.aws.amazon.com/personalize/latest/dg/native-recipe-sims.html): item-to-item collaborative
  filtering on co-occurrence in user histories. ``min_cointeraction_count`` (default 3): a pair counts only if
  at least that many users interacted with both; ``popularity_discount_factor`` (default 0.5) balances
  popularity (0: the most popular items) against co-interaction (1: co-interacted items whatever their
  popularity). Not documented by AWS how; we chose score(a→b) = co(a,b)^pdf · users(b)^(1−pdf). An unknown
  item, or one without enough co-interactions, gets popular items (documented).
- Similar-Items (https://docs.aws.amazon.com/personalize/latest/dg/native-recipe-similar-items.html):
  co-occurrence plus item metadata (categorical and textual fields), so a cold item (fewer than five
  interactions, as the page defines it) still has neighbours. We chose β·cosine(co-occurrence) +
  (1 − β)·cosine(metadata) with β = ½·min(1, interactions of the item / 5): the colder the item, the more
  metadata decides. Metadata are TF-IDF vectors of categorical values (``COLUMN=value``, ``|`` splits
  multi-values) and of the words of text fields (a string of four words or more is text).
- Semantic-Similarity (https://docs.aws.amazon.com/personalize/latest/dg/native-recipe-semantic-similarity.html):
  similarity of the items' text, not interactions. AWS embeds text with a language model; ours is the cosine
  of TF-IDF word vectors over every string field — local, nothing is downloaded.

AWS returns no scores for SIMS and Similar-Items (how-recommendation-scoring-works); Semantic-Similarity's
are the cosine similarities. All three change only with a new solution version.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Answer, Query, Ranked, ScoreMap
from .matrix import Matrix, hyperparameter, within_percentiles

COLD_INTERACTIONS = 5  # native-recipe-similar-items: a cold item has fewer than five interactions
_NOT_METADATA = {"ITEM_ID", "CREATION_TIMESTAMP"}
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset("a an and are as at be by for from has in is it its of on or that the to with".split())
_TEXT_WORDS = 4


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in _STOPWORDS]


def _features(record: Mapping[str, Any], text_only: bool) -> list[str]:
    features: list[str] = []
    for column in sorted(record):
        value = record[column]
        if column.upper() in _NOT_METADATA or not isinstance(value, str) or not value:
            continue
        words = _words(value)
        if text_only or len(words) >= _TEXT_WORDS:
            features.extend(f"word:{word}" for word in words)
        else:
            features.extend(f"{column.upper()}={part.strip().lower()}" for part in value.split("|") if part.strip())
    return features


def metadata_matrix(items: Sequence[str], records: Mapping[str, Mapping[str, Any]], text_only: bool) -> Any:
    """items × features TF-IDF (1 + log tf, smooth idf), rows L2-normalized; scipy CSR."""
    from scipy import sparse

    per_item = [_features(records.get(item) or {}, text_only) for item in items]
    vocabulary = {name: index for index, name in enumerate(sorted({f for fs in per_item for f in fs}))}
    rows, columns, counts = [], [], []
    for row, features in enumerate(per_item):
        for name, count in sorted(_count(features).items()):
            rows.append(row)
            columns.append(vocabulary[name])
            counts.append(1.0 + math.log(count))
    tf = sparse.csr_matrix((counts, (rows, columns)), shape=(len(items), max(1, len(vocabulary))))
    df = np.bincount(np.asarray(columns, dtype=np.int64), minlength=tf.shape[1])
    idf = np.log((1.0 + len(items)) / (1.0 + df)) + 1.0
    weighted = (tf @ sparse.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ weighted).tocsr()


def _count(features: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feature in features:
        counts[feature] = counts.get(feature, 0) + 1
    return counts


@dataclass
class CoOccurrence:
    """Who interacted with what (binary), by user rows and by item columns, and each item's unique users."""

    items: list[str]
    item_of: dict[str, int]
    by_user: Any  # users × items CSR
    by_item: Any  # same, CSC
    users_per_item: np.ndarray
    popularity_rank: np.ndarray

    def together(self, index: int) -> np.ndarray:
        """co(a, ·): for each item, the users who interacted with both it and item ``index``."""
        users = self.by_item.indices[self.by_item.indptr[index]:self.by_item.indptr[index + 1]]
        counts = np.asarray(self.by_user[users].sum(axis=0)).ravel()
        counts[index] = 0
        return counts

    def popular(self, excluded: set[str]) -> Answer:
        return Answer({}, Ranked(self.items, self.users_per_item.astype(np.float64), self.popularity_rank, excluded))


def co_occurrence(matrix: Matrix) -> CoOccurrence:
    binary = matrix.binary()
    return CoOccurrence(matrix.items, matrix.item_of, binary, binary.tocsc(), matrix.unique_users(),
                        matrix.popularity_rank())


@dataclass
class Sims:
    data: CoOccurrence
    discount: float
    min_cointeractions: int

    def recommend(self, query: Query, excluded: set[str]) -> Answer:
        index = self.data.item_of.get(query.item_id or "")
        if index is None:
            return self.data.popular(excluded)
        together = self.data.together(index)
        related = together >= max(self.min_cointeractions, 1)
        if not related.any():
            return self.data.popular(excluded)
        score = np.where(related, np.power(together, self.discount) * np.power(
            self.data.users_per_item.astype(np.float64), 1.0 - self.discount), 0.0)
        key = np.where(related, 1.0 + score / score.max(), 0.0)
        key[index] = -1.0
        personal = {self.data.items[i] for i in np.nonzero(related)[0]}
        return Answer({}, Ranked(self.data.items, key, self.data.popularity_rank, excluded), personal)


@dataclass
class SimilarItems:
    data: CoOccurrence
    metadata: Any  # items × features

    def recommend(self, query: Query, excluded: set[str]) -> Answer:
        index = self.data.item_of.get(query.item_id or "")
        if index is None:
            return self.data.popular(excluded)
        together = self.data.together(index).astype(np.float64)
        users = self.data.users_per_item.astype(np.float64)
        cosine = together / np.sqrt(np.maximum(users * max(users[index], 1.0), 1.0))
        metadata = np.asarray((self.metadata @ self.metadata[index].T).todense()).ravel()
        blend = 0.5 * min(1.0, users[index] / COLD_INTERACTIONS)
        score = blend * cosine + (1.0 - blend) * metadata
        score[index] = -1.0
        personal = {self.data.items[i] for i in np.nonzero(score > 0)[0]}
        return Answer({}, Ranked(self.data.items, score, self.data.popularity_rank, excluded), personal)


@dataclass
class SemanticSimilarity:
    items: list[str]
    item_of: dict[str, int]
    text: Any  # items × words
    fallback: CoOccurrence

    def recommend(self, query: Query, excluded: set[str]) -> Answer:
        index = self.item_of.get(query.item_id or "")
        if index is None or self.text[index].nnz == 0:
            return self.fallback.popular(excluded)
        score = np.asarray((self.text @ self.text[index].T).todense()).ravel()
        score[index] = -1.0
        related = np.nonzero(score > 0)[0]
        names = [self.items[i] for i in related]
        values = np.clip(score[related], 0.0, 1.0)
        index_of = {name: position for position, name in enumerate(names)}
        return Answer(ScoreMap(index_of, values, names), Ranked(names, values, related, excluded), set(names))


def train_sims(matrix: Matrix, config: Mapping[str, Any]) -> Sims:
    """SIMS on ``matrix`` with the solution's hyperparameters. The four featurization percentiles
    (native-recipe-sims; defaults 0.005 / 0.995 of user history lengths, 0.01 / 0.9 of item interaction
    counts) decide which users and items the co-occurrence is counted over: an item left out (by default the
    tenth of items with the most interactions) has no related items and gets the popular-items fallback,
    which still ranks every item."""
    users_kept = within_percentiles(np.bincount(matrix.user, minlength=len(matrix.users)),
                                    hyperparameter(config, "min_user_history_length_percentile", 0.005),
                                    hyperparameter(config, "max_user_history_length_percentile", 0.995))
    items_kept = within_percentiles(np.bincount(matrix.item, minlength=len(matrix.items)),
                                    hyperparameter(config, "min_item_interaction_count_percentile", 0.01),
                                    hyperparameter(config, "max_item_interaction_count_percentile", 0.9))
    binary = matrix.subset(users_kept[matrix.user] & items_kept[matrix.item]).binary()
    data = CoOccurrence(matrix.items, matrix.item_of, binary, binary.tocsc(), matrix.unique_users(),
                        matrix.popularity_rank())
    discount = hyperparameter(config, "popularity_discount_factor", 0.5)
    return Sims(data, min(1.0, max(0.0, discount)), hyperparameter(config, "min_cointeraction_count", 3))


def train_similar_items(matrix: Matrix, records: Mapping[str, Mapping[str, Any]]) -> SimilarItems:
    return SimilarItems(co_occurrence(matrix), metadata_matrix(matrix.items, records, text_only=False))


def train_semantic(matrix: Matrix, records: Mapping[str, Mapping[str, Any]]) -> SemanticSimilarity:
    return SemanticSimilarity(matrix.items, matrix.item_of, metadata_matrix(matrix.items, records, text_only=True),
                              co_occurrence(matrix))
