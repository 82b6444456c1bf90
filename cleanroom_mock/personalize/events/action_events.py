"""PutActionInteractions (API_UBS_PutActionInteractions): action interaction events recorded into the Action
interactions dataset whose own event tracker issued ``trackingId``.

Every event of a call is checked before any is stored (all-or-nothing, as for PutEvents).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...core.errors import ServiceError
from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import invalid, not_active
from .rows import ACTION_EVENTS, epoch_seconds, event_rows, joined
from .store import ACTIVE, EventsStore

if TYPE_CHECKING:
    from ..store import Dataset  # the type PersonalizeStore's reading methods return

# API_UBS_ActionInteraction (eventType): "You can specify Viewed, Taken, and Not Taken event types."
ACTION_EVENT_TYPES = ("Viewed", "Taken", "Not Taken")


class ActionEventOperations(OperationGroup[EventsStore]):
    @operation("PutActionInteractions")
    def put_action_interactions(self, tracking_id: str, action_interactions: list[dict[str, Any]]) -> dict[str, Any]:
        dataset = self._action_interactions_dataset(tracking_id)
        rows = event_rows(self.store.personalize.schema_of(dataset), ACTION_EVENTS, action_interactions, _members)
        self.store.record_events(dataset, rows)
        return {}

    def _action_interactions_dataset(self, tracking_id: str) -> Dataset:
        personalize = self.store.personalize
        found = personalize.action_interactions_by_tracking_id(tracking_id)
        if found is None:
            self.store.refuse_other_destination(tracking_id, "PutActionInteractions")
            raise ServiceError(
                "ResourceNotFoundException",
                f"The tracking ID {tracking_id} does not belong to any Action interactions dataset.",
            )
        dataset = personalize.dataset(found.arn)
        status = dataset.lifecycle.current
        if status != ACTIVE:
            raise not_active("dataset", dataset.arn, status)
        return dataset


def _members(interaction: Mapping[str, Any], where: str) -> dict[str, Any]:
    event_type = interaction["eventType"]
    if event_type not in ACTION_EVENT_TYPES:
        # Not documented whether the check is case-sensitive; we take the documented spellings only.
        raise invalid(f"{where}: eventType {event_type!r} is not one of Viewed, Taken, Not Taken.")
    return {
        "USER_ID": interaction.get("userId") or interaction["sessionId"],
        "ACTION_ID": interaction["actionId"],
        "TIMESTAMP": epoch_seconds(interaction["timestamp"]),
        "EVENT_TYPE": event_type,
        "IMPRESSION": joined(interaction.get("impression")),
        "RECOMMENDATION_ID": interaction.get("recommendationId"),
    }
