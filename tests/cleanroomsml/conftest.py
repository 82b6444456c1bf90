"""Fixtures every Clean Rooms ML test may use: the mock, clients per account, request builders, and the
lookalike setup (two accounts, two communities of users, a trained model and its configured model)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from cleanroom_mock import mock_cleanroomsml

from .constants import BASE_TS, COMMUNITY_A_SEED, REGION, USERS_PER_COMMUNITY, A, B


def _client(account: str, **kwargs: Any) -> Any:
    """A cleanroomsml client acting as ``account`` (the mock reads the account from a 12-digit access key)."""
    return boto3.client("cleanroomsml", region_name=REGION, aws_access_key_id=account,
                        aws_secret_access_key="secret", **kwargs)


def _role(account: str = A) -> str:
    return f"arn:aws:iam::{account}:role/cleanrooms-ml"


def _community_rows(per_community: int = USERS_PER_COMMUNITY) -> list[dict[str, Any]]:
    """Users a000.. only touch a-items, users b000.. only b-items; six interactions each, one a minute."""
    rng = random.Random(7)
    rows = []
    for community in "ab":
        for user in range(per_community):
            for k in range(6):
                rows.append({"user": f"{community}{user:03d}", "item": f"{community}-item{rng.randrange(20)}",
                             "ts": BASE_TS + 60 * k, "genre": "x"})
    return rows


def _training_data(database: str = "db", table: str = "interactions", schema: list | None = None) -> list[dict]:
    schema = schema or [
        {"columnName": "user", "columnTypes": ["USER_ID"]},
        {"columnName": "item", "columnTypes": ["ITEM_ID"]},
        {"columnName": "ts", "columnTypes": ["TIMESTAMP"]},
    ]
    return [{"type": "INTERACTIONS", "inputConfig": {
        "schema": schema, "dataSource": {"glueDataSource": {"databaseName": database, "tableName": table}}}}]


def _output_config(account: str = A, uri: str = "s3://model-owner-out/audiences") -> dict[str, Any]:
    return {"destination": {"s3Destination": {"s3Uri": uri}}, "roleArn": _role(account)}


def _seed_audience(uri: str, account: str = B) -> dict[str, Any]:
    return {"dataSource": {"s3Uri": uri}, "roleArn": _role(account)}


def _put_seed(aws: Any, uri: str, user_ids: list[str]) -> str:
    aws.data.put_json_lines(uri, [{"user_id": u} for u in user_ids])
    return uri


def _create_dataset(a: Any, name: str = "interactions", **kwargs: Any) -> str:
    kwargs.setdefault("trainingData", _training_data())
    return a.create_training_dataset(name=name, roleArn=_role(A), **kwargs)["trainingDatasetArn"]  # type: ignore[no-any-return]


def _create_cam(a: Any, model: str, name: str = "lookalike", **kwargs: Any) -> str:
    kwargs.setdefault("sharedAudienceMetrics", ["ALL"])
    kwargs.setdefault("minMatchingSeedSize", 25)
    kwargs.setdefault("audienceSizeConfig", {"audienceSizeType": "PERCENTAGE", "audienceSizeBins": [10, 20]})
    kwargs.setdefault("outputConfig", _output_config())
    return a.create_configured_audience_model(name=name, audienceModelArn=model, **kwargs)[  # type: ignore[no-any-return]
        "configuredAudienceModelArn"]


@pytest.fixture
def aws() -> Iterator[Any]:
    with mock_cleanroomsml() as handle:
        yield handle


@pytest.fixture
def client() -> Callable[..., Any]:
    """``client(account, **kwargs)``: a cleanroomsml client acting as ``account``."""
    return _client


@pytest.fixture
def role() -> Callable[..., str]:
    """``role(account=A)``: an IAM role ARN of ``account``."""
    return _role


@pytest.fixture
def community_rows() -> Callable[..., list[dict[str, Any]]]:
    """``community_rows(per_community=60)``: interaction rows of two communities that never mix."""
    return _community_rows


@pytest.fixture
def training_data() -> Callable[..., list[dict]]:
    """``training_data(database, table, schema)``: the ``trainingData`` of CreateTrainingDataset."""
    return _training_data


@pytest.fixture
def output_config() -> Callable[..., dict[str, Any]]:
    """``output_config(account=A, uri=...)``: a configured audience model's ``outputConfig``."""
    return _output_config


@pytest.fixture
def seed_audience() -> Callable[..., dict[str, Any]]:
    """``seed_audience(uri, account=B)``: a ``seedAudience`` read from ``uri``."""
    return _seed_audience


@pytest.fixture
def put_seed() -> Callable[..., str]:
    """``put_seed(aws, uri, user_ids)``: write a seed file (JSON lines) and return its URI."""
    return _put_seed


@pytest.fixture
def create_dataset() -> Callable[..., str]:
    """``create_dataset(client, name=..., **kwargs)``: a training dataset over db.interactions."""
    return _create_dataset


@pytest.fixture
def create_cam() -> Callable[..., str]:
    """``create_cam(client, model, name=..., **kwargs)``: a configured audience model with small bins."""
    return _create_cam


@dataclass
class Setup:
    """A's training dataset, ACTIVE audience model and configured audience model."""

    aws: Any
    a: Any
    b: Any
    dataset: str
    model: str
    cam: str

    def status(self, caller: Any, arn: str) -> dict[str, Any]:
        """The generation job ``arn`` as ``caller`` reads it (GetAudienceGenerationJob)."""
        return caller.get_audience_generation_job(audienceGenerationJobArn=arn)  # type: ignore[no-any-return]

    def start_job(self, caller: Any, name: str = "segment", seed: list[str] | None = None, **kwargs: Any) -> str:
        account = A if caller is self.a else B
        uri = _put_seed(self.aws, f"s3://seeds-{account}/{name}.json", seed or COMMUNITY_A_SEED)
        kwargs.setdefault("configuredAudienceModelArn", self.cam)
        return caller.start_audience_generation_job(  # type: ignore[no-any-return]
            name=name, seedAudience=_seed_audience(uri, account), **kwargs
        )["audienceGenerationJobArn"]


@pytest.fixture
def setup(aws: Any) -> Setup:
    a, b = _client(A), _client(B)
    aws.data.put_table("db", "interactions", _community_rows())
    dataset = _create_dataset(a)
    model = a.create_audience_model(name="model", trainingDatasetArn=dataset)["audienceModelArn"]
    assert a.get_audience_model(audienceModelArn=model)["status"] == "ACTIVE"
    cam = _create_cam(a, model)
    return Setup(aws, a, b, dataset, model, cam)
