"""cleanroom_mock: a faithful local AWS Clean Rooms, Clean Rooms ML and Amazon Personalize for botocore and boto3.

    from cleanroom_mock import mock_all

    with mock_all() as aws:
        ...  # every boto3 client for cleanrooms / cleanroomsml / personalize* now talks to the mock

Importing this package loads nothing but this file, the services' registrations and the small error
module; the engine loads on the first mock. The types of the handle and of the mocks (:class:`MockHandle`,
:class:`MockAWS`) and the data layer's errors are exported here too, and load when first named.

Logging: the ``cleanroom_mock`` logger writes one DEBUG line per intercepted call (service, operation,
account, region, HTTP status). Like every library logger it is silent until the application configures
logging, e.g. ``logging.getLogger("cleanroom_mock").setLevel(logging.DEBUG)`` plus a handler.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable, TypeVar, overload

from . import services as _services  # noqa: F401 - registers the emulated services with the engine
from .core.errors import UnmockedRequestError

if TYPE_CHECKING:
    from .core.data import DataError, DataLayer, DataNotFound, InvalidData
    from .core.mock import MockAWS
    from .core.state import MockHandle

__all__ = [
    "mock_cleanrooms",
    "mock_cleanroomsml",
    "mock_personalize",
    "mock_all",
    "handle",
    "CLEANROOMS",
    "CLEANROOMSML",
    "PERSONALIZE",
    "ALL",
    "MockAWS",
    "MockHandle",
    "DataLayer",
    "UnmockedRequestError",
    "DataError",
    "DataNotFound",
    "InvalidData",
    "__version__",
]
__version__ = "0.1.0"

# Public names whose modules import botocore: resolved on first use, so `import cleanroom_mock` stays light.
_LAZY = {
    "MockAWS": "cleanroom_mock.core.mock",
    "MockHandle": "cleanroom_mock.core.state",
    "DataLayer": "cleanroom_mock.core.data",
    "DataError": "cleanroom_mock.core.data",
    "DataNotFound": "cleanroom_mock.core.data",
    "InvalidData": "cleanroom_mock.core.data",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cleanroom_mock' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

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
    """Emulate Amazon Personalize: clients ``personalize``, ``personalize-runtime``, ``personalize-events``.

    Used like ``mock_all``; options as for ``mock_cleanroomsml``.
    """
    return _mock(PERSONALIZE, target, options)


@overload
def mock_all(target: F) -> F: ...
@overload
def mock_all(
    target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
    lifecycle: str | None = None,
) -> MockAWS: ...
def mock_all(target: Any = None, **options: Any) -> Any:
    """Emulate every service cleanroom_mock knows: ``cleanroomsml`` and the three Personalize clients.

    Decorator (functions, async functions, test classes), context manager (``with mock_all() as aws``
    gives the handle) or ``start()`` / ``stop()``. Options as for ``mock_cleanroomsml``.
    """
    return _mock(ALL, target, options)


def handle() -> MockHandle:
    """The shared state and switches of all mocks (what ``with mock_all() as aws`` gives)."""
    from .core.state import HANDLE

    return HANDLE
