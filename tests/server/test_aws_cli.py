"""The AWS CLI drives a Personalize workflow and a Clean Rooms ML workflow against the server.

The CLI runs in-process (``awscli.clidriver``), talking HTTP to a ``ThreadedServer`` on loopback through
``--endpoint-url``; each test asserts on the JSON it prints. Skipped when awscli is not installed.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import urllib.request

import pytest

clidriver = pytest.importorskip("awscli.clidriver")

ACCOUNT = "111111111111"
INTERACTIONS_SCHEMA = {
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
    "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
               {"name": "TIMESTAMP", "type": "long"}],
    "version": "1.0",
}


@pytest.fixture
def aws(server, monkeypatch, tmp_path):
    """``aws(*args)``: run one CLI command against the server; its parsed JSON output (or the exit status)."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCOUNT)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_PAGER", "")

    driver = clidriver.create_clidriver()  # reused: building one loads every command table

    def run(*args: str, fails: bool = False):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = driver.main(
                [*args, "--endpoint-url", server.endpoint_url, "--output", "json"])
        assert (status != 0) is fails, err.getvalue()
        if fails:  # the CLI's exit status for a service error: 254 (v2) or 255 (v1)
            assert status in (254, 255)
            return err.getvalue()
        return json.loads(out.getvalue()) if out.getvalue().strip() else {}

    return run


def test_personalize_workflow_through_the_cli(aws):
    group = aws("personalize", "create-dataset-group", "--name", "shop")["datasetGroupArn"]
    assert group == f"arn:aws:personalize:us-east-1:{ACCOUNT}:dataset-group/shop"
    schema = aws("personalize", "create-schema", "--name", "interactions",
                 "--schema", json.dumps(INTERACTIONS_SCHEMA))["schemaArn"]
    dataset = aws("personalize", "create-dataset", "--name", "interactions", "--dataset-group-arn", group,
                  "--dataset-type", "Interactions", "--schema-arn", schema)["datasetArn"]
    described = aws("personalize", "describe-dataset", "--dataset-arn", dataset)["dataset"]
    assert described["datasetType"] == "INTERACTIONS" and described["schemaArn"] == schema
    listed = aws("personalize", "list-datasets", "--dataset-group-arn", group)["datasets"]
    assert [item["datasetArn"] for item in listed] == [dataset]
    error = aws("personalize", "describe-dataset-group", "--dataset-group-arn",
                f"arn:aws:personalize:us-east-1:{ACCOUNT}:dataset-group/missing", fails=True)
    assert "ResourceNotFoundException" in error


def test_clean_rooms_ml_workflow_through_the_cli(aws, server):
    rng = random.Random(3)
    rows = [{"user": f"u{user:03d}", "item": f"i{rng.randrange(20)}", "ts": 1_700_000_000 + 60 * k}
            for user in range(120) for k in range(6)]
    table = json.dumps({"database": "db", "table": "interactions", "rows": rows}).encode()
    request = urllib.request.Request(f"{server.endpoint_url}/_cleanroom_mock/data/table", data=table, method="PUT")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response) == {"table": "db.interactions"}
    training_data = [{"type": "INTERACTIONS", "inputConfig": {
        "schema": [{"columnName": "user", "columnTypes": ["USER_ID"]},
                   {"columnName": "item", "columnTypes": ["ITEM_ID"]},
                   {"columnName": "ts", "columnTypes": ["TIMESTAMP"]}],
        "dataSource": {"glueDataSource": {"databaseName": "db", "tableName": "interactions"}}}}]
    dataset = aws("cleanroomsml", "create-training-dataset", "--name", "interactions",
                  "--role-arn", f"arn:aws:iam::{ACCOUNT}:role/cleanrooms-ml",
                  "--training-data", json.dumps(training_data))["trainingDatasetArn"]
    assert dataset.startswith(f"arn:aws:cleanrooms-ml:us-east-1:{ACCOUNT}:training-dataset/")
    fetched = aws("cleanroomsml", "get-training-dataset", "--training-dataset-arn", dataset)
    assert fetched["name"] == "interactions" and fetched["status"] == "ACTIVE"
    model = aws("cleanroomsml", "create-audience-model", "--name", "model",
                "--training-dataset-arn", dataset)["audienceModelArn"]
    assert aws("cleanroomsml", "get-audience-model", "--audience-model-arn", model)["status"] == "ACTIVE"
    listed = aws("cleanroomsml", "list-audience-models")["audienceModels"]
    assert [item["audienceModelArn"] for item in listed] == [model]
    error = aws("cleanroomsml", "get-audience-model", "--audience-model-arn", model + "x", fails=True)
    assert "ResourceNotFoundException" in error or "ValidationException" in error
