"""Schemas (data/schemas.py)."""

from __future__ import annotations

import json

import pytest

from ..support import INTERACTIONS_SCHEMA, USERS_SCHEMA, client, error_of, make_schema, new_group


def test_schema_create_describe_list_delete(personalize_mock):
    pz = client()
    arn = make_schema(pz, "interactions", INTERACTIONS_SCHEMA)
    described = pz.describe_schema(schemaArn=arn)["schema"]
    assert json.loads(described["schema"]) == INTERACTIONS_SCHEMA and described["name"] == "interactions"
    assert [s["schemaArn"] for s in pz.list_schemas()["schemas"]] == [arn]
    pz.delete_schema(schemaArn=arn)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_schema(schemaArn=arn)


@pytest.mark.parametrize(
    "schema",
    [
        "not json",
        {"type": "record", "name": "Interactions", "fields": []},
        {**INTERACTIONS_SCHEMA, "fields": INTERACTIONS_SCHEMA["fields"][1:]},  # no USER_ID
        {**INTERACTIONS_SCHEMA, "fields": [*INTERACTIONS_SCHEMA["fields"], {"name": "TAGS", "type": "array"}]},
        {**USERS_SCHEMA, "fields": USERS_SCHEMA["fields"][:1]},  # Users need a metadata field
    ],
)
def test_create_schema_rejects_invalid_schemas(personalize_mock, schema):
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_schema(name="bad", schema=schema if isinstance(schema, str) else json.dumps(schema))
    assert "schema" in error_of(exc)[1].lower()
    assert pz.list_schemas()["schemas"] == []


def test_schema_rules(personalize_mock):
    pz = client()
    arn = make_schema(pz, "s", INTERACTIONS_SCHEMA)
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        make_schema(pz, "s", INTERACTIONS_SCHEMA)
    group = new_group(pz)
    pz.create_dataset(name="d", schemaArn=arn, datasetGroupArn=group, datasetType="INTERACTIONS")
    with pytest.raises(pz.exceptions.ResourceInUseException):
        pz.delete_schema(schemaArn=arn)


def test_schema_quota_is_500(personalize_mock):
    pz = client()
    for index in range(500):
        pz.create_schema(name=f"s{index}", schema=json.dumps(USERS_SCHEMA))
    with pytest.raises(pz.exceptions.LimitExceededException):
        make_schema(pz, "one-too-many", USERS_SCHEMA)
