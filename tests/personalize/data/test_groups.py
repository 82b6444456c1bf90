"""Dataset groups (data/groups.py)."""

from __future__ import annotations

import pytest

from ..support import INTERACTIONS_SCHEMA, ROLE, client, error_of, make_dataset, new_group


def test_dataset_group_describe_and_domain(personalize_store, personalize_mock):
    pz = client()
    created = pz.create_dataset_group(name="shop", domain="ECOMMERCE")
    assert created["domain"] == "ECOMMERCE"
    group = pz.describe_dataset_group(datasetGroupArn=created["datasetGroupArn"])["datasetGroup"]
    assert group["datasetGroupArn"] == "arn:aws:personalize:us-east-1:123456789012:dataset-group/shop"
    assert group["status"] == "ACTIVE" and group["domain"] == "ECOMMERCE"
    kms = pz.create_dataset_group(name="secure", roleArn=ROLE, kmsKeyArn="arn:aws:kms:us-east-1:123456789012:key/k")
    assert pz.describe_dataset_group(datasetGroupArn=kms["datasetGroupArn"])["datasetGroup"]["roleArn"] == ROLE
    assert personalize_store.dataset_group(kms["datasetGroupArn"]).kms_key_arn.endswith("key/k")


def test_dataset_group_statuses_step_through_create_flow(personalize_mock):
    personalize_mock.lifecycle = "step"
    pz = client()
    group = new_group(pz)
    seen = [pz.describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] for _ in range(3)]
    assert seen == ["CREATE IN_PROGRESS", "ACTIVE", "ACTIVE"]


def test_dataset_group_rules(personalize_mock):
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.create_dataset_group(name="norole", roleArn=ROLE)
    group = new_group(pz, "g0")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as exc:
        new_group(pz, "g0")
    assert error_of(exc)[1] == f"Another resource with Arn {group} already exists."
    for index in range(1, 5):
        new_group(pz, f"g{index}")
    with pytest.raises(pz.exceptions.LimitExceededException):
        new_group(pz, "g5")
    missing = group + "-missing"
    with pytest.raises(pz.exceptions.ResourceNotFoundException) as exc:
        pz.describe_dataset_group(datasetGroupArn=missing)
    assert error_of(exc)[1] == f"Resource Arn {missing} does not exist."


def test_delete_dataset_group_blocked_by_datasets_and_trackers_then_cascades_filters(personalize_mock):
    pz = client()
    group = new_group(pz)
    dataset = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    tracker = pz.create_event_tracker(name="t", datasetGroupArn=group)["eventTrackerArn"]
    pz.create_filter(
        name="no-clicks",
        datasetGroupArn=group,
        filterExpression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
    )
    with pytest.raises(pz.exceptions.ResourceInUseException):
        pz.delete_dataset_group(datasetGroupArn=group)
    pz.delete_dataset(datasetArn=dataset)
    with pytest.raises(pz.exceptions.ResourceInUseException) as exc:
        pz.delete_dataset_group(datasetGroupArn=group)
    assert "event trackers" in error_of(exc)[1]
    pz.delete_event_tracker(eventTrackerArn=tracker)
    pz.delete_dataset_group(datasetGroupArn=group)
    assert pz.list_dataset_groups()["datasetGroups"] == []
    assert pz.list_filters()["Filters"] == []
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.delete_dataset_group(datasetGroupArn=group)


def test_list_dataset_groups_pages_and_rejects_bad_token(personalize_mock):
    pz = client()
    arns = [new_group(pz, f"g{i}") for i in range(5)]
    first = pz.list_dataset_groups(maxResults=2)
    second = pz.list_dataset_groups(maxResults=2, nextToken=first["nextToken"])
    third = pz.list_dataset_groups(maxResults=2, nextToken=second["nextToken"])
    listed = [g["datasetGroupArn"] for page in (first, second, third) for g in page["datasetGroups"]]
    assert listed == arns and "nextToken" not in third
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_dataset_groups(nextToken="not-a-token")
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_datasets(datasetGroupArn=arns[0], nextToken=first["nextToken"])  # token of another listing
