"""moto's mock_aws and ours in one test: moto answers S3, we answer Personalize, in either nesting order."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from cleanroom_mock import mock_all
from cleanroom_mock.personalize.avro_schema import DOMAIN_DEFAULT_SCHEMAS

SCHEMA = json.dumps({
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
    "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
               {"name": "TIMESTAMP", "type": "long"}],
    "version": "1.0",
})


def _exercise(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="side-by-side")
    s3.put_object(Bucket="side-by-side", Key="hello.txt", Body=b"from the test")
    personalize = boto3.client("personalize", region_name="us-east-1")
    arn = personalize.create_schema(name="interactions", schema=SCHEMA)["schemaArn"]
    # moto knows CreateSchema too, but does not validate: ours rejects a schema without required fields.
    with pytest.raises(personalize.exceptions.InvalidInputException):
        personalize.create_schema(name="broken", schema=json.dumps({"type": "record", "name": "Interactions",
                                                                    "fields": [{"name": "X", "type": "string"}]}))
    assert aws.store("personalize").schemas.get(arn).name == "interactions"
    # our data layer reads the object the test put through moto's S3
    assert aws.data.get_object("s3://side-by-side/hello.txt") == b"from the test"


def test_moto_outside_ours_inside():
    with mock_aws(), mock_all() as aws:
        _exercise(aws)


def test_ours_outside_moto_inside():
    with mock_all() as aws, mock_aws():
        _exercise(aws)


def test_moto_answers_its_personalize_again_after_we_stop():
    with mock_aws():
        with mock_all():
            boto3.client("personalize", region_name="us-east-1").create_schema(name="ours", schema=SCHEMA)
        names = [s["name"] for s in boto3.client("personalize", region_name="us-east-1").list_schemas()["schemas"]]
        assert names == []  # moto's own store never saw our schema
    assert DOMAIN_DEFAULT_SCHEMAS  # the default schemas stay importable for users' fixtures
