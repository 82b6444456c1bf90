"""Each protocol's routing, parsing and error wire format, looked at on the wire (through dispatch)."""

from __future__ import annotations

import json

import boto3
import pytest

from cleanroom_mock import mock_all
from cleanroom_mock.core.dispatch import caller_of, dispatch
from cleanroom_mock.core.errors import ServiceError
from cleanroom_mock.core.protocol.http import HttpRequest
from cleanroom_mock.core.protocol.router import route
from cleanroom_mock.core.protocol.serializer import serialize_error

AUTH = "AWS4-HMAC-SHA256 Credential=111111111111/20261122/eu-west-1/{}/aws4_request, SignedHeaders=host, Signature=x"


def _json_request(target: str, body: dict) -> HttpRequest:
    return HttpRequest(
        "POST",
        "https://personalize.eu-west-1.amazonaws.com/",
        {"x-amz-target": f"AmazonPersonalize.{target}", "authorization": AUTH.format("personalize")},
        json.dumps(body).encode(),
    )


def test_json_protocol_routes_by_target():
    match = route("personalize", "POST", "/", {}, "AmazonPersonalize.CreateCampaign")
    assert match is not None and match.operation == "CreateCampaign"
    assert route("personalize", "POST", "/", {}, "AmazonPersonalize.Nope") is None


def test_rest_json_routes_by_method_and_uri_template_with_encoded_arn():
    arn = "arn%3Aaws%3Acleanrooms-ml%3Aus-east-1%3A123456789012%3Atraining-dataset%2Fabc"
    get = route("cleanroomsml", "GET", f"/training-dataset/{arn}", {}, None)
    assert get.operation == "GetTrainingDataset"
    expected = "arn:aws:cleanrooms-ml:us-east-1:123456789012:training-dataset/abc"
    assert get.path_params == {"trainingDatasetArn": expected}
    assert route("cleanroomsml", "DELETE", f"/training-dataset/{arn}", {}, None).operation == "DeleteTrainingDataset"
    assert route("cleanroomsml", "GET", "/training-dataset", {}, None).operation == "ListTrainingDatasets"
    policy = route("cleanroomsml", "PUT", f"/configured-audience-model/{arn}/policy", {}, None)
    assert policy.operation == "PutConfiguredAudienceModelPolicy"
    assert route("personalize-runtime", "POST", "/recommendations", {}, None).operation == "GetRecommendations"
    assert route("personalize-events", "POST", "/events", {}, None).operation == "PutEvents"


def test_caller_account_and_region_come_from_the_credential_scope(monkeypatch):
    request = _json_request("ListSchemas", {})
    assert caller_of(request) == ("111111111111", "eu-west-1")
    request.headers["authorization"] = AUTH.replace("111111111111", "AKIAEXAMPLE").format("personalize")
    assert caller_of(request) == ("123456789012", "eu-west-1")
    monkeypatch.setenv("CLEANROOM_MOCK_ACCOUNT_ID", "999999999999")
    assert caller_of(request)[0] == "999999999999"


def test_json_protocol_error_wire_format():
    response = dispatch("personalize", _json_request("ListSchemas", {"maxResults": 0}))
    assert response.status == 400
    body = json.loads(response.body)
    assert body["__type"] == "InvalidInputException"
    assert body["message"].startswith("1 validation error detected")
    assert response.headers["x-amzn-RequestId"]


def test_rest_json_error_wire_format_uses_the_header_and_model_status():
    response = serialize_error("cleanroomsml", ServiceError("ConflictException", "in use"))
    assert response.status == 409
    assert response.headers["X-Amzn-Errortype"] == "ConflictException"
    assert json.loads(response.body) == {"message": "in use"}
    quota = serialize_error(
        "cleanroomsml", ServiceError("ServiceQuotaExceededException", "too many", quotaName="q", quotaValue=2.0)
    )
    assert quota.status == 402
    assert json.loads(quota.body) == {"message": "too many", "quotaName": "q", "quotaValue": 2.0}
    assert serialize_error("personalize-runtime", ServiceError("ResourceNotFoundException", "x")).status == 404
    assert serialize_error("personalize-events", ServiceError("ResourceInUseException", "x")).status == 409


def test_modelled_error_fields_reach_boto3():
    with mock_all() as aws:
        client = boto3.client("cleanroomsml", region_name="us-east-1")
        from cleanroom_mock.cleanroomsml.lookalike.training import TrainingDatasetOperations

        group = aws.store("cleanroomsml").group(TrainingDatasetOperations)

        def over_quota(**_):
            raise ServiceError("ServiceQuotaExceededException", "Quota exceeded.", quotaName="Audience models",
                               quotaValue=2.0)

        group.list_training_datasets = over_quota
        with pytest.raises(client.exceptions.ServiceQuotaExceededException) as caught:
            client.list_training_datasets()
    assert caught.value.response["quotaName"] == "Audience models"
    assert caught.value.response["quotaValue"] == 2.0
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402


def test_malformed_json_is_a_serialization_exception():
    request = _json_request("ListSchemas", {})
    request.body = b"{not json"
    response = dispatch("personalize", request)
    assert json.loads(response.body)["__type"] == "SerializationException"


def test_unknown_operation():
    response = dispatch("personalize", _json_request("DoMagic", {}))
    assert json.loads(response.body)["__type"] == "UnknownOperationException"


def test_unimplemented_operation_names_itself(monkeypatch):
    """An operation no group registers answers 501 naming it, never a silent success. (The test registers a
    service with an empty operation group, so even an operation a real group implements answers 501.)"""
    from cleanroom_mock.core import dispatch as dispatch_module
    from cleanroom_mock.core.registry import SERVICES, ServiceRegistration

    bare = ServiceRegistration(name="cleanrooms", validation_error="ValidationException",
                               store="cleanroom_mock.core.store:Store",
                               groups=("cleanroom_mock.core.store:OperationGroup",))
    monkeypatch.setitem(SERVICES._services, "cleanrooms", bare)
    dispatch_module._operation.cache_clear()  # it caches handlers: forget the real cleanrooms ones
    try:
        response = dispatch("cleanrooms", HttpRequest.build(
            "GET", "https://cleanrooms.us-east-1.amazonaws.com/collaborations", {}, b""))
    finally:
        dispatch_module._operation.cache_clear()  # and forget the bare one
    error = json.loads(response.body)
    assert response.headers["X-Amzn-Errortype"] == "NotImplementedException"
    assert "cleanrooms.ListCollaborations" in error["message"]
    assert response.status == 501


def test_a_backend_bug_is_an_internal_failure_not_a_crash(monkeypatch):
    with mock_all() as aws:
        monkeypatch.setattr(aws, "raise_internal_errors", False)
        from cleanroom_mock.personalize.data.schemas import SchemaOperations

        schemas = aws.store("personalize").group(SchemaOperations)

        def broken(**_):
            raise KeyError("oops")

        monkeypatch.setattr(schemas, "list_schemas", broken)
        client = boto3.client("personalize", region_name="us-east-1",
                              config=boto3.session.Config(retries={"max_attempts": 1, "mode": "standard"}))
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.list_schemas()
    assert caught.value.response["Error"]["Code"] == "InternalFailure"
    assert "KeyError" in caught.value.response["Error"]["Message"]


def test_timestamps_follow_each_models_format():
    import datetime as dt

    from botocore.model import ShapeResolver  # noqa: F401 - ensures botocore model classes are importable

    from cleanroom_mock.core.protocol.models import operation_model
    from cleanroom_mock.core.protocol.serializer import serialize_output

    moment = dt.datetime(2026, 11, 22, 10, 0, 0, 123000, tzinfo=dt.timezone.utc)
    crml = serialize_output(operation_model("cleanroomsml", "GetTrainingDataset"),
                            {"createTime": moment, "name": "t", "unknownMember": 1})
    assert json.loads(crml.body) == {"createTime": "2026-11-22T10:00:00.123Z", "name": "t"}
    personalize = serialize_output(operation_model("personalize", "DescribeSchema"),
                                   {"schema": {"creationDateTime": moment, "name": "s"}})
    assert json.loads(personalize.body) == {"schema": {"creationDateTime": moment.timestamp(), "name": "s"}}
