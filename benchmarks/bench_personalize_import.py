"""Benchmark Personalize dataset import: 1,000,000 interaction rows (~40 MB of CSV) through the real API.

Run by hand: ``python benchmarks/bench_personalize_import.py [--rows N]``.

Synthetic data (seeded RNG): 50,000 users, 20,000 items, 4 event types, a nullable EVENT_VALUE. The CSV is
put in the mock's S3 and imported with CreateDatasetImportJob + DescribeDatasetImportJob through boto3,
so the timing includes parsing, conversion, deduplication and storing. Then the same import runs under
tracemalloc to report the peak memory of the import and what the stored rows keep per million rows.
"""

from __future__ import annotations

import argparse
import gc
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


def run_import(aws, pz, dataset: str, name: str) -> tuple[float, str]:
    began = time.perf_counter()
    arn = pz.create_dataset_import_job(
        jobName=name, datasetArn=dataset, dataSource={"dataLocation": "s3://bench/interactions.csv"}, roleArn=ROLE
    )["datasetImportJobArn"]
    status = pz.describe_dataset_import_job(datasetImportJobArn=arn)["datasetImportJob"]["status"]
    return time.perf_counter() - began, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    body = synthetic_csv(rows)
    print(f"CSV: {rows:,} rows, {len(body) / 1e6:.1f} MB")
    with mock_personalize() as aws:
        pz = boto3.client("personalize", region_name="us-east-1")
        group = pz.create_dataset_group(name="bench")["datasetGroupArn"]
        schema = pz.create_schema(name="bench", schema=json.dumps(SCHEMA))["schemaArn"]
        dataset = pz.create_dataset(
            name="bench", schemaArn=schema, datasetGroupArn=group, datasetType="Interactions"
        )["datasetArn"]
        aws.data.put_object("s3://bench/interactions.csv", body.encode())
        del body
        pz.describe_dataset(datasetArn=dataset)
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
