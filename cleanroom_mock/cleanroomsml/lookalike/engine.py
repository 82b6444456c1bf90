"""Lookalike engine behind Clean Rooms ML audience models (pure computation, no AWS plumbing).

AWS does not publish its lookalike algorithm. This module is a small, deterministic stand-in that behaves
the way the documentation describes (see docs/lookalike.md for the long form):

1. Training keeps the interactions inside ``[start_time, end_time]`` (both ends included), checks the
   data-content minimums, then represents every user as a sparse item vector: weight =
   ``(1 + ln count) * idf(item)`` with a smoothed IDF so popular items do not dominate, L2-normalised.
   Vectors are held as parallel numpy arrays (user index int32, item index int32, weight float32).
2. Generation sums the vectors of the seed users found in the training data into a centroid, normalises
   it, and scores every other user by cosine similarity to it (one ``np.bincount`` over the interactions).
   Users are ranked by score, ties broken by user id.
3. Relevance at size N = how much more similar to the seed centroid the top N lookalike users are than the
   average candidate: (mean top-N similarity − mean candidate similarity) / (1 − mean candidate similarity),
   clipped to [0, 1] and forced non-increasing in N — so a random seed scores lower than a real community.
4. Recall = held-out check: the interactions are split into two folds by a hash of (user, item) and the seed
   into two halves (alternate users); the ranking is redone on fold 0 from one half, the "most similar 20 %"
   of the non-seed users is taken from fold 1 and the other half, chance-corrected (similarity to that half
   minus similarity to everyone), and recall is the share of that set inside the top N of the fold-0
   ranking, N = largest size. Without the correction a user's items, split between the folds, make the two
   sides anti-correlated for a population-like seed; with it, a random seed scores about the largest bin
   share, as the ml-metrics page says, and a real community far more.

Only USER_ID, ITEM_ID and TIMESTAMP are used; CATEGORICAL_FEATURE / NUMERICAL_FEATURE columns are accepted
(rows may carry any extra keys) and ignored by this model.

User and item ids are compared as strings (Glue USER_ID may be string/int/bigint, while seed files hold
``{"user_id": "..."}``), so ``1`` and ``"1"`` are the same user.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import Any, NamedTuple, Union

import numpy as np

__all__ = [
    "GeneratedAudience",
    "InteractionColumns",
    "LookalikeError",
    "SeedAudienceError",
    "TrainedLookalikeModel",
    "TrainingDataError",
    "generate_audience",
    "resolve_audience_sizes",
    "train_audience_model",
]

# "Recall is the percentage of the most similar users (by default, the most similar 20%) from a sample of
# the training data" -- https://docs.aws.amazon.com/clean-rooms/latest/userguide/ml-metrics.html
RECALL_TOP_SHARE = 0.2


class LookalikeError(Exception):
    """A data problem that fails the resource asynchronously; becomes ``statusDetails``.

    The status codes are not documented by AWS (API_StatusDetails only says the code is stable and the
    message may change); we chose descriptive upper-case codes so callers can match on them.
    """

    def __init__(self, status_code: str, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


class TrainingDataError(LookalikeError):
    """The training data cannot train an audience model (audience model -> CREATE_FAILED)."""


class SeedAudienceError(LookalikeError):
    """The seed audience cannot be used (audience generation job -> CREATE_FAILED)."""


class InteractionColumns(NamedTuple):
    """Fast path: parallel sequences (lists or numpy arrays), one entry per interaction record."""

    user_ids: Any
    item_ids: Any
    timestamps: Any = None  # only read when a training window is given


TrainingData = Union[Iterable[Mapping[str, Any]], Mapping[str, Sequence[Any]], InteractionColumns]


@dataclass(eq=False)
class TrainedLookalikeModel:
    """User vectors of a trained audience model, as sparse parallel arrays sorted by (user, item)."""

    user_ids: list[str]  # sorted, so user index order == user id order (used for tie-breaks)
    item_ids: list[str]
    record_count: int  # interaction records inside the training window, duplicates included
    entry_users: np.ndarray = field(repr=False)  # int32
    entry_items: np.ndarray = field(repr=False)  # int32
    entry_weights: np.ndarray = field(repr=False)  # float32, each user's vector has unit L2 norm
    entry_folds: np.ndarray = field(repr=False)  # bool, fold of each (user, item) for the recall check

    @cached_property
    def user_index(self) -> dict[str, int]:
        return {user_id: index for index, user_id in enumerate(self.user_ids)}

    @property
    def user_count(self) -> int:
        return len(self.user_ids)

    @property
    def item_count(self) -> int:
        return len(self.item_ids)

    def has_user(self, user_id: Any) -> bool:
        return str(user_id) in self.user_index


@dataclass(eq=False)
class GeneratedAudience:
    """Result of one audience generation job."""

    matching_seed_size: int  # seed users found in the training data
    relevance_metrics: list[tuple[int, float]]  # (audience size, score in [0, 1]), in the sizes' order
    recall_metric: float  # in [0, 1]
    _user_ids: list[str] = field(repr=False)
    _order: np.ndarray = field(repr=False)  # user indices, best first (matching seed first if included)

    @cached_property
    def ranked_user_ids(self) -> list[str]:
        return [self._user_ids[index] for index in self._order.tolist()]

    def segment(self, size: int) -> list[str]:
        """The top ``size`` users of the output (seed users included when the job includes them)."""
        if size < 0:
            raise ValueError("size must be >= 0")
        return [self._user_ids[index] for index in self._order[:size].tolist()]


def resolve_audience_sizes(size_type: str, bins: Iterable[int], user_count: int) -> list[int]:
    """Turn ``audienceSizeConfig`` bins into absolute user counts.

    ``user_count`` should be the distinct users of the training data: the quotas page bounds both kinds of
    bins by "1%-20% of the distinct users in the training data"
    (https://docs.aws.amazon.com/clean-rooms/latest/userguide/clean-rooms-ml-quotas.html).
    """
    if size_type == "ABSOLUTE":
        return [int(size) for size in bins]
    if size_type == "PERCENTAGE":
        # Not documented by AWS; we round down so a segment never exceeds its share, but keep at least 1.
        return [max(1, user_count * int(percent) // 100) for percent in bins]
    raise ValueError(f"unknown audienceSizeType: {size_type!r}")


def train_audience_model(
    data: TrainingData,
    *,
    user_column: str = "user_id",
    item_column: str = "item_id",
    timestamp_column: str = "timestamp",
    start_time: datetime | None = None,
    end_time: datetime | None = None,
    min_users: int,
    min_records: int,
) -> TrainedLookalikeModel:
    """Train on rows (dicts), a column mapping (name -> sequence) or ``InteractionColumns``.

    Raises ``TrainingDataError`` when the window is empty, holds fewer than ``min_records`` records, or
    fewer than ``min_users`` users with at least two interactions. AWS requires 100,000 such users and
    1 million records (https://docs.aws.amazon.com/clean-rooms/latest/userguide/ml-training-data-requirements.html);
    the caller decides which minimums apply.
    """
    users, items, timestamps = _columns(data, user_column, item_column, timestamp_column)
    windowed = start_time is not None or end_time is not None
    users, items, timestamps = _drop_missing(users, items, timestamps if windowed else None)
    if windowed:
        if timestamps is None:
            raise TrainingDataError("INVALID_TRAINING_DATA", "The training data has no TIMESTAMP column.")
        seconds = _epoch_seconds(timestamps)
        # Not documented by AWS; we treat the window as inclusive at both ends.
        keep = np.ones(len(seconds), dtype=bool)
        if start_time is not None:
            keep &= seconds >= int(_as_utc(start_time).timestamp())
        if end_time is not None:
            keep &= seconds <= int(_as_utc(end_time).timestamp())
        if not keep.all():
            users, items = _take(users, keep), _take(items, keep)

    record_count = len(users)
    if record_count == 0:
        raise TrainingDataError(
            "NO_TRAINING_DATA", "The training data has no interactions in the training window."
        )
    if record_count < min_records:
        raise TrainingDataError(
            "INSUFFICIENT_TRAINING_RECORDS",
            f"The training data must contain at least {min_records} records; found {record_count}.",
        )
    user_codes, user_ids = _factorize(users)
    item_codes, item_ids = _factorize(items)
    records_per_user = np.bincount(user_codes, minlength=len(user_ids))
    active_users = int(np.count_nonzero(records_per_user >= 2))
    if active_users < min_users:
        raise TrainingDataError(
            "INSUFFICIENT_TRAINING_USERS",
            f"The training data must contain at least {min_users} unique users with at least 2 item "
            f"interactions each; found {active_users}.",
        )
    return _build_model(user_codes, item_codes, user_ids, item_ids, record_count)


def generate_audience(
    model: TrainedLookalikeModel,
    seed_user_ids: Iterable[Any],
    *,
    audience_sizes: Sequence[int],
    min_matching_seed_size: int,
    include_seed: bool = False,
) -> GeneratedAudience:
    """Rank the training users by similarity to the seed and compute the quality metrics.

    Raises ``SeedAudienceError("INSUFFICIENT_MATCHING_SEED_USERS", ...)`` when fewer than
    ``min_matching_seed_size`` (at least 1) distinct seed ids appear in the training data
    (https://docs.aws.amazon.com/cleanrooms-ml/latest/APIReference/API_CreateConfiguredAudienceModel.html).
    """
    index = model.user_index
    seed = np.array(sorted({index[s] for s in map(str, seed_user_ids) if s in index}), dtype=np.int64)
    required = max(1, min_matching_seed_size)
    if len(seed) < required:
        # Not documented by AWS (the status codes are not listed); this is our stable code.
        raise SeedAudienceError(
            "INSUFFICIENT_MATCHING_SEED_USERS",
            f"The seed audience must contain at least {required} users present in the training data; "
            f"found {len(seed)}.",
        )
    is_seed = np.zeros(model.user_count, dtype=bool)
    is_seed[seed] = True
    candidates = np.flatnonzero(~is_seed)

    scores = _seed_similarity(model, is_seed)
    lookalikes = _rank(scores, candidates)
    # API_GetAudienceGenerationJob: with includeSeedInOutput the seed users come first in the output.
    order = np.concatenate([_rank(scores, seed), lookalikes]) if include_seed else lookalikes

    return GeneratedAudience(
        matching_seed_size=len(seed),
        relevance_metrics=_relevance(scores[lookalikes], float(scores[lookalikes].mean()) if len(lookalikes) else 0.0,
                                     audience_sizes),
        recall_metric=_recall(model, is_seed, candidates, max(audience_sizes, default=0)),
        _user_ids=model.user_ids,
        _order=order,
    )


# --- training helpers -------------------------------------------------------------------------------------


def _columns(data: TrainingData, user_column: str, item_column: str, timestamp_column: str) -> tuple:
    if isinstance(data, InteractionColumns):
        return data.user_ids, data.item_ids, data.timestamps
    if isinstance(data, Mapping):
        missing = [c for c in (user_column, item_column, timestamp_column) if c not in data]
        if missing:
            raise TrainingDataError(
                "INVALID_TRAINING_DATA", f"Training data has no column(s): {', '.join(missing)}."
            )
        return data[user_column], data[item_column], data[timestamp_column]
    users, items, timestamps = [], [], []
    for row in data:
        users.append(row.get(user_column))
        items.append(row.get(item_column))
        timestamps.append(row.get(timestamp_column))
    return users, items, timestamps


def _drop_missing(users: Any, items: Any, timestamps: Any) -> tuple:
    """Drop records with a null id (or null timestamp when a window applies).

    Not documented by AWS; we skip such records because they cannot be matched with a seed or a window.
    """
    columns = [c for c in (users, items, timestamps) if c is not None and not _is_numeric_array(c)]
    if not columns:
        return users, items, timestamps
    keep = np.ones(len(users), dtype=bool)
    for column in columns:
        keep &= np.fromiter((value is not None for value in column), dtype=bool, count=len(column))
    if keep.all():
        return users, items, timestamps
    return _take(users, keep), _take(items, keep), None if timestamps is None else _take(timestamps, keep)


def _is_numeric_array(values: Any) -> bool:
    return isinstance(values, np.ndarray) and values.dtype.kind in "iufM"


def _take(values: Any, keep: np.ndarray) -> Any:
    if isinstance(values, np.ndarray):
        return values[keep]
    return [value for value, kept in zip(values, keep.tolist()) if kept]


def _as_utc(moment: datetime) -> datetime:
    # Naive datetimes are taken as UTC, like AWS timestamps on the wire.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _epoch_seconds(values: Any) -> np.ndarray:
    """TIMESTAMP column -> int64 Unix epoch seconds (ml-training-data-requirements: bigint/int/timestamp)."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "M":
            return values.astype("datetime64[s]").astype(np.int64)
        if values.dtype.kind in "iuf":
            return values.astype(np.int64)
        values = values.tolist()
    return np.fromiter((_to_epoch(value) for value in values), dtype=np.int64, count=len(values))


def _to_epoch(value: Any) -> int:
    if isinstance(value, datetime):
        return int(_as_utc(value).timestamp())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(float(text))
        except ValueError:
            pass
        try:  # Glue `timestamp` values read as text, e.g. "2024-05-01 12:00:00" or ISO 8601 with "Z"
            return int(_as_utc(datetime.fromisoformat(text.replace("Z", "+00:00"))).timestamp())
        except ValueError:
            pass
    raise TrainingDataError("INVALID_TRAINING_DATA", f"Unsupported TIMESTAMP value: {value!r}.")


def _factorize(values: Any) -> tuple[np.ndarray, list[str]]:
    """Codes (int32) and distinct ids as strings, numbered in sorted string order."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        distinct, codes = np.unique(values, return_inverse=True)
        labels = [str(value) for value in distinct.tolist()]
    else:
        if isinstance(values, np.ndarray):
            values = values.tolist()
        seen: dict[Any, int] = {}
        codes = np.fromiter(
            (seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values)
        )
        labels = [str(value) for value in seen]
    # Sorting by string makes tie-breaks follow the id and merges values with the same text (1 and "1").
    ids = sorted(set(labels))
    position = {label: i for i, label in enumerate(ids)}
    relabel = np.fromiter((position[label] for label in labels), dtype=np.int32, count=len(labels))
    return relabel[codes.reshape(-1)], ids


def _build_model(
    user_codes: np.ndarray,
    item_codes: np.ndarray,
    user_ids: list[str],
    item_ids: list[str],
    record_count: int,
) -> TrainedLookalikeModel:
    n_users, n_items = len(user_ids), len(item_ids)
    # One entry per distinct (user, item); repeats raise the weight sub-linearly.
    pairs, counts = np.unique(user_codes.astype(np.int64) * n_items + item_codes, return_counts=True)
    entry_users = (pairs // n_items).astype(np.int32)
    entry_items = (pairs % n_items).astype(np.int32)
    # Smoothed IDF (always > 0): an item everybody touched says little about who is alike.
    document_frequency = np.bincount(entry_items, minlength=n_items)
    idf = np.log((1.0 + n_users) / (1.0 + document_frequency)) + 1.0
    weights = (1.0 + np.log(counts)) * idf[entry_items]
    norms = np.sqrt(np.bincount(entry_users, weights=weights * weights, minlength=n_users))
    weights /= norms[entry_users]
    return TrainedLookalikeModel(
        user_ids=user_ids,
        item_ids=item_ids,
        record_count=record_count,
        entry_users=entry_users,
        entry_items=entry_items,
        entry_weights=weights.astype(np.float32),
        entry_folds=_folds(entry_users, entry_items),
    )


def _folds(users: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Deterministic 50/50 split of (user, item) pairs from a multiplicative hash (uint64 wraps silently)."""
    mixed = users.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + items.astype(np.uint64) * np.uint64(
        0xC2B2AE3D27D4EB4F
    )
    return ((mixed >> np.uint64(40)) & np.uint64(1)).astype(bool)


# --- generation helpers -----------------------------------------------------------------------------------


def _seed_similarity(
    model: TrainedLookalikeModel, is_seed: np.ndarray, fold: bool | None = None
) -> np.ndarray:
    """Cosine similarity (float64, in [0, 1]) of every user to the normalised seed centroid.

    With ``fold`` set, only that fold's interactions are used, for both the centroid and the users.
    """
    users, items, weights = model.entry_users, model.entry_items, model.entry_weights.astype(np.float64)
    if fold is not None:
        in_fold = model.entry_folds == fold
        users, items, weights = users[in_fold], items[in_fold], weights[in_fold]
    from_seed = is_seed[users]
    centroid = np.bincount(items[from_seed], weights=weights[from_seed], minlength=model.item_count)
    length = math.sqrt(float(centroid @ centroid))
    if length == 0.0:
        return np.zeros(model.user_count)
    dots = np.bincount(users, weights=weights * centroid[items], minlength=model.user_count) / length
    norms = np.sqrt(np.bincount(users, weights=weights * weights, minlength=model.user_count))
    similarity = np.divide(dots, norms, out=np.zeros(model.user_count), where=norms > 0)
    return np.clip(similarity, 0.0, 1.0)


def _rank(scores: np.ndarray, users: np.ndarray) -> np.ndarray:
    """``users`` (ascending index = ascending id) by descending score; the stable sort breaks ties by id."""
    return users[np.argsort(-scores[users], kind="stable")]


def _relevance(
    ranked_scores: np.ndarray, chance: float, sizes: Sequence[int]
) -> list[tuple[int, float]]:
    """How much more similar to the seed the top N lookalikes are than a random segment: (mean similarity of
    the top N − the mean over all candidates, ``chance``) ÷ (1 − chance), in [0, 1], non-increasing in N.

    ml-metrics: a higher score means a segment more similar to the seed, 0 no better than random. A seed
    drawn at random has a centroid like the whole population's, so its best lookalikes are barely closer to it
    than anyone; a real community's are far closer. The user guide gives -1..1 (ml-metrics) but
    API_RelevanceMetric bounds the score to 0..10; [0, 1] satisfies both. Seed users are excluded so the
    score does not depend on includeSeedInOutput.
    """
    cumulative = np.cumsum(ranked_scores)
    raw = {}
    for size in sorted(set(sizes)):
        top = min(size, len(ranked_scores))
        mean = cumulative[top - 1] / top if top > 0 else 0.0
        raw[size] = min(1.0, max(0.0, (mean - chance) / (1.0 - chance))) if chance < 1.0 else 0.0
    # Floating-point rounding must not make a larger segment look better than a smaller one.
    best_so_far = 1.0
    for size in raw:
        best_so_far = raw[size] = min(best_so_far, raw[size])
    return [(size, float(raw[size])) for size in sizes]


def _recall(model: TrainedLookalikeModel, is_seed: np.ndarray, candidates: np.ndarray, size: int) -> float:
    """Share of the held-out "most similar 20 %" of non-seed users that a fold-0 segment of ``size`` captures.

    Not documented by AWS beyond ml-metrics' definition; we use all non-seed training users as the sample
    (cheap here) and the (user, item) folds so the truth set is not computed from the ranking's own data.
    """
    if len(candidates) == 0 or size <= 0:
        return 0.0
    # The seed is halved (alternate users in ID order): one half ranks on fold 0, the other defines the truth
    # on fold 1, so neither a user's item split nor the seed sample's own quirks are shared between the two.
    seed_users = np.flatnonzero(is_seed)
    ranking_seed, truth_seed = np.zeros_like(is_seed), np.zeros_like(is_seed)
    ranking_seed[seed_users[0::2]] = True
    truth_seed[seed_users[1::2]] = True
    if not truth_seed.any():
        truth_seed = ranking_seed
    everyone = np.ones_like(is_seed)
    truth_scores = _seed_similarity(model, truth_seed, fold=True) - _seed_similarity(model, everyone, fold=True)
    truth_ranked = _rank(truth_scores, candidates)
    # Users with no held-out overlap with the seed are not "similar", whatever their rank.
    wanted = min(
        math.ceil(RECALL_TOP_SHARE * len(candidates)), int(np.count_nonzero(truth_scores[candidates] > 0))
    )
    if wanted == 0:
        return 0.0
    segment = _rank(_seed_similarity(model, ranking_seed, fold=False), candidates)[:size]
    captured = np.count_nonzero(np.isin(truth_ranked[:wanted], segment, assume_unique=True))
    return captured / wanted
