"""Benchmark a Clean Rooms protected query against the same SQL run directly on DuckDB.

Run by hand: ``PYTHONPATH=. python benchmarks/bench_protected_sql.py [--users N] [--purchases N] [--repeat N]``.

Two members' tables as CSV files (seeded RNG): ``users(user_id, segment)`` of 1,000,000 rows (member B, an
AGGREGATION rule with an output constraint of 100 distinct users) and ``purchases(user_id, amount)`` of 1,000,000
rows (member A, the member who can query). The query joins them and aggregates per segment. Side by side, in the
same run and alternating:

- protected: ``check_query`` + ``run_query`` of cleanroom_mock's engine, given the files' bodies (what the data
  layer hands it), including the output-constraint count;
- direct: a fresh DuckDB connection, the two files as views with the same typed ``read_csv`` scan, the same SQL.

Prints each repetition, the medians, and the ratio protected / direct. The issue's goal: at most 2 s and at most
1.5x direct DuckDB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanroom_mock.cleanrooms.sql import (  # noqa: E402
    Column,
    QueryTable,
    TableData,
    check_query,
    run_query,
)

A, B = "111111111111", "222222222222"
SQL = """
SELECT u.segment, SUM(p.amount) AS revenue, COUNT(DISTINCT p.user_id) AS buyers
FROM users u INNER JOIN purchases p ON u.user_id = p.user_id
GROUP BY u.segment
ORDER BY u.segment
"""
USER_COLUMNS = (Column("user_id", "string"), Column("segment", "string"))
PURCHASE_COLUMNS = (Column("user_id", "string"), Column("amount", "double"))


def csv_body(header: str, *columns: np.ndarray) -> bytes:
    lines = [header]
    lines.extend(",".join(values) for values in zip(*(column.astype(str) for column in columns)))
    return ("\n".join(lines) + "\n").encode()


def make_data(users: int, purchases: int) -> tuple[bytes, bytes]:
    rng = np.random.default_rng(42)
    user_ids = np.char.add("u", np.arange(users).astype(str))
    segments = np.char.add("segment_", rng.integers(0, 20, users).astype(str))
    buyer_ids = np.char.add("u", rng.integers(0, int(users * 1.2), purchases).astype(str))
    amounts = np.round(rng.uniform(1, 500, purchases), 2)
    return csv_body("user_id,segment", user_ids, segments), csv_body("user_id,amount", buyer_ids, amounts)


def tables(users_body: bytes, purchases_body: bytes) -> dict[str, QueryTable]:
    users_rule = {
        "aggregateColumns": [{"columnNames": ["user_id"], "function": "COUNT_DISTINCT"}],
        "joinColumns": ["user_id"],
        "joinRequired": "QUERY_RUNNER",
        "dimensionColumns": ["segment"],
        "scalarFunctions": [],
        "outputConstraints": [{"columnName": "user_id", "minimum": 100, "type": "COUNT_DISTINCT"}],
    }
    purchases_rule = {
        "aggregateColumns": [
            {"columnNames": ["amount"], "function": "SUM"},
            {"columnNames": ["user_id"], "function": "COUNT_DISTINCT"},
        ],
        "joinColumns": ["user_id"],
        "dimensionColumns": [],
        "scalarFunctions": [],
        "outputConstraints": [],
    }
    return {
        "users": QueryTable(
            "users", B, ("user_id", "segment"), "AGGREGATION", users_rule,
            data=TableData(format="csv", files=[users_body], columns=USER_COLUMNS),
        ),
        "purchases": QueryTable(
            "purchases", A, ("user_id", "amount"), "AGGREGATION", purchases_rule,
            data=TableData(format="csv", files=[purchases_body], columns=PURCHASE_COLUMNS),
        ),
    }  # fmt: skip


def protected(query_tables: dict[str, QueryTable]) -> tuple[float, list[tuple]]:
    start = time.perf_counter()
    check_query(SQL, query_tables, runner_account=A)
    result = run_query(SQL, query_tables)
    return time.perf_counter() - start, result.rows


def direct(users_path: str, purchases_path: str) -> tuple[float, list[tuple]]:
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect()
    for name, path, columns in (("users", users_path, USER_COLUMNS), ("purchases", purchases_path, PURCHASE_COLUMNS)):
        typed = ", ".join(f"'{column.name}': '{column.type.replace('string', 'varchar')}'" for column in columns)
        connection.execute(
            f"CREATE VIEW {name} AS SELECT * FROM read_csv('{path}', header = true, columns = {{{typed}}}, "
            f"auto_detect = false)"
        )
    rows = connection.execute(SQL).fetchall()
    connection.close()
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    users_body, purchases_body = make_data(args.users, args.purchases)
    print(f"users: {args.users:,} rows ({len(users_body) / 1e6:.1f} MB), "
          f"purchases: {args.purchases:,} rows ({len(purchases_body) / 1e6:.1f} MB)")  # fmt: skip
    query_tables = tables(users_body, purchases_body)
    with tempfile.TemporaryDirectory() as folder:
        users_path, purchases_path = os.path.join(folder, "users.csv"), os.path.join(folder, "purchases.csv")
        Path(users_path).write_bytes(users_body)
        Path(purchases_path).write_bytes(purchases_body)
        protected(query_tables)  # warm up: imports, first connection
        direct(users_path, purchases_path)
        protected_times, direct_times = [], []
        for repetition in range(args.repeat):
            protected_seconds, protected_rows = protected(query_tables)
            direct_seconds, direct_rows = direct(users_path, purchases_path)
            protected_times.append(protected_seconds)
            direct_times.append(direct_seconds)
            print(f"  #{repetition + 1}: protected {protected_seconds:.3f} s   direct DuckDB {direct_seconds:.3f} s")
        # the output constraint (100 distinct users) is the only difference: buyers counts the same users (the
        # revenue sums differ in the last bits: DuckDB adds doubles in parallel, in no fixed order)
        expected = [row for row in direct_rows if row[2] >= 100]
        assert [(row[0], row[2]) for row in protected_rows] == [(row[0], row[2]) for row in expected]
        assert all(abs(mine[1] - theirs[1]) <= 1e-6 * abs(theirs[1]) for mine, theirs in zip(protected_rows, expected))
    protected_median, direct_median = statistics.median(protected_times), statistics.median(direct_times)
    print(f"protected query (check + run): median {protected_median:.3f} s, best {min(protected_times):.3f} s")
    print(f"direct DuckDB:                 median {direct_median:.3f} s, best {min(direct_times):.3f} s")
    print(f"ratio protected / direct: {protected_median / direct_median:.2f}x (median), "
          f"{min(protected_times) / min(direct_times):.2f}x (best)")  # fmt: skip


if __name__ == "__main__":
    main()
