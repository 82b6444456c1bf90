"""The HTTP server answers other SDKs and the CLI from the same core as the in-process mock."""

from __future__ import annotations

import json
import urllib.request

import boto3
import pytest

import cleanroom_mock


def _client(service: str, endpoint: str, account: str = "111111111111"):
    return boto3.client(service, region_name="eu-west-1", endpoint_url=endpoint,
                        aws_access_key_id=account, aws_secret_access_key="x")


@pytest.mark.parametrize(
    ("service", "call", "operation"),
    [
        ("personalize", lambda c: c.describe_schema(schemaArn="arn:aws:personalize:eu-west-1:111111111111:schema/n"),
         "DescribeSchema"),
        ("personalize-runtime",
         lambda c: c.get_recommendations(campaignArn="arn:aws:personalize:eu-west-1:111111111111:campaign/n",
                                         userId="u"), "GetRecommendations"),
        ("personalize-events",
         lambda c: c.put_events(trackingId="t", sessionId="s", eventList=[{"eventType": "click", "sentAt": 1}]),
         "PutEvents"),
        ("cleanroomsml",
         lambda c: c.get_training_dataset(
             trainingDatasetArn="arn:aws:cleanrooms-ml:eu-west-1:111111111111:training-dataset/abcdefghij"),
         "GetTrainingDataset"),
    ],
)
def test_each_service_is_routed_on_one_port(endpoint, service, call, operation):
    client = _client(service, endpoint)
    with pytest.raises(client.exceptions.ClientError) as caught:
        call(client)
    error = caught.value.response["Error"]
    # Whatever the backend answers, it is that service's own answer to that operation, not a routing failure.
    assert error["Code"] in ("ResourceNotFoundException", "NotImplementedException", "InvalidInputException")
    if error["Code"] == "NotImplementedException":
        assert f"{service}.{operation}" in error["Message"]


def test_validation_errors_travel_over_http(endpoint):
    client = _client("personalize", endpoint, )
    with pytest.raises(client.exceptions.InvalidInputException, match="validation error"):
        client.describe_schema(schemaArn="not an arn")


def test_control_routes_reach_the_handle(endpoint):
    body = b'{"user_id": "u1"}\n'
    request = urllib.request.Request(f"{endpoint}/_cleanroom_mock/data/object?uri=s3://seeds/seed.json",
                                     data=body, method="PUT")
    assert json.load(urllib.request.urlopen(request))["uri"] == "s3://seeds/seed.json"
    assert cleanroom_mock.handle().data.get_object("s3://seeds/seed.json") == body
    read = urllib.request.urlopen(f"{endpoint}/_cleanroom_mock/data/object?uri=s3://seeds/seed.json")
    assert read.read() == body
    settings = urllib.request.Request(f"{endpoint}/_cleanroom_mock/settings", data=b'{"strict": true}',
                                      method="POST")
    assert json.load(urllib.request.urlopen(settings))["strict"] is True
    reset = urllib.request.Request(f"{endpoint}/_cleanroom_mock/reset", data=b"", method="POST")
    urllib.request.urlopen(reset)
    assert cleanroom_mock.handle().data.list_objects("s3://seeds/") == []
