"""Event trackers (data/trackers.py)."""

from __future__ import annotations

import pytest

from ..support import client, error_of


def test_event_tracker_lifecycle_and_lookup(personalize_store, personalize_mock, group):
    pz = client()
    created = pz.create_event_tracker(name="clicks", datasetGroupArn=group, tags=[{"tagKey": "team", "tagValue": "a"}])
    tracker = pz.describe_event_tracker(eventTrackerArn=created["eventTrackerArn"])["eventTracker"]
    assert tracker["trackingId"] == created["trackingId"] and len(created["trackingId"]) == 36
    assert (tracker["status"], tracker["accountId"], tracker["datasetGroupArn"]) == ("ACTIVE", "123456789012", group)
    state = personalize_store
    found = state.event_tracker_by_tracking_id(created["trackingId"])
    assert found.arn == created["eventTrackerArn"]
    assert state.datasets_of(found.dataset_group_arn)["INTERACTIONS"].dataset_type == "INTERACTIONS"
    assert state.event_tracker_by_tracking_id("nope") is None

    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as exc:
        pz.create_event_tracker(name="second", datasetGroupArn=group)
    assert created["eventTrackerArn"] in error_of(exc)[1]
    listed = pz.list_event_trackers(datasetGroupArn=group)["eventTrackers"]
    assert [t["name"] for t in listed] == ["clicks"]
    pz.delete_event_tracker(eventTrackerArn=created["eventTrackerArn"])
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_event_tracker(eventTrackerArn=created["eventTrackerArn"])
    assert pz.create_event_tracker(name="second", datasetGroupArn=group)["trackingId"] != created["trackingId"]
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_event_tracker(name="third", datasetGroupArn=group + "x")
