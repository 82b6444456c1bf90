"""The one clock every timestamp and lifecycle reads.

Reading ``datetime.datetime`` through the module at call time (never ``from datetime import datetime``)
is what lets freezegun's patched class answer, so ``freeze_time`` and ``tick`` drive resource lifecycles.
"""

from __future__ import annotations

import datetime as _dt


def now() -> _dt.datetime:
    """The current time, timezone-aware UTC, truncated to milliseconds as AWS reports it."""
    current = _dt.datetime.now(_dt.timezone.utc)
    return current.replace(microsecond=current.microsecond // 1000 * 1000)
