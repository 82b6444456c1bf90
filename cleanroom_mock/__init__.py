"""cleanroom_mock: a faithful local AWS Clean Rooms, Clean Rooms ML and Amazon Personalize for botocore and boto3.

    from cleanroom_mock import mock_all

    with mock_all() as aws:
        ...  # every boto3 client for cleanrooms / cleanroomsml / personalize* now talks to the mock

Importing this package loads nothing but this file; the engine loads on the first mock.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable, TypeVar, overload

from . import services as _services  # noqa: F401 - registers the emulated services with the engine

if TYPE_CHECKING:
    from .core.mock import MockAWS
    from .core.state import MockHandle

__all__ = [
    "mock_cleanrooms", "mock_cleanroomsml", "mock_personalize", "mock_all", "handle",
    "CLEANROOMS", "CLEANROOMSML", "PERSONALIZE", "ALL",
]
__version__ = "0.1.0"

F = TypeVar("F", bound=Callable[..., Any])

CLEANROOMS = frozenset({"cleanrooms"})
# Clean Rooms ML cannot work without Clean Rooms (its collaborations and memberships), so it brings it along.
CLEANROOMSML = frozenset({"cleanroomsml"}) | CLEANROOMS
PERSONALIZE = frozenset({"personalize", "personalize-runtime", "personalize-events"})
ALL = CLEANROOMS | CLEANROOMSML | PERSONALIZE


def _mock(services: frozenset[str], target: Any, options: dict[str, Any]) -> Any:
    from .core.mock import MockAWS

    mock = MockAWS(services, **options)
    return mock if target is None else mock(target)


@overload
def mock_cleanrooms(target: F) -> F: ...
@overload
def mock_cleanrooms(
    target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
    lifecycle: str | None = None,
) -> MockAWS: ...
def mock_cleanrooms(target: Any = None, **options: Any) -> Any:
    """Emulate AWS Clean Rooms (boto3 client ``cleanrooms``): collaborations, memberships and configured
    audience model associations. Decorator, context manager or start()/stop(); options as mock_cleanroomsml.
    """
    return _mock(CLEANROOMS, target, options)


@overload
def mock_cleanroomsml(target: F) -> F: ...
@overload
def mock_cleanroomsml(
    target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
    lifecycle: str | None = None,
) -> MockAWS: ...
def mock_cleanroomsml(target: Any = None, **options: Any) -> Any:
    """Emulate Clean Rooms ML (boto3 client ``cleanroomsml``), and Clean Rooms (``cleanrooms``) with it, since
    Clean Rooms ML works inside Clean Rooms collaborations. Decorator, context manager or start()/stop().

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
