"""API rate limits: token buckets per account, region and operation, on the shared clock.

Off by default (unit tests cannot sensibly respect real TPS limits); on under the strict realism profile,
where a call beyond its operation's documented rate and burst answers ``ThrottlingException``. That holds
for every operation with a documented rate, whether or not its model lists the error: AWS documents the
rates for them all and throttles them all (botocore still maps the code to the service's
``ThrottlingException`` class, and retries it as it does any throttling). Buckets refill on ``core.clock``,
so under freezegun a frozen test hits the limit deterministically and ``tick()`` refills it.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from botocore.model import OperationModel

from . import clock
from .errors import ServiceError


@dataclass(frozen=True)
class RateLimit:
    per_second: float
    burst: int


def limit_for(limits: dict[str, RateLimit], operation: str) -> RateLimit | None:
    """The operation's limit: its own entry, else the first wildcard pattern (``"Get*"``) that matches."""
    if operation in limits:
        return limits[operation]
    return next((limit for pattern, limit in limits.items() if fnmatch.fnmatchcase(operation, pattern)), None)


class Throttle:
    def __init__(self) -> None:
        self._buckets: dict[tuple[str, ...], tuple[float, float]] = {}  # key → (tokens, at epoch seconds)

    def clear(self) -> None:
        self._buckets.clear()

    def take(self, key: tuple[str, ...], operation: OperationModel, limit: RateLimit | None) -> None:
        """Spend one token of ``key``'s bucket, or raise ThrottlingException when it is empty."""
        if limit is None:
            return
        now = clock.now().timestamp()
        tokens, at = self._buckets.get(key, (float(limit.burst), now))
        tokens = min(float(limit.burst), tokens + max(0.0, now - at) * limit.per_second)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            raise ServiceError(
                "ThrottlingException",
                f"Rate exceeded for {operation.name}: {limit.per_second:g} requests per second "
                f"(burst {limit.burst}).",
            )
        self._buckets[key] = (tokens - 1.0, now)
