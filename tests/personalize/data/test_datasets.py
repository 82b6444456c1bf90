"""Datasets (data/datasets.py)."""

from __future__ import annotations

import copy

import pytest

from ..support import (
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    ROLE,
    USERS_SCHEMA,
    client,
    error_of,
    import_csv,
    make_dataset,
    make_schema,
    new_group,
)


def test_create_dataset_checks_schema_type_domain_and_group(personalize_mock):
    pz = client()
    group = new_group(pz)
    users_schema = make_schema(pz, "users", USERS_SCHEMA)
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_dataset(name="d", schemaArn=users_schema, datasetGroupArn=group, datasetType="Items")
    assert "does not match the dataset type" in error_of(exc)[1]
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.create_dataset(name="d", schemaArn=users_schema, datasetGroupArn=group, datasetType="Things")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_dataset(name="d", schemaArn=users_schema + "x", datasetGroupArn=group, datasetType="Users")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_dataset(name="d", schemaArn=users_schema, datasetGroupArn=group + "x", datasetType="Users")

    shop = new_group(pz, "shop", domain="ECOMMERCE")
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_dataset(name="d", schemaArn=users_schema, datasetGroupArn=shop, datasetType="Users")
    assert "custom dataset groups" in error_of(exc)[1]
    domain_schema = make_schema(pz, "shop-users", USERS_SCHEMA, domain="ECOMMERCE")
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.create_dataset(name="d", schemaArn=domain_schema, datasetGroupArn=group, datasetType="Users")
    arn = pz.create_dataset(name="d", schemaArn=domain_schema, datasetGroupArn=shop, datasetType="users")["datasetArn"]
    assert arn.endswith(":dataset/shop/USERS")
    dataset = pz.describe_dataset(datasetArn=arn)["dataset"]
    assert dataset["datasetType"] == "USERS" and dataset["schemaArn"] == domain_schema


def test_one_dataset_per_type_and_unique_names(personalize_mock):
    pz = client()
    group = new_group(pz)
    schema = make_schema(pz, "users", USERS_SCHEMA)
    first = pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=group, datasetType="Users")["datasetArn"]
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as exc:
        pz.create_dataset(name="b", schemaArn=schema, datasetGroupArn=group, datasetType="Users")
    assert error_of(exc)[1] == f"Another resource with Arn {first} already exists."
    other = new_group(pz, "other")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=other, datasetType="Users")


def test_create_dataset_needs_active_group(personalize_mock):
    personalize_mock.lifecycle = "step"
    pz = client()
    group = new_group(pz)
    schema = make_schema(pz, "users", USERS_SCHEMA)
    with pytest.raises(pz.exceptions.ResourceInUseException):  # the reference moves it to IN_PROGRESS
        pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=group, datasetType="Users")
    pz.describe_dataset_group(datasetGroupArn=group)  # now ACTIVE
    pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=group, datasetType="Users")


def test_action_interactions_dataset_gets_a_tracking_id(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    schema = {
        "type": "record",
        "name": "Action_Interactions",
        "fields": [
            {"name": "USER_ID", "type": "string"},
            {"name": "ACTION_ID", "type": "string"},
            {"name": "EVENT_TYPE", "type": "string"},
            {"name": "TIMESTAMP", "type": "long"},
        ],
    }
    arn = make_dataset(pz, group, "Action_Interactions", schema)
    tracking_id = pz.describe_dataset(datasetArn=arn)["dataset"]["trackingId"]
    assert len(tracking_id) == 36
    assert personalize_store.action_interactions_by_tracking_id(tracking_id).arn == arn


def test_update_dataset(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1.5\n", "items-1")
    wider = copy.deepcopy(ITEMS_SCHEMA)
    wider["fields"].append({"name": "BRAND", "type": ["null", "string"], "categorical": True})
    wider_arn = make_schema(pz, "items-v2", wider)
    not_null = copy.deepcopy(ITEMS_SCHEMA)
    not_null["fields"].append({"name": "BRAND", "type": "string", "categorical": True})
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.update_dataset(datasetArn=items, schemaArn=make_schema(pz, "items-bad", not_null))
    assert "must allow null" in error_of(exc)[1]
    changed = copy.deepcopy(ITEMS_SCHEMA)
    changed["fields"][2]["type"] = "double"
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.update_dataset(datasetArn=items, schemaArn=make_schema(pz, "items-changed", changed))

    assert pz.update_dataset(datasetArn=items, schemaArn=wider_arn)["datasetArn"] == items
    dataset = pz.describe_dataset(datasetArn=items)["dataset"]
    assert dataset["latestDatasetUpdate"]["status"] == "ACTIVE"
    assert dataset["latestDatasetUpdate"]["schemaArn"] == wider_arn and dataset["schemaArn"] == wider_arn
    assert list(personalize_store.datasets.get(items).records()) == [
        {"ITEM_ID": "i1", "GENRE": "comedy", "PRICE": 1.5, "BRAND": None}
    ]
    with pytest.raises(pz.exceptions.ResourceInUseException):
        pz.delete_schema(schemaArn=wider_arn)

    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.update_dataset(datasetArn=interactions, schemaArn=make_schema(pz, "i2", INTERACTIONS_SCHEMA))
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.update_dataset(datasetArn=items + "x", schemaArn=wider_arn)


def test_list_datasets_by_group(personalize_mock):
    pz = client()
    first, second = new_group(pz, "a"), new_group(pz, "b")
    users = make_dataset(pz, first, "Users", USERS_SCHEMA)
    make_dataset(pz, second, "Items", ITEMS_SCHEMA)
    listed = pz.list_datasets(datasetGroupArn=first)["datasets"]
    assert [(d["datasetArn"], d["datasetType"], d["status"]) for d in listed] == [(users, "USERS", "ACTIVE")]
    assert len(pz.list_datasets()["datasets"]) == 2
    assert pz.list_datasets(datasetGroupArn=first + "nothing")["datasets"] == []


def test_delete_dataset_blocked_while_import_runs(personalize_mock):
    pz = client()
    group = new_group(pz)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/u.csv", "USER_ID,AGE\nu1,3\n")
    assert pz.describe_dataset(datasetArn=users)["dataset"]["status"] == "ACTIVE"
    # One status per read, so the import is still running when DeleteDataset reads it (as a reference).
    personalize_mock.lifecycle = "step"
    job = pz.create_dataset_import_job(
        jobName="j", datasetArn=users, dataSource={"dataLocation": "s3://bucket/u.csv"}, roleArn=ROLE
    )["datasetImportJobArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException):
        pz.delete_dataset(datasetArn=users)
    assert pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"] == "ACTIVE"
    pz.delete_dataset(datasetArn=users)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_dataset(datasetArn=users)


def test_teardown_in_dependency_order_needs_no_polling(personalize_mock):
    """Deleting children then their parent straight away works in the default mode: the parent's
    dependency check reads the children, which completes their pending deletions."""
    pz = client()
    group = new_group(pz)
    dataset = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    tracker = pz.create_event_tracker(name="t", datasetGroupArn=group)["eventTrackerArn"]
    pz.delete_event_tracker(eventTrackerArn=tracker)
    pz.delete_dataset(datasetArn=dataset)
    pz.delete_dataset_group(datasetGroupArn=group)
    assert pz.list_dataset_groups()["datasetGroups"] == []
