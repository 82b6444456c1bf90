"""personalize-events: events and records written into the ``personalize`` state of the same account/region.

Rows land through ``Dataset.put_records``, so they are the dataset's PUT rows: a dataset export job with
ingestionMode PUT (or ALL) writes them, and training reads them with the bulk-imported ones. Every entry of
a call is checked before any is stored. Not documented by AWS; we chose all-or-nothing because the API
answers one error for the whole call and says nothing of partial writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..core.backend import Backend
from ..core.errors import ServiceError
from ..core.ids import uuid_id
from .avro_schema import ParsedSchema
from .data.resources import Dataset
from .errors import invalid, not_active
from .events_rows import (
    ACTION_INTERACTION_COLUMNS,
    ACTION_INTERACTION_FORBIDDEN_KEYS,
    EVENT_COLUMNS,
    EVENT_FORBIDDEN_KEYS,
    check_event_size,
    entity_row,
    epoch_seconds,
    event_row,
)
from .lifecycles import ACTIVE

if TYPE_CHECKING:
    from ..core.state import MockHandle

# API_UBS_PutItems / PutUsers / PutActions: which dataset each writes, its ID column and member.
_ENTITY_TARGETS = {
    "PutItems": ("ITEMS", "Items", "ITEM_ID", "itemId"),
    "PutUsers": ("USERS", "Users", "USER_ID", "userId"),
    "PutActions": ("ACTIONS", "Actions", "ACTION_ID", "actionId"),
}
# API_UBS_ActionInteraction (eventType): "You can specify Viewed, Taken, and Not Taken event types."
ACTION_EVENT_TYPES = ("Viewed", "Taken", "Not Taken")


class PersonalizeEventsBackend(Backend):
    service = "personalize-events"
    arn_service = "personalize"

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        # eventIds already recorded per dataset, keyed by (ARN, seq) so a dataset deleted and created again
        # under the same ARN starts afresh.
        self._event_ids: dict[tuple[str, int], set[str]] = {}

    @property
    def _personalize(self) -> Any:
        return self.handle.backend("personalize", self.account_id, self.region)

    # --- item interactions ----------------------------------------------------------------------------
    def put_events(
        self, tracking_id: str, session_id: str, event_list: list[dict[str, Any]], user_id: Optional[str] = None
    ) -> dict[str, Any]:
        dataset = self._interactions_of_tracker(tracking_id)
        schema = self._schema(dataset)
        rows = []
        for index, event in enumerate(event_list):
            where = f"eventList[{index}]"
            check_event_size(event, where)
            members = {
                # recording-events: without a userId the event is anonymous and belongs to the session.
                "USER_ID": user_id or session_id,
                "ITEM_ID": event.get("itemId"),
                "TIMESTAMP": epoch_seconds(event["sentAt"]),
                "EVENT_TYPE": event["eventType"],
                "EVENT_VALUE": event.get("eventValue"),
                "IMPRESSION": _joined(event.get("impression")),
                "RECOMMENDATION_ID": event.get("recommendationId"),
                "EVENT_ATTRIBUTION_SOURCE": (event.get("metricAttribution") or {}).get("eventAttributionSource"),
            }
            row = event_row(
                schema,
                members,
                event.get("properties"),
                where,
                member_columns=EVENT_COLUMNS,
                forbidden_keys=EVENT_FORBIDDEN_KEYS,
            )
            rows.append((event.get("eventId"), row))
        self._record_events(dataset, rows)
        return {}

    def _interactions_of_tracker(self, tracking_id: str) -> Dataset:
        """The Item interactions dataset an event tracker feeds. PutEvents models only InvalidInputException,
        so an unknown trackingId, a tracker not yet ACTIVE and a group without an Item interactions dataset all
        answer it (spec §1.3: the exception for an unknown trackingId is not documented)."""
        personalize = self._personalize
        tracker = personalize.event_tracker_by_tracking_id(tracking_id)
        if tracker is None:
            if personalize.action_interactions_by_tracking_id(tracking_id) is not None:
                raise invalid(
                    f"The tracking ID {tracking_id} belongs to an Action interactions dataset; send its events "
                    "with PutActionInteractions."
                )
            raise invalid(f"The tracking ID {tracking_id} does not belong to any event tracker.")
        status = tracker.lifecycle.observe()
        if status != ACTIVE:
            raise invalid(f"The event tracker {tracker.arn} is not ACTIVE (status: {status}).")
        dataset = personalize.datasets_of(tracker.dataset_group_arn).get("INTERACTIONS")
        if dataset is None:
            raise invalid(
                f"The dataset group {tracker.dataset_group_arn} of event tracker {tracker.arn} has no Item "
                "interactions dataset to record events in."
            )
        status = dataset.lifecycle.observe()
        if status != ACTIVE:
            raise invalid(f"The dataset {dataset.arn} is not ACTIVE (status: {status}).")
        return dataset

    # --- action interactions ------------------------------------------------------------------------
    def put_action_interactions(self, tracking_id: str, action_interactions: list[dict[str, Any]]) -> dict[str, Any]:
        dataset = self._action_interactions_dataset(tracking_id)
        schema = self._schema(dataset)
        rows = []
        for index, interaction in enumerate(action_interactions):
            where = f"actionInteractions[{index}]"
            check_event_size(interaction, where)
            event_type = interaction["eventType"]
            if event_type not in ACTION_EVENT_TYPES:
                # Not documented whether the check is case-sensitive; we take the documented spellings only.
                raise invalid(f"{where}: eventType {event_type!r} is not one of Viewed, Taken, Not Taken.")
            members = {
                "USER_ID": interaction.get("userId") or interaction["sessionId"],
                "ACTION_ID": interaction["actionId"],
                "TIMESTAMP": epoch_seconds(interaction["timestamp"]),
                "EVENT_TYPE": event_type,
                "IMPRESSION": _joined(interaction.get("impression")),
                "RECOMMENDATION_ID": interaction.get("recommendationId"),
            }
            row = event_row(
                schema,
                members,
                interaction.get("properties"),
                where,
                member_columns=ACTION_INTERACTION_COLUMNS,
                forbidden_keys=ACTION_INTERACTION_FORBIDDEN_KEYS,
            )
            rows.append((interaction.get("eventId"), row))
        self._record_events(dataset, rows)
        return {}

    def _action_interactions_dataset(self, tracking_id: str) -> Dataset:
        personalize = self._personalize
        dataset = personalize.action_interactions_by_tracking_id(tracking_id)
        if dataset is None:
            if personalize.event_tracker_by_tracking_id(tracking_id) is not None:
                raise invalid(
                    f"The tracking ID {tracking_id} belongs to an item interactions event tracker; send its "
                    "events with PutEvents."
                )
            raise ServiceError(
                "ResourceNotFoundException",
                f"The tracking ID {tracking_id} does not belong to any Action interactions dataset.",
            )
        status = dataset.lifecycle.observe()
        if status != ACTIVE:
            raise not_active("dataset", dataset.arn, status)
        return dataset

    # --- items, users, actions ----------------------------------------------------------------------
    def put_items(self, dataset_arn: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        return self._put_entities("PutItems", dataset_arn, items)

    def put_users(self, dataset_arn: str, users: list[dict[str, Any]]) -> dict[str, Any]:
        return self._put_entities("PutUsers", dataset_arn, users)

    def put_actions(self, dataset_arn: str, actions: list[dict[str, Any]]) -> dict[str, Any]:
        return self._put_entities("PutActions", dataset_arn, actions)

    def _put_entities(self, operation: str, dataset_arn: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
        dataset_type, label, id_column, id_member = _ENTITY_TARGETS[operation]
        dataset = self._personalize.datasets.get(dataset_arn)  # ResourceNotFoundException (404)
        if dataset.dataset_type != dataset_type:
            raise invalid(
                f"{operation} writes to an {label} dataset; {dataset_arn} is of type {dataset.dataset_type}."
            )
        status = dataset.lifecycle.observe()
        if status != ACTIVE:
            # Spec §9.2: the condition for ResourceInUseException is not documented; "not ACTIVE" is ours.
            raise not_active("dataset", dataset_arn, status)
        schema = self._schema(dataset)
        rows = [
            entity_row(schema, id_column, id_member, entry[id_member], entry.get("properties"), f"{label.lower()}[{i}]")
            for i, entry in enumerate(entries)
        ]
        # incremental-data-updates: a record with a known ID replaces the stored one (put_records does that).
        dataset.put_records(rows)
        return {}

    # --- shared ---------------------------------------------------------------------------------------
    def _schema(self, dataset: Dataset) -> ParsedSchema:
        return self._personalize.schemas.get(dataset.schema_arn).parsed

    def _record_events(self, dataset: Dataset, rows: list[tuple[Optional[str], dict[str, Any]]]) -> None:
        """API_UBS_Event (eventId): events after the first with the same eventId are not used; we do not store
        them. An event without an eventId gets a generated one, so it is always new."""
        seen = self._event_ids.setdefault((dataset.arn, dataset.seq), set())
        fresh = []
        for event_id, row in rows:
            event_id = event_id or uuid_id()
            if event_id not in seen:
                seen.add(event_id)
                fresh.append(row)
        dataset.put_records(fresh)


def _joined(values: Optional[list[str]]) -> Optional[str]:
    """API_UBS_Event (impression) → the IMPRESSION column: item IDs separated by ``|`` (interactions-datasets)."""
    return "|".join(values) if values else None
