"""Resource statuses that move on their own, the same way for every resource type.

A resource is created in the first status of its sequence; how it moves on is the handle's choice
(``aws.lifecycle``), so tests pick between fast and realistic without any backend knowing:

- ``"next-read"`` (default): the first time anything reads the resource (a Describe/Get, a List, another
  operation that references it) it reaches its final status. Polling loops end after one poll.
- ``"step"``: each read moves it one status on, so tests can see ``CREATE IN_PROGRESS``.
- ``"timed"``: each status lasts ``aws.step_seconds`` on the shared clock (freezegun's ``tick`` drives it).
- ``"manual"``: nothing moves until the test says so (``aws.lifecycle.advance(arn)``, ``complete(arn)``,
  ``fail(arn, reason)``), so a test can hold one resource in ``CREATE IN_PROGRESS`` as long as it likes.

A mode (and a step duration) can be set for one kind of resource only (``kind``: the resource class's name
in kebab case, e.g. ``"solution-version"``, ``"audience-generation-job"``); other kinds follow the default.

When the final status is reached, ``on_complete`` runs the work the status stands for (training, an
import); if it returns a failure reason, the resource lands in ``failed_status`` with that reason instead.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Optional

from . import clock

Completion = Callable[[], Optional[str]]

MODES = ("next-read", "step", "timed", "manual")
DEFAULT_STEP_SECONDS = 60.0


class LifecycleSettings:
    """How statuses move: the handle holds one (``aws.lifecycle``, ``aws.step_seconds``); tables pass it to
    every lifecycle they read. Per-kind entries override the default for one kind of resource."""

    def __init__(self) -> None:
        self.mode = "next-read"
        self.step_seconds = DEFAULT_STEP_SECONDS
        self.modes_by_kind: dict[str, str] = {}
        self.step_seconds_by_kind: dict[str, float] = {}

    def configure(self, mode: str | None = None, step_seconds: float | None = None, kind: str | None = None) -> None:
        if mode is not None and mode not in MODES:
            raise ValueError(f"lifecycle mode must be one of {', '.join(MODES)}, not {mode!r}")
        if step_seconds is not None and not float(step_seconds) > 0:
            raise ValueError(f"step_seconds must be a positive number of seconds, not {step_seconds!r}")
        if kind is None:
            self.mode = mode or self.mode
            self.step_seconds = float(step_seconds) if step_seconds is not None else self.step_seconds
            return
        if mode is not None:
            self.modes_by_kind[kind] = mode
        if step_seconds is not None:
            self.step_seconds_by_kind[kind] = float(step_seconds)

    def mode_for(self, kind: str | None) -> str:
        return self.modes_by_kind.get(kind, self.mode) if kind and self.modes_by_kind else self.mode

    def step_for(self, kind: str | None) -> float:
        if kind and self.step_seconds_by_kind:
            return self.step_seconds_by_kind.get(kind, self.step_seconds)
        return self.step_seconds

    def reset(self) -> None:
        self.mode, self.step_seconds = "next-read", DEFAULT_STEP_SECONDS
        self.modes_by_kind.clear()
        self.step_seconds_by_kind.clear()


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

    def observe(self, settings: LifecycleSettings | None = None, kind: str | None = None) -> str:
        """Read the status as an API call does: this is what moves it on in the read-driven modes."""
        if not self._finished:
            settings = settings or LifecycleSettings()  # a table outside any handle: the defaults
            mode = settings.mode_for(kind)
            if mode == "manual":
                return self.current
            last = len(self.steps) - 1
            if mode == "next-read":
                target = last
            elif mode == "step":
                target = self.index + 1
            else:
                elapsed = (clock.now() - self.started_at).total_seconds()
                target = int(elapsed // settings.step_for(kind))
            self._move_to(min(target, last), settings, kind)
        return self.current

    def settle(self, settings: LifecycleSettings | None = None) -> str:
        """Run straight to the final status, whatever the mode (for work that must be done before use)."""
        if not self._finished:
            self._move_to(len(self.steps) - 1, settings or LifecycleSettings(), None)
        return self.current

    def step(self, settings: LifecycleSettings | None = None) -> str:
        """Move one status on, whatever the mode (``aws.lifecycle.advance``)."""
        if not self._finished:
            self._move_to(min(self.index + 1, len(self.steps) - 1), settings or LifecycleSettings(), None)
        return self.current

    @property
    def failed_status(self) -> str | None:
        """The status a failure lands in (None: this phase cannot fail)."""
        return self._failed_status

    def fail(self, reason: str, failed_status: str | None = None) -> None:
        self._failed_status = failed_status or self._failed_status
        self._failed = True
        self._finished = True
        self.failure_reason = reason
        self.updated_at = clock.now()

    def _move_to(self, target: int, settings: LifecycleSettings, kind: str | None) -> None:
        last = len(self.steps) - 1
        if target != last:
            if target > self.index:
                self.index = target
                self.updated_at = self._moment(target, settings, kind)
            return
        self.index = last
        self._finished = True
        self.updated_at = self._moment(last, settings, kind)
        reason = self._on_complete() if self._on_complete else None
        if reason is not None:
            self.fail(reason)
            self.updated_at = self._moment(last, settings, kind)

    def _moment(self, target: int, settings: LifecycleSettings, kind: str | None) -> _dt.datetime:
        if settings.mode_for(kind) == "timed":
            return self.started_at + _dt.timedelta(seconds=target * settings.step_for(kind))
        return clock.now()
