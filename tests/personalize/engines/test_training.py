"""The training engine on hand-made interactions: selection, minimums, model, metrics."""

from __future__ import annotations

import hashlib
import math

import pytest

from cleanroom_mock.personalize.engines import training as engine


def _rows(*triples: tuple[str, str, int], event_type: str = "click", value: float | None = None) -> list[dict]:
    return [{"USER_ID": u, "ITEM_ID": i, "TIMESTAMP": t, "EVENT_TYPE": event_type, "EVENT_VALUE": value}
            for u, i, t in triples]


def test_read_interactions_accepts_any_column_case_and_skips_incomplete_rows() -> None:
    rows = [{"user_id": "u1", "item_id": "i1", "timestamp": "5"}, {"USER_ID": "u2", "ITEM_ID": ""}]
    (only,) = engine.read_interactions(rows)
    assert (only.user_id, only.item_id, only.timestamp) == ("u1", "i1", 5.0)
    assert only.event_type is None and only.event_value is None


def test_selection_by_event_type_threshold_and_events_config() -> None:
    rows = _rows(("u", "a", 1), value=1.0) + _rows(("u", "b", 2), event_type="buy", value=5.0)
    interactions = engine.read_interactions(rows)
    assert [i.item_id for i, _ in engine.select_for_training(interactions, "buy", {})] == ["b"]
    assert [i.item_id for i, _ in engine.select_for_training(interactions, None, {"eventValueThreshold": "2"})] == ["b"]
    config = {"eventsConfig": {"eventParametersList": [
        {"eventType": "click", "weight": 0.25}, {"eventType": "buy", "eventValueThreshold": 6.0, "weight": 1.0}]}}
    selected = engine.select_for_training(interactions, None, config)
    assert [(i.item_id, w) for i, w in selected] == [("a", 0.25)]
    assert [w for _, w in engine.select_for_training(interactions, None, {})] == [1.0, 1.0]


def test_minimums_and_their_messages() -> None:
    few = engine.select_for_training(engine.read_interactions(_rows(("u1", "a", 1), ("u1", "b", 2))), None, {})
    assert engine.check_minimums(few, 3, 1, None) == "Create failed. Dataset has fewer than 3 interactions."
    assert engine.check_minimums(few, 3, 1, "buy").endswith("after filtering by event type: buy")
    assert engine.check_minimums(few, 2, 2, None) == (
        "Create failed. Dataset has fewer than 2 users with at least 2 interactions each.")
    assert engine.check_minimums(few, 2, 1, None) is None
    # one user with two interactions among 101 users is below the 1 % rule
    rows = _rows(("u0", "a", 1), ("u0", "b", 2), *[(f"x{n}", "a", n + 3) for n in range(100)])
    spread = engine.select_for_training(engine.read_interactions(rows), None, {})
    assert "1%" in engine.check_minimums(spread, 2, 1, None)


def test_train_keeps_popularity_history_and_recency() -> None:
    rows = _rows(("u1", "b", 30), ("u1", "a", 10), ("u2", "a", 20))
    model = engine.train("recipe", engine.select_for_training(engine.read_interactions(rows), None, {}))
    assert model.popularity_order == ["a", "b"]
    assert model.item_scores == {"a": 2.0, "b": 1.0}
    assert model.user_history == {"u1": ["a", "b"], "u2": ["a"]}
    assert model.item_last_seen == {"a": 20.0, "b": 30.0}
    assert model.interaction_count == 3


def test_popularity_count_metrics_equal_a_direct_computation() -> None:
    # working-with-training-metrics: 10 % of users are test users; their newest 10 % is what to recommend.
    rows = [row for u in range(40) for row in _rows(*[(f"u{u}", f"i{(u * k) % 7}", u * 100 + k) for k in range(10)])]
    selected = engine.select_for_training(engine.read_interactions(rows), None, {})
    metrics = engine.train("arn:aws:personalize:::recipe/aws-popularity-count", selected).metrics
    test_users = sorted(sorted({f"u{u}" for u in range(40)},
                               key=lambda u: hashlib.sha256(u.encode()).digest()[:8])[:4])
    held = {u: [f"i{(int(u[1:]) * k) % 7}" for k in (9,)] for u in test_users}  # newest 10 % of 10 = 1
    others = [(i.user_id, i.item_id) for i, _ in selected
              if not (i.user_id in held and i.timestamp == int(i.user_id[1:]) * 100 + 9)]
    users_of: dict[str, set[str]] = {}
    for user, item in others:
        users_of.setdefault(item, set()).add(user)
    popular = sorted(users_of, key=lambda item: (-len(users_of[item]), item))
    ranks = [popular.index(held[u][0]) + 1 if held[u][0] in popular else None for u in test_users]
    assert metrics["precision_at_5"] == pytest.approx(round(sum(1 / 5 for r in ranks if r and r <= 5) / 4, 4))
    assert metrics["mean_reciprocal_rank_at_25"] == pytest.approx(round(sum(1 / r for r in ranks if r) / 4, 4))
    ndcg = sum(1 / math.log2(1 + r) for r in ranks if r and r <= 10) / 4
    assert metrics["normalized_discounted_cumulative_gain_at_10"] == pytest.approx(round(ndcg, 4))
    assert metrics["coverage"] == 1.0  # 7 items, all in the (same) top 25


def test_training_hours_grow_with_the_data() -> None:
    assert engine.training_hours(0) == 0.1
    assert engine.training_hours(2_000_000) == 2.1


@pytest.mark.parametrize("columns", [
    ("USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE"),
    ("item_id", "user_id", "timestamp"),  # another order, another case, no event columns
])
def test_interactions_read_from_columns_equal_those_read_from_records(columns) -> None:
    """The training path reads a dataset's rows a column at a time; it must see what the records give."""
    cells = [("u1", "i1", 5, "click", 1.5), ("u2", "", 6, "", None), ("u3", "i3", 7, None, 2.0),
             (None, "i4", 8, "view", None), ("u5", "i5", None, "view", None)]
    rows = [tuple(row[:len(columns)]) for row in cells]
    from_columns = engine.dataset_interactions(columns, rows)
    assert from_columns == engine.read_interactions(dict(zip(columns, row)) for row in rows)
    assert [i.order for i in from_columns] == [0, 2, 4]
    assert engine.dataset_interactions(columns, []) == []
