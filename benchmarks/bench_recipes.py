"""Recipe quality and speed side by side with a reference (issue #10; run by hand, numbers reported).

    python benchmarks/bench_recipes.py [--skip-serving] [--skip-1m] [--seeds 0,10,20]

- Quality: User-Personalization (engines.recipes.factorization, hidden_dimension 64) against ``implicit``'s ALS
  (64 factors × 15 iterations, 1 thread; ``pip install implicit``) on a held-out last interaction per user:
  HR@10 / NDCG@10 over all unseen items, and Personalized-Ranking over 100 candidates (the held-out item and
  99 unseen items drawn with a fixed seed). Two data sets, generated here: a 5-community set (2,000 users,
  500 items, 50k interactions) and a MovieLens-100k-shaped one (943 users, 1,682 items, 100k interactions,
  Zipf item popularity, lognormal user activity, users preferring 2–3 of 19 genres).
- Training: ``engines.training.train`` (model and its GetSolutionMetrics) on 1M interactions (50k users)
  against ALS's ``fit`` on the same matrix, same process.
- Serving: through boto3 inside ``mock_all()``, a campaign trained on the 1M interactions: the median of
  ``get_recommendations`` against the median of ``describe_campaign``, interleaved in one process.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from typing import Any, Callable

import numpy as np

from cleanroom_mock.personalize.engines import training as engine

UP = "arn:aws:personalize:::recipe/aws-user-personalization"
FIT_SECONDS: list[float] = []  # the reference's fit alone, per call
CONFIG = {"algorithmHyperParameters": {"hidden_dimension": "64"}}


# -- data ----------------------------------------------------------------------------------------------------
def communities(users: int = 2000, items: int = 500, interactions: int = 50_000, seed: int = 1) -> list[tuple]:
    rng = np.random.default_rng(seed)
    per_user = interactions // users
    group_items = items // 5
    rows = []
    moment = 1_700_000_000
    popularity = 1.0 / np.arange(1, group_items + 1) ** 0.8
    popularity /= popularity.sum()
    for user in range(users):
        group = user % 5
        for _ in range(per_user):
            moment += 1
            if rng.random() < 0.8:
                item = group * group_items + int(rng.choice(group_items, p=popularity))
            else:
                item = int(rng.integers(items))
            rows.append((f"u{user}", f"i{item}", moment))
    return rows


def movielens_shaped(users: int = 943, items: int = 1682, interactions: int = 100_000, seed: int = 2) -> list[tuple]:
    rng = np.random.default_rng(seed)
    genres = rng.integers(19, size=items)
    popularity = 1.0 / np.arange(1, items + 1) ** 0.9
    rng.shuffle(popularity)
    activity = rng.lognormal(0.0, 0.9, users)
    counts = np.maximum(20, (activity / activity.sum() * interactions).astype(int))
    rows = []
    moment = 880_000_000
    for user in range(users):
        liked = rng.choice(19, size=int(rng.integers(2, 4)), replace=False)
        weights = popularity * np.where(np.isin(genres, liked), 6.0, 1.0)
        weights /= weights.sum()
        chosen = rng.choice(items, size=min(int(counts[user]), items // 2), replace=False, p=weights)
        for item in chosen:
            moment += int(rng.integers(1, 600))
            rows.append((f"u{user}", f"i{item}", moment))
    return rows


def selected(rows: list[tuple]) -> list[tuple[Any, float]]:
    return engine.select_for_training(engine.read_interactions(
        {"USER_ID": u, "ITEM_ID": i, "TIMESTAMP": t} for u, i, t in rows), None, {})


def leave_last_out(rows: list[tuple]) -> tuple[list[tuple], dict[str, str]]:
    last: dict[str, int] = {}
    counts: dict[str, int] = {}
    for position, (user, _, _) in enumerate(rows):
        last[user] = position
        counts[user] = counts.get(user, 0) + 1
    held = {position for user, position in last.items() if counts[user] >= 2}
    return [r for p, r in enumerate(rows) if p not in held], {rows[p][0]: rows[p][1] for p in held}


# -- models --------------------------------------------------------------------------------------------------
def ours(train_rows: list[tuple]) -> Callable[[str], tuple[np.ndarray, list[str], set[str]]]:
    model = engine.train(UP, selected(train_rows), solution_config=CONFIG).recipe_model

    def scores(user: str) -> tuple[np.ndarray, list[str], set[str]]:
        vector, _ = model.user_vector(user, [])
        return model.item_factors @ vector, model.items, model.seen(user, [])

    return scores


def reference(train_rows: list[tuple]) -> Callable[[str], tuple[np.ndarray, list[str], set[str]]]:
    from implicit.cpu.als import AlternatingLeastSquares
    from scipy import sparse

    users = sorted({u for u, _, _ in train_rows})
    items = sorted({i for _, i, _ in train_rows})
    user_of = {u: k for k, u in enumerate(users)}
    item_of = {i: k for k, i in enumerate(items)}
    matrix = sparse.csr_matrix((np.ones(len(train_rows)), ([user_of[u] for u, _, _ in train_rows],
                                                           [item_of[i] for _, i, _ in train_rows])),
                               shape=(len(users), len(items)))
    als = AlternatingLeastSquares(factors=64, iterations=15, num_threads=1, random_state=0)
    start = time.perf_counter()
    als.fit(matrix, show_progress=False)
    FIT_SECONDS.append(time.perf_counter() - start)
    seen = {u: {items[i] for i in matrix[user_of[u]].indices} for u in users}

    def scores(user: str) -> tuple[np.ndarray, list[str], set[str]]:
        return als.item_factors @ als.user_factors[user_of[user]], items, seen[user]

    return scores


def quality(model: Callable[[str], tuple[np.ndarray, list[str], set[str]]], held: dict[str, str],
            seed: int = 3) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    hr = ndcg = hr_rank = ndcg_rank = 0.0
    for user, target in sorted(held.items()):
        raw, names, seen = model(user)
        index = {n: k for k, n in enumerate(names)}
        if target not in index:
            continue
        allowed = np.ones(len(names), dtype=bool)
        allowed[[index[s] for s in seen if s in index]] = False
        allowed[index[target]] = True
        better = int(((raw > raw[index[target]]) & allowed).sum())
        if better < 10:
            hr += 1
            ndcg += 1 / math.log2(better + 2)
        pool = np.nonzero(allowed)[0]
        pool = pool[pool != index[target]]
        candidates = rng.choice(pool, size=min(99, pool.size), replace=False)
        better = int((raw[candidates] > raw[index[target]]).sum())
        if better < 10:
            hr_rank += 1
            ndcg_rank += 1 / math.log2(better + 2)
    n = len(held)
    return {"HR@10": hr / n, "NDCG@10": ndcg / n, "rank HR@10": hr_rank / n, "rank NDCG@10": ndcg_rank / n}


def compare_quality(seeds: list[int]) -> None:
    """Each data set generated with each seed offset (0 is the default data); the ratio ours ÷ reference."""
    for offset in seeds:
        for name, rows in ((f"5 communities+{offset}", communities(seed=1 + offset)),
                           (f"MovieLens-shaped+{offset}", movielens_shaped(seed=2 + offset))):
            train_rows, held = leave_last_out(rows)
            results = {}
            for label, build in (("User-Personalization", ours), ("implicit ALS", reference)):
                results[label] = quality(build(train_rows), held)
                print(f"{name:20} {label:21} " + "  ".join(f"{k} {v:.3f}" for k, v in results[label].items()))
            mine, theirs = results["User-Personalization"], results["implicit ALS"]
            ratios = {k: mine[k] / theirs[k] for k in theirs}
            print(f"{name:20} {'ratio':21} " + "  ".join(f"{k} {v:.2f}" for k, v in ratios.items()))


def compare_training(users: int = 50_000, items: int = 10_000, interactions: int = 1_000_000) -> list[tuple]:
    rng = np.random.default_rng(4)
    groups = rng.integers(20, size=users)
    item_groups = np.arange(items) % 20
    rows = []
    per_user = interactions // users
    for user in range(users):
        own = np.nonzero(item_groups == groups[user])[0]
        picks = np.where(rng.random(per_user) < 0.8, rng.choice(own, per_user), rng.integers(items, size=per_user))
        rows.extend((f"u{user}", f"i{int(i)}", 1_700_000_000 + user * per_user + k) for k, i in enumerate(picks))
    chosen = selected(rows)
    start = time.perf_counter()
    engine.train(UP, chosen, solution_config=CONFIG)
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    reference(rows)
    reference_seconds = time.perf_counter() - start
    fit = FIT_SECONDS[-1]
    print(f"training on {len(rows):,} interactions: ours {ours_seconds:.2f} s (matrix + model + metrics), "
          f"implicit ALS {reference_seconds:.2f} s (matrix + fit; fit alone {fit:.2f} s), "
          f"ratio {ours_seconds / reference_seconds:.2f} ({ours_seconds / fit:.2f} against the fit alone)")
    return rows


def compare_serving(rows: list[tuple], calls: int = 300) -> None:
    import json

    import boto3

    from cleanroom_mock import mock_all

    schema = json.dumps({"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
                         "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                                    {"name": "TIMESTAMP", "type": "long"}], "version": "1.0"})
    with mock_all() as aws:
        pz = boto3.client("personalize", region_name="us-east-1")
        rt = boto3.client("personalize-runtime", region_name="us-east-1")
        group = pz.create_dataset_group(name="bench")["datasetGroupArn"]
        schema_arn = pz.create_schema(name="bench", schema=schema)["schemaArn"]
        dataset = pz.create_dataset(name="bench", schemaArn=schema_arn, datasetGroupArn=group,
                                    datasetType="Interactions")["datasetArn"]
        aws.data.put_object("s3://bench/i.csv", "USER_ID,ITEM_ID,TIMESTAMP\n" + "".join(
            f"{u},{i},{t}\n" for u, i, t in rows))
        job = pz.create_dataset_import_job(jobName="bench", datasetArn=dataset,
                                           dataSource={"dataLocation": "s3://bench/i.csv"},
                                           roleArn="arn:aws:iam::123456789012:role/p")["datasetImportJobArn"]
        pz.describe_dataset_import_job(datasetImportJobArn=job)
        solution = pz.create_solution(name="bench", datasetGroupArn=group, recipeArn=UP,
                                      solutionConfig=CONFIG)["solutionArn"]
        version = pz.create_solution_version(solutionArn=solution)["solutionVersionArn"]
        assert pz.describe_solution_version(solutionVersionArn=version)["solutionVersion"]["status"] == "ACTIVE"
        campaign = pz.create_campaign(name="bench", solutionVersionArn=version)["campaignArn"]
        pz.describe_campaign(campaignArn=campaign)
        users = [f"u{k}" for k in range(0, 50_000, 50_000 // calls)]
        rt.get_recommendations(campaignArn=campaign, userId=users[0])  # first request builds the views
        recommend, describe = [], []
        for user in users:
            start = time.perf_counter()
            rt.get_recommendations(campaignArn=campaign, userId=user)
            recommend.append(time.perf_counter() - start)
            start = time.perf_counter()
            pz.describe_campaign(campaignArn=campaign)
            describe.append(time.perf_counter() - start)
        r, d = statistics.median(recommend) * 1000, statistics.median(describe) * 1000
        print(f"get_recommendations median {r:.2f} ms, describe_campaign median {d:.2f} ms, ratio {r / d:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-1m", action="store_true")
    parser.add_argument("--skip-serving", action="store_true")
    parser.add_argument("--seeds", default="0", help="comma-separated seed offsets of the quality data sets")
    options = parser.parse_args()
    compare_quality([int(seed) for seed in options.seeds.split(",")])
    if not options.skip_1m:
        rows = compare_training()
        if not options.skip_serving:
            compare_serving(rows)


if __name__ == "__main__":
    main()
