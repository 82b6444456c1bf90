"""Event trackers: CreateEventTracker, DescribeEventTracker, ListEventTrackers, DeleteEventTracker.

personalize-events finds a tracker by its ``trackingId`` through ``PersonalizeStore.event_tracker_by_tracking_id``.
"""

from __future__ import annotations

from typing import Any, Optional

from ...core.ids import uuid_id
from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import already_exists, new_tags
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .resources import EventTracker


class EventTrackerOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateEventTracker")
    def create_event_tracker(
        self, name: str, dataset_group_arn: str, tags: Optional[list[dict[str, str]]] = None
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        group = self.store.active_dataset_group(dataset_group_arn)
        trackers = self.store.event_trackers
        arn = self.store.new_arn(trackers, f"event-tracker/{name}")
        existing = next(iter(trackers.where(lambda t: t.dataset_group_arn == group.arn)), None)
        if existing is not None:
            # API_CreateEventTracker: "Only one event tracker can be associated with a dataset group." The
            # exception is not documented; we chose ResourceAlreadyExistsException (spec §4.5).
            raise already_exists(existing.arn)
        tracker = EventTracker(arn=arn, name=name, dataset_group_arn=group.arn, tracking_id=uuid_id(), tags=tag_map)
        trackers.add(tracker)
        return {"eventTrackerArn": arn, "trackingId": tracker.tracking_id}

    describe_event_tracker = describe_operation("DescribeEventTracker", lambda store: store.event_trackers)

    list_event_trackers = list_operation("ListEventTrackers", lambda store: store.event_trackers)

    @operation("DeleteEventTracker")
    def delete_event_tracker(self, event_tracker_arn: str) -> dict[str, Any]:
        # API_DeleteEventTracker: the tracker goes, the dataset and its events stay.
        self.store.event_trackers.read(event_tracker_arn)
        self.store.event_trackers.remove(event_tracker_arn)
        return {}
