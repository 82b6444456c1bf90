"""The request-time view of a dataset group's data that the runtime needs: records by ID and interactions
by user, read from the ``personalize`` backend's datasets as they are now (bulk imports and PutEvents alike).

Building a view scans a dataset once; :class:`DatasetViews` keeps the last view per dataset and reuses it
while the dataset's row lists are the same objects with the same lengths (imports and deletions replace the
lists, PutEvents appends to them), so a burst of requests pays the scan once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol

# The entity ID column of each dataset type whose records are entities (the others are event logs).
_ENTITY_ID = {"ITEMS": "ITEM_ID", "USERS": "USER_ID", "ACTIONS": "ACTION_ID"}


class DatasetRows(Protocol):
    """What a view reads of a dataset (``data_resources.Dataset`` is one): nothing here knows the store."""

    @property
    def arn(self) -> str: ...
    @property
    def dataset_type(self) -> str: ...  # upper case: ITEMS, USERS, ACTIONS, INTERACTIONS, ACTION_INTERACTIONS
    @property
    def columns(self) -> tuple[str, ...]: ...
    @property
    def bulk_rows(self) -> list[tuple[Any, ...]]: ...
    @property
    def put_rows(self) -> list[tuple[Any, ...]]: ...
    def records(self) -> Iterator[dict[str, Any]]: ...


def number(value: Any) -> Optional[float]:
    """A record's numeric cell as a float (training and action scoring read them alike); None when empty
    or not a number."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class DatasetView:
    """One dataset's records: by entity ID (Items/Users/Actions) or by user (interaction datasets)."""

    columns: tuple[str, ...] = ()
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_user: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _build(dataset: DatasetRows) -> DatasetView:
    view = DatasetView(columns=tuple(dataset.columns))
    id_column = _ENTITY_ID.get(dataset.dataset_type)
    for record in dataset.records():
        if id_column is not None:
            key = record.get(id_column)
            if key not in (None, ""):
                view.by_id[str(key)] = record
            continue
        user = record.get("USER_ID")
        if user not in (None, ""):
            view.by_user.setdefault(str(user), []).append(record)
    return view


class DatasetViews:
    """The views of one account/region's datasets, rebuilt only when a dataset's rows changed."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[list[tuple[Any, ...]], int, list[tuple[Any, ...]], int, tuple[str, ...],
                                     DatasetView]] = {}

    def view(self, dataset: Optional[DatasetRows]) -> DatasetView:
        if dataset is None:
            return DatasetView()
        bulk, put = dataset.bulk_rows, dataset.put_rows
        cached = self._cache.get(dataset.arn)
        # The cached entry holds the row lists themselves, so an identity match cannot be a recycled id().
        if (cached is not None and cached[0] is bulk and cached[1] == len(bulk) and cached[2] is put
                and cached[3] == len(put) and cached[4] == dataset.columns):
            return cached[5]
        built = _build(dataset)
        self._cache[dataset.arn] = (bulk, len(bulk), put, len(put), tuple(dataset.columns), built)
        return built


@dataclass
class GroupData:
    """What a request reads from its campaign's dataset group."""

    items: DatasetView
    users: DatasetView
    interactions: DatasetView
    actions: DatasetView
    action_interactions: DatasetView
    has_items_dataset: bool

    def user_interactions(self, user_id: Optional[str]) -> list[dict[str, Any]]:
        return self.interactions.by_user.get(user_id, []) if user_id is not None else []

    def user_action_interactions(self, user_id: Optional[str]) -> list[dict[str, Any]]:
        return self.action_interactions.by_user.get(user_id, []) if user_id is not None else []


def group_data(views: DatasetViews, datasets: Mapping[str, DatasetRows]) -> GroupData:
    """The group's data from its datasets keyed by type (``PersonalizeStore.datasets_of``), any case."""
    upper = {kind.upper(): dataset for kind, dataset in datasets.items()}
    return GroupData(
        items=views.view(upper.get("ITEMS")),
        users=views.view(upper.get("USERS")),
        interactions=views.view(upper.get("INTERACTIONS")),
        actions=views.view(upper.get("ACTIONS")),
        action_interactions=views.view(upper.get("ACTION_INTERACTIONS")),
        has_items_dataset="ITEMS" in upper,
    )
