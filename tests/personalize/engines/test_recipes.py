"""Each recipe family does what its AWS recipe page says (engines.recipes), on hand-made communities."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from typing import Any, Optional

import pytest

from cleanroom_mock.personalize.engines import training as engine
from cleanroom_mock.personalize.engines.recipes.base import Query

RECIPE = "arn:aws:personalize:::recipe/"
COMMUNITIES, USERS_EACH, ITEMS_EACH = 5, 20, 12


def community_rows(seed: int = 7) -> list[dict]:
    """Users c<k>u<n> interact with the items c<k>i<m> of their own community (8 each), time increasing."""
    generator = random.Random(seed)
    rows, moment = [], 1_700_000_000
    for c in range(COMMUNITIES):
        for u in range(USERS_EACH):
            for item in generator.sample(range(ITEMS_EACH), 8):
                moment += 60
                rows.append({"USER_ID": f"c{c}u{u}", "ITEM_ID": f"c{c}i{item}", "TIMESTAMP": moment,
                             "EVENT_TYPE": "click"})
    return rows


def train(recipe: str, rows: list[dict], config: Optional[dict] = None, items: Optional[list[dict]] = None) -> Any:
    selected = engine.select_for_training(engine.read_interactions(rows), None, config or {})
    return engine.train(RECIPE + recipe, selected, solution_config=config or {}, items=items)


def recommend(model: Any, query: Query, excluded: Optional[set] = None, count: int = 10) -> list[str]:
    return list(model.recipe_model.recommend(query, excluded or set()).ranked)[:count]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return community_rows()


@pytest.fixture(scope="module")
def up(rows: list[dict]) -> Any:
    return train("aws-user-personalization", rows)


def test_user_personalization_recommends_the_users_community(up: Any) -> None:
    model = up.recipe_model
    seen = model.seen("c2u3", [])
    top = recommend(up, Query(user_id="c2u3"), seen, 4)
    assert all(item.startswith("c2") for item in top)


def test_session_events_shift_recommendations_toward_what_was_clicked(up: Any) -> None:
    """recording-events: real-time personalization — events change the user's results at once."""
    history = [{"USER_ID": "c0u1", "ITEM_ID": f"c0i{k}", "TIMESTAMP": 1, "EVENT_TYPE": "click"}
               for k in range(ITEMS_EACH)]
    before = recommend(up, Query(user_id="c0u1", user_records=history), count=5)
    clicks = [{"USER_ID": "c0u1", "ITEM_ID": f"c3i{k}", "TIMESTAMP": 2_000_000_000, "EVENT_TYPE": "click"}
              for k in range(10)]
    after = recommend(up, Query(user_id="c0u1", user_records=history + clicks), count=5)
    assert not any(i.startswith("c3") for i in before)
    assert sum(i.startswith("c3") for i in after) >= 3
    # An anonymous session (events under the session ID) is personalized from its events alone.
    session = [{"USER_ID": "s-1", "ITEM_ID": f"c4i{k}", "TIMESTAMP": 1, "EVENT_TYPE": "click"} for k in range(3)]
    assert recommend(up, Query(user_id="s-1", user_records=session), set(f"c4i{k}" for k in range(3)),
                     3)[0].startswith("c4")


def test_hidden_dimension_sets_the_factor_count_and_changes_results(rows: list[dict]) -> None:
    small = train("aws-user-personalization", rows, {"algorithmHyperParameters": {"hidden_dimension": "2"}})
    large = train("aws-user-personalization", rows, {"algorithmHyperParameters": {"hidden_dimension": "5"}})
    assert small.recipe_model.item_factors.shape[1] == 2
    assert large.recipe_model.item_factors.shape[1] == 5
    # Never more than a tenth of the smaller side (60 items): the default 149 gives 6 factors here.
    assert train("aws-user-personalization", rows).recipe_model.item_factors.shape[1] == 6
    assert small.metrics != large.metrics


def test_popularity_count_is_the_same_list_for_everyone(rows: list[dict]) -> None:
    model = train("aws-popularity-count", rows)
    lists = {tuple(recommend(model, Query(user_id=u))) for u in ("c0u0", "c3u9", "nobody")}
    assert len(lists) == 1
    users_of: dict[str, set] = {}
    for row in rows:
        users_of.setdefault(row["ITEM_ID"], set()).add(row["USER_ID"])
    assert list(lists.pop()) == sorted(users_of, key=lambda i: (-len(users_of[i]), i))[:10]


def test_a_fresh_burst_outranks_all_time_counts(rows: list[dict]) -> None:
    model = train("aws-trending-now", rows, {"featureTransformationHyperParameters": {
        "trend_discovery_frequency": "1 hour"}})
    latest = max(r["TIMESTAMP"] for r in rows)
    burst = [{"USER_ID": f"fan{k}", "ITEM_ID": f"new{k % 5}", "TIMESTAMP": latest + 600 + k, "EVENT_TYPE": "click"}
             for k in range(15)]
    by_user: dict[str, list] = {}
    for row in rows + burst:
        by_user.setdefault(row["USER_ID"], []).append(row)
    top = recommend(model, Query(interactions=by_user), count=5)
    assert sorted(top) == [f"new{k}" for k in range(5)]  # 3 interactions each, none in the interval before


def test_sims_hyperparameters_take_effect(rows: list[dict]) -> None:
    def sims(discount: str, minimum: str) -> Any:
        model = train("aws-sims", rows, {"algorithmHyperParameters": {
            "popularity_discount_factor": discount, "min_cointeraction_count": minimum}})
        return model.recipe_model.recommend(Query(item_id="c1i0"), {"c1i0"})

    assert all(item.startswith("c1") for item in list(sims("1.0", "3").ranked)[:5])  # co-interacted items
    assert list(sims("1.0", "3").ranked) != list(sims("0.0", "3").ranked)  # 0: popularity decides
    # a pair counts only when enough users interacted with both items
    assert len(sims("1.0", "10").personal) < len(sims("1.0", "3").personal)
    assert sims("1.0", "3").scores == {}  # how-recommendation-scoring-works: SIMS returns no scores


def test_sims_featurization_percentiles_choose_the_items_it_relates(rows: list[dict]) -> None:
    """native-recipe-sims: max_item_interaction_count_percentile (default 0.9) drops the items with the most
    interactions; such an item has no related items, so it gets popular items (no personal ones)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["ITEM_ID"]] = counts.get(row["ITEM_ID"], 0) + 1
    busiest = max(sorted(counts), key=lambda item: counts[item])
    threshold = sorted(counts.values())[int(0.9 * (len(counts) - 1))]
    assert counts[busiest] > threshold  # above the 90th percentile: dropped by default

    def related(config: dict) -> Any:
        model = train("aws-sims", rows, {"featureTransformationHyperParameters": config})
        return model.recipe_model.recommend(Query(item_id=busiest), {busiest})

    assert not related({}).personal
    kept = related({"max_item_interaction_count_percentile": "1.0"})
    assert kept.personal and all(item[:2] == busiest[:2] for item in list(kept.ranked)[:5])


ITEMS = ([{"ITEM_ID": f"scarf{k}", "CATEGORY": "scarves", "DESCRIPTION": "warm soft wool scarf for winter"}
          for k in range(6)]
         + [{"ITEM_ID": f"knife{k}", "CATEGORY": "knives", "DESCRIPTION": "sharp steel kitchen chef knife"}
            for k in range(6)])


def _shop_rows() -> list[dict]:
    """Popular knives bought together by many users; scarf5 has a single interaction (cold)."""
    rows = []
    for u in range(30):
        for k in range(5):
            rows.append({"USER_ID": f"u{u}", "ITEM_ID": f"knife{k}", "TIMESTAMP": 100 * u + k, "EVENT_TYPE": "buy"})
        rows.append({"USER_ID": f"u{u}", "ITEM_ID": f"scarf{u % 5}", "TIMESTAMP": 100 * u + 9, "EVENT_TYPE": "buy"})
    rows.append({"USER_ID": "u0", "ITEM_ID": "scarf5", "TIMESTAMP": 5_000, "EVENT_TYPE": "buy"})
    return rows


def test_similar_items_gives_a_cold_item_its_metadata_neighbours() -> None:
    model = train("aws-similar-items", _shop_rows(), items=ITEMS)
    top = recommend(model, Query(item_id="scarf5"), {"scarf5"}, 4)
    assert all(item.startswith("scarf") for item in top)
    sims = train("aws-sims", _shop_rows(), {"algorithmHyperParameters": {"min_cointeraction_count": "0"}})
    assert any(item.startswith("knife") for item in recommend(sims, Query(item_id="scarf5"), {"scarf5"}, 4))


def test_semantic_similarity_follows_the_text() -> None:
    model = train("aws-semantic-similarity", _shop_rows(), items=ITEMS)
    answer = model.recipe_model.recommend(Query(item_id="knife0"), {"knife0"})
    assert list(answer.ranked)[:5] == [f"knife{k}" for k in range(1, 6)]
    assert answer.scores["knife1"] == pytest.approx(1.0)


def test_metrics_differ_between_recipes_and_coverage_follows_what_is_recommended(rows: list[dict]) -> None:
    metrics = {name: train(name, rows).metrics for name in
               ("aws-user-personalization", "aws-popularity-count", "aws-sims", "aws-trending-now")}
    assert len({json.dumps(m, sort_keys=True) for m in metrics.values()}) == 4
    assert metrics["aws-popularity-count"]["coverage"] == round(25 / (COMMUNITIES * ITEMS_EACH), 4)
    assert metrics["aws-user-personalization"]["coverage"] > metrics["aws-popularity-count"]["coverage"]
    assert (metrics["aws-user-personalization"]["precision_at_5"]
            > metrics["aws-popularity-count"]["precision_at_5"])
    assert "trend_prediction_accuracy" in metrics["aws-trending-now"]
    segments = train("aws-item-affinity", rows).metrics
    assert set(segments) == {"hit_at_k", "recall_at_k"}


def test_exploration_mixes_new_items_in_proportion(up: Any) -> None:
    new_items = {f"new{k}": {"ITEM_ID": f"new{k}"} for k in range(20)}

    def explored(weight: str) -> int:
        query = Query(user_id="c1u1", items=new_items, config={"itemExplorationConfig": {
            "explorationWeight": weight, "explorationItemAgeCutOff": "30"}})
        top = recommend(up, query, up.recipe_model.seen("c1u1", []), 20)
        return sum(item.startswith("new") for item in top)

    assert explored("0") == 0
    assert 0 < explored("0.3") < explored("1.0") <= 10


def test_item_affinity_ranks_the_items_community_first(rows: list[dict]) -> None:
    model = train("aws-item-affinity", rows)
    assert all(user.startswith("c4") for user in model.recipe_model.segment(["c4i1"])[:USERS_EACH // 2])


def test_same_data_same_results_in_another_process(up: Any) -> None:
    script = (
        "import json, sys; sys.path.insert(0, '.');"
        "from tests.personalize.engines.test_recipes import community_rows, train, recommend;"
        "from cleanroom_mock.personalize.engines.recipes.base import Query;"
        "m = train('aws-user-personalization', community_rows());"
        "print(json.dumps([m.metrics, recommend(m, Query(user_id='c2u3'))]))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"})
    metrics, top = json.loads(out.stdout)
    assert metrics == up.metrics
    assert top == recommend(up, Query(user_id="c2u3"))


def test_user_personalization_metrics_equal_a_direct_computation(rows: list[dict], up: Any) -> None:
    """working-with-training-metrics, computed here from the trained factors: each test user (the first 10 %
    by a stable hash) is represented by their oldest 90 %, asked for a top 25 without those items, and scored
    against their newest 10 %."""
    import hashlib
    import math

    import numpy as np

    model = up.recipe_model
    by_user: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["TIMESTAMP"]):
        by_user.setdefault(row["USER_ID"], []).append(row)
    users = sorted(by_user, key=lambda u: hashlib.sha256(u.encode()).digest()[:8])[:math.ceil(0.1 * len(by_user))]
    totals = {"precision_at_5": 0.0, "precision_at_10": 0.0, "normalized_discounted_cumulative_gain_at_10": 0.0,
              "mean_reciprocal_rank_at_25": 0.0}
    covered: set[str] = set()
    for user in users:
        history = by_user[user]
        newest = max(1, math.ceil(0.1 * len(history)))
        inputs, wanted = history[:-newest], {r["ITEM_ID"] for r in history[-newest:]}
        row = model.weighting.row(model.weighting.select(engine.read_interactions(inputs)))
        vector = sum(value * model.item_inputs[model.item_of[item]] for item, value in row.items())
        scores = np.round(model.item_factors @ vector, 9)
        candidates = [i for i in range(len(model.items)) if model.items[i] not in row]
        top = [model.items[i] for i in sorted(candidates, key=lambda i: (-scores[i], model.popularity_rank[i]))[:25]]
        covered.update(top)
        hits = [position for position, item in enumerate(top, start=1) if item in wanted]
        totals["precision_at_5"] += sum(1 for p in hits if p <= 5) / 5
        totals["precision_at_10"] += sum(1 for p in hits if p <= 10) / 10
        ideal = sum(1 / math.log2(1 + p) for p in range(1, min(10, len(wanted)) + 1))
        gain = sum(1 / math.log2(1 + p) for p in hits if p <= 10)
        totals["normalized_discounted_cumulative_gain_at_10"] += gain / ideal
        totals["mean_reciprocal_rank_at_25"] += 1 / hits[0] if hits else 0.0
    for name, total in totals.items():
        assert up.metrics[name] == pytest.approx(round(total / len(users), 4), abs=1e-4), name
    assert up.metrics["coverage"] == round(len(covered) / len(model.items), 4)


def test_scores_are_the_softmax_over_the_catalog(up: Any) -> None:
    """how-recommendation-scoring-works: User-Personalization's scores are a softmax over every item."""
    import numpy as np

    from cleanroom_mock.personalize.engines.recipes.base import softmax

    model = up.recipe_model
    answer = model.recommend(Query(user_id="c2u3"), set())
    vector, _ = model.user_vector("c2u3", [])
    direct = softmax(model.item_factors @ vector)
    assert all(abs(answer.scores[item] - direct[model.item_of[item]]) <= 1.5e-6 for item in model.items)
    assert sum(answer.scores[item] for item in model.items) == pytest.approx(1.0, abs=1e-4)
    assert np.argmax(direct) == model.item_of[next(iter(answer.ranked))]
