"""PutEvents (API_UBS_PutEvents): item interaction events recorded into the Item interactions dataset that
the event tracker of ``trackingId`` feeds.

Every event of a call is checked before any is stored. Not documented by AWS; we chose all-or-nothing
because the API answers one error for the whole call and says nothing of partial writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import invalid
from .rows import ITEM_EVENTS, epoch_seconds, event_rows, joined
from .store import ACTIVE, EventsStore

if TYPE_CHECKING:
    from ..store import Dataset  # the type PersonalizeStore's reading methods return


class EventOperations(OperationGroup[EventsStore]):
    @operation("PutEvents")
    def put_events(
        self, tracking_id: str, session_id: str, event_list: list[dict[str, Any]], user_id: Optional[str] = None
    ) -> dict[str, Any]:
        dataset = self._interactions_of_tracker(tracking_id)

        def members(event: Mapping[str, Any], where: str) -> dict[str, Any]:
            return {
                # recording-events: without a userId the event is anonymous and belongs to the session.
                "USER_ID": user_id or session_id,
                "ITEM_ID": event.get("itemId"),
                "TIMESTAMP": epoch_seconds(event["sentAt"]),
                "EVENT_TYPE": event["eventType"],
                "EVENT_VALUE": event.get("eventValue"),
                "IMPRESSION": joined(event.get("impression")),
                "RECOMMENDATION_ID": event.get("recommendationId"),
                "EVENT_ATTRIBUTION_SOURCE": (event.get("metricAttribution") or {}).get("eventAttributionSource"),
            }

        rows = event_rows(self.store.personalize.schema_of(dataset), ITEM_EVENTS, event_list, members)
        self.store.record_events(dataset, rows)
        return {}

    def _interactions_of_tracker(self, tracking_id: str) -> Dataset:
        """The Item interactions dataset an event tracker feeds. PutEvents models only InvalidInputException,
        so an unknown trackingId, a tracker not yet ACTIVE and a group without an Item interactions dataset all
        answer it (spec §1.3: the exception for an unknown trackingId is not documented)."""
        personalize = self.store.personalize
        found = personalize.event_tracker_by_tracking_id(tracking_id)
        if found is None:
            self.store.refuse_other_destination(tracking_id, "PutEvents")
            raise invalid(f"The tracking ID {tracking_id} does not belong to any event tracker.")
        tracker = personalize.event_tracker(found.arn)
        status = tracker.lifecycle.current
        if status != ACTIVE:
            raise invalid(f"The event tracker {tracker.arn} is not ACTIVE (status: {status}).")
        interactions = personalize.datasets_of(tracker.dataset_group_arn).get("INTERACTIONS")
        if interactions is None:
            raise invalid(
                f"The dataset group {tracker.dataset_group_arn} of event tracker {tracker.arn} has no Item "
                "interactions dataset to record events in."
            )
        dataset = personalize.dataset(interactions.arn)
        status = dataset.lifecycle.current
        if status != ACTIVE:
            raise invalid(f"The dataset {dataset.arn} is not ACTIVE (status: {status}).")
        return dataset
