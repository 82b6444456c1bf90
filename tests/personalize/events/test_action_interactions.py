"""PutActionInteractions: action interaction events recorded into the Action interactions dataset."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable

import pytest

from ..test_data_support import ROLE, error_of

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
EPOCH = 1704067200  # WHEN as TIMESTAMP stores it


@pytest.fixture
def action_tracking(pz: Any, new_group: Callable[[], str], new_dataset: Callable[..., str]) -> tuple[str, str]:
    """(tracking ID, Action interactions dataset ARN)."""
    dataset = new_dataset(new_group(), "Action_Interactions")
    return pz.describe_dataset(datasetArn=dataset)["dataset"]["trackingId"], dataset


def interaction(**fields: Any) -> dict[str, Any]:
    return {"actionId": "a1", "sessionId": "session-1", "timestamp": WHEN, "eventType": "Taken", **fields}


def test_interactions_become_rows(events: Any, action_tracking: tuple[str, str], stored: Any) -> None:
    tracking_id, dataset = action_tracking
    answer = events.put_action_interactions(
        trackingId=tracking_id,
        actionInteractions=[
            interaction(userId="u1", eventType="Viewed", impression=["a1", "a2"], recommendationId="r1"),
            interaction(userId="u1", properties=json.dumps({"channel": "email|web"})),
            interaction(actionId="a2", eventType="Not Taken"),  # anonymous: the session stands for the user
        ],
    )
    assert set(answer) == {"ResponseMetadata"}
    base = {"TIMESTAMP": EPOCH, "IMPRESSION": None, "RECOMMENDATION_ID": None, "CHANNEL": None}
    assert stored(dataset) == [
        {**base, "USER_ID": "u1", "ACTION_ID": "a1", "EVENT_TYPE": "Viewed", "IMPRESSION": "a1|a2",
         "RECOMMENDATION_ID": "r1"},
        {**base, "USER_ID": "u1", "ACTION_ID": "a1", "EVENT_TYPE": "Taken", "CHANNEL": "email|web"},
        {**base, "USER_ID": "session-1", "ACTION_ID": "a2", "EVENT_TYPE": "Not Taken"},
    ]


def test_event_id_dedupe(events: Any, action_tracking: tuple[str, str], stored: Any) -> None:
    tracking_id, dataset = action_tracking
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction(eventId="e1")])
    events.put_action_interactions(
        trackingId=tracking_id,
        actionInteractions=[interaction(eventId="e1", actionId="a9"), interaction(actionId="a3")],
    )
    assert [r["ACTION_ID"] for r in stored(dataset)] == ["a1", "a3"]


@pytest.mark.parametrize(
    "fields, fragment",
    [
        ({"eventType": "taken"}, "eventType 'taken' is not one of Viewed, Taken, Not Taken"),
        ({"eventType": "Click"}, "eventType 'Click' is not one of Viewed, Taken, Not Taken"),
        ({"properties": json.dumps({"Timestamp": 1})}, "Timestamp is not allowed in properties"),
    ],
)
def test_bad_interactions_are_invalid_input(
    events: Any, action_tracking: tuple[str, str], stored: Any, fields: dict, fragment: str
) -> None:
    tracking_id, dataset = action_tracking
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        events.put_action_interactions(
            trackingId=tracking_id, actionInteractions=[interaction(), interaction(**fields)]
        )
    message = error_of(exc)[1]
    assert message.startswith("actionInteractions[1]: ") and fragment in message
    assert stored(dataset) == []


def test_unknown_tracking_id_is_not_found(events: Any, action_tracking: tuple[str, str]) -> None:
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.put_action_interactions(trackingId="nope", actionInteractions=[interaction()])
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "nope does not belong to any Action interactions dataset" in error_of(exc)[1]


def test_item_tracker_id_is_invalid_input(
    events: Any, pz: Any, new_group: Callable[[], str], new_dataset: Callable[..., str]
) -> None:
    group = new_group()
    new_dataset(group, "Interactions")
    tracking_id = pz.create_event_tracker(name="clicks", datasetGroupArn=group)["trackingId"]
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction()])
    assert "send its events with PutEvents" in error_of(exc)[1]


def test_dataset_not_active_is_in_use(
    events: Any, pz: Any, personalize_mock: Any, personalize_store: Any, new_group: Callable[[], str],
    new_dataset: Callable[..., str], stored: Any,
) -> None:
    group = new_group()
    pz.describe_dataset_group(datasetGroupArn=group)
    personalize_mock.lifecycle = "step"
    dataset = new_dataset(group, "Action_Interactions")
    # datasets_of looks without reading, so the dataset's status stays where creation left it.
    tracking_id = personalize_store.datasets_of(group)["ACTION_INTERACTIONS"].tracking_id
    with pytest.raises(events.exceptions.ResourceInUseException) as exc:
        events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction()])
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert "is not ACTIVE (status: CREATE IN_PROGRESS)" in error_of(exc)[1]
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction()])
    assert len(stored(dataset)) == 1


def test_export_with_ingestion_mode_put_sees_action_interactions(
    events: Any, pz: Any, personalize_mock: Any, action_tracking: tuple[str, str]
) -> None:
    tracking_id, dataset = action_tracking
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction(userId="u1")])
    pz.create_dataset_export_job(
        jobName="actions-out",
        datasetArn=dataset,
        roleArn=ROLE,
        ingestionMode="PUT",
        jobOutput={"s3DataDestination": {"path": "s3://exports/"}},
    )
    pz.list_dataset_export_jobs()
    lines = personalize_mock.data.get_text("s3://exports/actions-out/actions-out_part_00000.csv").splitlines()
    assert lines[0] == "USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP,IMPRESSION,RECOMMENDATION_ID,CHANNEL"
    assert lines[1].startswith(f"u1,a1,Taken,{EPOCH}")


def test_unknown_property_keys_are_accepted_and_not_stored(
    events: Any, action_tracking: tuple[str, str], stored: Any
) -> None:
    tracking_id, dataset = action_tracking
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[
        interaction(userId="u1", properties=json.dumps({"region": "eu", "channel": "web"}))])
    (row,) = stored(dataset)
    assert row["CHANNEL"] == "web" and "REGION" not in row and "region" not in row
