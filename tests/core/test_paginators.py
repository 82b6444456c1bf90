"""botocore's own paginators drive our nextToken/maxResults, in both protocols, and survive deletes."""

from __future__ import annotations

import boto3
import pytest

from cleanroom_mock import mock_all


@pytest.fixture
def personalize():
    with mock_all():
        yield boto3.client("personalize", region_name="us-east-1")


def test_personalize_paginator_walks_every_page(personalize):
    for n in range(7):
        personalize.create_schema(name=f"s{n}", schema=SCHEMA)
    pages = list(personalize.get_paginator("list_schemas").paginate(PaginationConfig={"PageSize": 3}))
    assert [len(page["schemas"]) for page in pages] == [3, 3, 1]
    assert [s["name"] for page in pages for s in page["schemas"]] == [f"s{n}" for n in range(7)]


def test_pages_stay_stable_when_an_item_is_deleted_between_them(personalize):
    arns = [personalize.create_dataset_group(name=f"g{n}")["datasetGroupArn"] for n in range(5)]
    first = personalize.list_dataset_groups(maxResults=2)
    assert [g["name"] for g in first["datasetGroups"]] == ["g0", "g1"]
    personalize.delete_dataset_group(datasetGroupArn=arns[2])
    second = personalize.list_dataset_groups(maxResults=2, nextToken=first["nextToken"])
    assert [g["name"] for g in second["datasetGroups"]] == ["g3", "g4"]
    assert "nextToken" not in second


def test_invalid_token_is_the_services_error(personalize):
    with pytest.raises(personalize.exceptions.InvalidNextTokenException):
        personalize.list_dataset_groups(nextToken="not-a-token-we-issued")


def test_cleanroomsml_paginator_and_invalid_token():
    with mock_all():
        ml = boto3.client("cleanroomsml", region_name="us-east-1")
        for n in range(5):
            ml.create_training_dataset(
                name=f"td{n}", roleArn="arn:aws:iam::123456789012:role/ml",
                trainingData=[{"type": "INTERACTIONS", "inputConfig": {
                    "dataSource": {"glueDataSource": {"databaseName": "db", "tableName": "t"}},
                    "schema": [{"columnName": "u", "columnTypes": ["USER_ID"]},
                               {"columnName": "i", "columnTypes": ["ITEM_ID"]},
                               {"columnName": "t", "columnTypes": ["TIMESTAMP"]}]}}])
        pages = list(ml.get_paginator("list_training_datasets").paginate(PaginationConfig={"PageSize": 2}))
        assert [len(page["trainingDatasets"]) for page in pages] == [2, 2, 1]
        with pytest.raises(ml.exceptions.ValidationException):
            ml.list_training_datasets(nextToken="forged")


SCHEMA = (
    '{"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema", "fields": ['
    '{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},'
    '{"name": "TIMESTAMP", "type": "long"}], "version": "1.0"}'
)
