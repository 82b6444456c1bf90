"""Everything Clean Rooms needs of Clean Rooms ML, in one place: does a configured audience model exist?

CreateConfiguredAudienceModelAssociation associates "a configured audience model" (a ``cleanrooms-ml``
resource, API_CreateConfiguredAudienceModelAssociation) with a collaboration; we require it to exist in the
caller's account and region. Clean Rooms ML is being restructured separately: this module is the only code
of ``cleanrooms`` that touches it, through its GetConfiguredAudienceModel operation method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import ServiceError

if TYPE_CHECKING:
    from ..core.state import MockHandle


def configured_audience_model_exists(handle: MockHandle, account_id: str, region: str, arn: str) -> bool:
    """Whether ``account_id`` owns a configured audience model with this ARN in ``region``."""
    store = handle.store("cleanroomsml", account_id, region)
    try:
        store.get_configured_audience_model(configured_audience_model_arn=arn)  # type: ignore[attr-defined]
    except ServiceError:
        return False
    return True
