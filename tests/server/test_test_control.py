"""The server's control routes mirror the handle's test control: faults, the journal, lifecycles, quotas,
instant retries and snapshots, JSON in and out, refusals as 4xx."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config

import cleanroom_mock


def _call(endpoint: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(f"{endpoint}/_cleanroom_mock/{path}", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _personalize(endpoint: str, attempts: int = 1) -> Any:
    return boto3.client(
        "personalize",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="111111111111",
        aws_secret_access_key="x",
        config=Config(retries={"mode": "standard", "total_max_attempts": attempts}),
    )


def test_a_fault_added_over_http_throttles_the_next_calls_and_clears(endpoint):
    status, fault = _call(
        endpoint, "POST", "faults", {"service": "personalize", "operation": "ListSchemas", "times": 1}
    )
    assert status == 200 and (fault["error"], fault["times"]) == ("ThrottlingException", 1)
    client = _personalize(endpoint)
    with pytest.raises(client.exceptions.ClientError) as caught:
        client.list_schemas()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert client.list_schemas()["schemas"] == []  # spent
    _call(endpoint, "POST", "faults", {"service": "personalize", "error": "InternalServerError"})
    assert len(_call(endpoint, "GET", "faults")[1]["faults"]) == 2
    assert _call(endpoint, "DELETE", "faults") == (200, {"faults": []})
    assert client.list_schemas()["schemas"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"operation": "ListSchemas"},  # no service
        {"service": "s3"},
        {"service": "personalize", "operation": "NoSuchOperation"},
        {"service": "personalize", "error": "NotAnErrorOfIt"},
        {"service": "personalize", "times": 0},
        {"service": "personalize", "times": "2"},
        {"service": "personalize", "probability": 2},
        {"service": "personalize", "latency": -1},
        {"service": "personalize", "colour": "red"},
    ],
)
def test_a_fault_the_handle_would_refuse_is_a_400_and_adds_nothing(endpoint, body):
    status, answer = _call(endpoint, "POST", "faults", body)
    assert status == 400 and answer["__type"] == "ValidationException" and answer["message"]
    assert len(cleanroom_mock.handle().faults) == 0


def test_the_journal_is_filtered_by_query_and_cleared(endpoint):
    client = _personalize(endpoint)
    client.create_dataset_group(name="g")
    with pytest.raises(client.exceptions.ResourceAlreadyExistsException):
        client.create_dataset_group(name="g")
    client.list_dataset_groups()
    status, answer = _call(endpoint, "GET", "calls?operation=CreateDatasetGroup")
    assert status == 200
    assert [(c["status"], c["error"], c["account"]) for c in answer["calls"]] == [
        (200, None, "111111111111"),
        (400, "ResourceAlreadyExistsException", "111111111111"),
    ]
    assert answer["calls"][0]["parameters"] == {"name": "g"} and answer["calls"][0]["time"]
    assert len(_call(endpoint, "GET", "calls?status=400")[1]["calls"]) == 1
    assert [c["operation"] for c in _call(endpoint, "GET", "calls?error=")[1]["calls"]] == [
        "CreateDatasetGroup",
        "ListDatasetGroups",
    ]
    assert _call(endpoint, "GET", "calls?colour=red")[0] == 400
    assert _call(endpoint, "DELETE", "calls") == (200, {"calls": []})
    assert _call(endpoint, "GET", "calls")[1]["calls"] == []


def test_lifecycles_are_held_advanced_completed_and_failed_over_http(endpoint):
    status, mode = _call(endpoint, "POST", "lifecycle", {"mode": "manual", "kind": "dataset-group"})
    assert status == 200 and (mode["kind"], mode["mode"]) == ("dataset-group", "manual")
    client = _personalize(endpoint)
    held = client.create_dataset_group(name="held")["datasetGroupArn"]
    doomed = client.create_dataset_group(name="doomed")["datasetGroupArn"]
    assert _call(endpoint, "GET", f"lifecycle?arn={held}")[1]["status"] == "CREATE PENDING"
    assert _call(endpoint, "POST", "lifecycle/advance", {"arn": held})[1]["status"] == "CREATE IN_PROGRESS"
    assert _call(endpoint, "POST", "lifecycle/complete", {"arn": held})[1]["status"] == "ACTIVE"
    assert (
        _call(endpoint, "POST", "lifecycle/fail", {"arn": doomed, "reason": "KMS key disabled."})[1]["status"]
        == "CREATE FAILED"
    )
    group = client.describe_dataset_group(datasetGroupArn=doomed)["datasetGroup"]
    assert (group["status"], group["failureReason"]) == ("CREATE FAILED", "KMS key disabled.")
    assert _call(endpoint, "GET", "lifecycle")[1]["modes_by_kind"] == {"dataset-group": "manual"}
    assert _call(endpoint, "POST", "lifecycle/complete", {"arn": held})[0] == 400  # already final
    missing = held.replace("held", "missing")
    assert _call(endpoint, "POST", "lifecycle/advance", {"arn": missing})[0] == 404
    assert _call(endpoint, "POST", "lifecycle", {"mode": "sometimes"})[0] == 400


def test_quotas_are_listed_read_and_raised_over_http(endpoint):
    status, listed = _call(endpoint, "GET", "quotas?service=personalize")
    assert status == 200 and any(q["name"] == "Active dataset groups" for q in listed["quotas"])
    status, raised = _call(
        endpoint, "POST", "quotas", {"service": "personalize", "name": "Active dataset groups", "value": 6}
    )
    assert status == 200 and (raised["value"], raised["default"]) == (6, 5)
    assert _call(endpoint, "GET", "quotas?service=personalize&name=Active%20dataset%20groups")[1]["value"] == 6
    client = _personalize(endpoint)
    for n in range(6):
        client.create_dataset_group(name=f"g{n}")
    with pytest.raises(client.exceptions.LimitExceededException):
        client.create_dataset_group(name="g6")
    assert (
        _call(endpoint, "POST", "quotas", {"service": "personalize", "name": "Active schemas", "value": 9})[0] == 400
    )  # not adjustable
    assert _call(endpoint, "GET", "quotas?service=personalize&name=Nope")[0] == 404
    assert _call(endpoint, "GET", "quotas?service=nope")[0] == 400


def test_instant_retries_are_a_setting(endpoint):
    assert _call(endpoint, "POST", "settings", {"instant_retries": False})[1]["instant_retries"] is False
    assert cleanroom_mock.handle().instant_retries is False
    assert _call(endpoint, "POST", "settings", {"instant_retries": "yes"})[0] == 400
    assert _call(endpoint, "POST", "settings", {"instant_retries": "true"})[1]["instant_retries"] is True


def test_a_snapshot_taken_over_http_restores_the_state(endpoint, tmp_path):
    client = _personalize(endpoint)
    kept = client.create_dataset_group(name="kept")["datasetGroupArn"]
    status, document = _call(endpoint, "GET", "snapshot")
    assert status == 200 and (document["format"], document["version"]) == ("cleanroom_mock.snapshot", 1)
    path = str(tmp_path / "state.json")
    assert _call(endpoint, "POST", "snapshot", {"path": path}) == (200, {"path": path})
    client.create_dataset_group(name="later")
    assert _call(endpoint, "POST", "restore", document) == (200, {"restored": True})
    assert [g["datasetGroupArn"] for g in client.list_dataset_groups()["datasetGroups"]] == [kept]
    client.create_dataset_group(name="later")
    assert _call(endpoint, "POST", "restore", {"path": path}) == (200, {"restored": True})
    assert [g["name"] for g in client.list_dataset_groups()["datasetGroups"]] == ["kept"]
    status, refused = _call(endpoint, "POST", "restore", {**document, "version": 2})
    assert status == 400 and "format version 2" in refused["message"]
    assert _call(endpoint, "POST", "restore", {"path": str(tmp_path / "missing.json")})[0] == 400
