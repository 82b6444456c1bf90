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
import sys
from collections.abc import Iterable
from typing import Any, Callable, TypeVar

from .lifecycle import MODES
from .registry import SERVICES
from .state import HANDLE, MockHandle

F = TypeVar("F", bound=Callable[..., Any])

FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# Credential sources that would leave the machine: the instance metadata service (turned off by botocore's
# own switch) and the container credentials endpoint (its variables are set aside while mocked).
NETWORK_CREDENTIAL_SWITCHES = {"AWS_EC2_METADATA_DISABLED": "true"}
NETWORK_CREDENTIAL_VARIABLES = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")


def _use_fake_credentials() -> dict[str, str | None]:
    """Sign with fake keys unless the user set their own, so real credentials are never needed or used, and
    keep every credential provider off the network. Returns what to put back when the last mock stops.

    Environment credentials come first in botocore's chain, ahead of profiles, SSO and instance metadata;
    a session for a named profile without keys would still walk on to the instance metadata service or
    the container endpoint, so those are switched off while mocked.
    """
    names: tuple[str, ...] = (*NETWORK_CREDENTIAL_SWITCHES, *NETWORK_CREDENTIAL_VARIABLES)
    own_keys = "AWS_ACCESS_KEY_ID" in os.environ
    if not own_keys:
        names += (*FAKE_CREDENTIALS, "AWS_SESSION_TOKEN")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(NETWORK_CREDENTIAL_SWITCHES)
    for name in NETWORK_CREDENTIAL_VARIABLES:
        os.environ.pop(name, None)
    if not own_keys:
        os.environ.update(FAKE_CREDENTIALS)
        os.environ.pop("AWS_SESSION_TOKEN", None)
    _forget_default_session()
    return saved


def _restore_credentials(saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _forget_default_session()


def _forget_default_session() -> None:
    """boto3's default session caches the credentials it first found: drop it at both ends of a mock, so
    the fake keys never outlive the mock and real ones never leak into it (what moto does too)."""
    boto3: Any = sys.modules.get("boto3")  # never imported here: if the caller has not, there is no session
    if boto3 is not None:
        boto3.DEFAULT_SESSION = None


def _checked_options(
    services: frozenset[str], strict: Any, passthrough: Any, lifecycle: Any
) -> tuple[bool | None, set[str] | bool | None]:
    """The options as the handle keeps them, or a clear error before anything is patched."""
    unknown = sorted(services - set(SERVICES))
    if unknown:
        raise ValueError(f"cleanroom_mock does not emulate {', '.join(unknown)}; it emulates {', '.join(SERVICES)}")
    if strict is not None and not isinstance(strict, bool):
        raise TypeError(f"strict must be True or False, not {strict!r}")
    if lifecycle is not None and lifecycle not in MODES:
        raise ValueError(f"lifecycle must be one of {', '.join(MODES)}, not {lifecycle!r}")
    if passthrough is None or isinstance(passthrough, bool):
        return strict, passthrough
    if isinstance(passthrough, str):  # passthrough="s3" means the one service, not the letters 's' and '3'
        return strict, {passthrough}
    names = set(passthrough)
    if not all(isinstance(name, str) for name in names):
        raise TypeError(f"passthrough must be True or service names (endpoint prefixes such as 's3'), not {names!r}")
    return strict, names


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
        self.strict, self.passthrough = _checked_options(self.services, strict, passthrough, lifecycle)
        self.lifecycle = lifecycle
        self._depth = 0

    # --- start / stop ------------------------------------------------------------------------------
    def start(self) -> MockHandle:
        """Activate (the first active mock patches botocore and starts from fresh state)."""
        interceptor = HANDLE.interceptor
        with HANDLE.lock:
            first = interceptor.activate(set(self.services))
            if first:
                HANDLE.reset()
                HANDLE.strict = False
                HANDLE.passthrough = set()
                interceptor.saved_environment = _use_fake_credentials()
            if self.strict is not None:
                HANDLE.strict = self.strict
            if self.passthrough is not None:
                HANDLE.passthrough = self.passthrough
            if self.lifecycle is not None:
                HANDLE.lifecycle = self.lifecycle
            self._depth += 1
        return HANDLE

    def stop(self) -> None:
        interceptor = HANDLE.interceptor
        with HANDLE.lock:
            if self._depth == 0:
                raise RuntimeError("stop() called on a mock that is not started")
            self._depth -= 1
            if interceptor.deactivate(set(self.services)):
                _restore_credentials(interceptor.saved_environment)
                interceptor.saved_environment = {}

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
            original_set_up = cls.setUp

            def setUp(test: Any, *args: Any, **kwargs: Any) -> Any:
                mock = self._fresh()
                mock.start()
                test.addCleanup(mock.stop)
                return original_set_up(test, *args, **kwargs)

            cls.setUp = setUp
        elif hasattr(cls, "setup_method"):
            original_setup = cls.setup_method
            original_teardown = getattr(cls, "teardown_method", None)

            # pytest passes ``method`` only to functions that declare it, so the wrappers declare it and
            # hand it on only to originals that take it.
            def setup_method(test: Any, method: Any = None) -> Any:
                mock = self._fresh()
                mock.start()
                test.cleanroom_mock_active = mock
                return _call_with_optional(original_setup, test, method)

            def teardown_method(test: Any, method: Any = None) -> Any:
                try:
                    if original_teardown is not None:
                        _call_with_optional(original_teardown, test, method)
                finally:
                    test.cleanroom_mock_active.stop()

            cls.setup_method = setup_method
            cls.teardown_method = teardown_method  # type: ignore[attr-defined]
        return cls


def _call_with_optional(function: Callable[..., Any], test: Any, method: Any) -> Any:
    takes_method = getattr(getattr(function, "__code__", None), "co_argcount", 2) > 1
    return function(test, method) if takes_method else function(test)
