"""The statuses every Personalize resource shares, and pending updates that have a lifecycle of their own.

Statuses follow the Create* pages (API_CreateDatasetGroup, API_CreateSolution, ...; spec §3): a space between
verb and phase (``CREATE PENDING``), ``CREATE FAILED`` on failure. A deletion is a new phase whose completion
removes the resource from its table, so "DELETE PENDING, then gone" needs no special case.

An update (UpdateDataset, UpdateSolution, UpdateCampaign, UpdateRecommender: ``latest...Update``) runs its own
create flow beside the resource's; a read moves both (``WithUpdate.advance``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.lifecycle import Completion, Lifecycle
from ..core.resources import Resource, member
from .errors import in_use

CREATE_STEPS = ("CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE")
CREATE_FAILED = "CREATE FAILED"
ACTIVE = "ACTIVE"
CREATING = frozenset({"CREATE PENDING", "CREATE IN_PROGRESS"})
DELETE_STEPS = ("DELETE PENDING", "DELETE IN_PROGRESS", "DELETED")
DELETING = frozenset({"DELETE PENDING", "DELETE IN_PROGRESS", "DELETED"})


def new_lifecycle(on_complete: Optional[Completion] = None) -> Lifecycle:
    """The documented create flow, ending in ``CREATE FAILED`` when ``on_complete`` reports a failure."""
    return Lifecycle(CREATE_STEPS, on_complete=on_complete, failed_status=CREATE_FAILED)


def without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


@dataclass
class Tracked(Resource):
    """A resource with the documented create flow. Its view shows what every Personalize shape says of the
    lifecycle: ``status``, ``failureReason`` (after a failure), ``creationDateTime``, ``lastUpdatedDateTime``
    (a shape without one of them, like ``Dataset`` without ``failureReason``, drops it when serialized)."""

    lifecycle: Lifecycle = field(default_factory=new_lifecycle)

    SHOWN = {
        "name": "name",
        "status": "lifecycle.current",
        "failureReason": "lifecycle.failure_reason",
        "creationDateTime": "created_at",
        "lastUpdatedDateTime": "lifecycle.updated_at",
    }


@dataclass
class Job(Tracked):
    """A job (dataset import, export and deletion, batch inference and segment): named by ``jobName``, run
    under ``roleArn``."""

    role_arn: Optional[str] = member(blank_as_none=True)

    SHOWN = {"jobName": "name"}


@dataclass
class Update:
    """A pending change: the settings it applies (in the API's member names) and its own create flow."""

    settings: dict[str, Any] = field(default_factory=dict)
    lifecycle: Lifecycle = field(default_factory=new_lifecycle)

    def view(self) -> dict[str, Any]:
        """The ``latest...Update`` summary (DatasetUpdateSummary, SolutionUpdateSummary, ...)."""
        return without_none({
            **self.settings,
            "status": self.lifecycle.current,
            "failureReason": self.lifecycle.failure_reason,
            "creationDateTime": self.lifecycle.started_at,
            "lastUpdatedDateTime": self.lifecycle.updated_at,
        })


@dataclass
class WithUpdate(Tracked):
    """A resource with a create/delete lifecycle and, after an Update call, a pending update (its view shows
    ``update_view`` under the shape's ``latest...Update`` member, which each class names in ``SHOWN``)."""

    latest_update: Optional[Update] = None

    @property
    def update_view(self) -> Optional[dict[str, Any]]:
        return self.latest_update.view() if self.latest_update is not None else None

    def lifecycles(self) -> list[Lifecycle]:
        """The resource's lifecycle, then its pending update's: a read moves both, in that order (the
        update's completion may apply the update), and test control reaches both."""
        return [self.lifecycle] + ([self.latest_update.lifecycle] if self.latest_update is not None else [])

    def update_running(self) -> bool:
        return self.latest_update is not None and self.latest_update.lifecycle.current in CREATING

    def refuse_while_updating(self) -> None:
        """ResourceInUseException while its update runs. Not documented by AWS; we chose to refuse a second
        update (or a delete) while one runs (UpdateCampaign, UpdateSolution, UpdateRecommender, DeleteCampaign)."""
        if self.update_running():
            raise in_use(f"Resource Arn {self.arn} has an update in progress.")
