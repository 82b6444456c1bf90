"""The Get and List operations that do nothing but read one table, declared in one line each.

An account-level resource's Get (API_GetTrainingDataset, API_GetConfiguredModelAlgorithm, ...) answers the
view of the resource its ARN names; its List (API_ListTrainingDatasets, ...) pages the caller's table. A
membership's List (API_ListMLInputChannels, API_ListTrainedModels, ...) pages the resources of the caller's
membership (ResourceNotFoundException/AccessDeniedException for a membership the caller does not hold, as
``CleanRoomsMLStore.membership`` says). A group declares them instead of writing the same lines again::

    get_training_dataset = get_operation("GetTrainingDataset", lambda store: store.training_datasets)

An operation with a rule of its own (a Get in a membership, a filtered List, ...) stays written out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.protocol.models import result_member
from ..core.registry import operation
from ..core.resources import ResourceTable
from ..core.store import OperationGroup
from .common import LISTING
from .errors import refuse_while_used
from .store import CleanRoomsMLStore

Operation = Callable[..., dict[str, Any]]
TableOf = Callable[[CleanRoomsMLStore], ResourceTable[Any]]


def get_operation(name: str, table: TableOf) -> Operation:
    """``name``: the view of the resource its one input member (the ARN) names, read from ``table``."""

    def get(group: OperationGroup[CleanRoomsMLStore], **arn: str) -> dict[str, Any]:
        (value,) = arn.values()
        return table(group.store).read(value).view()

    return operation(name)(get)


def list_operation(name: str, table: TableOf, *, read_first: bool = False) -> Operation:
    """``name``: a page of the caller's ``table`` under its list member. ``read_first``: every resource is read
    before paging, so one whose deletion completes on this read leaves no gap in the page."""

    def list_resources(group: OperationGroup[CleanRoomsMLStore], **page: Any) -> dict[str, Any]:
        return LISTING.respond(result_member(group.store.service, name), table(group.store), **page,
                               filters={"op": name}, read_first=read_first)

    return operation(name)(list_resources)


def delete_operation(
    name: str, table: TableOf, users: Callable[[CleanRoomsMLStore, Any], list[str]], refusal: str
) -> Operation:
    """``name``: removes the resource its one input member (the ARN) names from ``table``, refused
    (ConflictException) while ``users(store, resource)`` names resources that depend on it; ``refusal`` says
    so, with ``{arn}`` and ``{users}`` in it."""

    def delete(group: OperationGroup[CleanRoomsMLStore], **arn: str) -> dict[str, Any]:
        (value,) = arn.values()
        resources = table(group.store)
        resource = resources.read(value)
        refuse_while_used(users(group.store, resource), refusal.format(arn=resource.arn, users="{users}"))
        resources.remove(resource.arn)
        return {}

    return operation(name)(delete)


def membership_list_operation(name: str, table: TableOf) -> Operation:
    """``name``: a page of ``table``'s resources in the caller's membership ``membershipIdentifier``."""

    def list_in_membership(
        group: OperationGroup[CleanRoomsMLStore], membership_identifier: str, **page: Any
    ) -> dict[str, Any]:
        membership = group.store.membership(membership_identifier)
        return LISTING.respond(
            result_member(group.store.service, name), table(group.store), **page,
            where=lambda resource: resource.membership_id == membership.membership_id,
            filters={"op": name, "membership": membership.membership_id})

    return operation(name)(list_in_membership)
