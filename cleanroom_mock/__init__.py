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
    "ServiceMock",
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


class ServiceMock:
    """What each ``mock_*`` entry point is: the mock of a set of services, used as a decorator (functions,
    async functions, test classes), a context manager (``with mock_all() as aws`` gives the handle) or
    ``start()`` / ``stop()``. Calling it with options makes a :class:`MockAWS`; calling it with a function
    or class decorates it.

    Options: ``strict`` (enforce AWS's data-volume minimums), ``passthrough`` (unemulated services allowed
    to reach the network), ``lifecycle`` ("next-read", "step" or "timed").
    """

    def __init__(self, services: frozenset[str], doc: str) -> None:
        self.services = services
        self.__doc__ = doc

    @overload
    def __call__(self, target: F) -> F: ...
    @overload
    def __call__(
        self, target: None = None, *, strict: bool | None = None, passthrough: Iterable[str] | bool | None = None,
        lifecycle: str | None = None,
    ) -> MockAWS: ...
    def __call__(self, target: Any = None, **options: Any) -> Any:
        from .core.mock import MockAWS

        mock = MockAWS(self.services, **options)
        return mock if target is None else mock(target)


mock_cleanrooms = ServiceMock(CLEANROOMS, """Emulate AWS Clean Rooms (boto3 client ``cleanrooms``): collaborations,
memberships and configured audience model associations.""")

mock_cleanroomsml = ServiceMock(CLEANROOMSML, """Emulate Clean Rooms ML (boto3 client ``cleanroomsml``), and Clean
Rooms (``cleanrooms``) with it, since Clean Rooms ML works inside Clean Rooms collaborations.""")

mock_personalize = ServiceMock(PERSONALIZE, """Emulate Amazon Personalize: clients ``personalize``,
``personalize-runtime``, ``personalize-events``.""")

mock_all = ServiceMock(ALL, """Emulate every service cleanroom_mock knows: ``cleanrooms``, ``cleanroomsml`` and the
three Personalize clients.""")


def handle() -> MockHandle:
    """The shared state and switches of all mocks (what ``with mock_all() as aws`` gives)."""
    from .core.state import HANDLE

    return HANDLE
