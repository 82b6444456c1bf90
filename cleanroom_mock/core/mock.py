"""The activation object users hold: decorator (sync, async, class), context manager, or start()/stop().

Like ``responses`` it is one small object with no surprises for the rest of the process: starting patches,
the last stop unpatches, and botocore then behaves exactly as before. All mocks share one handle, so
nesting or stacking ``@mock_cleanroomsml`` and ``@mock_personalize`` behaves like ``@mock_all``; the
outermost start begins with fresh state.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Iterable
from typing import Any, Callable, TypeVar

from . import intercept
from .state import HANDLE, MockHandle

F = TypeVar("F", bound=Callable[..., Any])

FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_saved_environment: dict[str, str | None] | None = None


def _use_fake_credentials() -> None:
    """Sign with fake keys unless the user set their own, so real credentials are never needed or used.

    Environment credentials come first in botocore's chain, ahead of profiles, SSO and instance metadata,
    none of which could be reached anyway while the mock blocks the network.
    """
    global _saved_environment
    if "AWS_ACCESS_KEY_ID" in os.environ:
        _saved_environment = {}
        return
    _saved_environment = {name: os.environ.get(name) for name in (*FAKE_CREDENTIALS, "AWS_SESSION_TOKEN")}
    os.environ.update(FAKE_CREDENTIALS)
    os.environ.pop("AWS_SESSION_TOKEN", None)


def _restore_credentials() -> None:
    global _saved_environment
    for name, value in (_saved_environment or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _saved_environment = None


class MockAWS:
    """Emulates ``services`` while active. See ``mock_cleanroomsml``, ``mock_personalize``, ``mock_all``."""

    def __init__(
        self,
        services: Iterable[str],
        *,
        strict: bool | None = None,
        passthrough: Iterable[str] | bool | None = None,
        lifecycle: str | None = None,
    ) -> None:
        self.services = frozenset(services)
        self.strict = strict
        self.passthrough = passthrough
        self.lifecycle = lifecycle
        self._depth = 0

    # --- start / stop ------------------------------------------------------------------------------
    def start(self) -> MockHandle:
        first = intercept.activate(set(self.services))
        if first:
            HANDLE.reset()
            HANDLE.strict = False
            HANDLE.passthrough = set()
            _use_fake_credentials()
        if self.strict is not None:
            HANDLE.strict = self.strict
        if self.passthrough is not None:
            HANDLE.passthrough = True if self.passthrough is True else set(self.passthrough or ())
        if self.lifecycle is not None:
            HANDLE.lifecycle = self.lifecycle
        self._depth += 1
        return HANDLE

    def stop(self) -> None:
        if self._depth == 0:
            raise RuntimeError("stop() called on a mock that is not started")
        self._depth -= 1
        if intercept.deactivate(set(self.services)):
            _restore_credentials()

    def __enter__(self) -> MockHandle:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- decorator ---------------------------------------------------------------------------------
    def __call__(self, target: F) -> F:
        if inspect.isclass(target):
            return self._decorate_class(target)  # type: ignore[return-value]
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await target(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._fresh():
                return target(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _fresh(self) -> MockAWS:
        """A twin with the same settings, so one decorated function may run in several threads at once."""
        return MockAWS(self.services, strict=self.strict, passthrough=self.passthrough, lifecycle=self.lifecycle)

    def _decorate_class(self, cls: type) -> type:
        """Every ``test*`` method runs inside the mock; ``setUp``/``setup_method`` start it first and the
        matching teardown stops it last, so set-up and test see the same state."""
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and callable(member):
                setattr(cls, name, self(member))
        if hasattr(cls, "setUp"):
            original_set_up = cls.setUp  # type: ignore[attr-defined]

            def setUp(test: Any, *args: Any, **kwargs: Any) -> Any:
                mock = self._fresh()
                mock.start()
                test.addCleanup(mock.stop)
                return original_set_up(test, *args, **kwargs)

            cls.setUp = setUp  # type: ignore[attr-defined]
        elif hasattr(cls, "setup_method"):
            original_setup = cls.setup_method  # type: ignore[attr-defined]
            original_teardown = getattr(cls, "teardown_method", None)

            # pytest passes ``method`` only to functions that declare it, so the wrappers declare it and
            # hand it on only to originals that take it.
            def setup_method(test: Any, method: Any = None) -> Any:
                mock = self._fresh()
                mock.start()
                test._cleanroom_mock_active = mock
                return _call_with_optional(original_setup, test, method)

            def teardown_method(test: Any, method: Any = None) -> Any:
                try:
                    if original_teardown is not None:
                        _call_with_optional(original_teardown, test, method)
                finally:
                    test._cleanroom_mock_active.stop()

            cls.setup_method = setup_method  # type: ignore[attr-defined]
            cls.teardown_method = teardown_method  # type: ignore[attr-defined]
        return cls


def _call_with_optional(function: Callable[..., Any], test: Any, method: Any) -> Any:
    takes_method = getattr(getattr(function, "__code__", None), "co_argcount", 2) > 1
    return function(test, method) if takes_method else function(test)
