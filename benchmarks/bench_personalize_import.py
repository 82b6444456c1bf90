"""Benchmark Personalize dataset import: 1,000,000 interaction rows (~40 MB of CSV) through the real API.

Run by hand: ``python benchmarks/bench_personalize_import.py [--rows N]`` (``run_all.py`` calls ``compare``).

The floor (issue #13): Python's own ``csv.reader`` building the same typed rows from the same text, one
tuple per row with ``int``/``float`` conversions; the goal is an import within 2x of it. DuckDB's
``read_csv`` of the same file into typed columns is the physical reference. Import and floor run in
alternating rounds in one process (machine noise hits both alike), each import the first into a fresh
dataset; the best round of each is reported.

Synthetic data (seeded RNG): 50,000 users, 20,000 items, 4 event types, a nullable EVENT_VALUE. The CSV is
put in the mock's S3 and imported with CreateDatasetImportJob + DescribeDatasetImportJob through boto3,
so the timing includes parsing, conversion, deduplication and storing. Then the same import runs under
tracemalloc to report the peak memory of the import and what the stored rows keep per million rows.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import random
import sys
import time
import tracemalloc
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleanroom_mock import mock_personalize  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/personalize"
SCHEMA = {
    "type": "record",
    "name": "Interactions",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "EVENT_VALUE", "type": ["null", "float"]},
    ],
    "version": "1.0",
}


def synthetic_csv(rows: int) -> str:
    rng = random.Random(7)
    events = ("click", "view", "purchase", "watch")
    lines = ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE"]
    start = 1_700_000_000
    for index in range(rows):
        value = "" if index % 3 else f"{rng.random() * 10:.2f}"
        lines.append(
            f"user_{rng.randrange(50_000)},item_{rng.randrange(20_000)},{start + index},{rng.choice(events)},{value}"
        )
    return "\n".join(lines) + "\n"


def interactions_dataset(aws, pz, body: bytes, name: str = "bench") -> str:
    """An ACTIVE Interactions dataset, its CSV ``body`` at s3://bench/interactions.csv."""
    group = pz.create_dataset_group(name=name)["datasetGroupArn"]
    schema = pz.create_schema(name=name, schema=json.dumps(SCHEMA))["schemaArn"]
    dataset = pz.create_dataset(
        name=name, schemaArn=schema, datasetGroupArn=group, datasetType="Interactions"
    )["datasetArn"]
    aws.data.put_object("s3://bench/interactions.csv", body)
    pz.describe_dataset(datasetArn=dataset)
    return dataset


def run_import(aws, pz, dataset: str, name: str) -> tuple[float, str]:
    began = time.perf_counter()
    arn = pz.create_dataset_import_job(
        jobName=name, datasetArn=dataset, dataSource={"dataLocation": "s3://bench/interactions.csv"}, roleArn=ROLE
    )["datasetImportJobArn"]
    status = pz.describe_dataset_import_job(datasetImportJobArn=arn)["datasetImportJob"]["status"]
    return time.perf_counter() - began, status


def csv_floor(body: str) -> float:
    """Seconds for csv.reader to build the typed rows of ``body`` (the synthetic interactions)."""
    start = time.perf_counter()
    reader = csv.reader(io.StringIO(body))
    next(reader)
    rows = [(user, item, int(moment), event, float(value) if value else None)
            for user, item, moment, event, value in reader]
    seconds = time.perf_counter() - start
    assert rows
    return seconds


def duckdb_reference(body: bytes) -> float | None:
    """Seconds for DuckDB to read the same CSV into typed columns (None: duckdb is not installed)."""
    try:
        import duckdb
    except ImportError:
        return None
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "interactions.csv")
        with open(path, "wb") as out:
            out.write(body)
        connection = duckdb.connect()
        start = time.perf_counter()
        connection.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', header=true)")
        seconds = time.perf_counter() - start
        connection.close()
    return seconds


def compare(rows: int = 1_000_000, rounds: int = 3) -> dict[str, float | None]:
    """Best-of-``rounds`` seconds: our import through boto3, the csv.reader floor, DuckDB."""
    body = synthetic_csv(rows)
    raw = body.encode()
    ours: list[float] = []
    floor: list[float] = []
    with mock_personalize() as aws:
        pz = boto3.client("personalize", region_name="us-east-1")
        for round_number in range(rounds):
            # a first import into a fresh dataset each round (a FULL import over stored rows also frees them)
            dataset = interactions_dataset(aws, pz, raw, f"bench-{round_number}")
            gc.collect()
            floor.append(csv_floor(body))
            gc.collect()
            seconds, status = run_import(aws, pz, dataset, f"round-{round_number}")
            assert status == "ACTIVE", status
            ours.append(seconds)
    return {"ours": min(ours), "floor": min(floor), "duckdb": duckdb_reference(raw)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    body = synthetic_csv(rows)
    print(f"CSV: {rows:,} rows, {len(body) / 1e6:.1f} MB")
    with mock_personalize() as aws:
        pz = boto3.client("personalize", region_name="us-east-1")
        dataset = interactions_dataset(aws, pz, body.encode())
        del body
        stored = aws.store("personalize", "123456789012", "us-east-1").datasets.get(dataset)

        seconds, status = run_import(aws, pz, dataset, "timed")
        print(f"import: {status} in {seconds:.2f} s ({rows / seconds / 1e6:.2f} M rows/s); {len(stored.rows):,} rows")

        stored.bulk_rows = []
        gc.collect()
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        seconds, status = run_import(aws, pz, dataset, "traced")
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_million = 1e6 / rows / 1e6
        print(f"traced import: {status} in {seconds:.2f} s (tracemalloc slows it down)")
        print(f"peak memory during import: {(peak - baseline) * per_million:.0f} MB per million rows")
        print(f"memory kept by stored rows: {(current - baseline) * per_million:.0f} MB per million rows")


if __name__ == "__main__":
    main()
