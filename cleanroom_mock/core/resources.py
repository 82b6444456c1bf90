"""Resources of one type inside a store: lookup by ARN, creation order, names, reads that move lifecycles.

Every service keeps its resources in :class:`ResourceTable` so "unknown ARN", "name taken" and "list in
creation order" are answered one way everywhere. ``seq`` is the handle's creation counter, given when a
resource enters its table: it orders lists and is what pagination tokens point at, so pages stay stable
while resources come and go.

Two kinds of access, on purpose:

- **reads** (``read``, ``read_all``): what an API call that references a resource sees. Each resource's
  lifecycle moves on first (``Resource.advance``), so a deletion that completes on this read makes the
  resource not found, and a polling loop ends under the default ``next-read`` mode.
- **looks** (``get``, ``find``, ``where``): the resource as it stands, nothing moved. Quota counts use
  these, so pending work stays pending and the documented pending-resource quotas can be reached.

A resource declares its API members once: a dataclass field made with :func:`member` is shown by ``view()``
under its camelCase name (or the name given), and ``SHOWN`` names the inherited or computed attributes a
view shows (``{"datasetArn": "arn"}``). ``view()`` renders them, leaving out what is None (an attribute may be a
path: ``{"status": "lifecycle.current"}``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from . import clock
from .errors import ServiceError

if TYPE_CHECKING:
    from .lifecycle import Lifecycle, LifecycleSettings
    from .state import MockHandle

_KEBAB = re.compile(r"(?<!^)(?=[A-Z])")
_MEMBER = "api_member"  # the field metadata key ``member`` sets: (API member name or "", blank_as_none)


def member(
    name: str = "",
    *,
    default: Any = None,
    factory: Callable[[], Any] | None = None,
    blank_as_none: bool = False,
) -> Any:
    """A dataclass field the resource's ``view()`` shows as the API member ``name`` (default: the field's name
    in camelCase, ``role_arn`` → ``roleArn``). ``blank_as_none``: an empty value is left out like None."""
    metadata = {_MEMBER: (name, blank_as_none)}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def camel_case(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)


class NoTags(Mapping[str, str]):
    """The tags of a resource nobody has tagged: empty and read-only, one object for all of them (a dict per
    resource would be a tenth of a stored schema)."""

    def __getitem__(self, key: str) -> str:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"


NO_TAGS = NoTags()


@dataclass
class Resource:
    """Fields every resource has. Services subclass it with their own dataclass fields (all defaulted)."""

    arn: str = ""
    name: str = ""
    created_at: Any = field(default_factory=clock.now)
    seq: int = 0  # the creation number, given when the resource enters its table
    # Tagging replaces the mapping (core.tags), never changes it in place: untagged resources share one empty one.
    tags: Mapping[str, str] = field(default_factory=lambda: NO_TAGS)

    KIND: ClassVar[str] = "resource"  # the kind lifecycle settings may name: the class name in kebab case
    # The API members the view shows from inherited fields or properties: member → attribute (path), merged
    # along the MRO.
    SHOWN: ClassVar[Mapping[str, str]] = {}
    _view_plan: ClassVar[tuple[tuple[str, Callable[[Any], Any], bool], ...] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.KIND = _KEBAB.sub("-", cls.__name__).lower()  # SolutionVersion → solution-version

    @classmethod
    def view_plan(cls) -> tuple[tuple[str, Callable[[Any], Any], bool], ...]:
        """(API member, getter, blank_as_none) for each member the class shows: the ``SHOWN`` of its classes,
        base first, then its ``member`` fields. Worked out on the class's first view and kept (views are hot)."""
        kept: tuple[tuple[str, Callable[[Any], Any], bool], ...] | None = vars(cls).get("_view_plan")
        if kept is not None:
            return kept
        plan: dict[str, tuple[str, bool]] = {}
        for klass in reversed(cls.__mro__):
            for api_name, attribute in vars(klass).get("SHOWN", {}).items():
                plan[api_name] = (attribute, False)
        for declared in fields(cls):
            spec = declared.metadata.get(_MEMBER)
            if spec is not None:
                plan[spec[0] or camel_case(declared.name)] = (declared.name, spec[1])
        kept = tuple((api_name, attrgetter(attribute), blank) for api_name, (attribute, blank) in plan.items())
        cls._view_plan = kept
        return kept

    @classmethod
    def kind(cls) -> str:
        return cls.KIND

    def lifecycles(self) -> list[Lifecycle]:
        """Every lifecycle of this resource, the main one first (a resource with a pending update adds the
        update's)."""
        lifecycle = getattr(self, "lifecycle", None)
        return [lifecycle] if lifecycle is not None else []

    def advance(self, settings: LifecycleSettings | None) -> None:
        """Let this resource's statuses move on as an API call reading it does (nothing, for a resource
        without a lifecycle)."""
        for lifecycle in self.lifecycles():
            lifecycle.observe(settings, self.kind())

    def view(self) -> dict[str, Any]:
        """The resource in the API's member names: what its Describe/Get returns. List operations return
        the same dict; the serializer keeps only the members the summary shape has (one view, two shapes).

        By default: the members the class declares (``member`` fields, ``SHOWN``) that have a value."""
        return {
            api_name: value
            for api_name, getter, blank_as_none in self.view_plan()
            if (value := getter(self)) is not None and (value or not blank_as_none)
        }

    def summary(self, members: frozenset[str]) -> dict[str, Any]:
        """The view a List shows, limited to ``members`` (its summary shape's). A class with the default view
        computes only those (a listed schema's document is not inflated only to be dropped); a class with a
        view of its own gives it whole, and the serializer drops what the summary shape lacks."""
        if type(self).view is not Resource.view:
            return self.view()
        return {
            api_name: value
            for api_name, getter, blank_as_none in self.view_plan()
            if api_name in members and (value := getter(self)) is not None and (value or not blank_as_none)
        }


R = TypeVar("R", bound=Resource)


class ResourceTable(Generic[R]):
    """One backend's resources of one type, keyed by ARN."""

    def __init__(
        self,
        not_found: Callable[[str], ServiceError],
        *,
        name_taken: Callable[[str], ServiceError] | None = None,
        handle: MockHandle | None = None,
    ) -> None:
        self._by_arn: dict[str, R] = {}
        self._by_name: dict[str, R] = {}  # the earliest resource of each name: name checks stay O(1)
        # Creation order for pagination: ascending creation numbers and, position for position, their
        # resources (None where one was removed; swept when the holes outnumber the living), so a page starts
        # by bisection, not a scan. Two lists cost a quarter of a dict keyed by number.
        self._seqs: list[int] = []
        self._order: list[R | None] = []
        self._not_found = not_found
        self._name_taken = name_taken
        self._handle = handle
        self._own_sequence = itertools.count(1)  # a table outside any handle (unit tests) numbers its own

    @property
    def settings(self) -> LifecycleSettings | None:
        return self._handle.lifecycles if self._handle is not None else None

    def add(self, resource: R) -> R:
        if self._name_taken is not None and self.by_name(resource.name) is not None:
            raise self._name_taken(resource.name)
        replaced = self._by_arn.get(resource.arn)
        if replaced is not None:  # before numbering: the resource may be added again under its ARN
            self._unorder(replaced)
        resource.seq = self._handle.next_sequence() if self._handle is not None else next(self._own_sequence)
        self._by_arn[resource.arn] = resource
        self._by_name.setdefault(resource.name, resource)
        if not self._seqs or resource.seq > self._seqs[-1]:
            self._seqs.append(resource.seq)
            self._order.append(resource)
        else:
            position = bisect.bisect_left(self._seqs, resource.seq)
            self._seqs.insert(position, resource.seq)
            self._order.insert(position, resource)
        return resource

    def _unorder(self, resource: R) -> None:
        """Leave a hole where ``resource`` stood in creation order; sweep the holes once they outnumber the
        living."""
        position = bisect.bisect_left(self._seqs, resource.seq)
        if position < len(self._seqs) and self._order[position] is resource:
            self._order[position] = None
        if len(self._seqs) > 2 * len(self._by_arn) + 64:
            kept = [index for index, found in enumerate(self._order) if found is not None]
            self._seqs = [self._seqs[index] for index in kept]
            self._order = [self._order[index] for index in kept]

    # --- reads: as an API call referencing the resource sees it ----------------------------------------
    def read(self, arn: str) -> R:
        """The resource as a call that references it sees it (its lifecycle moved on first), or the
        table's not-found error — also when this very read completed its deletion."""
        found = self._by_arn.get(arn)
        if found is None or not self.observe(found):
            raise self._not_found(arn)
        return found

    def observe(self, resource: R) -> bool:
        """Move ``resource`` on as a read does; whether it is still there afterwards."""
        resource.advance(self.settings)
        return resource.arn in self._by_arn

    def read_all(self, predicate: Callable[[R], bool] | None = None) -> list[R]:
        """Matching resources in creation order, each read as a List reads it (see ``read``)."""
        return [r for r in self.where(predicate or _everything) if self.observe(r)]

    # --- looks: the resource as it stands -------------------------------------------------------------
    def missing(self, arn: str) -> ServiceError:
        """The table's not-found error for ``arn``."""
        return self._not_found(arn)

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
        if removed is None:
            return None
        self._unorder(removed)
        if self._by_name.get(removed.name) is removed:
            del self._by_name[removed.name]
            twin = next((resource for resource in self._by_arn.values() if resource.name == removed.name), None)
            if twin is not None:
                self._by_name[removed.name] = twin
        return removed

    def page(
        self,
        after: int | None,
        size: int,
        predicate: Callable[[R], bool] | None = None,
        *,
        newest_first: bool = False,
    ) -> tuple[list[R], bool]:
        """Up to ``size`` matching resources created after creation number ``after`` (before it, newest
        first), as they stand, and whether more follow. Costs O(log n) to find the start plus the resources
        passed over, whatever the table's size."""
        seqs = self._seqs
        if newest_first:
            start = (bisect.bisect_left(seqs, after) if after is not None else len(seqs)) - 1
            positions: Iterable[int] = range(start, -1, -1)
        else:
            positions = range(bisect.bisect_right(seqs, after) if after is not None else 0, len(seqs))
        found: list[R] = []
        for position in positions:
            resource = self._order[position]
            if resource is None or (predicate is not None and not predicate(resource)):
                continue
            if len(found) == size:
                return found, True
            found.append(resource)
        return found, False

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
        """Matching resources as an API call that references them sees them (``read_all``).

        Dependency checks use this ("does the group still have solutions?"): under the default
        ``next-read`` mode a resource deleted a moment ago no longer blocks its parent's deletion.
        """
        return self.read_all(predicate)


def _everything(_: Any) -> bool:
    return True


