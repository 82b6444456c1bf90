"""PutItems / PutUsers / PutActions (API_UBS_PutItems, API_UBS_PutUsers, API_UBS_PutActions): records
written one by one into an Items, Users or Actions dataset.

incremental-data-updates: a record with a known ID replaces the stored one, bulk-imported or put
(``Dataset.put_records`` does that). Every record of a call is checked before any is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import invalid, not_active
from .rows import entity_row
from .store import ACTIVE, EventsStore


@dataclass(frozen=True)
class EntityTarget:
    """Which dataset an operation writes, its ID column and the request member carrying the ID."""

    operation: str
    dataset_type: str
    label: str
    id_column: str
    id_member: str


ITEMS = EntityTarget("PutItems", "ITEMS", "Items", "ITEM_ID", "itemId")
USERS = EntityTarget("PutUsers", "USERS", "Users", "USER_ID", "userId")
ACTIONS = EntityTarget("PutActions", "ACTIONS", "Actions", "ACTION_ID", "actionId")


class RecordOperations(OperationGroup[EventsStore]):
    @operation("PutItems")
    def put_items(self, dataset_arn: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        return self._put_entities(ITEMS, dataset_arn, items)

    @operation("PutUsers")
    def put_users(self, dataset_arn: str, users: list[dict[str, Any]]) -> dict[str, Any]:
        return self._put_entities(USERS, dataset_arn, users)

    @operation("PutActions")
    def put_actions(self, dataset_arn: str, actions: list[dict[str, Any]]) -> dict[str, Any]:
        return self._put_entities(ACTIONS, dataset_arn, actions)

    def _put_entities(self, target: EntityTarget, dataset_arn: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
        personalize = self.store.personalize
        dataset = personalize.dataset(dataset_arn)  # ResourceNotFoundException (404)
        if dataset.dataset_type != target.dataset_type:
            raise invalid(
                f"{target.operation} writes to an {target.label} dataset; {dataset_arn} is of type "
                f"{dataset.dataset_type}."
            )
        status = dataset.lifecycle.current
        if status != ACTIVE:
            # Spec §9.2: the condition for ResourceInUseException is not documented; "not ACTIVE" is ours.
            raise not_active("dataset", dataset_arn, status)
        schema = personalize.schema_of(dataset)
        rows = [
            entity_row(
                schema, target.id_column, target.id_member, entry[target.id_member], entry.get("properties"),
                f"{target.label.lower()}[{index}]",
            )
            for index, entry in enumerate(entries)
        ]
        dataset.put_records(rows)
        return {}
