"""Clean Rooms ML end to end at AWS's minimum training size, through boto3, the data layer and the engine.

Run by hand: ``python benchmarks/bench_lookalike_api.py``. Same synthetic data as bench_lookalike.py
(100,000 users x 1,000,000 interactions, 8 communities), given as a Glue-like table of row dicts with
``aws.data.put_table``, in strict mode (AWS's documented minimums). Times the audience model's training
(the GetAudienceModel that completes it) and the generation job (the GetAudienceGenerationJob that runs it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import boto3
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lookalike import SEED_SIZE, synthetic_interactions  # noqa: E402

from cleanroom_mock import mock_cleanroomsml  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/ml"


def main() -> None:
    columns, communities = synthetic_interactions(np.random.default_rng(7))
    rows = [
        {"user_id": str(user), "item_id": str(item), "ts": int(ts)}
        for user, item, ts in zip(columns.user_ids.tolist(), columns.item_ids.tolist(), columns.timestamps.tolist())
    ]
    seed = [{"user_id": str(user)} for user in np.flatnonzero(communities == 0)[:SEED_SIZE].tolist()]
    with mock_cleanroomsml(strict=True) as aws:
        aws.data.put_table("bench", "interactions", rows)
        aws.data.put_json_lines("s3://bench/seed.jsonl", seed)
        ml = boto3.client("cleanroomsml", region_name="us-east-1")
        dataset = ml.create_training_dataset(
            name="bench", roleArn=ROLE,
            trainingData=[{"type": "INTERACTIONS", "inputConfig": {
                "dataSource": {"glueDataSource": {"databaseName": "bench", "tableName": "interactions"}},
                "schema": [{"columnName": "user_id", "columnTypes": ["USER_ID"]},
                           {"columnName": "item_id", "columnTypes": ["ITEM_ID"]},
                           {"columnName": "ts", "columnTypes": ["TIMESTAMP"]}]}}])["trainingDatasetArn"]
        model = ml.create_audience_model(name="bench", trainingDatasetArn=dataset)["audienceModelArn"]
        start = time.perf_counter()
        status = ml.get_audience_model(audienceModelArn=model)["status"]
        training = time.perf_counter() - start
        configured = ml.create_configured_audience_model(
            name="bench", audienceModelArn=model, sharedAudienceMetrics=["ALL"],
            audienceSizeConfig={"audienceSizeType": "PERCENTAGE", "audienceSizeBins": [1, 5, 10, 20]},
            outputConfig={"destination": {"s3Destination": {"s3Uri": "s3://bench/out/"}}, "roleArn": ROLE},
        )["configuredAudienceModelArn"]
        job = ml.start_audience_generation_job(
            name="bench", configuredAudienceModelArn=configured,
            seedAudience={"dataSource": {"s3Uri": "s3://bench/seed.jsonl"}, "roleArn": ROLE},
        )["audienceGenerationJobArn"]
        start = time.perf_counter()
        generated = ml.get_audience_generation_job(audienceGenerationJobArn=job)
        generation = time.perf_counter() - start
    print(f"data: {len(rows):,} interactions, {len(set(columns.user_ids.tolist())):,} users (strict mode)")
    print(f"training (GetAudienceModel -> {status}): {training:.2f} s")
    print(f"generation job (GetAudienceGenerationJob -> {generated['status']}): {generation:.2f} s")
    print("relevance:", [(m["audienceSize"]["value"], round(m["score"], 3))
                         for m in generated["metrics"]["relevanceMetrics"]],
          "recall:", round(generated["metrics"]["recallMetric"], 3))


if __name__ == "__main__":
    main()
