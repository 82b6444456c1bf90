"""What personalize-events keeps per account and region: the eventIds already recorded, per dataset.

The datasets themselves are the ``personalize`` service's, read through ``PersonalizeStore``'s public
"reading Personalize" methods only; rows land through ``Dataset.put_records``, so they are the dataset's
PUT rows: a dataset export job with ingestionMode PUT (or ALL) writes them, and training reads them with the
bulk-imported ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...core.ids import uuid_id
from ...core.store import Store
from ..errors import invalid
from ..store import PersonalizeStore
from .rows import EventRow

if TYPE_CHECKING:
    from ...core.state import MockHandle
    from ..store import Dataset  # the type PersonalizeStore's reading methods return

ACTIVE = "ACTIVE"


class EventsStore(Store):
    service = "personalize-events"
    arn_service = "personalize"

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        # eventIds already recorded per dataset, keyed by (ARN, seq) so a dataset deleted and created again
        # under the same ARN starts afresh.
        self.event_ids: dict[tuple[str, int], set[str]] = {}

    @property
    def personalize(self) -> PersonalizeStore:
        """The ``personalize`` store of this account and region (its public reading methods only)."""
        found = self.store_of("personalize")
        assert isinstance(found, PersonalizeStore)
        return found

    def refuse_other_destination(self, tracking_id: str, operation: str) -> None:
        """InvalidInputException when ``tracking_id`` takes its events through the other operation than
        ``operation``: an event tracker's through PutEvents, an Action interactions dataset's through
        PutActionInteractions (API_UBS_PutActionInteractions: each has its own tracking ID)."""
        tracker = self.personalize.event_tracker_by_tracking_id(tracking_id)
        dataset = self.personalize.action_interactions_by_tracking_id(tracking_id)
        if operation != "PutEvents" and tracker is not None:
            raise invalid(f"The tracking ID {tracking_id} belongs to an item interactions event tracker; send its "
                          "events with PutEvents.")
        if operation != "PutActionInteractions" and dataset is not None:
            raise invalid(f"The tracking ID {tracking_id} belongs to an Action interactions dataset; send its events "
                          "with PutActionInteractions.")

    def record_events(self, dataset: Dataset, rows: Sequence[EventRow]) -> None:
        """API_UBS_Event (eventId): events after the first with the same eventId are not used; we do not store
        them. An event without an eventId gets a generated one, so it is always new."""
        seen = self.event_ids.setdefault((dataset.arn, dataset.seq), set())
        fresh = []
        for event_id, row in rows:
            event_id = event_id or uuid_id()
            if event_id not in seen:
                seen.add(event_id)
                fresh.append(row)
        dataset.put_records(fresh)
