"""Everything Clean Rooms needs of Clean Rooms ML, in one place: does a configured audience model exist?

CreateConfiguredAudienceModelAssociation associates "a configured audience model" (a ``cleanrooms-ml``
resource, API_CreateConfiguredAudienceModelAssociation) with a collaboration; we require it to exist in the
caller's account and region. This module is the only code of ``cleanrooms`` that touches Clean Rooms ML,
through its store's public ``configured_models`` table (looked at, not read: associating moves no status).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.state import MockHandle


def configured_audience_model_exists(handle: MockHandle, account_id: str, region: str, arn: str) -> bool:
    """Whether ``account_id`` owns a configured audience model with this ARN in ``region``."""
    from ..cleanroomsml.store import CleanRoomsMLStore

    store = handle.store("cleanroomsml", account_id, region)
    return isinstance(store, CleanRoomsMLStore) and arn in store.configured_models
