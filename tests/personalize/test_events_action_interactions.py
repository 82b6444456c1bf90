"""PutActionInteractions: action interaction events recorded into the Action interactions dataset."""

from __future__ import annotations

import json

import pytest

from .test_data_support import ROLE, backend, client, error_of, make_dataset, make_group
from .test_events_support import ACTION_INTERACTIONS_SCHEMA, EPOCH, EVENTS_SCHEMA, WHEN, events_client


@pytest.fixture
def action_tracking(personalize_mock):
    """(tracking ID, Action interactions dataset ARN)."""
    pz = client()
    group = make_group(pz)
    dataset = make_dataset(pz, group, "Action_Interactions", ACTION_INTERACTIONS_SCHEMA)
    return pz.describe_dataset(datasetArn=dataset)["dataset"]["trackingId"], dataset


def interaction(**fields):
    return {"actionId": "a1", "sessionId": "session-1", "timestamp": WHEN, "eventType": "Taken", **fields}


def stored(aws, dataset):
    return list(backend(aws).datasets.get(dataset).records())


def test_interactions_become_rows(personalize_mock, action_tracking):
    tracking_id, dataset = action_tracking
    answer = events_client().put_action_interactions(
        trackingId=tracking_id,
        actionInteractions=[
            interaction(userId="u1", eventType="Viewed", impression=["a1", "a2"], recommendationId="r1"),
            interaction(userId="u1", properties=json.dumps({"channel": "email|web"})),
            interaction(actionId="a2", eventType="Not Taken"),  # anonymous: the session stands for the user
        ],
    )
    assert set(answer) == {"ResponseMetadata"}
    base = {"TIMESTAMP": EPOCH, "IMPRESSION": None, "RECOMMENDATION_ID": None, "CHANNEL": None}
    assert stored(personalize_mock, dataset) == [
        {**base, "USER_ID": "u1", "ACTION_ID": "a1", "EVENT_TYPE": "Viewed", "IMPRESSION": "a1|a2",
         "RECOMMENDATION_ID": "r1"},
        {**base, "USER_ID": "u1", "ACTION_ID": "a1", "EVENT_TYPE": "Taken", "CHANNEL": "email|web"},
        {**base, "USER_ID": "session-1", "ACTION_ID": "a2", "EVENT_TYPE": "Not Taken"},
    ]


def test_event_id_dedupe(personalize_mock, action_tracking):
    tracking_id, dataset = action_tracking
    events = events_client()
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction(eventId="e1")])
    events.put_action_interactions(
        trackingId=tracking_id,
        actionInteractions=[interaction(eventId="e1", actionId="a9"), interaction(actionId="a3")],
    )
    assert [r["ACTION_ID"] for r in stored(personalize_mock, dataset)] == ["a1", "a3"]


@pytest.mark.parametrize(
    "fields, fragment",
    [
        ({"eventType": "taken"}, "eventType 'taken' is not one of Viewed, Taken, Not Taken"),
        ({"eventType": "Click"}, "eventType 'Click' is not one of Viewed, Taken, Not Taken"),
        ({"properties": json.dumps({"actionId": "a5"})}, "maps to the ACTION_ID column, which is set by the actionId"),
        ({"properties": json.dumps({"Timestamp": 1})}, "Timestamp is not allowed in properties"),
        ({"properties": json.dumps({"region": "eu"})}, "properties region match no column of the Action_Interactions"),
    ],
)
def test_bad_interactions_are_invalid_input(personalize_mock, action_tracking, fields, fragment):
    tracking_id, dataset = action_tracking
    events = events_client()
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        events.put_action_interactions(
            trackingId=tracking_id, actionInteractions=[interaction(), interaction(**fields)]
        )
    message = error_of(exc)[1]
    assert message.startswith("actionInteractions[1]: ") and fragment in message
    assert stored(personalize_mock, dataset) == []


def test_unknown_tracking_id_is_not_found(personalize_mock, action_tracking):
    events = events_client()
    with pytest.raises(events.exceptions.ResourceNotFoundException) as exc:
        events.put_action_interactions(trackingId="nope", actionInteractions=[interaction()])
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "nope does not belong to any Action interactions dataset" in error_of(exc)[1]


def test_item_tracker_id_is_invalid_input(personalize_mock):
    pz = client()
    group = make_group(pz)
    make_dataset(pz, group, "Interactions", EVENTS_SCHEMA)
    tracking_id = pz.create_event_tracker(name="clicks", datasetGroupArn=group)["trackingId"]
    events = events_client()
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction()])
    assert "send its events with PutEvents" in error_of(exc)[1]


def test_dataset_not_active_is_in_use(personalize_mock):
    pz = client()
    group = make_group(pz)
    pz.describe_dataset_group(datasetGroupArn=group)
    personalize_mock.lifecycle = "step"
    dataset = make_dataset(pz, group, "Action_Interactions", ACTION_INTERACTIONS_SCHEMA)
    tracking_id = backend(personalize_mock).datasets.get(dataset).tracking_id
    events = events_client()
    with pytest.raises(events.exceptions.ResourceInUseException) as exc:
        events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction()])
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert "is not ACTIVE (status: CREATE IN_PROGRESS)" in error_of(exc)[1]
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction()])
    assert len(stored(personalize_mock, dataset)) == 1


def test_export_with_ingestion_mode_put_sees_action_interactions(personalize_mock, action_tracking):
    tracking_id, dataset = action_tracking
    events_client().put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction(userId="u1")])
    pz = client()
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
