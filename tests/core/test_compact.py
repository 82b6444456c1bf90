"""Deflated documents (core/compact.py) and the schema documents Personalize keeps with them."""

from __future__ import annotations

import json

import boto3
import pytest

from cleanroom_mock import mock_personalize
from cleanroom_mock.core.compact import Vocabulary
from cleanroom_mock.personalize.avro_schema import SCHEMA_VOCABULARY

from ..personalize.support import INTERACTIONS_SCHEMA

WORDS = Vocabulary(7, b'{"name": "USER_ID", "type": "string"}')


def test_a_text_comes_back_byte_for_byte_and_is_kept_smaller():
    text = '{"name": "USER_ID", "type": "string"}  \u00e9t\u00e9 ' * 5
    kept = WORDS.deflate(text)
    assert isinstance(kept, bytes) and len(kept) < len(text) // 4
    assert WORDS.inflate(kept) == text


def test_a_text_deflating_does_not_shrink_is_kept_as_it_is():
    assert WORDS.deflate("ab") == "ab" and WORDS.inflate("ab") == "ab"


def test_another_vocabulary_refuses_what_it_did_not_deflate():
    kept = WORDS.deflate('{"name": "USER_ID", "type": "string"}' * 3)
    with pytest.raises(ValueError, match="vocabulary 1"):
        SCHEMA_VOCABULARY.inflate(kept)


def test_describe_schema_answers_the_document_as_created():
    """The stored form is deflated; the answer is the string CreateSchema received, spacing and all."""
    fields = [*INTERACTIONS_SCHEMA["fields"], {"name": "CAFE", "type": ["null", "string"]}]
    document = json.dumps({**INTERACTIONS_SCHEMA, "fields": fields}, indent=3)
    with mock_personalize() as aws:
        pz = boto3.client("personalize", region_name="us-east-1")
        arn = pz.create_schema(name="s", schema=document)["schemaArn"]
        stored = aws.store("personalize", "123456789012", "us-east-1").schemas.get(arn)
        assert isinstance(stored.document, bytes) and len(stored.document) < len(document) // 3
        assert pz.describe_schema(schemaArn=arn)["schema"]["schema"] == document


def test_a_list_renders_only_its_summary_members_so_documents_stay_deflated(monkeypatch):
    """Resource.summary: ListSchemas' items have no ``schema`` member, so listing never inflates one."""
    from cleanroom_mock.personalize.data.resources import DatasetSchema

    document = json.dumps(INTERACTIONS_SCHEMA)
    with mock_personalize():
        pz = boto3.client("personalize", region_name="us-east-1")
        for index in range(3):
            pz.create_schema(name=f"s{index}", schema=document)

        def refuse(schema: DatasetSchema) -> str:
            raise AssertionError("a listed schema's document was inflated")

        monkeypatch.setattr(DatasetSchema, "schema_json", property(refuse))
        listed = pz.list_schemas(maxResults=2)
        assert [item["name"] for item in listed["schemas"]] == ["s0", "s1"]
        assert set(listed["schemas"][0]) == {"name", "schemaArn", "creationDateTime", "lastUpdatedDateTime"}
        with pytest.raises(AssertionError, match="inflated"):
            pz.describe_schema(schemaArn=listed["schemas"][0]["schemaArn"])
