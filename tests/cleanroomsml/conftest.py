"""Shared setup for the Clean Rooms ML backend tests: two accounts, two communities of users, a trained model."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from cleanroom_mock import mock_cleanroomsml

A = "111111111111"  # trains the model and owns the configured audience model
B = "222222222222"  # brings the seed audience
REGION = "us-east-1"
USERS_PER_COMMUNITY = 60
BASE_TS = 1_700_000_000  # epoch seconds of the first interaction


def client(account: str, **kwargs: Any) -> Any:
    """A cleanroomsml client acting as ``account`` (the mock reads the account from a 12-digit access key)."""
    return boto3.client("cleanroomsml", region_name=REGION, aws_access_key_id=account,
                        aws_secret_access_key="secret", **kwargs)


def role(account: str = A) -> str:
    return f"arn:aws:iam::{account}:role/cleanrooms-ml"


def community_rows(per_community: int = USERS_PER_COMMUNITY) -> list[dict[str, Any]]:
    """Users a000.. only touch a-items, users b000.. only b-items; six interactions each, one a minute."""
    rng = random.Random(7)
    rows = []
    for community in "ab":
        for user in range(per_community):
            for k in range(6):
                rows.append({"user": f"{community}{user:03d}", "item": f"{community}-item{rng.randrange(20)}",
                             "ts": BASE_TS + 60 * k, "genre": "x"})
    return rows


def training_data(database: str = "db", table: str = "interactions", schema: list | None = None) -> list[dict]:
    schema = schema or [
        {"columnName": "user", "columnTypes": ["USER_ID"]},
        {"columnName": "item", "columnTypes": ["ITEM_ID"]},
        {"columnName": "ts", "columnTypes": ["TIMESTAMP"]},
    ]
    return [{"type": "INTERACTIONS", "inputConfig": {
        "schema": schema, "dataSource": {"glueDataSource": {"databaseName": database, "tableName": table}}}}]


def output_config(account: str = A, uri: str = "s3://model-owner-out/audiences") -> dict[str, Any]:
    return {"destination": {"s3Destination": {"s3Uri": uri}}, "roleArn": role(account)}


def seed_audience(uri: str, account: str = B) -> dict[str, Any]:
    return {"dataSource": {"s3Uri": uri}, "roleArn": role(account)}


def put_seed(aws: Any, uri: str, user_ids: list[str]) -> str:
    aws.data.put_json_lines(uri, [{"user_id": u} for u in user_ids])
    return uri


COMMUNITY_A_SEED = [f"a{u:03d}" for u in range(30)]


@dataclass
class Setup:
    """A's training dataset, ACTIVE audience model and configured audience model."""

    aws: Any
    a: Any
    b: Any
    dataset: str
    model: str
    cam: str

    def start_job(self, caller: Any, name: str = "segment", seed: list[str] | None = None, **kwargs: Any) -> str:
        account = A if caller is self.a else B
        uri = put_seed(self.aws, f"s3://seeds-{account}/{name}.json", seed or COMMUNITY_A_SEED)
        kwargs.setdefault("configuredAudienceModelArn", self.cam)
        return caller.start_audience_generation_job(
            name=name, seedAudience=seed_audience(uri, account), **kwargs
        )["audienceGenerationJobArn"]


def create_dataset(a: Any, name: str = "interactions", **kwargs: Any) -> str:
    kwargs.setdefault("trainingData", training_data())
    return a.create_training_dataset(name=name, roleArn=role(A), **kwargs)["trainingDatasetArn"]


def create_cam(a: Any, model: str, name: str = "lookalike", **kwargs: Any) -> str:
    kwargs.setdefault("sharedAudienceMetrics", ["ALL"])
    kwargs.setdefault("minMatchingSeedSize", 25)
    kwargs.setdefault("audienceSizeConfig", {"audienceSizeType": "PERCENTAGE", "audienceSizeBins": [10, 20]})
    kwargs.setdefault("outputConfig", output_config())
    return a.create_configured_audience_model(name=name, audienceModelArn=model, **kwargs)[
        "configuredAudienceModelArn"]


@pytest.fixture
def aws() -> Iterator[Any]:
    with mock_cleanroomsml() as handle:
        yield handle


@pytest.fixture
def setup(aws: Any) -> Setup:
    a, b = client(A), client(B)
    aws.data.put_table("db", "interactions", community_rows())
    dataset = create_dataset(a)
    model = a.create_audience_model(name="model", trainingDatasetArn=dataset)["audienceModelArn"]
    assert a.get_audience_model(audienceModelArn=model)["status"] == "ACTIVE"
    cam = create_cam(a, model)
    return Setup(aws, a, b, dataset, model, cam)
