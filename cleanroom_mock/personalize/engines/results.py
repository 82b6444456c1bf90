"""Turning scored candidates into the runtime's answer: filters, promotions, metadata, PredictedItem dicts."""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any, Optional

from ..errors import invalid
from ..filter_expression import CompiledFilter, FilterExpressionError
from .data import GroupData

MAX_METADATA_COLUMNS = 10  # limits.html: metadata columns per request
METADATA_DATASET = "ITEMS"  # API_RS_GetRecommendations: the map's key is the dataset type, ITEMS


def apply_filter(
    compiled: Optional[CompiledFilter],
    candidates: Sequence[str],
    data: GroupData,
    user_id: Optional[str],
    current_item: Optional[dict[str, Any]] = None,
    *,
    actions: bool = False,
) -> Sequence[str]:
    """The candidates (in order) that survive the filter; an unusable filter is InvalidInputException."""
    if compiled is None:
        return candidates
    try:
        return compiled.filter_candidates(
            list(candidates),
            items=data.items.by_id,
            users=data.users.by_id,
            user_id=user_id,
            user_interactions=(data.user_action_interactions(user_id) if actions
                               else data.user_interactions(user_id)),
            current_item=current_item,
            actions=data.actions.by_id,
        )
    except FilterExpressionError as exc:
        raise invalid(exc.message) from None


def metadata_columns(requested: Optional[Mapping[str, Sequence[str]]], data: GroupData) -> list[tuple[str, str]]:
    """(name as requested, schema column) pairs for ``metadataColumns``.

    Only the ITEMS key is documented (API_RS_GetRecommendations); other keys are InvalidInputException. Not
    documented by AWS whether column names match case-sensitively; we match them ignoring case, as the
    schema's reserved names are upper case while users often write them otherwise.
    """
    if not requested:
        return []
    unknown = sorted(set(requested) - {METADATA_DATASET})
    if unknown:
        raise invalid(f"Invalid metadataColumns key {unknown[0]}: only {METADATA_DATASET} is supported.")
    names = list(dict.fromkeys(requested.get(METADATA_DATASET) or []))
    if len(names) > MAX_METADATA_COLUMNS:
        raise invalid(f"metadataColumns lists {len(names)} columns for {METADATA_DATASET}; "
                      f"the maximum is {MAX_METADATA_COLUMNS}.")
    if not data.has_items_dataset:
        raise invalid("metadataColumns need an Items dataset in the campaign's dataset group.")
    by_lower = {column.lower(): column for column in data.items.columns}
    pairs = []
    for name in names:
        column = by_lower.get(name.lower())
        if column is None:
            raise invalid(f"The column {name} does not exist in the Items dataset schema.")
        pairs.append((name, column))
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def item_metadata(record: Optional[Mapping[str, Any]], columns: list[tuple[str, str]]) -> dict[str, str]:
    """The ``metadata`` map of one item: its requested columns that have a value, as strings. Not documented
    by AWS how empty values are shown; we leave them out (the map's values are strings, never null)."""
    if record is None:
        return {}
    return {name: _text(record[column]) for name, column in columns if record.get(column) is not None}


def promoted_slots(num_results: int, percent: int) -> int:
    """Not documented by AWS how a percentage of the slots rounds; we round up, so a promotion with any
    positive percentage places at least one item when there is room."""
    return min(num_results, math.ceil(num_results * percent / 100))


def interleave(others: list[str], promoted: list[str], seed: str) -> list[tuple[str, bool]]:
    """Promoted items at pseudo-random positions among the others, each list keeping its own order
    (promoting-items). The positions come from a hash of the request, so they are deterministic."""
    if not promoted:
        return [(item, False) for item in others]
    total = len(others) + len(promoted)
    generator = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    positions = set(generator.sample(range(total), len(promoted)))
    promoted_iter, others_iter = iter(promoted), iter(others)
    return [(next(promoted_iter), True) if slot in positions else (next(others_iter), False) for slot in range(total)]
