"""Personalize data side end to end: dataset groups, schemas, datasets, imports, exports, deletions."""

from __future__ import annotations

import copy
import json

import pytest

from .test_data_support import (
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    ROLE,
    USERS_SCHEMA,
    backend,
    client,
    error_of,
    import_csv,
    make_dataset,
    make_group,
    make_schema,
)

INTERACTIONS_CSV = (
    "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n"
    "u1,i1,1700000000,click,\n"
    "u1,i2,1700000001,buy,9.5\n"
    "u2,i1,1700000002,click,1\n"
    "u3,i3,1700000003,click,\n"
)


def test_full_pipeline_import_export_delete(personalize_mock):
    pz = client()
    group = make_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)

    job = import_csv(pz, personalize_mock, interactions, INTERACTIONS_CSV, "interactions-1")
    assert job["status"] == "ACTIVE" and job["importMode"] == "FULL"
    assert (
        import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1.5\ni2,drama,2\n", "items-1")["status"]
        == "ACTIVE"
    )
    assert (
        import_csv(pz, personalize_mock, users, "USER_ID,AGE\nu1,30\nu2,41\nu3,25\n", "users-1")["status"] == "ACTIVE"
    )

    state = backend(personalize_mock)
    stored = state.datasets.get(interactions)
    assert stored.columns == ("USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE")
    assert stored.rows == [
        ("u1", "i1", 1700000000, "click", None),
        ("u1", "i2", 1700000001, "buy", 9.5),
        ("u2", "i1", 1700000002, "click", 1.0),
        ("u3", "i3", 1700000003, "click", None),
    ]
    assert list(state.datasets.get(items).records())[1] == {"ITEM_ID": "i2", "GENRE": "drama", "PRICE": 2.0}
    assert set(state.datasets_of(group)) == {"INTERACTIONS", "ITEMS", "USERS"}

    export = pz.create_dataset_export_job(
        jobName="export-all",
        datasetArn=interactions,
        roleArn=ROLE,
        ingestionMode="BULK",
        jobOutput={"s3DataDestination": {"path": "s3://out/exports/"}},
    )["datasetExportJobArn"]
    described = pz.describe_dataset_export_job(datasetExportJobArn=export)["datasetExportJob"]
    assert described["status"] == "ACTIVE" and described["ingestionMode"] == "BULK"
    exported = personalize_mock.data.get_text("s3://out/exports/export-all/export-all_part_00000.csv")
    assert exported == INTERACTIONS_CSV.replace(",1\n", ",1.0\n")

    personalize_mock.data.put_object("s3://bucket/forget.csv", "USER_ID\nu1\nu3\n")
    deletion = pz.create_data_deletion_job(
        jobName="forget", datasetGroupArn=group, dataSource={"dataLocation": "s3://bucket/forget.csv"}, roleArn=ROLE
    )["dataDeletionJobArn"]
    job = pz.describe_data_deletion_job(dataDeletionJobArn=deletion)["dataDeletionJob"]
    assert job["status"] == "COMPLETED"
    assert job["numDeleted"] == 3 + 2  # three interactions of u1/u3, two user records
    assert state.datasets.get(interactions).rows == [("u2", "i1", 1700000002, "click", 1.0)]
    assert [r["USER_ID"] for r in state.datasets.get(users).records()] == ["u2"]
    assert len(state.datasets.get(items).rows) == 2  # items hold no users


def test_export_modes_follow_where_rows_came_from(personalize_mock):
    pz = client()
    group = make_group(pz)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1.5\n", "items-1")
    dataset = backend(personalize_mock).datasets.get(items)
    dataset.put_records([{"ITEM_ID": "i9", "GENRE": "horror", "PRICE": 3.0}])

    def export(name, mode=None):
        extra = {"ingestionMode": mode} if mode else {}
        pz.create_dataset_export_job(
            jobName=name, datasetArn=items, roleArn=ROLE, jobOutput={"s3DataDestination": {"path": "s3://out"}}, **extra
        )
        pz.list_dataset_export_jobs(datasetArn=items)  # a read completes the jobs
        return personalize_mock.data.get_text(f"s3://out/{name}/{name}_part_00000.csv").splitlines()

    assert export("default") == ["ITEM_ID,GENRE,PRICE", "i9,horror,3.0"]  # API default: PUT
    assert export("bulk", "BULK") == ["ITEM_ID,GENRE,PRICE", "i1,comedy,1.5"]
    assert export("all", "ALL") == ["ITEM_ID,GENRE,PRICE", "i1,comedy,1.5", "i9,horror,3.0"]


# --- dataset groups ----------------------------------------------------------------------------------------


def test_dataset_group_describe_and_domain(personalize_mock):
    pz = client()
    created = pz.create_dataset_group(name="shop", domain="ECOMMERCE")
    assert created["domain"] == "ECOMMERCE"
    group = pz.describe_dataset_group(datasetGroupArn=created["datasetGroupArn"])["datasetGroup"]
    assert group["datasetGroupArn"] == "arn:aws:personalize:us-east-1:123456789012:dataset-group/shop"
    assert group["status"] == "ACTIVE" and group["domain"] == "ECOMMERCE"
    kms = pz.create_dataset_group(name="secure", roleArn=ROLE, kmsKeyArn="arn:aws:kms:us-east-1:123456789012:key/k")
    assert pz.describe_dataset_group(datasetGroupArn=kms["datasetGroupArn"])["datasetGroup"]["roleArn"] == ROLE
    assert backend(personalize_mock).dataset_group(kms["datasetGroupArn"]).kms_key_arn.endswith("key/k")


def test_dataset_group_statuses_step_through_create_flow(personalize_mock):
    personalize_mock.lifecycle = "step"
    pz = client()
    group = make_group(pz)
    seen = [pz.describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] for _ in range(3)]
    assert seen == ["CREATE IN_PROGRESS", "ACTIVE", "ACTIVE"]


def test_dataset_group_rules(personalize_mock):
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.create_dataset_group(name="norole", roleArn=ROLE)
    group = make_group(pz, "g0")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as exc:
        make_group(pz, "g0")
    assert error_of(exc)[1] == f"Another resource with Arn {group} already exists."
    for index in range(1, 5):
        make_group(pz, f"g{index}")
    with pytest.raises(pz.exceptions.LimitExceededException):
        make_group(pz, "g5")
    missing = group + "-missing"
    with pytest.raises(pz.exceptions.ResourceNotFoundException) as exc:
        pz.describe_dataset_group(datasetGroupArn=missing)
    assert error_of(exc)[1] == f"Resource Arn {missing} does not exist."


def test_delete_dataset_group_blocked_by_datasets_and_trackers_then_cascades_filters(personalize_mock):
    pz = client()
    group = make_group(pz)
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
    arns = [make_group(pz, f"g{i}") for i in range(5)]
    first = pz.list_dataset_groups(maxResults=2)
    second = pz.list_dataset_groups(maxResults=2, nextToken=first["nextToken"])
    third = pz.list_dataset_groups(maxResults=2, nextToken=second["nextToken"])
    listed = [g["datasetGroupArn"] for page in (first, second, third) for g in page["datasetGroups"]]
    assert listed == arns and "nextToken" not in third
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_dataset_groups(nextToken="not-a-token")
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_datasets(datasetGroupArn=arns[0], nextToken=first["nextToken"])  # token of another listing


# --- schemas -----------------------------------------------------------------------------------------------


def test_schema_create_describe_list_delete(personalize_mock):
    pz = client()
    arn = make_schema(pz, "interactions", INTERACTIONS_SCHEMA)
    described = pz.describe_schema(schemaArn=arn)["schema"]
    assert json.loads(described["schema"]) == INTERACTIONS_SCHEMA and described["name"] == "interactions"
    assert [s["schemaArn"] for s in pz.list_schemas()["schemas"]] == [arn]
    pz.delete_schema(schemaArn=arn)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_schema(schemaArn=arn)


@pytest.mark.parametrize(
    "schema",
    [
        "not json",
        {"type": "record", "name": "Interactions", "fields": []},
        {**INTERACTIONS_SCHEMA, "fields": INTERACTIONS_SCHEMA["fields"][1:]},  # no USER_ID
        {**INTERACTIONS_SCHEMA, "fields": [*INTERACTIONS_SCHEMA["fields"], {"name": "TAGS", "type": "array"}]},
        {**USERS_SCHEMA, "fields": USERS_SCHEMA["fields"][:1]},  # Users need a metadata field
    ],
)
def test_create_schema_rejects_invalid_schemas(personalize_mock, schema):
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_schema(name="bad", schema=schema if isinstance(schema, str) else json.dumps(schema))
    assert "schema" in error_of(exc)[1].lower()
    assert pz.list_schemas()["schemas"] == []


def test_schema_rules(personalize_mock):
    pz = client()
    arn = make_schema(pz, "s", INTERACTIONS_SCHEMA)
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        make_schema(pz, "s", INTERACTIONS_SCHEMA)
    group = make_group(pz)
    pz.create_dataset(name="d", schemaArn=arn, datasetGroupArn=group, datasetType="INTERACTIONS")
    with pytest.raises(pz.exceptions.ResourceInUseException):
        pz.delete_schema(schemaArn=arn)


def test_schema_quota_is_500(personalize_mock):
    pz = client()
    for index in range(500):
        pz.create_schema(name=f"s{index}", schema=json.dumps(USERS_SCHEMA))
    with pytest.raises(pz.exceptions.LimitExceededException):
        make_schema(pz, "one-too-many", USERS_SCHEMA)


# --- datasets ----------------------------------------------------------------------------------------------


def test_create_dataset_checks_schema_type_domain_and_group(personalize_mock):
    pz = client()
    group = make_group(pz)
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

    shop = make_group(pz, "shop", domain="ECOMMERCE")
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
    group = make_group(pz)
    schema = make_schema(pz, "users", USERS_SCHEMA)
    first = pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=group, datasetType="Users")["datasetArn"]
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as exc:
        pz.create_dataset(name="b", schemaArn=schema, datasetGroupArn=group, datasetType="Users")
    assert error_of(exc)[1] == f"Another resource with Arn {first} already exists."
    other = make_group(pz, "other")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=other, datasetType="Users")


def test_create_dataset_needs_active_group(personalize_mock):
    personalize_mock.lifecycle = "step"
    pz = client()
    group = make_group(pz)
    schema = make_schema(pz, "users", USERS_SCHEMA)
    with pytest.raises(pz.exceptions.ResourceInUseException):  # the reference moves it to IN_PROGRESS
        pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=group, datasetType="Users")
    pz.describe_dataset_group(datasetGroupArn=group)  # now ACTIVE
    pz.create_dataset(name="a", schemaArn=schema, datasetGroupArn=group, datasetType="Users")


def test_action_interactions_dataset_gets_a_tracking_id(personalize_mock):
    pz = client()
    group = make_group(pz)
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
    assert backend(personalize_mock).action_interactions_by_tracking_id(tracking_id).arn == arn


def test_update_dataset(personalize_mock):
    pz = client()
    group = make_group(pz)
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
    assert list(backend(personalize_mock).datasets.get(items).records()) == [
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
    first, second = make_group(pz, "a"), make_group(pz, "b")
    users = make_dataset(pz, first, "Users", USERS_SCHEMA)
    make_dataset(pz, second, "Items", ITEMS_SCHEMA)
    listed = pz.list_datasets(datasetGroupArn=first)["datasets"]
    assert [(d["datasetArn"], d["datasetType"], d["status"]) for d in listed] == [(users, "USERS", "ACTIVE")]
    assert len(pz.list_datasets()["datasets"]) == 2
    assert pz.list_datasets(datasetGroupArn=first + "nothing")["datasets"] == []


def test_delete_dataset_blocked_while_import_runs(personalize_mock):
    pz = client()
    group = make_group(pz)
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
    group = make_group(pz)
    dataset = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    tracker = pz.create_event_tracker(name="t", datasetGroupArn=group)["eventTrackerArn"]
    pz.delete_event_tracker(eventTrackerArn=tracker)
    pz.delete_dataset(datasetArn=dataset)
    pz.delete_dataset_group(datasetGroupArn=group)
    assert pz.list_dataset_groups()["datasetGroups"] == []


# --- imports -----------------------------------------------------------------------------------------------


def test_import_failures_name_the_problem_and_keep_earlier_data(personalize_mock):
    pz = client()
    group = make_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    assert import_csv(pz, personalize_mock, interactions, INTERACTIONS_CSV, "good")["status"] == "ACTIVE"

    missing = import_csv(pz, personalize_mock, interactions, "USER_ID,EVENT_TYPE\nu1,click\n", "missing")
    assert missing["status"] == "CREATE FAILED"
    assert missing["failureReason"] == "Input CSV is missing the following columns: [ITEM_ID, TIMESTAMP]"

    bad_value = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,1,click\nu2,i2,yesterday,click\n"
    failed = import_csv(pz, personalize_mock, interactions, bad_value, "bad-value")
    assert failed["status"] == "CREATE FAILED"
    assert "yesterday" in failed["failureReason"] and "TIMESTAMP" in failed["failureReason"]
    assert "row 2" in failed["failureReason"]

    extra = import_csv(pz, personalize_mock, interactions, "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,X\n", "extra")
    assert extra["failureReason"] == "Input CSV has columns that are not in the schema: [X]"
    ragged = import_csv(pz, personalize_mock, interactions, "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1\n", "ragged")
    assert "row 1 has 2 values" in ragged["failureReason"]

    job = pz.create_dataset_import_job(
        jobName="nowhere", datasetArn=interactions, dataSource={"dataLocation": "s3://bucket/absent.csv"}, roleArn=ROLE
    )["datasetImportJobArn"]
    nowhere = pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]
    assert (nowhere["status"], nowhere["failureReason"]) == ("CREATE FAILED", "Invalid Data location.")

    assert len(backend(personalize_mock).datasets.get(interactions).rows) == 4  # the good import survived
    statuses = {
        j["jobName"]: j["status"] for j in pz.list_dataset_import_jobs(datasetArn=interactions)["datasetImportJobs"]
    }
    assert statuses["good"] == "ACTIVE" and statuses["missing"] == "CREATE FAILED"


def test_import_from_folder_missing_nullable_column_and_duplicates(personalize_mock):
    pz = client()
    group = make_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    data = personalize_mock.data
    data.put_object("s3://bucket/events/part-1.csv", "ITEM_ID,USER_ID,TIMESTAMP,EVENT_TYPE\ni1,u1,5,click\n")
    data.put_object(
        "s3://bucket/events/part-2.csv", "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,5,click\n\nu2,i2,6,buy\n"
    )
    data.put_object("s3://bucket/events/nested/ignored.csv", "garbage")
    job = pz.create_dataset_import_job(
        jobName="folder", datasetArn=interactions, dataSource={"dataLocation": "s3://bucket/events/"}, roleArn=ROLE
    )["datasetImportJobArn"]
    assert pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"] == "ACTIVE"
    # header order is free, EVENT_VALUE (nullable) may be absent, identical events are kept once
    assert backend(personalize_mock).datasets.get(interactions).rows == [
        ("u1", "i1", 5, "click", None),
        ("u2", "i2", 6, "buy", None),
    ]


def test_incremental_import_rules(personalize_mock):
    pz = client()
    group = make_group(pz)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/x.csv", "ITEM_ID,GENRE,PRICE\ni1,comedy,1\n")
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_dataset_import_job(
            jobName="early",
            datasetArn=items,
            dataSource={"dataLocation": "s3://bucket/x.csv"},
            roleArn=ROLE,
            importMode="INCREMENTAL",
        )
    assert "FULL" in error_of(exc)[1]
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1\ni2,drama,2\ni1,comedy,1.25\n", "full")
    dataset = backend(personalize_mock).datasets.get(items)
    assert dataset.rows == [("i1", "comedy", 1.25), ("i2", "drama", 2.0)]  # same ID: the last record wins
    job = import_csv(
        pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni2,thriller,5\ni3,drama,3\n", "inc", "INCREMENTAL"
    )
    assert job["status"] == "ACTIVE" and job["importMode"] == "INCREMENTAL"
    assert dataset.rows == [("i1", "comedy", 1.25), ("i2", "thriller", 5.0), ("i3", "drama", 3.0)]
    import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni7,drama,7\n", "full-again")
    assert dataset.rows == [("i7", "drama", 7.0)]  # FULL replaces the bulk data


def test_interaction_minimum_is_documented_when_strict(personalize_mock):
    pz = client()
    group = make_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    personalize_mock.strict = True
    failed = import_csv(pz, personalize_mock, interactions, INTERACTIONS_CSV, "few")
    assert failed["status"] == "CREATE FAILED" and "at least 1000" in failed["failureReason"]
    rows = "".join(f"u{i % 50},i{i % 70},{1700000000 + i},click,\n" for i in range(1000))
    header = INTERACTIONS_CSV.splitlines()[0] + "\n"
    assert import_csv(pz, personalize_mock, interactions, header + rows, "enough")["status"] == "ACTIVE"
    personalize_mock.strict = False
    empty = import_csv(pz, personalize_mock, interactions, header, "empty")
    assert empty["failureReason"] == "Input CSV contains no records."


def test_pending_import_quota_and_active_dataset(personalize_mock):
    pz = client()
    group = make_group(pz)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/u.csv", "USER_ID,AGE\nu1,3\n")

    def start(name):
        return pz.create_dataset_import_job(
            jobName=name, datasetArn=users, dataSource={"dataLocation": "s3://bucket/u.csv"}, roleArn=ROLE
        )

    for index in range(5):
        start(f"j{index}")  # nobody reads them: all five stay CREATE PENDING
    with pytest.raises(pz.exceptions.LimitExceededException) as exc:
        start("j5")
    assert error_of(exc)[1] == "More than 5 resources with PENDING or IN_PROGRESS status."
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        start("j0")
    pz.list_dataset_import_jobs()
    start("j5")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_dataset_import_job(
            jobName="x", datasetArn=users + "x", dataSource={"dataLocation": "s3://bucket/u.csv"}, roleArn=ROLE
        )


def test_import_job_statuses_in_step_mode(personalize_mock):
    pz = client()
    group = make_group(pz)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)
    pz.describe_dataset(datasetArn=users)  # ACTIVE before the lifecycle slows down
    personalize_mock.lifecycle = "step"
    job = import_csv(pz, personalize_mock, users, "USER_ID,AGE\nu1,3\n", "slow")
    assert job["status"] == "CREATE IN_PROGRESS"
    assert backend(personalize_mock).datasets.get(users).rows == []
    assert (
        pz.describe_dataset_import_job(datasetImportJobArn=job["datasetImportJobArn"])["datasetImportJob"]["status"]
        == "ACTIVE"
    )
    assert backend(personalize_mock).datasets.get(users).rows == [("u1", 3)]


# --- data deletion -----------------------------------------------------------------------------------------


def test_data_deletion_failures_quota_and_order(personalize_mock):
    pz = client()
    group = make_group(pz)
    make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/wrong.csv", "CUSTOMER\nu1\n")

    def start(name, location="s3://bucket/wrong.csv"):
        return pz.create_data_deletion_job(
            jobName=name, datasetGroupArn=group, dataSource={"dataLocation": location}, roleArn=ROLE
        )["dataDeletionJobArn"]

    for index in range(5):
        start(f"d{index}")
    with pytest.raises(pz.exceptions.LimitExceededException):
        start("d5")
    jobs = pz.list_data_deletion_jobs(datasetGroupArn=group)["dataDeletionJobs"]
    assert [j["jobName"] for j in jobs] == ["d4", "d3", "d2", "d1", "d0"]  # newest first
    assert {j["status"] for j in jobs} == {"FAILED"}
    failed = pz.describe_data_deletion_job(dataDeletionJobArn=jobs[0]["dataDeletionJobArn"])["dataDeletionJob"]
    assert failed["failureReason"] == "Input CSV is missing the following columns: [USER_ID]"
    nowhere = pz.describe_data_deletion_job(dataDeletionJobArn=start("d5", "s3://bucket/absent/"))["dataDeletionJob"]
    assert (nowhere["status"], nowhere["failureReason"]) == ("FAILED", "Invalid Data location.")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_data_deletion_job(
            jobName="x", datasetGroupArn=group + "x", dataSource={"dataLocation": "s3://b/k"}, roleArn=ROLE
        )


def test_data_deletion_statuses_step(personalize_mock):
    pz = client()
    group = make_group(pz)
    make_dataset(pz, group, "Users", USERS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/forget/a.csv", "USER_ID\nu1\n")
    personalize_mock.lifecycle = "step"
    arn = pz.create_data_deletion_job(
        jobName="d", datasetGroupArn=group, dataSource={"dataLocation": "s3://bucket/forget/"}, roleArn=ROLE
    )["dataDeletionJobArn"]
    seen = [pz.describe_data_deletion_job(dataDeletionJobArn=arn)["dataDeletionJob"]["status"] for _ in range(2)]
    assert seen == ["IN_PROGRESS", "COMPLETED"]
    assert pz.describe_data_deletion_job(dataDeletionJobArn=arn)["dataDeletionJob"]["numDeleted"] == 0


# --- moto's S3 -------------------------------------------------------------------------------------------------


def test_import_and_export_through_motos_s3():
    import boto3
    import moto

    from cleanroom_mock import mock_personalize

    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="data")
        s3.put_object(Bucket="data", Key="in/users.csv", Body=b"USER_ID,AGE\nu1,30\nu2,41\n")
        with mock_personalize():
            pz = client()
            group = make_group(pz)
            users = make_dataset(pz, group, "Users", USERS_SCHEMA)
            job = pz.create_dataset_import_job(
                jobName="j", datasetArn=users, dataSource={"dataLocation": "s3://data/in/"}, roleArn=ROLE
            )["datasetImportJobArn"]
            assert pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"] == "ACTIVE"
            outputs = {}
            for name, path in (("ok", "s3://data/out"), ("no-bucket", "s3://missing-bucket/out")):
                arn = pz.create_dataset_export_job(
                    jobName=name,
                    datasetArn=users,
                    roleArn=ROLE,
                    ingestionMode="ALL",
                    jobOutput={"s3DataDestination": {"path": path}},
                )["datasetExportJobArn"]
                outputs[name] = pz.describe_dataset_export_job(datasetExportJobArn=arn)["datasetExportJob"]
        assert outputs["ok"]["status"] == "ACTIVE"
        assert (outputs["no-bucket"]["status"], outputs["no-bucket"]["failureReason"]) == (
            "CREATE FAILED",
            "Invalid S3 output path",
        )
        body = s3.get_object(Bucket="data", Key="out/ok/ok_part_00000.csv")["Body"].read().decode()
        assert body == "USER_ID,AGE\nu1,30\nu2,41\n"
