"""The state one service keeps for one account and region: a typed store (LocalStack's ``BaseStore`` idea).

A service declares its store once, as a subclass whose constructor creates its tables as typed attributes::

    class PersonalizeStore(Store):
        arn_service = "personalize"

        def __init__(self, handle, account_id, region):
            super().__init__(handle, account_id, region)
            self.dataset_groups: ResourceTable[DatasetGroup] = self.table(not_found)

Operation groups (plain classes, see ``OperationGroup``) receive the store; they never build state of their
own. Another service's state is reached through ``store_of`` and that service's public methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from .arns import build_arn, partition_for
from .errors import ServiceError
from .resources import R, Resource, ResourceTable

if TYPE_CHECKING:
    from .state import MockHandle
    from .tags import TagRules

S = TypeVar("S", bound="Store")
G = TypeVar("G")


class Store:
    """Base of every service's store: its place (account, region), ARNs in its service's form, its tables."""

    service: ClassVar[str]
    arn_service: ClassVar[str]  # the service part of this service's ARNs, e.g. "cleanrooms-ml"
    tag_rules: ClassVar[TagRules | None] = None  # a service with taggable tables says its tag errors
    tags_as_list: ClassVar[bool] = False  # Personalize's wire shape [{tagKey, tagValue}] rather than a map

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        self.handle = handle
        self.account_id = account_id
        self.region = region
        self.partition = partition_for(region)
        self._groups: dict[type, Any] = {}
        self._tables: list[ResourceTable[Any]] = []
        self._taggable_tables: list[tuple[ResourceTable[Any], bool]] = []  # (table, tagging reads it)

    def arn(self, resource: str) -> str:
        return build_arn(self.arn_service, self.region, self.account_id, resource, self.partition)

    def table(
        self,
        not_found: Callable[[str], ServiceError],
        *,
        name_taken: Callable[[str], ServiceError] | None = None,
        taggable: bool = False,
        tagging_reads: bool = True,
    ) -> ResourceTable[Any]:
        """A table whose reads move lifecycles by the handle's settings and whose resources are numbered
        by the handle's creation sequence. ``taggable``: TagResource and friends find its resources;
        ``tagging_reads``: they read it as a call referencing it does (False: they take it as it stands, so
        tagging moves no status)."""
        table: ResourceTable[Any] = ResourceTable(not_found, name_taken=name_taken, handle=self.handle)
        self._tables.append(table)
        if taggable:
            self._taggable_tables.append((table, tagging_reads))
        return table

    def quota(self, name: str) -> int:
        """The value in force of this service's quota ``name`` (AWS's default unless a test raised it)."""
        return self.handle.quotas.get(self.service, name, self.region)

    def check_quota(self, name: str, count: int, refuse: Callable[[str, int], ServiceError]) -> None:
        """Raise ``refuse(name, limit)``, the service's own error, when one more would pass quota ``name``
        (``count`` is how many exist now). Every service's quota checks end here."""
        limit = self.quota(name)
        if count >= limit:
            raise refuse(name, limit)

    def resource(self, arn: str) -> Resource | None:
        """The resource behind ``arn`` in any table of this store, as it stands (test control uses this)."""
        return next((table.find(arn) for table in self._tables if arn in table), None)

    def tagged_resource(self, arn: str) -> Resource:
        """The caller's taggable resource behind ``arn`` (read as a call referencing it reads it, where its
        table says ``tagging_reads``), or the service's error for an ARN that names none (``untaggable``)."""
        for table, tagging_reads in self._taggable_tables:
            if arn in table:
                return table.read(arn) if tagging_reads else table.get(arn)
        raise self.untaggable(arn)

    def untaggable(self, arn: str) -> ServiceError:
        """The error for a tagging call on an ARN no taggable table holds (each service says its own)."""
        raise NotImplementedError(f"{type(self).__name__} has taggable tables but no untaggable()")

    @property
    def shared(self) -> Any:
        """State this service shares across the accounts of this region (e.g. Clean Rooms collaborations,
        which every member account sees), made on first use by ``new_shared_state`` and reset with the handle."""
        return self.handle.shared_state(self.service, self.region, self.new_shared_state)

    @classmethod
    def new_shared_state(cls) -> Any:
        """A service whose resources span accounts overrides this to make its region-wide state."""
        raise NotImplementedError(f"{cls.__name__} keeps no state shared across accounts")

    def store_of(self, service: str, account_id: str | None = None) -> Store:
        """Another store in this region: another service's (read it through its public methods only), or
        this service's in another account (cross-account operations)."""
        return self.handle.store(service, account_id or self.account_id, self.region)

    def peer(self: S, account_id: str) -> S:
        """This service's store for another account in this region."""
        return self.handle.store(self.service, account_id, self.region)  # type: ignore[return-value]

    def group(self, group_class: type[G]) -> G:
        """The operation group ``group_class`` over this store (made once per store)."""
        found = self._groups.get(group_class)
        if found is None:
            found = self._groups[group_class] = group_class(self)  # type: ignore[call-arg]
        return found


class OperationGroup(Generic[S]):
    """A plain class of AWS operations over one store: each ``@operation`` method is one operation."""

    def __init__(self, store: S) -> None:
        self.store = store


__all__ = ["OperationGroup", "R", "ResourceTable", "Store"]
