"""``aws.lifecycle``: how statuses move, for every resource or for one kind, and by hand for one resource.

    aws.lifecycle.mode("step")                                  # every resource: one status per read
    aws.lifecycle.mode("manual", kind="solution-version")       # versions wait for the test
    aws.lifecycle.advance(version_arn)                          # CREATE PENDING → CREATE IN_PROGRESS
    aws.lifecycle.fail(version_arn, "Not enough interactions.") # → CREATE FAILED with that failureReason

Kinds are resource class names in kebab case (``Resource.kind``). Assigning a mode name to
``aws.lifecycle`` (``aws.lifecycle = "step"``) still works and sets the default mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lifecycle import MODES, Lifecycle, LifecycleSettings

if TYPE_CHECKING:
    from ..state import MockHandle


class LifecycleControl:
    def __init__(self, handle: MockHandle) -> None:
        self._handle = handle

    @property
    def _settings(self) -> LifecycleSettings:
        return self._handle.lifecycles

    def mode(self, mode: str | None = None, *, kind: str | None = None, step_seconds: float | None = None) -> str:
        """Set the mode (and, for ``timed``, the seconds each status lasts) for every resource or one
        ``kind``; return the mode in force for that kind."""
        self._settings.configure(mode=mode, step_seconds=step_seconds, kind=kind)
        return self._settings.mode_for(kind)

    def advance(self, arn: str) -> str:
        """Move the resource's pending lifecycle one status on, whatever the mode; return its status."""
        return self._pending(arn).step(self._settings)

    def complete(self, arn: str) -> str:
        """Run the resource's pending lifecycle to its final status (its work, such as training, runs)."""
        return self._pending(arn).settle(self._settings)

    def fail(self, arn: str, reason: str) -> str:
        """End the resource's pending lifecycle in its documented failed status with ``reason`` as its
        ``failureReason``/``statusDetails``."""
        lifecycle = self._pending(arn)
        if lifecycle.failed_status is None:
            raise ValueError(f"{arn} is in {lifecycle.current}, a phase that has no failed status")
        lifecycle.fail(reason)
        return lifecycle.current

    def status(self, arn: str) -> str:
        """The resource's status as it stands (not a read: nothing moves)."""
        lifecycles = self._lifecycles(arn)
        return lifecycles[0].current

    def _lifecycles(self, arn: str) -> list[Lifecycle]:
        resource = self._handle.resource(arn)
        if resource is None:
            raise KeyError(f"no resource {arn} in any account or region of the mock")
        lifecycles = resource.lifecycles()
        if not lifecycles:
            raise ValueError(f"{arn} has no status that moves")
        return lifecycles

    def _pending(self, arn: str) -> Lifecycle:
        """The lifecycle still moving (the resource's own first, else a pending update's)."""
        lifecycles = self._lifecycles(arn)
        pending = next((lifecycle for lifecycle in lifecycles if not lifecycle.finished), None)
        if pending is None:
            raise ValueError(f"{arn} is already in its final status {lifecycles[0].current}")
        return pending

    # --- the old string form: ``aws.lifecycle == "step"`` ---------------------------------------------------
    def __str__(self) -> str:
        return self._settings.mode

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self._settings.mode == other
        return other is self

    __hash__ = object.__hash__


__all__ = ["MODES", "LifecycleControl"]
