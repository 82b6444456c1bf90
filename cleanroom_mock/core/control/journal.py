"""``aws.calls``: every intercepted call, in order, to assert on in tests.

    aws.calls.filter(operation="CreateCampaign")[0].parameters["name"]
    [call.error for call in aws.calls.filter(service="personalize", error="LimitExceededException")]

The journal starts empty with each outermost mock and keeps at most ``limit`` calls (the oldest go first),
so a long-running server does not grow without bound.
"""

from __future__ import annotations

import datetime as _dt
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One intercepted call as the service saw it."""

    service: str
    operation: str  # the API name, e.g. "CreateCampaign" ("" when no operation matched)
    parameters: Mapping[str, Any]  # the parsed input members (API names)
    status: int  # the HTTP status answered
    error: str | None  # the error code answered, or None
    account: str
    region: str
    time: _dt.datetime


class CallJournal:
    def __init__(self, limit: int = 100_000) -> None:
        self._calls: deque[Call] = deque(maxlen=limit)

    def record(self, call: Call) -> None:
        self._calls.append(call)

    def filter(self, **criteria: Any) -> list[Call]:
        """The calls whose fields equal every given criterion (``service``, ``operation``, ``status``,
        ``error``, ``account``, ``region``)."""
        unknown = set(criteria) - set(Call.__dataclass_fields__)
        if unknown:
            raise TypeError(f"calls have no field {', '.join(sorted(unknown))}")
        return [call for call in self._calls if all(getattr(call, k) == v for k, v in criteria.items())]

    def clear(self) -> None:
        self._calls.clear()

    @property
    def last(self) -> Call | None:
        return self._calls[-1] if self._calls else None

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __len__(self) -> int:
        return len(self._calls)

    def __getitem__(self, index: int) -> Call:
        return list(self._calls)[index]
