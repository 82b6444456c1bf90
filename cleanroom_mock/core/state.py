"""The shared state of every mock, and the switches a test turns: the handle ``with mock_all() as aws`` gives.

There is one handle per process: ``@mock_cleanroomsml`` and ``@mock_personalize`` on the same test share it,
nested mocks share it, and the outermost start resets it. Backends live here keyed by service, account and
region; one re-entrant lock guards them all, which keeps cross-account calls (Clean Rooms ML's two parties)
free of lock-ordering problems at a cost no test can measure.
"""

from __future__ import annotations

import itertools
import os
import threading
from typing import TYPE_CHECKING, Any, Callable

from .arns import parse_arn
from .control.faults import Faults
from .control.journal import CallJournal
from .control.lifecycles import LifecycleControl
from .control.quotas import Quotas
from .lifecycle import LifecycleSettings
from .registry import SERVICES, load
from .throttle import Throttle

if TYPE_CHECKING:
    from .intercept import Interceptor
    from .resources import Resource
    from .store import Store

DEFAULT_ACCOUNT_ID = "123456789012"
ACCOUNT_ENV_VAR = "CLEANROOM_MOCK_ACCOUNT_ID"


def default_account_id() -> str:
    return os.environ.get(ACCOUNT_ENV_VAR, DEFAULT_ACCOUNT_ID)


class MockHandle:
    """State and switches shared by all mocks.

    - ``strict``: enforce AWS's documented data-volume minimums (Clean Rooms ML's 100,000 training users,
      Personalize's 1,000 interactions, ...) instead of the scaled-down defaults unit tests can meet, and
      the documented API rate limits (``ThrottlingException``, see ``core.throttle``).
    - ``lifecycle`` / ``step_seconds``: how resource statuses move (see ``core.lifecycle``).
    - ``passthrough``: names of unemulated services (endpoint prefixes such as ``"s3"``) whose requests may
      reach the network while a mock is active; ``True`` lets every unemulated service through.
    - ``data``: the S3/Glue data layer services read from and write to.
    - attributes services register (``ServiceRegistration.handle_attributes``), e.g. ``collaborations``:
      Clean Rooms collaborations (which accounts are members), for two-party tests.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._stores: dict[tuple[str, str, str], Store] = {}
        self._shared: dict[tuple[str, str], Any] = {}
        self._attributes: dict[str, Any] = {}
        self._data: Any = None
        self.strict = False
        self.passthrough: set[str] | bool = set()
        # Our own test-suite turns this on so a bug in a service fails loudly instead of as a 500.
        self.raise_internal_errors = False
        self.throttle = Throttle()
        self.lifecycles = LifecycleSettings()
        self.faults = Faults()
        self.calls = CallJournal()
        self.quotas = Quotas()
        self._lifecycle_control = LifecycleControl(self)
        self._sequence = itertools.count(1)
        # Skip the SigV4 HMAC and User-Agent rebuild for mocked services (core.intercept); the per-call
        # benchmark turns it off to measure botocore's own floor.
        self.fast_signing = True
        # While a mock is active botocore's retry backoff does not sleep (core.intercept): a test that meets a
        # throttling or quota error is not slowed by seconds of backoff. False restores the real waits.
        self.instant_retries = True
        self._interceptor: Interceptor | None = None

    @property
    def interceptor(self) -> Interceptor:
        """What is patched while mocks are active, and which services are (see ``core.intercept``)."""
        if self._interceptor is None:
            from .intercept import Interceptor

            with self.lock:
                if self._interceptor is None:
                    self._interceptor = Interceptor(self)
        return self._interceptor

    # --- state -----------------------------------------------------------------------------------
    def store(self, service: str, account_id: str | None = None, region: str = "us-east-1") -> Store:
        """The store holding ``service``'s state for one account and region (created on first use)."""
        account_id = account_id or default_account_id()
        key = (service, account_id, region)
        found = self._stores.get(key)
        if found is None:
            with self.lock:
                found = self._stores.get(key)
                if found is None:
                    found = SERVICES[service].store_class(self, account_id, region)
                    self._stores[key] = found
        return found

    def shared_state(self, service: str, region: str, factory: Callable[[], Any]) -> Any:
        """State ``service`` shares across accounts in ``region`` (``Store.shared``), made on first use."""
        key = (service, region)
        found = self._shared.get(key)
        if found is None:
            with self.lock:
                found = self._shared.get(key)
                if found is None:
                    found = self._shared[key] = factory()
        return found

    def next_sequence(self) -> int:
        """The next creation number: resources list in this order and pagination tokens point at it."""
        return next(self._sequence)

    def reset(self) -> None:
        """Forget every resource, every stored object and table, every collaboration."""
        with self.lock:
            self._stores.clear()
            self._shared.clear()
            self._attributes.clear()
            if self._data is not None:
                self._data.clear()
            self.throttle.clear()
            self.lifecycles.reset()
            self.faults.clear()
            self.calls.clear()
            self.quotas.reset()
            self.instant_retries = True

    # --- snapshots (core.control.snapshots) ------------------------------------------------------
    def snapshot(self, path: str | os.PathLike[str]) -> None:
        """Save the whole state (every store, shared state, data layer, settings) to ``path`` as JSON."""
        from .control.snapshots import save

        save(self, path)

    def restore(self, path: str | os.PathLike[str]) -> None:
        """Replace the whole state by the snapshot at ``path`` (faults and the call journal stay)."""
        from .control.snapshots import restore

        restore(self, path)

    def snapshot_externals(self) -> dict[str, Any]:
        """Live objects a snapshot refers to instead of saving: the handle and its parts."""
        return {"handle": self, "lifecycles": self.lifecycles, "quotas": self.quotas, "faults": self.faults,
                "calls": self.calls, "throttle": self.throttle, "data": self.data}

    def snapshot_state(self) -> dict[str, Any]:
        """What a snapshot saves (call under the lock)."""
        following = next(self._sequence)
        self._sequence = itertools.count(following)  # reading the counter must not spend a number
        return {
            "stores": self._stores,
            "shared": self._shared,
            "attributes": self._attributes,
            "data": self.data.memory,
            "sequence": following,
            "lifecycles": dict(vars(self.lifecycles)),
            "quotas": self.quotas.values(),
            "strict": self.strict,
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back what ``snapshot_state`` gave (decoded), replacing every resource and setting."""
        with self.lock:
            self._stores = state["stores"]
            self._shared = state["shared"]
            self._attributes = state["attributes"]
            self.data.memory = state["data"]
            self._sequence = itertools.count(state["sequence"])
            self.lifecycles.reset()
            vars(self.lifecycles).update(state["lifecycles"])
            self.quotas.load(state["quotas"])
            self.strict = state["strict"]
            self.throttle.clear()

    def resource(self, arn: str) -> Resource | None:
        """The resource behind ``arn`` in whichever store holds it (test control; nothing moves)."""
        parsed = parse_arn(arn)
        for (_, account, region), store in list(self._stores.items()):
            if parsed is not None and (parsed.account, parsed.region) != (account, region):
                continue
            found = store.resource(arn)
            if found is not None:
                return found
        return None

    # --- switches --------------------------------------------------------------------------------
    @property
    def lifecycle(self) -> LifecycleControl:
        """How statuses move (``aws.lifecycle.mode(...)``, ``advance``/``complete``/``fail`` one resource);
        assigning a mode name sets the default mode."""
        return self._lifecycle_control

    @lifecycle.setter
    def lifecycle(self, mode: str) -> None:
        self.lifecycles.configure(mode=mode)

    @property
    def step_seconds(self) -> float:
        return self.lifecycles.step_seconds

    @step_seconds.setter
    def step_seconds(self, seconds: float) -> None:
        self.lifecycles.configure(step_seconds=seconds)

    def data_minimum(self, documented: int, scaled: int) -> int:
        """A data-volume minimum under the realism profile: AWS's number when strict, else the scaled one."""
        return documented if self.strict else scaled

    # --- data and what services add ---------------------------------------------------------------
    @property
    def data(self) -> Any:
        if self._data is None:
            from .data import DataLayer

            # strict: a service's output write to a bucket nobody created fails in memory as under moto.
            self._data = DataLayer(strict=lambda: self.strict)
        return self._data

    def __getattr__(self, name: str) -> Any:
        """An attribute a service registered (``handle_attributes``), made on first use, e.g.
        ``aws.collaborations``. Only called for names the handle does not have itself."""
        if name.startswith("_"):
            raise AttributeError(name)
        found = self.__dict__["_attributes"].get(name)
        if found is None:
            for registration in SERVICES.values():
                path = registration.handle_attributes.get(name)
                if path is not None:
                    with self.lock:
                        found = self._attributes.setdefault(name, load(path)(self))
                    break
            else:
                raise AttributeError(f"the handle has no attribute {name!r}")
        return found


HANDLE = MockHandle()
