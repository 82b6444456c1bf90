"""Behaviour of the lookalike engine on small data sets whose right answer is known."""

from __future__ import annotations

import random
from datetime import datetime, timezone

import numpy as np
import pytest

from cleanroom_mock.cleanroomsml.lookalike.engine import (
    InteractionColumns,
    SeedAudienceError,
    TrainedLookalikeModel,
    TrainingDataError,
    generate_audience,
    resolve_audience_sizes,
    train_audience_model,
)

T0 = 1_700_000_000  # 2023-11-14T22:13:20Z


def two_communities(per_community: int = 30) -> list[dict]:
    """Users a* only touch items A*, users b* only items B*; 3-5 interactions each."""
    rows = []
    for prefix in ("a", "b"):
        for user in range(per_community):
            for step in range(3 + user % 3):
                item = f"{prefix.upper()}{(user + 2 * step) % 10}"
                rows.append({"user_id": f"{prefix}{user:02d}", "item_id": item, "timestamp": T0 + step})
    return rows


def train(rows, **overrides):
    options = {"min_users": 1, "min_records": 1, **overrides}
    return train_audience_model(rows, **options)


SEED_A = [f"a{user:02d}" for user in range(10)]


def test_community_members_rank_above_outsiders():
    model = train(two_communities())
    audience = generate_audience(model, SEED_A, audience_sizes=[20], min_matching_seed_size=10)

    ranked = audience.ranked_user_ids
    assert len(ranked) == 50  # every non-seed training user, seed excluded by default
    assert not set(SEED_A) & set(ranked)
    assert {user[0] for user in ranked[:20]} == {"a"}
    assert {user[0] for user in ranked[20:]} == {"b"}
    assert audience.segment(20) == ranked[:20]
    assert audience.matching_seed_size == 10


def test_include_seed_puts_matching_seed_users_first():
    model = train(two_communities())
    seed = [*SEED_A, "unknown-user", "a00"]  # unknown ids and duplicates do not count
    audience = generate_audience(
        model, seed, audience_sizes=[5], min_matching_seed_size=10, include_seed=True
    )

    ranked = audience.ranked_user_ids
    assert len(ranked) == 60
    assert set(ranked[:10]) == set(SEED_A)
    assert "unknown-user" not in ranked
    assert {user[0] for user in ranked[10:30]} == {"a"}


def test_too_few_matching_seed_users_fails():
    model = train(two_communities())
    with pytest.raises(SeedAudienceError) as failure:
        generate_audience(model, [*SEED_A[:4], "x1", "x2"], audience_sizes=[5], min_matching_seed_size=5)
    assert failure.value.status_code == "INSUFFICIENT_MATCHING_SEED_USERS"
    assert "found 4" in failure.value.message


def test_no_matching_seed_fails_even_with_zero_minimum():
    model = train(two_communities())
    with pytest.raises(SeedAudienceError):
        generate_audience(model, ["nobody"], audience_sizes=[5], min_matching_seed_size=0)


def test_training_window_keeps_only_interactions_inside_it():
    rows = [
        {"user_id": "early", "item_id": "i1", "timestamp": T0 - 100},
        {"user_id": "both", "item_id": "i1", "timestamp": datetime.fromtimestamp(T0, timezone.utc)},
        {"user_id": "both", "item_id": "i2", "timestamp": "2023-11-14T22:13:30Z"},  # T0 + 10
        {"user_id": "late", "item_id": "i3", "timestamp": str(T0 + 20)},
    ]
    start = datetime.fromtimestamp(T0, timezone.utc)
    end = datetime.fromtimestamp(T0 + 10, timezone.utc).replace(tzinfo=None)  # naive means UTC

    model = train(rows, start_time=start, end_time=end)

    assert (model.record_count, model.user_count, model.item_count) == (2, 1, 2)
    assert model.has_user("both")
    assert not model.has_user("early") and not model.has_user("late")


def test_window_on_numpy_timestamps():
    seconds = np.array([T0, T0 + 1, T0 + 5, T0 + 6])
    columns = InteractionColumns(np.array(["u1", "u1", "u2", "u2"]), np.array(["i", "j", "i", "j"]), seconds)
    cutoff = datetime.fromtimestamp(T0 + 3, timezone.utc)
    assert train(columns, end_time=cutoff).user_ids == ["u1"]
    as_datetimes = columns._replace(timestamps=seconds.astype("datetime64[s]"))
    assert train(as_datetimes, start_time=cutoff).user_ids == ["u2"]
    with pytest.raises(TrainingDataError):
        train(columns._replace(timestamps=None), start_time=cutoff)


def test_empty_window_fails():
    later = datetime.fromtimestamp(T0 + 1000, timezone.utc)
    with pytest.raises(TrainingDataError) as failure:
        train(two_communities(), start_time=later)
    assert failure.value.status_code == "NO_TRAINING_DATA"


def test_minimum_records_and_users():
    rows = two_communities()  # 60 users, each with >= 3 records
    with pytest.raises(TrainingDataError) as failure:
        train(rows, min_records=len(rows) + 1)
    assert failure.value.status_code == "INSUFFICIENT_TRAINING_RECORDS"

    # A user with a single interaction does not count towards the user minimum.
    rows.append({"user_id": "single", "item_id": "A1", "timestamp": T0})
    with pytest.raises(TrainingDataError) as failure:
        train(rows, min_users=61)
    assert failure.value.status_code == "INSUFFICIENT_TRAINING_USERS"
    assert "found 60" in failure.value.message
    assert train(rows, min_users=60).user_count == 61


def test_unparseable_timestamp_fails_when_a_window_applies():
    rows = [{"user_id": "u", "item_id": "i", "timestamp": "yesterday"}]
    with pytest.raises(TrainingDataError) as failure:
        train(rows, end_time=datetime(2030, 1, 1))
    assert failure.value.status_code == "INVALID_TRAINING_DATA"


def test_rows_columns_and_arrays_give_the_same_model():
    rows = two_communities()
    mapping = {key: [row[key] for row in rows] for key in ("user_id", "item_id", "timestamp")}
    arrays = InteractionColumns(
        np.array(mapping["user_id"]), np.array(mapping["item_id"]), np.array(mapping["timestamp"])
    )
    models = [train(rows), train(mapping), train(arrays)]
    for model in models[1:]:
        assert model.user_ids == models[0].user_ids
        assert np.array_equal(model.entry_weights, models[0].entry_weights)


def test_ids_are_compared_as_strings():
    columns = InteractionColumns(np.array([1, 1, 2, 2, 10, 10]), np.array([7, 8, 7, 8, 9, 9]), None)
    model = train(columns)
    assert model.user_ids == ["1", "10", "2"]
    assert model.has_user(1) and model.has_user("10")
    audience = generate_audience(model, ["1"], audience_sizes=[1], min_matching_seed_size=1)
    assert audience.ranked_user_ids == ["2", "10"]


def test_records_with_missing_ids_are_dropped():
    rows = [*two_communities(), {"user_id": None, "item_id": "A1", "timestamp": T0}, {"item_id": "B1"}]
    assert train(rows).record_count == len(two_communities())


def test_popular_items_do_not_dominate():
    # Most users have "pop"; only the seed and "rare-fan" share "rare". Without IDF the two fans would tie.
    rows = [
        {"user_id": f"s{n}", "item_id": item, "timestamp": T0} for n in range(3) for item in ("pop", "rare")
    ]
    rows += [{"user_id": f"filler{n}", "item_id": "pop", "timestamp": T0} for n in range(5)]
    rows += [
        {"user_id": "pop-fan", "item_id": "pop", "timestamp": T0},
        {"user_id": "pop-fan", "item_id": "x", "timestamp": T0},
        {"user_id": "rare-fan", "item_id": "rare", "timestamp": T0},
        {"user_id": "rare-fan", "item_id": "y", "timestamp": T0},
    ]
    audience = generate_audience(
        train(rows), ["s0", "s1", "s2"], audience_sizes=[1], min_matching_seed_size=3
    )
    ranked = audience.ranked_user_ids
    assert ranked.index("rare-fan") < ranked.index("pop-fan")


def test_generation_is_deterministic_and_independent_of_row_order():
    rows = two_communities()
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    results = []
    for data in (rows, rows, shuffled):
        audience = generate_audience(
            train(data), SEED_A, audience_sizes=[5, 20, 40], min_matching_seed_size=10
        )
        results.append((audience.ranked_user_ids, audience.relevance_metrics, audience.recall_metric))
    assert results[0] == results[1] == results[2]


def test_ties_are_broken_by_user_id():
    # b-users share nothing with the seed: all score 0 and must come in id order.
    audience = generate_audience(
        train(two_communities()), SEED_A, audience_sizes=[5], min_matching_seed_size=1
    )
    tail = audience.ranked_user_ids[20:]
    assert tail == sorted(tail)


def test_relevance_is_in_unit_range_and_non_increasing():
    model = train(two_communities())
    sizes = [40, 5, 20, 10, 50]  # any order; results follow it
    audience = generate_audience(model, SEED_A, audience_sizes=sizes, min_matching_seed_size=10)

    assert [size for size, _ in audience.relevance_metrics] == sizes
    by_size = sorted(audience.relevance_metrics)
    scores = [score for _, score in by_size]
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert scores[-1] < scores[0]  # outsiders (b-users) in the big segments lower the score


def test_recall_is_high_for_a_good_ranking_and_near_the_bin_share_for_noise():
    community = generate_audience(
        train(two_communities()), SEED_A, audience_sizes=[20], min_matching_seed_size=10
    )
    assert community.recall_metric == pytest.approx(1.0)

    rng = np.random.default_rng(3)
    users = np.repeat(np.arange(3000), 8)
    items = rng.integers(0, 300, len(users))
    model = train(InteractionColumns(users, items, None))
    size = resolve_audience_sizes("PERCENTAGE", [20], model.user_count)[0]
    noise = generate_audience(
        model, [str(u) for u in range(100)], audience_sizes=[size], min_matching_seed_size=25
    )
    # ml-metrics: recall ~ the largest bin percentage means no better than random.
    assert 0.1 < noise.recall_metric < 0.3


def test_resolve_audience_sizes():
    assert resolve_audience_sizes("ABSOLUTE", [1000, 5000], 100_000) == [1000, 5000]
    assert resolve_audience_sizes("PERCENTAGE", [1, 5, 20], 100_000) == [1000, 5000, 20000]
    assert resolve_audience_sizes("PERCENTAGE", [1, 15], 150) == [1, 22]  # rounded down, at least 1
    with pytest.raises(ValueError):
        resolve_audience_sizes("RELATIVE", [1], 100)


def test_segment_sizes():
    audience = generate_audience(
        train(two_communities()), SEED_A, audience_sizes=[5], min_matching_seed_size=1
    )
    assert len(audience.segment(0)) == 0
    assert len(audience.segment(10_000)) == 50
    with pytest.raises(ValueError):
        audience.segment(-1)


def _skewed_communities(rng: np.random.Generator) -> TrainedLookalikeModel:
    """2,000 users in 5 communities of 60 items (80 % inside), Zipf popularity, 2-29 interactions each."""
    popularity = 1 / np.arange(1, 61) ** 0.9
    popularity /= popularity.sum()
    users, items = [], []
    for user in range(2000):
        for _ in range(int(rng.integers(2, 30))):
            users.append(user)
            inside = rng.random() < 0.8
            items.append((user % 5) * 60 + int(rng.choice(60, p=popularity)) if inside else int(rng.integers(300)))
    return train(InteractionColumns(np.array(users), np.array(items), None))


def test_recall_of_random_seeds_is_about_the_largest_bin_share():
    # ml-metrics: "A recall value approximately equal to the maximum bin percentage indicates that the
    # audience model is equivalent to random selection."
    rng = np.random.default_rng(5)
    model = _skewed_communities(rng)
    sizes = resolve_audience_sizes("PERCENTAGE", [5, 10, 20], model.user_count)
    recalls = [generate_audience(model, [str(u) for u in rng.choice(2000, 100, replace=False)],
                                 audience_sizes=sizes, min_matching_seed_size=25).recall_metric for _ in range(6)]
    assert abs(float(np.mean(recalls)) - 0.20) < 0.06
    community = generate_audience(model, [str(u) for u in range(0, 500, 5)], audience_sizes=sizes,
                                  min_matching_seed_size=25)
    assert community.recall_metric > 0.8


def test_relevance_is_lower_for_a_random_seed_than_for_a_community_at_every_size():
    # ml-metrics: relevance measures how much more similar the segment is to the seed than chance.
    rng = np.random.default_rng(5)
    model = _skewed_communities(rng)
    sizes = resolve_audience_sizes("PERCENTAGE", [5, 10, 20], model.user_count)
    community = generate_audience(model, [str(u) for u in range(0, 500, 5)], audience_sizes=sizes,
                                  min_matching_seed_size=25)
    noise = generate_audience(model, [str(u) for u in rng.choice(2000, 100, replace=False)], audience_sizes=sizes,
                              min_matching_seed_size=25)
    for (size, real), (_, random_score) in zip(community.relevance_metrics, noise.relevance_metrics):
        assert random_score < real, size
    assert max(score for _, score in noise.relevance_metrics) < 0.5  # no longer saturated at 1.0
