"""The shared state of every mock, and the switches a test turns: the handle ``with mock_all() as aws`` gives.

There is one handle per process: ``@mock_cleanroomsml`` and ``@mock_personalize`` on the same test share it,
nested mocks share it, and the outermost start resets it. Backends live here keyed by service, account and
region; one re-entrant lock guards them all, which keeps cross-account calls (Clean Rooms ML's two parties)
free of lock-ordering problems at a cost no test can measure.
"""

from __future__ import annotations

import importlib
import os
import threading
from typing import TYPE_CHECKING, Any

from . import lifecycle
from .models import SERVICES
from .throttle import Throttle

if TYPE_CHECKING:
    from .backend import Backend

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
    - ``data``: the S3/Glue data layer backends read from and write to.
    - ``collaborations``: Clean Rooms collaborations (which accounts are members), for two-party tests.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._backends: dict[tuple[str, str, str], Backend] = {}
        self._data: Any = None
        self._collaborations: Any = None
        self.strict = False
        self.passthrough: set[str] | bool = set()
        # Our own test-suite turns this on so a bug in a backend fails loudly instead of as a 500.
        self.raise_internal_errors = False
        self.throttle = Throttle()

    # --- state -----------------------------------------------------------------------------------
    def backend(self, service: str, account_id: str | None = None, region: str = "us-east-1") -> Backend:
        """The backend holding ``service``'s state for one account and region (created on first use)."""
        info = SERVICES[service]
        account_id = account_id or default_account_id()
        key = (service, account_id, region)
        found = self._backends.get(key)
        if found is None:
            with self.lock:
                found = self._backends.get(key)
                if found is None:
                    module_name, class_name = info.backend_path.split(":")
                    backend_class = getattr(importlib.import_module(module_name), class_name)
                    found = backend_class(self, account_id, region)
                    self._backends[key] = found
        return found

    def reset(self) -> None:
        """Forget every resource, every stored object and table, every collaboration."""
        with self.lock:
            self._backends.clear()
            if self._data is not None:
                self._data.clear()
            self._collaborations = None
            self.throttle.clear()
            lifecycle.configure(mode="next-read", step_seconds=60)

    # --- switches --------------------------------------------------------------------------------
    @property
    def lifecycle(self) -> str:
        return str(lifecycle.settings()["mode"])

    @lifecycle.setter
    def lifecycle(self, mode: str) -> None:
        lifecycle.configure(mode=mode)

    @property
    def step_seconds(self) -> float:
        return float(lifecycle.settings()["step_seconds"])  # type: ignore[arg-type]

    @step_seconds.setter
    def step_seconds(self, seconds: float) -> None:
        lifecycle.configure(step_seconds=seconds)

    def data_minimum(self, documented: int, scaled: int) -> int:
        """A data-volume minimum under the realism profile: AWS's number when strict, else the scaled one."""
        return documented if self.strict else scaled

    # --- data and collaborations ---------------------------------------------------------------------
    @property
    def data(self) -> Any:
        if self._data is None:
            from .data import DataLayer

            self._data = DataLayer()
        return self._data

    @property
    def collaborations(self) -> Any:
        if self._collaborations is None:
            from ..cleanroomsml.collaborations import CollaborationRegistry

            self._collaborations = CollaborationRegistry()
        return self._collaborations


HANDLE = MockHandle()
