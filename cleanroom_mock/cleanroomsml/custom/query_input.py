"""An ML input channel's protected query: run in Clean Rooms when the channel is created; its result is the
channel's data, which the channel shows when its creation completes.

create-ml-input-channel: the channel is the result of a protected query in the creator's membership. The query
goes through Clean Rooms (``cleanrooms.queries.api``), so the SQL must pass the analysis rules of the tables it
reads: a refused query is CreateMLInputChannel's ValidationException (Clean Rooms' message), a query that fails
while running leaves the channel CREATE_FAILED (statusCode ``PROTECTED_QUERY_FAILED``). The channel's
``protectedQueryIdentifier`` is the query's id and ``numberOfRecords`` its result's row count;
``channel_data(store, channel)`` gives the rows that training and inference read.
"""

from __future__ import annotations

from typing import Any, Optional

from ...cleanrooms.queries.api import QueryRun, protected_query_result, run_protected_query
from ...core.errors import ServiceError
from ..common import fail
from ..errors import validation
from ..store import CleanRoomsMLStore
from .resources import MLInputChannel


def start_channel_query(store: CleanRoomsMLStore, membership_id: str, input_channel: dict[str, Any]) -> str:
    """Run the channel's protected query in Clean Rooms; its id (ValidationException when refused). It runs at
    once, so it never holds one of the membership's five concurrent query slots."""
    source = input_channel["dataSource"]["protectedQueryInputParameters"]
    try:
        return run_protected_query(store.handle, store.region, membership_id, source["sqlParameters"],
                                   compute_configuration=source.get("computeConfiguration")).query_id
    except ServiceError as refusal:
        raise validation(f"The ML input channel's protected query was refused: {refusal.message}")


def channel_data(store: CleanRoomsMLStore, channel: MLInputChannel) -> QueryRun:
    """The channel's protected query result: its columns and rows."""
    return protected_query_result(store.handle, store.region, channel.membership_id, channel.protected_query_id)


def fill_channel(store: CleanRoomsMLStore, channel: MLInputChannel) -> Optional[str]:
    """Lifecycle completion of the channel's creation: run its query, count its records."""
    result = channel_data(store, channel)
    if result.status != "SUCCESS":
        error = result.error or {}
        return fail(channel, "PROTECTED_QUERY_FAILED", f"Protected query {result.query_id} ended {result.status}: "
                                                       f"{error.get('message', '')}".strip())
    channel.number_of_records = len(result.rows)
    return None
