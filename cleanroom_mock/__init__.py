"""cleanroom_mock: a faithful local AWS Clean Rooms ML and Amazon Personalize for botocore and boto3.

    from cleanroom_mock import mock_all

    with mock_all() as aws:
        ...  # every boto3 client for cleanroomsml / personalize* now talks to the mock

Importing this package loads nothing but this file; the engine loads on the first mock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable, TypeVar, overload

from . import services as _services  # noqa: F401 - registers the emulated services with the engine

if TYPE_CHECKING:
    from .core.mock import MockAWS
    from .core.state import MockHandle

__all__ = ["mock_cleanroomsml", "mock_personalize", "mock_all", "handle", "CLEANROOMSML", "PERSONALIZE", "ALL"]
__version__ = "0.1.0"

F = TypeVar("F", bound=Callable[..., Any])

CLEANROOMSML = frozenset({"cleanroomsml"})
PERSONALIZE = frozenset({"personalize", "personalize-runtime", "personalize-events"})
ALL = CLEANROOMSML | PERSONALIZE


def _mock(services: frozenset[str], target: Any, options: dict[str, Any]) -> Any:
    from .core.mock import MockAWS

    mock = MockAWS(services, **options)
    return mock if target is None else mock(target)


@overload
def mock_cleanroomsml(target: F) -> F: ...
@overload
def mock_cleanroomsml(
    target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
    lifecycle: str | None = None,
) -> MockAWS: ...
def mock_cleanroomsml(target: Any = None, **options: Any) -> Any:
    """Emulate Clean Rooms ML (boto3 client ``cleanroomsml``). Decorator, context manager or start()/stop().

    Options: ``strict`` (enforce AWS's data-volume minimums), ``passthrough`` (unemulated services allowed
    to reach the network), ``lifecycle`` ("next-read", "step" or "timed").
    """
    return _mock(CLEANROOMSML, target, options)


@overload
def mock_personalize(target: F) -> F: ...
@overload
def mock_personalize(
    target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
    lifecycle: str | None = None,
) -> MockAWS: ...
def mock_personalize(target: Any = None, **options: Any) -> Any:
    """Emulate Amazon Personalize: clients ``personalize``, ``personalize-runtime``, ``personalize-events``."""
    return _mock(PERSONALIZE, target, options)


@overload
def mock_all(target: F) -> F: ...
@overload
def mock_all(
    target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
    lifecycle: str | None = None,
) -> MockAWS: ...
def mock_all(target: Any = None, **options: Any) -> Any:
    """Emulate every service cleanroom_mock knows."""
    return _mock(ALL, target, options)


def handle() -> MockHandle:
    """The shared state and switches of all mocks (what ``with mock_all() as aws`` gives)."""
    from .core.state import HANDLE

    return HANDLE
