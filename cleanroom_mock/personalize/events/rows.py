"""One personalize-events request entry (event, action interaction, item, user, action) → one dataset row.

The request's own members fill their reserved columns (API_UBS_Event: ``itemId`` → ITEM_ID, ``sentAt`` →
TIMESTAMP, ...), ``properties`` fills the others (typed by the ``properties`` module), and the finished row
must give every non-nullable column a value. Every value is typed through the schema, like a CSV cell on import.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from ..avro_schema import ParsedSchema
from ..errors import invalid
from .properties import check_required, parse_properties, typed_properties, typed_value

# limits: at most 10 KB per event (PutEvents and PutActionInteractions). Not documented whether KB means
# 1,000 or 1,024 bytes, nor how the size is measured; we chose 10,240 bytes of the event as UTF-8 JSON.
MAX_EVENT_BYTES = 10 * 1024

# API_UBS_Event (properties): these keys are not allowed in properties, case-insensitively; the value says
# which member carries them instead.
EVENT_FORBIDDEN_KEYS = {
    "userid": "userId",
    "sessionid": "sessionId",
    "eventtype": "eventType",
    "timestamp": "sentAt",
    "recommendationid": "recommendationId",
    "impression": "impression",
}
# Not documented for ActionInteraction.properties; we apply PutEvents' list, with the action interaction's own
# member names (its time member is ``timestamp``).
ACTION_INTERACTION_FORBIDDEN_KEYS = {**EVENT_FORBIDDEN_KEYS, "timestamp": "timestamp"}

# Columns each event kind fills from its members (the member named in messages).
EVENT_COLUMNS = {
    "USER_ID": "userId (or sessionId)",
    "ITEM_ID": "itemId",
    "TIMESTAMP": "sentAt",
    "EVENT_TYPE": "eventType",
    "EVENT_VALUE": "eventValue",
    "IMPRESSION": "impression",
    "RECOMMENDATION_ID": "recommendationId",
    "EVENT_ATTRIBUTION_SOURCE": "metricAttribution",
}
ACTION_INTERACTION_COLUMNS = {
    "USER_ID": "userId (or sessionId)",
    "ACTION_ID": "actionId",
    "TIMESTAMP": "timestamp",
    "EVENT_TYPE": "eventType",
    "IMPRESSION": "impression",
    "RECOMMENDATION_ID": "recommendationId",
}


def epoch_seconds(moment: Any) -> int:
    """A request timestamp (botocore sends epoch seconds; the parser gives a datetime) as TIMESTAMP's long."""
    if isinstance(moment, _dt.datetime):
        return int(moment.timestamp())
    return int(moment)


def check_event_size(event: Mapping[str, Any], where: str) -> None:
    size = len(json.dumps(event, default=epoch_seconds, ensure_ascii=False).encode("utf-8"))
    if size > MAX_EVENT_BYTES:
        raise invalid(f"{where}: the event is {size} bytes; an event can be at most {MAX_EVENT_BYTES} bytes (10 KB).")


def event_row(
    schema: ParsedSchema,
    members: Mapping[str, Any],
    properties: Optional[str],
    where: str,
    *,
    member_columns: Mapping[str, str],
    forbidden_keys: Mapping[str, str],
) -> dict[str, Any]:
    """An interaction row: ``members`` (column → value, None when absent) plus the typed properties.

    Not documented by AWS: a member whose column the schema lacks (``eventValue`` without EVENT_VALUE, an
    ``impression`` without IMPRESSION, ``eventType`` in a custom schema without EVENT_TYPE) is not stored; we
    drop it without an error because the API requires some of these members (eventType) whatever the schema.
    """
    row = typed_properties(
        schema, parse_properties(properties, where), where, set_by_request=member_columns,
        forbidden_keys=forbidden_keys, event=True,
    )
    for column, value in members.items():
        field = schema.field(column)
        if field is not None and value is not None:
            row[column] = typed_value(field, value, f"{where}: {member_columns[column]}")
    check_required(schema, row, where)
    return row


@dataclass(frozen=True)
class EventKind:
    """What one event API writes: its list member (named in messages), the columns its members fill and the
    property keys it forbids."""

    list_member: str
    member_columns: Mapping[str, str]
    forbidden_keys: Mapping[str, str]


ITEM_EVENTS = EventKind("eventList", EVENT_COLUMNS, EVENT_FORBIDDEN_KEYS)
ACTION_EVENTS = EventKind("actionInteractions", ACTION_INTERACTION_COLUMNS, ACTION_INTERACTION_FORBIDDEN_KEYS)
EventRow = tuple[Optional[str], dict[str, Any]]  # (the entry's eventId, its dataset row)


def event_rows(
    schema: ParsedSchema,
    kind: EventKind,
    entries: Sequence[Mapping[str, Any]],
    members_of: Callable[[Mapping[str, Any], str], Mapping[str, Any]],
) -> list[EventRow]:
    """Every entry of the call as (eventId, row), each checked (size, then ``members_of``'s own checks, then
    the row) before any is stored. ``members_of(entry, where)``: column → the entry's member value."""
    rows = []
    for index, entry in enumerate(entries):
        where = f"{kind.list_member}[{index}]"
        check_event_size(entry, where)
        row = event_row(
            schema,
            members_of(entry, where),
            entry.get("properties"),
            where,
            member_columns=kind.member_columns,
            forbidden_keys=kind.forbidden_keys,
        )
        rows.append((entry.get("eventId"), row))
    return rows


def entity_row(
    schema: ParsedSchema, id_column: str, id_member: str, entity_id: str, properties: Optional[str], where: str
) -> dict[str, Any]:
    """An Items / Users / Actions record: its ID plus the typed properties."""
    row = typed_properties(schema, parse_properties(properties, where), where, set_by_request={id_column: id_member})
    row[id_column] = entity_id
    check_required(schema, row, where)
    return row


def joined(values: Optional[list[str]]) -> Optional[str]:
    """API_UBS_Event (impression) → the IMPRESSION column: item IDs separated by ``|`` (interactions-datasets)."""
    return "|".join(values) if values else None
