"""Resources of one type inside a backend: lookup by ARN, creation order, names, quotas.

Every service keeps its resources in :class:`ResourceTable` so "unknown ARN", "name taken" and "list in
creation order" are answered one way everywhere. ``seq`` is a process-wide creation counter: it orders
lists and is what pagination tokens point at, so pages stay stable while resources come and go.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from . import clock
from .errors import ServiceError

_sequence = itertools.count(1)


def next_sequence() -> int:
    return next(_sequence)


@dataclass
class Resource:
    """Fields every resource has. Services subclass it with their own dataclass fields (all defaulted)."""

    arn: str = ""
    name: str = ""
    created_at: Any = field(default_factory=clock.now)
    seq: int = field(default_factory=next_sequence)
    tags: dict[str, str] = field(default_factory=dict)


R = TypeVar("R", bound=Resource)


class ResourceTable(Generic[R]):
    """One backend's resources of one type, keyed by ARN."""

    def __init__(
        self,
        not_found: Callable[[str], ServiceError],
        *,
        name_taken: Callable[[str], ServiceError] | None = None,
    ) -> None:
        self._by_arn: dict[str, R] = {}
        self._by_name: dict[str, R] = {}  # the earliest resource of each name: name checks stay O(1)
        self._not_found = not_found
        self._name_taken = name_taken

    def add(self, resource: R) -> R:
        if self._name_taken is not None and self.by_name(resource.name) is not None:
            raise self._name_taken(resource.name)
        self._by_arn[resource.arn] = resource
        self._by_name.setdefault(resource.name, resource)
        return resource

    def get(self, arn: str) -> R:
        found = self._by_arn.get(arn)
        if found is None:
            raise self._not_found(arn)
        return found

    def find(self, arn: str) -> R | None:
        return self._by_arn.get(arn)

    def by_name(self, name: str) -> R | None:
        return self._by_name.get(name)

    def remove(self, arn: str) -> R | None:
        removed = self._by_arn.pop(arn, None)
        if removed is not None and self._by_name.get(removed.name) is removed:
            del self._by_name[removed.name]
            twin = next((resource for resource in self._by_arn.values() if resource.name == removed.name), None)
            if twin is not None:
                self._by_name[removed.name] = twin
        return removed

    def __contains__(self, arn: object) -> bool:
        return arn in self._by_arn

    def __iter__(self) -> Iterator[R]:
        return iter(list(self._by_arn.values()))

    def __len__(self) -> int:
        return len(self._by_arn)

    def where(self, predicate: Callable[[R], bool]) -> list[R]:
        """Matching resources as they stand, without reading them (quota counts use this, so pending work
        stays pending and the documented pending-resource quotas can be reached)."""
        return [resource for resource in self._by_arn.values() if predicate(resource)]

    def observed(self, predicate: Callable[[R], bool] | None = None) -> list[R]:
        """Matching resources as an API call that references them sees them: each one's lifecycle moves on
        first (core.lifecycle), so one whose deletion completes on this read is gone from the answer.

        Dependency checks use this ("does the group still have solutions?"): under the default
        ``next-read`` mode a resource deleted a moment ago no longer blocks its parent's deletion.
        """
        found = []
        for resource in list(self._by_arn.values()):
            if predicate is not None and not predicate(resource):
                continue
            lifecycle = getattr(resource, "lifecycle", None)
            if lifecycle is not None:
                lifecycle.observe()
            if resource.arn in self._by_arn:
                found.append(resource)
        return found


def enforce_quota(count: int, limit: int, error: Callable[[], ServiceError]) -> None:
    """Raise ``error()`` when one more resource would pass ``limit`` (``count`` is how many exist now)."""
    if count >= limit:
        raise error()
