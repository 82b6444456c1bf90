"""PutEvents: item interaction events recorded into the tracker's Item interactions dataset."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable

import pytest

from ..support import INTERACTIONS_SCHEMA
from ..test_data_support import ROLE, error_of, import_csv
from ..test_training_support import make_group as make_trained_group
from ..test_training_support import make_solution, make_version

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
EPOCH = 1704067200  # WHEN as TIMESTAMP stores it


def event(**fields: Any) -> dict[str, Any]:
    """A PutEvents event: a click on i1 at WHEN, with ``fields`` on top."""
    return {"eventType": "click", "itemId": "i1", "sentAt": WHEN, **fields}


@pytest.fixture
def put(events: Any) -> Callable[..., dict]:
    """``put(tracking_id, *events, **members)``: PutEvents in session-1 unless told otherwise."""

    def send(tracking_id: str, *event_list: dict, **kwargs: Any) -> dict:
        kwargs.setdefault("sessionId", "session-1")
        return events.put_events(trackingId=tracking_id, eventList=list(event_list), **kwargs)

    return send


@pytest.fixture
def tracked(pz: Any, new_group: Callable[[], str], new_dataset: Callable[..., str]) -> tuple[str, str]:
    """(tracking ID, Interactions dataset ARN) of a group with an event tracker."""
    group = new_group()
    dataset = new_dataset(group, "Interactions")
    tracking_id = pz.create_event_tracker(name="clicks", datasetGroupArn=group)["trackingId"]
    return tracking_id, dataset


def test_event_becomes_a_typed_row(put: Any, tracked: tuple[str, str], stored: Any, stored_dataset: Any) -> None:
    tracking_id, dataset = tracked
    answer = put(
        tracking_id,
        event(
            eventValue=4.5,
            impression=["i1", "i2", "i3"],
            recommendationId="rid-1",
            metricAttribution={"eventAttributionSource": "email"},
            properties=json.dumps({"numberOfRatings": "12", "device": "phone|tv"}),
        ),
        userId="u1",
    )
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(answer) == {"ResponseMetadata"}
    assert stored(dataset) == [
        {
            "USER_ID": "u1",
            "ITEM_ID": "i1",
            "TIMESTAMP": EPOCH,
            "EVENT_TYPE": "click",
            "EVENT_VALUE": 4.5,
            "IMPRESSION": "i1|i2|i3",
            "RECOMMENDATION_ID": "rid-1",
            "EVENT_ATTRIBUTION_SOURCE": "email",
            "NUMBER_OF_RATINGS": 12,
            "DEVICE": "phone|tv",
        }
    ]
    # Individually recorded events are PUT rows, apart from bulk-imported ones.
    assert stored_dataset(dataset).bulk_rows == []


def test_item_id_and_event_value_may_come_in_properties_as_awss_example_sends_them(
    put: Any, tracked: tuple[str, str], stored: Any
) -> None:
    """recording-events' example (and retail-demo-store's Segment lambda) put itemId and eventValue inside
    properties; the member wins when both are given."""
    tracking_id, dataset = tracked
    legacy = {"eventType": "click", "sentAt": WHEN, "properties": json.dumps({"itemId": "i7", "eventValue": 3})}
    both = event(itemId="i8", properties=json.dumps({"itemId": "i9", "numberOfRatings": 2}))
    put(tracking_id, legacy, both, userId="u1")
    rows = stored(dataset)
    assert [(row["ITEM_ID"], row["EVENT_VALUE"]) for row in rows] == [("i7", 3.0), ("i8", None)]


def test_property_keys_that_match_no_column_are_accepted_and_not_stored(
    put: Any, tracked: tuple[str, str], stored: Any
) -> None:
    tracking_id, dataset = tracked
    put(tracking_id, event(properties=json.dumps({"color": "red", "size": 3, "numberOfRatings": 1})), userId="u1")
    (row,) = stored(dataset)
    assert row["NUMBER_OF_RATINGS"] == 1
    assert "color" not in row and "COLOR" not in row and "size" not in row


def test_properties_take_json_numbers_and_upper_snake_names(put: Any, tracked: tuple[str, str], stored: Any) -> None:
    tracking_id, dataset = tracked
    put(tracking_id, event(properties=json.dumps({"NUMBER_OF_RATINGS": 3, "Device": None})), userId="u1")
    row = stored(dataset)[0]
    assert (row["NUMBER_OF_RATINGS"], row["DEVICE"], row["EVENT_VALUE"]) == (3, None, None)


def test_anonymous_events_belong_to_the_session(put: Any, tracked: tuple[str, str], stored: Any) -> None:
    tracking_id, dataset = tracked
    put(tracking_id, event(), sessionId="anon-7")
    put(tracking_id, event(itemId="i2"), sessionId="anon-7", userId="u9")
    assert [(r["USER_ID"], r["ITEM_ID"]) for r in stored(dataset)] == [("anon-7", "i1"), ("u9", "i2")]


def test_later_events_with_a_seen_event_id_are_ignored(put: Any, tracked: tuple[str, str], stored: Any) -> None:
    tracking_id, dataset = tracked
    put(tracking_id, event(eventId="e1"), event(eventId="e1", itemId="i2"), event(eventId="e2", itemId="i3"))
    put(tracking_id, event(eventId="e2", itemId="i4"), event(eventId="e3", itemId="i5"))
    assert [r["ITEM_ID"] for r in stored(dataset)] == ["i1", "i3", "i5"]


def test_events_without_event_id_are_all_new_but_identical_ones_are_kept_once(
    put: Any, tracked: tuple[str, str], stored: Any
) -> None:
    tracking_id, dataset = tracked
    put(tracking_id, event(), event(itemId="i2"))
    put(tracking_id, event())  # same user, item, time and properties: import-data keeps one
    assert [r["ITEM_ID"] for r in stored(dataset)] == ["i1", "i2"]


@pytest.mark.parametrize("key", ["userId", "SESSIONID", "eventType", "timestamp", "recommendationId", "Impression"])
def test_reserved_property_keys_are_refused(
    events: Any, put: Any, tracked: tuple[str, str], stored: Any, key: str
) -> None:
    tracking_id, dataset = tracked
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(tracking_id, event(properties=json.dumps({key: "x"})))
    code, message = error_of(exc)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert f"{key} is not allowed in properties" in message
    assert stored(dataset) == []


@pytest.mark.parametrize(
    "properties, fragment",
    [
        (json.dumps({"numberOfRatings": "many"}), 'property numberOfRatings: Invalid value "many"'),
        (json.dumps({"numberOfRatings": 2.5}), 'Invalid value "2.5" for field "NUMBER_OF_RATINGS": expected int'),
        (json.dumps({"device": ["phone", "tv"]}), 'separated by "|"'),
        ("{not json", "properties is not valid JSON"),
        ('["a"]', "properties must be a JSON object"),
        (json.dumps({"device": "x" * 1001}), "categorical values of DEVICE can have at most 1000 characters"),
    ],
)
def test_bad_properties_are_refused(
    events: Any, put: Any, tracked: tuple[str, str], stored: Any, properties: str, fragment: str
) -> None:
    tracking_id, dataset = tracked
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(tracking_id, event(), event(itemId="i2", properties=properties))
    message = error_of(exc)[1]
    assert message.startswith("eventList[1]: ")
    assert fragment in message
    assert stored(dataset) == []  # the whole call is refused


def test_a_required_column_left_empty_is_refused(events: Any, put: Any, tracked: tuple[str, str]) -> None:
    tracking_id, _ = tracked
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(tracking_id, {"eventType": "click", "sentAt": WHEN})
    assert "no value for the required column(s) ITEM_ID" in error_of(exc)[1]


def test_an_event_over_10_kb_is_refused(events: Any, put: Any, tracked: tuple[str, str], stored: Any) -> None:
    tracking_id, dataset = tracked
    big = ["é" * 256 for _ in range(25)]  # within the model's lengths, 12,800 bytes as UTF-8
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(tracking_id, event(), event(impression=big))
    assert "eventList[1]: the event is" in error_of(exc)[1] and "at most 10240 bytes" in error_of(exc)[1]
    assert stored(dataset) == []
    put(tracking_id, event(impression=["i" * 256 for _ in range(25)]))
    assert len(stored(dataset)) == 1


def test_more_than_10_events_per_call_is_refused(events_unchecked: Any, tracked: tuple[str, str]) -> None:
    tracking_id, _ = tracked
    with pytest.raises(events_unchecked.exceptions.InvalidInputException):
        events_unchecked.put_events(trackingId=tracking_id, sessionId="s", eventList=[event() for _ in range(11)])


def test_unknown_tracking_id_is_invalid_input(events: Any, put: Any, tracked: tuple[str, str]) -> None:
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put("00000000-0000-0000-0000-000000000000", event())
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "does not belong to any event tracker" in error_of(exc)[1]


def test_action_interactions_tracking_id_is_refused(
    events: Any, put: Any, pz: Any, new_group: Callable[[], str], new_dataset: Callable[..., str]
) -> None:
    dataset = new_dataset(new_group(), "Action_Interactions")
    tracking_id = pz.describe_dataset(datasetArn=dataset)["dataset"]["trackingId"]
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(tracking_id, event())
    assert "send its events with PutActionInteractions" in error_of(exc)[1]


def test_tracker_must_be_active_and_reading_it_advances_it(
    events: Any, put: Any, pz: Any, personalize_mock: Any, new_group: Callable[[], str],
    new_dataset: Callable[..., str], stored: Any,
) -> None:
    group = new_group()
    dataset = new_dataset(group, "Interactions")
    pz.describe_dataset(datasetArn=dataset)
    personalize_mock.lifecycle = "step"
    created = pz.create_event_tracker(name="clicks", datasetGroupArn=group)
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(created["trackingId"], event())
    assert "is not ACTIVE (status: CREATE IN_PROGRESS)" in error_of(exc)[1]
    put(created["trackingId"], event())  # the second read made it ACTIVE
    assert pz.describe_event_tracker(eventTrackerArn=created["eventTrackerArn"])["eventTracker"]["status"] == "ACTIVE"
    assert len(stored(dataset)) == 1


def test_group_without_interactions_dataset_is_invalid_input(
    events: Any, put: Any, pz: Any, new_group: Callable[[], str], new_dataset: Callable[..., str], stored: Any
) -> None:
    group = new_group()
    tracking_id = pz.create_event_tracker(name="clicks", datasetGroupArn=group)["trackingId"]
    with pytest.raises(events.exceptions.InvalidInputException) as exc:
        put(tracking_id, event())
    assert "has no Item interactions dataset" in error_of(exc)[1]
    # Created afterwards, the dataset receives the tracker's events.
    dataset = new_dataset(group, "Interactions")
    put(tracking_id, event())
    assert len(stored(dataset)) == 1


def test_custom_schema_without_optional_columns_drops_those_members(
    put: Any, pz: Any, new_group: Callable[[], str], new_dataset: Callable[..., str], stored: Any
) -> None:
    group = new_group()
    dataset = new_dataset(group, "Interactions", INTERACTIONS_SCHEMA)
    tracking_id = pz.create_event_tracker(name="clicks", datasetGroupArn=group)["trackingId"]
    put(tracking_id, event(impression=["i1"], recommendationId="r"), userId="u1")
    assert stored(dataset) == [
        {"USER_ID": "u1", "ITEM_ID": "i1", "TIMESTAMP": EPOCH, "EVENT_TYPE": "click", "EVENT_VALUE": None}
    ]


def test_export_with_ingestion_mode_put_sees_the_events(
    put: Any, pz: Any, personalize_mock: Any, tracked: tuple[str, str], events_schema: dict
) -> None:
    tracking_id, dataset = tracked
    header = ",".join(f["name"] for f in events_schema["fields"])
    import_csv(pz, personalize_mock, dataset, f"{header}\nbulk-user,i7,1700000000,buy,,,,,,\n", "bulk")
    put(tracking_id, event(eventValue=1.0), userId="u1")

    def export(mode: str) -> list[str]:
        pz.create_dataset_export_job(
            jobName=f"out-{mode.lower()}",
            datasetArn=dataset,
            roleArn=ROLE,
            ingestionMode=mode,
            jobOutput={"s3DataDestination": {"path": "s3://exports/"}},
        )
        pz.list_dataset_export_jobs(datasetArn=dataset)  # reading the jobs runs them
        name = f"out-{mode.lower()}"
        return personalize_mock.data.get_text(f"s3://exports/{name}/{name}_part_00000.csv").splitlines()

    put_lines = export("PUT")
    assert put_lines[0].split(",")[:4] == ["USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE"]
    assert [line.split(",")[:2] for line in put_lines[1:]] == [["u1", "i1"]]
    assert [line.split(",")[:2] for line in export("BULK")[1:]] == [["bulk-user", "i7"]]
    assert len(export("ALL")) == 3


def test_training_learns_from_recorded_events(put: Any, pz: Any, personalize_mock: Any, personalize_store: Any) -> None:
    group = make_trained_group(pz, personalize_mock, "live")  # Interactions dataset, no bulk import
    tracking_id = pz.create_event_tracker(name="live-clicks", datasetGroupArn=group)["trackingId"]
    for user in ("u1", "u2"):
        clicks = [event(itemId=f"i{k}", sentAt=WHEN + dt.timedelta(minutes=k)) for k in range(6)]
        put(tracking_id, *clicks, userId=user)
    solution = make_solution(pz, group)
    arn, version = make_version(pz, solution)
    assert version["status"] == "ACTIVE", version
    model = next(v for v in personalize_store.versions_of(solution) if v.arn == arn).model
    assert model.interaction_count == 12
    assert model.user_history["u1"] == [f"i{k}" for k in range(6)]
