"""PutItems / PutUsers / PutActions: records written one by one into the Items / Users / Actions datasets."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from ..test_data_support import ROLE, error_of, import_csv


@pytest.fixture
def datasets(new_group: Callable[[], str], new_dataset: Callable[..., str]) -> dict[str, str]:
    """Dataset ARNs of one group keyed by type."""
    group = new_group()
    return {kind: new_dataset(group, kind) for kind in ("Interactions", "Items", "Users", "Actions")}


def item(item_id: str, **properties: Any) -> dict[str, str]:
    return {"itemId": item_id, "properties": json.dumps(properties)}


def test_put_items_types_properties_through_the_schema(events: Any, datasets: dict[str, str], stored: Any) -> None:
    answer = events.put_items(
        datasetArn=datasets["Items"],
        items=[item("i1", genre="Horror|Action", price="9.99"), item("i2", GENRE="Drama", price=3)],
    )
    assert set(answer) == {"ResponseMetadata"} and answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert stored(datasets["Items"]) == [
        {"ITEM_ID": "i1", "GENRE": "Horror|Action", "PRICE": 9.99},
        {"ITEM_ID": "i2", "GENRE": "Drama", "PRICE": 3.0},
    ]


def test_same_id_replaces_the_record_bulk_or_put(
    events: Any, pz: Any, personalize_mock: Any, datasets: dict[str, str], stored: Any, stored_dataset: Any
) -> None:
    import_csv(pz, personalize_mock, datasets["Items"], "ITEM_ID,GENRE,PRICE\ni1,Drama,1.0\ni2,Drama,2.0\n", "items")
    events.put_items(datasetArn=datasets["Items"], items=[item("i1", genre="Comedy", price=5)])
    later = [item("i3", genre="Kids", price=1), item("i1", genre="War", price=6)]
    events.put_items(datasetArn=datasets["Items"], items=later)
    assert sorted((r["ITEM_ID"], r["GENRE"]) for r in stored(datasets["Items"])) == [
        ("i1", "War"),
        ("i2", "Drama"),
        ("i3", "Kids"),
    ]
    dataset = stored_dataset(datasets["Items"])
    assert [row[0] for row in dataset.bulk_rows] == ["i2"]


def test_put_users_and_put_actions(events: Any, datasets: dict[str, str], stored: Any) -> None:
    events.put_users(datasetArn=datasets["Users"], users=[{"userId": "u1", "properties": json.dumps({"age": "42"})}])
    events.put_actions(
        datasetArn=datasets["Actions"],
        actions=[{"actionId": "a1", "properties": json.dumps({"category": "loyalty", "value": 10})}],
    )
    assert stored(datasets["Users"]) == [{"USER_ID": "u1", "AGE": 42}]
    assert stored(datasets["Actions"]) == [{"ACTION_ID": "a1", "VALUE": 10, "CATEGORY": "loyalty"}]


@pytest.mark.parametrize(
    "operation, member, target",
    [("put_items", "items", "Users"), ("put_users", "users", "Items"), ("put_actions", "actions", "Interactions")],
)
def test_wrong_dataset_type_is_invalid_input(
    events: Any, datasets: dict[str, str], operation: str, member: str, target: str
) -> None:
    id_member = {"items": "itemId", "users": "userId", "actions": "actionId"}[member]
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        getattr(events, operation)(datasetArn=datasets[target], **{member: [{id_member: "x"}]})
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert f"{datasets[target]} is of type {target.upper()}" in error_of(exc)[1]


def test_unknown_dataset_is_not_found(events: Any, datasets: dict[str, str]) -> None:
    missing = datasets["Items"].replace("/ITEMS", "/ITEMZ")
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.put_items(datasetArn=missing, items=[item("i1", genre="A", price=1)])
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error_of(exc)[1] == f"Resource Arn {missing} does not exist."


def test_dataset_not_active_is_in_use(
    events: Any, pz: Any, personalize_mock: Any, new_group: Callable[[], str], new_dataset: Callable[..., str],
    stored: Any,
) -> None:
    group = new_group()
    pz.describe_dataset_group(datasetGroupArn=group)
    personalize_mock.lifecycle = "step"
    dataset = new_dataset(group, "Users")
    record = {"userId": "u1", "properties": json.dumps({"age": 3})}
    with pytest.raises(events.exceptions.ResourceInUseException) as exc:
        events.put_users(datasetArn=dataset, users=[record])
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert error_of(exc)[1] == f"The dataset {dataset} is not ACTIVE (status: CREATE IN_PROGRESS)."
    events.put_users(datasetArn=dataset, users=[record])  # the put read the dataset: now ACTIVE
    assert stored(dataset) == [{"USER_ID": "u1", "AGE": 3}]


@pytest.mark.parametrize(
    "properties, fragment",
    [
        (None, "no value for the required column(s) GENRE, PRICE of the Items schema"),
        ({"genre": "A"}, "required column(s) PRICE"),
        ({"genre": "A", "price": 1, "colour": "red"}, "properties colour match no column of the Items schema"),
        ({"genre": "A", "price": "cheap"}, 'Invalid value "cheap" for field "PRICE": expected float'),
        ({"genre": None, "price": 1}, "GENRE is not nullable; null is not allowed"),
        ({"genre": ["A", "B"], "price": 1}, 'one string separated by "|"'),
        ({"genre": "A", "price": 1, "itemId": "i9"}, "maps to the ITEM_ID column, which is set by the itemId member"),
    ],
)
def test_bad_records_are_refused(
    events: Any, datasets: dict[str, str], stored: Any, properties: Any, fragment: str
) -> None:
    entry = {"itemId": "i2"} if properties is None else item("i2", **properties)
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        events.put_items(datasetArn=datasets["Items"], items=[item("i1", genre="A", price=1), entry])
    message = error_of(exc)[1]
    assert message.startswith("items[1]: ") and fragment in message
    assert stored(datasets["Items"]) == []


def test_put_records_reach_an_export_with_ingestion_mode_put(
    events: Any, pz: Any, personalize_mock: Any, datasets: dict[str, str]
) -> None:
    import_csv(pz, personalize_mock, datasets["Users"], "USER_ID,AGE\nbulk,30\n", "users")
    events.put_users(datasetArn=datasets["Users"], users=[{"userId": "u1", "properties": '{"age": 5}'}])
    pz.create_dataset_export_job(
        jobName="put-users",
        datasetArn=datasets["Users"],
        roleArn=ROLE,
        jobOutput={"s3DataDestination": {"path": "s3://exports/users"}},
    )  # ingestionMode defaults to PUT
    pz.list_dataset_export_jobs()
    text = personalize_mock.data.get_text("s3://exports/users/put-users/put-users_part_00000.csv")
    assert text.splitlines() == ["USER_ID,AGE", "u1,5"]
