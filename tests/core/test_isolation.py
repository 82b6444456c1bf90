"""State is scoped by account (from the access key) and region (from the request), and safe across threads."""

from __future__ import annotations

import threading

import boto3
import pytest

from cleanroom_mock import mock_personalize


def _client(account: str = "111111111111", region: str = "us-east-1"):
    return boto3.client("personalize", region_name=region, aws_access_key_id=account, aws_secret_access_key="x")


def _group_names(client) -> list[str]:
    return sorted(group["name"] for group in client.list_dataset_groups()["datasetGroups"])


@mock_personalize
def test_accounts_do_not_see_each_other():
    first, second = _client("111111111111"), _client("222222222222")
    arn = first.create_dataset_group(name="only-mine")["datasetGroupArn"]
    assert ":111111111111:" in arn
    assert _group_names(first) == ["only-mine"] and _group_names(second) == []
    second.create_dataset_group(name="only-mine")  # the same name is free in another account
    with pytest.raises(second.exceptions.ResourceNotFoundException):
        second.describe_dataset_group(datasetGroupArn=arn)


@mock_personalize
def test_regions_do_not_see_each_other():
    east, west = _client(region="us-east-1"), _client(region="eu-west-1")
    arn = west.create_dataset_group(name="west")["datasetGroupArn"]
    assert arn.startswith("arn:aws:personalize:eu-west-1:111111111111:")
    assert _group_names(east) == [] and _group_names(west) == ["west"]


@mock_personalize
def test_default_account_for_non_numeric_keys():
    client = _client(account="AKIAIOSFODNN7EXAMPLE")
    assert ":123456789012:" in client.create_dataset_group(name="g")["datasetGroupArn"]


@mock_personalize
def test_concurrent_creates_lose_nothing():
    errors: list[Exception] = []

    def create(worker: int) -> None:
        client = _client()
        try:
            for n in range(5):
                client.create_schema(name=f"s{worker}-{n}", schema=_SCHEMA)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=create, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    names = [schema["name"] for schema in _client().list_schemas(maxResults=100)["schemas"]]
    assert len(names) == 30 and len(set(names)) == 30


_SCHEMA = (
    '{"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema", "fields": ['
    '{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},'
    '{"name": "TIMESTAMP", "type": "long"}], "version": "1.0"}'
)
