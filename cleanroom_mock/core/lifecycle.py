"""Resource statuses that move on their own, the same way for every resource type.

A resource is created in the first status of its sequence; how it moves on is the handle's choice
(``aws.lifecycle``), so tests pick between fast and realistic without any backend knowing:

- ``"next-read"`` (default): the first time anything reads the resource (a Describe/Get, a List, another
  operation that references it) it reaches its final status. Polling loops end after one poll.
- ``"step"``: each read moves it one status on, so tests can see ``CREATE IN_PROGRESS``.
- ``"timed"``: each status lasts ``aws.step_seconds`` on the shared clock (freezegun's ``tick`` drives it).

When the final status is reached, ``on_complete`` runs the work the status stands for (training, an
import); if it returns a failure reason, the resource lands in ``failed_status`` with that reason instead.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Optional

from . import clock

Completion = Callable[[], Optional[str]]

_settings = {"mode": "next-read", "step_seconds": 60.0}
MODES = ("next-read", "step", "timed")


def configure(mode: str | None = None, step_seconds: float | None = None) -> None:
    if mode is not None:
        if mode not in MODES:
            raise ValueError(f"lifecycle mode must be one of {MODES}, not {mode!r}")
        _settings["mode"] = mode
    if step_seconds is not None:
        _settings["step_seconds"] = float(step_seconds)


def settings() -> dict[str, object]:
    return dict(_settings)


class Lifecycle:
    def __init__(
        self,
        steps: Sequence[str],
        *,
        on_complete: Completion | None = None,
        failed_status: str | None = None,
    ) -> None:
        self.failure_reason: str | None = None
        self.begin(steps, on_complete=on_complete, failed_status=failed_status)

    def begin(
        self,
        steps: Sequence[str],
        *,
        on_complete: Completion | None = None,
        failed_status: str | None = None,
    ) -> None:
        """Start a new phase (an update, a deletion, a stop) from its first status."""
        self.steps = tuple(steps)
        self.index = 0
        self.started_at = clock.now()
        self.updated_at = self.started_at
        self._on_complete = on_complete
        self._failed_status = failed_status
        self._failed = False
        self._finished = len(self.steps) == 1 and on_complete is None

    @property
    def current(self) -> str:
        """The status now, without counting as a read."""
        return self._failed_status if self._failed else self.steps[self.index]  # type: ignore[return-value]

    @property
    def finished(self) -> bool:
        return self._finished

    def observe(self) -> str:
        """Read the status as an API call does: this is what moves it on in the read-driven modes."""
        if not self._finished:
            mode = _settings["mode"]
            last = len(self.steps) - 1
            if mode == "next-read":
                target = last
            elif mode == "step":
                target = self.index + 1
            else:
                elapsed = (clock.now() - self.started_at).total_seconds()
                target = int(elapsed // float(_settings["step_seconds"]))  # type: ignore[arg-type]
            self._move_to(min(target, last))
        return self.current

    def settle(self) -> str:
        """Run straight to the final status, whatever the mode (for work that must be done before use)."""
        if not self._finished:
            self._move_to(len(self.steps) - 1)
        return self.current

    def fail(self, reason: str, failed_status: str | None = None) -> None:
        self._failed_status = failed_status or self._failed_status
        self._failed = True
        self._finished = True
        self.failure_reason = reason
        self.updated_at = clock.now()

    def _move_to(self, target: int) -> None:
        last = len(self.steps) - 1
        if target != last:
            if target > self.index:
                self.index = target
                self.updated_at = self._moment(target)
            return
        self.index = last
        self._finished = True
        self.updated_at = self._moment(last)
        reason = self._on_complete() if self._on_complete else None
        if reason is not None:
            self.fail(reason)
            self.updated_at = self._moment(last)

    def _moment(self, target: int) -> _dt.datetime:
        if _settings["mode"] == "timed":
            return self.started_at + _dt.timedelta(seconds=target * float(_settings["step_seconds"]))  # type: ignore[arg-type]
        return clock.now()
