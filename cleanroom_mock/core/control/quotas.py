"""``aws.quotas``: the services' quotas by the names AWS's quota pages use, adjustable as Service Quotas does.

    aws.quotas.list("personalize")                           # [{"name": ..., "value": 5, "default": 5, ...}]
    aws.quotas.set("personalize", "Active dataset groups", 10)
    aws.quotas.get("personalize", "Active dataset groups")   # 10

A service declares its quotas once (``ServiceRegistration.quotas``: a tuple of ``Quota``) and asks the
handle for the value in force (``Store.quota(name)``). The default is AWS's; a raised value holds until the
next outermost mock (or ``aws.reset()``). Quotas AWS marks as not adjustable cannot be set.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from ..registry import SERVICES


@dataclass(frozen=True)
class Quota:
    name: str  # as the service's quotas page names it
    default: int
    adjustable: bool = True
    description: str = ""
    by_region: tuple[tuple[str, int], ...] = ()  # Regions whose default differs from ``default``

    def default_in(self, region: str | None) -> int:
        return dict(self.by_region).get(region, self.default) if region else self.default


class Quotas:
    def __init__(self) -> None:
        self._values: dict[tuple[str, str], int] = {}

    def _declared(self, service: str, name: str) -> Quota:
        declared = SERVICES[service].quota_table
        if name not in declared:
            known = "; ".join(sorted(declared)) or "none"
            raise KeyError(f"{service} has no quota named {name!r} (its quotas: {known})")
        return declared[name]

    def get(self, service: str, name: str, region: str | None = None) -> int:
        """The value in force: the one set, else AWS's default (in ``region``, where it differs by Region)."""
        value = self._values.get((service, name))
        return self._declared(service, name).default_in(region) if value is None else value

    def set(self, service: str, name: str, value: int) -> None:
        """Raise (or lower) an adjustable quota, as a Service Quotas increase would."""
        quota = self._declared(service, name)
        if not quota.adjustable:
            raise ValueError(f"{service} quota {name!r} is not adjustable on AWS")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"a quota value is a whole number of at least 0, not {value!r}")
        self._values[(service, name)] = value

    def list(self, service: str) -> list[dict[str, Any]]:
        """Every quota ``service`` declares, with the value in force."""
        return [
            {"name": quota.name, "value": self.get(service, quota.name), "default": quota.default,
             "adjustable": quota.adjustable, "description": quota.description}
            for quota in SERVICES[service].quota_table.values()
        ]

    def values(self) -> builtins.list[tuple[str, str, int]]:
        """The values set, as ``(service, name, value)`` (what a snapshot keeps)."""
        return [(service, name, value) for (service, name), value in self._values.items()]

    def load(self, values: builtins.list[tuple[str, str, int]]) -> None:
        """Replace the values set by ``values`` (as ``values()`` gave them)."""
        self._values = {(service, name): value for service, name, value in values}

    def reset(self) -> None:
        self._values.clear()
