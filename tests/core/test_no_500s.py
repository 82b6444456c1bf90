"""Each input that once came back as an HTTP 500 now gets the service's 4xx (or is answered normally)."""

from __future__ import annotations

import datetime as _dt
import json

import boto3
import pytest

from cleanroom_mock import mock_all
from cleanroom_mock.core.dispatch import dispatch
from cleanroom_mock.core.protocol.http import HttpRequest

ACCOUNT = "123456789012"
CAMPAIGN = f"arn:aws:personalize:us-east-1:{ACCOUNT}:campaign/none"


@pytest.fixture
def aws():
    with mock_all() as handle:
        yield handle


def _personalize(aws, operation: str, body: bytes):
    request = HttpRequest("POST", "https://personalize.us-east-1.amazonaws.com/",
                          {"x-amz-target": f"AmazonPersonalize.{operation}",
                           "content-type": "application/x-amz-json-1.1"}, body)
    return dispatch("personalize", request, aws)


def _events(aws, body: bytes):
    request = HttpRequest("POST", "https://personalize-events.us-east-1.amazonaws.com/events",
                          {"content-type": "application/json"}, body)
    return dispatch("personalize-events", request, aws)


def _code(response) -> str:
    return response.headers.get("X-Amzn-Errortype", "")


def test_a_deeply_nested_avro_schema_is_invalid_input(aws):
    personalize = boto3.client("personalize", region_name="us-east-1")
    schema = '{"type": "record", "name": "x", "fields": ' + "[" * 4970 + "]" * 4970 + "}"
    assert len(schema) <= 10_000
    with pytest.raises(personalize.exceptions.InvalidInputException, match="Invalid schema"):
        personalize.create_schema(name="deep", schema=schema)


def test_lone_surrogates_in_events_and_runtime_are_refused(aws):
    events = boto3.client("personalize-events", region_name="us-east-1")
    runtime = boto3.client("personalize-runtime", region_name="us-east-1")
    with pytest.raises(events.exceptions.ClientError) as caught:
        events.put_events(trackingId="t", sessionId="s",
                          eventList=[{"eventType": "click", "sentAt": _dt.datetime.now(), "itemId": "\ud800"}])
    assert caught.value.response["Error"]["Code"] == "SerializationException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(runtime.exceptions.ClientError) as caught:
        runtime.get_recommendations(campaignArn=CAMPAIGN, userId="\udc00")
    assert caught.value.response["Error"]["Code"] == "SerializationException"


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_json_nesting_is_a_serialization_error(aws, depth):
    body = b'{"maxResults": ' + b"[" * depth + b"]" * depth + b"}"
    response = _personalize(aws, "ListSchemas", body)
    assert response.status == 400 and _code(response) == "SerializationException"


def test_an_unknown_top_level_member_is_ignored(aws):
    response = _personalize(aws, "ListSchemas", b'{"maxResults": 5, "noSuchMember": {"a": 1}, "": null}')
    assert response.status == 200 and json.loads(response.body) == {"schemas": []}


@pytest.mark.parametrize("sent_at", [b'"Infinity"', b'"NaN"', b"1e300", b'"not a time"'])
def test_a_sent_at_that_is_no_time_is_a_4xx(aws, sent_at):
    response = _events(aws, b'{"trackingId": "t", "sessionId": "s", "eventList": [{"eventType": "click", '
                            b'"sentAt": ' + sent_at + b"}]}")
    assert 400 <= response.status < 500 and _code(response) == "SerializationException"


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_non_finite_numbers_are_not_json(aws, literal):
    response = _personalize(aws, "ListSchemas", b'{"maxResults": ' + literal + b"}")
    assert response.status == 400 and _code(response) == "SerializationException"


@pytest.mark.parametrize("number", [2**31, -(2**31) - 1, 10**30])
def test_an_integer_past_its_width_is_a_serialization_error(aws, number):
    response = _personalize(aws, "ListSchemas", json.dumps({"maxResults": number}).encode())
    assert response.status == 400 and _code(response) == "SerializationException"


def test_a_null_exploration_weight_is_invalid_input(aws):
    body = json.dumps({"name": "c", "solutionVersionArn": f"arn:aws:personalize:us-east-1:{ACCOUNT}:solution/s/1",
                       "campaignConfig": {"itemExplorationConfig": {"explorationWeight": None}}}).encode()
    response = _personalize(aws, "CreateCampaign", body)
    assert response.status == 400 and _code(response) == "InvalidInputException"
    assert "explorationWeight" in json.loads(response.body)["message"]



def test_a_handler_that_meets_nesting_too_deep_answers_the_validation_error(aws, monkeypatch):
    """A JSON document inside a string member nested past what Python walks (an Avro schema, a policy):
    whichever handler meets it, the engine answers the service's validation error, not an internal failure."""
    from cleanroom_mock.core.dispatch import handler_of

    handler = handler_of("personalize", "ListSchemas")

    def too_deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(handler.group, handler.method, too_deep)
    personalize = boto3.client("personalize", region_name="us-east-1")
    with pytest.raises(personalize.exceptions.InvalidInputException, match="nested too deeply"):
        personalize.list_schemas()
