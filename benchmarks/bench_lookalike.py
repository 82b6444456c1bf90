"""Benchmark the Clean Rooms ML lookalike engine at AWS's minimum training size.

Run by hand: ``python benchmarks/bench_lookalike.py [--string-ids]``.

Synthetic data (seeded RNG): 100,000 users x 1,000,000 interactions over 5,000 items. Users belong to one of
8 latent communities; 70 % of their interactions come from their community's item block (Zipf-ish within
the block), 30 % from a global Zipf popularity. The seed is 2,000 users of community 0, so a good ranking
puts community 0 first. Prints seconds for training and generation and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanroom_mock.cleanroomsml.lookalike.engine import (  # noqa: E402
    InteractionColumns,
    generate_audience,
    resolve_audience_sizes,
    train_audience_model,
)

USERS, RECORDS, ITEMS, COMMUNITIES, SEED_SIZE = 100_000, 1_000_000, 5_000, 8, 2_000
PERCENTAGE_BINS = [1, 5, 10, 20]


def zipf_probabilities(n: int, exponent: float = 1.0) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def synthetic_interactions(rng: np.random.Generator) -> tuple[InteractionColumns, np.ndarray]:
    # Every user gets at least 2 records (AWS's per-user minimum); the rest is spread at random.
    per_user = 2 + rng.multinomial(RECORDS - 2 * USERS, np.full(USERS, 1.0 / USERS))
    users = np.repeat(np.arange(USERS, dtype=np.int64), per_user)
    community = rng.integers(0, COMMUNITIES, USERS)

    block = ITEMS // COMMUNITIES
    blocks = rng.permutation(ITEMS)[: block * COMMUNITIES].reshape(COMMUNITIES, block)
    from_block = blocks[community[users], rng.choice(block, RECORDS, p=zipf_probabilities(block))]
    popular = rng.permutation(ITEMS)[rng.choice(ITEMS, RECORDS, p=zipf_probabilities(ITEMS))]
    items = np.where(rng.random(RECORDS) < 0.7, from_block, popular)

    timestamps = rng.integers(1_700_000_000, 1_700_000_000 + 365 * 86_400, RECORDS)
    return InteractionColumns(users, items, timestamps), community


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--string-ids", action="store_true", help="feed ids as Python str lists, not int arrays"
    )
    args = parser.parse_args()

    rng = np.random.default_rng(20240501)
    columns, community = synthetic_interactions(rng)
    if args.string_ids:
        columns = InteractionColumns(
            [f"user-{u}" for u in columns.user_ids.tolist()],
            [f"item-{i}" for i in columns.item_ids.tolist()],
            columns.timestamps,
        )
    prefix = "user-" if args.string_ids else ""
    seed = [f"{prefix}{u}" for u in rng.choice(np.flatnonzero(community == 0), SEED_SIZE, replace=False)]

    started = time.perf_counter()
    model = train_audience_model(columns, min_users=USERS, min_records=RECORDS)
    trained = time.perf_counter()
    sizes = resolve_audience_sizes("PERCENTAGE", PERCENTAGE_BINS, model.user_count)
    audience = generate_audience(
        model, seed, audience_sizes=sizes, min_matching_seed_size=500, include_seed=False
    )
    top = audience.segment(max(sizes))
    generated = time.perf_counter()

    in_community = np.mean([community[int(u.removeprefix(prefix))] == 0 for u in top])
    print(f"ids: {'str lists' if args.string_ids else 'int64 arrays'}")
    print(f"data: {model.user_count} users, {model.item_count} items, {model.record_count} records")
    print(f"train:    {trained - started:.2f} s")
    print(f"generate: {generated - trained:.2f} s (seed {SEED_SIZE}, sizes {sizes})")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (whole process)")
    print(f"relevance: {[(size, round(score, 3)) for size, score in audience.relevance_metrics]}")
    print(f"recall:    {audience.recall_metric:.3f} (random ~ {max(PERCENTAGE_BINS) / 100:.2f})")
    share = f"{in_community:.3f} (base rate {1 / COMMUNITIES:.3f})"
    print(f"community-0 share of the {len(top)}-user segment: {share}")


if __name__ == "__main__":
    main()
