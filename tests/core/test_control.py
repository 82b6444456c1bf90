"""Test control on the handle: faults, the call journal, lifecycles by hand (core/control)."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from cleanroom_mock import mock_personalize

STANDARD = Config(retries={"mode": "standard", "total_max_attempts": 3})
LEGACY = Config(retries={"mode": "legacy", "total_max_attempts": 3})
ONCE = Config(retries={"mode": "standard", "total_max_attempts": 1})


def personalize(config: Config = ONCE):
    return boto3.client("personalize", region_name="us-east-1", config=config)


@pytest.mark.parametrize("config", [STANDARD, LEGACY], ids=["standard", "legacy"])
def test_a_throttling_fault_is_retried_by_botocore_and_the_call_then_succeeds(config):
    with mock_personalize() as aws:
        aws.faults.add("personalize", "ListDatasetGroups", times=2)
        answer = personalize(config).list_dataset_groups()
    assert answer["datasetGroups"] == []
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    assert [call.status for call in aws.calls.filter(operation="ListDatasetGroups")] == [429, 429, 200]


def test_a_fault_surfaces_with_its_status_when_botocore_does_not_retry():
    with mock_personalize() as aws:
        aws.faults.add("personalize", "*", error="InternalServerError", times=1)
        client = personalize()
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.list_schemas()
        client.list_schemas()  # the fault was spent
    assert caught.value.response["Error"]["Code"] == "InternalServerError"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    with mock_personalize() as aws:
        aws.faults.add("personalize", "ListSchemas")
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.list_schemas()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429


def test_a_declared_error_keeps_its_modelled_class_and_a_chosen_status_wins():
    with mock_personalize() as aws:
        aws.faults.add("personalize", "DescribeSchema", error="ResourceNotFoundException", message="gone")
        aws.faults.add("personalize", "ListSchemas", error="ThrottlingException", status=503)
        client = personalize()
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            client.describe_schema(schemaArn="arn:aws:personalize:us-east-1:123456789012:schema/x")
        assert caught.value.response["Error"]["Message"] == "gone"
        with pytest.raises(client.exceptions.ClientError) as throttled:
            client.list_schemas()
    assert throttled.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_latency_without_an_error_slows_the_call_only():
    from freezegun.api import real_perf_counter

    with mock_personalize() as aws:
        aws.faults.add("personalize", "ListSchemas", error=None, latency=0.05, times=1)
        started = real_perf_counter()
        assert personalize().list_schemas()["schemas"] == []
        assert real_perf_counter() - started >= 0.05


def test_probability_draws_the_same_sequence_every_run():
    outcomes = []
    for _ in range(2):
        with mock_personalize() as aws:
            aws.faults.add("personalize", "ListSchemas", probability=0.5)
            client = personalize()
            for _ in range(20):
                try:
                    client.list_schemas()
                except client.exceptions.ClientError:
                    pass
            outcomes.append([call.error for call in aws.calls])
    assert outcomes[0] == outcomes[1]
    assert 3 < outcomes[0].count("ThrottlingException") < 17


@pytest.mark.parametrize("arguments, problem", [
    (("personalize", "DoMagic"), "no operation"),
    (("personalize", "ListSchemas", "ConflictException"), "neither a common AWS error"),
    (("personalize", "ListSchemas", None), "an error or a positive latency"),
])
def test_faults_refuse_what_could_never_happen(arguments, problem):
    with mock_personalize() as aws, pytest.raises(ValueError, match=problem):
        aws.faults.add(*arguments)


def test_the_journal_records_every_call_with_its_outcome_and_filters():
    with mock_personalize() as aws:
        client = boto3.client("personalize", region_name="eu-west-1", aws_access_key_id="111111111111",
                              aws_secret_access_key="x", config=ONCE)
        arn = client.create_dataset_group(name="journal")["datasetGroupArn"]
        with pytest.raises(client.exceptions.ResourceAlreadyExistsException):
            client.create_dataset_group(name="journal")
        client.describe_dataset_group(datasetGroupArn=arn)
        created = aws.calls.filter(operation="CreateDatasetGroup")
        assert [(c.status, c.error) for c in created] == [(200, None), (400, "ResourceAlreadyExistsException")]
        assert created[0].parameters == {"name": "journal"}
        assert (created[0].account, created[0].region, created[0].service) == ("111111111111", "eu-west-1",
                                                                               "personalize")
        assert aws.calls.last.operation == "DescribeDatasetGroup"
        assert len(aws.calls.filter(error="ResourceAlreadyExistsException")) == 1
        with pytest.raises(TypeError):
            aws.calls.filter(colour="red")
    with mock_personalize() as aws:
        assert len(aws.calls) == 0  # a new outermost mock starts a new journal


def test_manual_lifecycle_holds_a_resource_until_the_test_moves_it():
    with mock_personalize() as aws:
        aws.lifecycle.mode("manual")
        client = personalize()
        arn = client.create_dataset_group(name="held")["datasetGroupArn"]
        for _ in range(3):
            assert client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["status"] == "CREATE PENDING"
        assert aws.lifecycle.advance(arn) == "CREATE IN_PROGRESS"
        assert client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["status"] == "CREATE IN_PROGRESS"
        assert aws.lifecycle.complete(arn) == "ACTIVE"
        with pytest.raises(ValueError, match="final status"):
            aws.lifecycle.advance(arn)


def test_fail_ends_a_resource_in_its_documented_failed_status_with_the_reason():
    with mock_personalize() as aws:
        aws.lifecycle.mode("manual")
        client = personalize()
        arn = client.create_dataset_group(name="doomed")["datasetGroupArn"]
        assert aws.lifecycle.fail(arn, "KMS key is disabled.") == "CREATE FAILED"
        group = client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]
    assert (group["status"], group["failureReason"]) == ("CREATE FAILED", "KMS key is disabled.")


def test_a_mode_for_one_kind_leaves_the_others_on_the_default():
    with mock_personalize() as aws:
        assert aws.lifecycle.mode("manual", kind="dataset-group") == "manual"
        assert aws.lifecycle.mode() == "next-read" and aws.lifecycle == "next-read"
        client = personalize()
        group = client.create_dataset_group(name="kinds")["datasetGroupArn"]
        schema = client.create_schema(name="s", schema='{"type": "record", "name": "Interactions", "namespace":'
                                      ' "com.amazonaws.personalize.schema", "fields": [{"name": "USER_ID", "type":'
                                      ' "string"}, {"name": "ITEM_ID", "type": "string"}, {"name": "TIMESTAMP",'
                                      ' "type": "long"}], "version": "1.0"}')["schemaArn"]
        assert client.describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] == "CREATE PENDING"
        assert client.describe_schema(schemaArn=schema)["schema"]["name"] == "s"
        with pytest.raises(KeyError):
            aws.lifecycle.advance("arn:aws:personalize:us-east-1:123456789012:dataset-group/none")
        with pytest.raises(ValueError):
            aws.lifecycle.mode("sometimes")
