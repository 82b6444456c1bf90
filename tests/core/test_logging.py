"""The ``cleanroom_mock`` logger: one DEBUG line per intercepted call, nothing unless DEBUG is enabled."""

from __future__ import annotations

import logging

import boto3
import pytest

from cleanroom_mock import mock_all


def _client(service: str, account: str = "111111111111", region: str = "eu-west-1"):
    return boto3.client(service, region_name=region, aws_access_key_id=account, aws_secret_access_key="x")


def test_a_debug_line_per_call_names_service_operation_account_region_and_status(caplog):
    caplog.set_level(logging.DEBUG, logger="cleanroom_mock")
    with mock_all():
        personalize = _client("personalize")
        personalize.list_dataset_groups()
        with pytest.raises(personalize.exceptions.ResourceNotFoundException):
            personalize.describe_dataset_group(
                datasetGroupArn="arn:aws:personalize:eu-west-1:111111111111:dataset-group/missing")
        _client("cleanroomsml", account="222222222222", region="us-east-1").list_training_datasets()
    lines = [record.getMessage() for record in caplog.records if record.name == "cleanroom_mock"]
    assert lines == [
        "personalize.ListDatasetGroups account=111111111111 region=eu-west-1 status=200",
        "personalize.DescribeDatasetGroup account=111111111111 region=eu-west-1 status=400",
        "cleanroomsml.ListTrainingDatasets account=222222222222 region=us-east-1 status=200",
    ]
    assert all(record.levelno == logging.DEBUG for record in caplog.records if record.name == "cleanroom_mock")


def test_silent_by_default(caplog):
    caplog.set_level(logging.INFO)  # an application logging at INFO sees nothing from ordinary calls
    with mock_all():
        _client("personalize").list_dataset_groups()
    assert not [record for record in caplog.records if record.name == "cleanroom_mock"]


def test_unknown_operations_are_logged_by_what_was_asked(caplog):
    from cleanroom_mock.core.dispatch import dispatch
    from cleanroom_mock.core.protocol.http import HttpRequest

    caplog.set_level(logging.DEBUG, logger="cleanroom_mock")
    request = HttpRequest("POST", "https://personalize.us-east-1.amazonaws.com/",
                          {"x-amz-target": "AmazonPersonalize.Nope"}, b"{}")
    with mock_all():
        assert dispatch("personalize", request).status == 400
    assert caplog.records[-1].getMessage() == (
        "personalize.AmazonPersonalize.Nope account=123456789012 region=us-east-1 status=400"
    )
