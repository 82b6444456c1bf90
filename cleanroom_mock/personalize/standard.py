"""The Describe and List operations that do nothing but read one table, declared in one line each.

Most Personalize Describe operations (API_DescribeDataset, API_DescribeEventTracker, ...) take the resource's
ARN and answer its view under one member; most List operations (API_ListDatasets, API_ListBatchInferenceJobs,
...) page one table, optionally narrowed to the resources of one parent ARN (``datasetGroupArn``,
``datasetArn``, ``solutionVersionArn``). Writing each of them out repeated the same five lines; a group
declares them here instead::

    describe_filter = describe_operation("DescribeFilter", lambda store: store.filters)
    list_filters = list_operation("ListFilters", lambda store: store.filters)

The member a Describe or List answers under is the one its output shape has (``filter``, ``Filters``).

An operation with a rule of its own (DescribeSolution, ListCampaigns, ...) stays written out in its group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.pagination import Page
from ..core.protocol.models import result_member
from ..core.registry import operation
from ..core.resources import ResourceTable
from ..core.store import OperationGroup
from .store import PersonalizeStore

Operation = Callable[..., dict[str, Any]]
TableOf = Callable[[PersonalizeStore], ResourceTable[Any]]


def describe_operation(name: str, table: TableOf) -> Operation:
    """``name`` (e.g. DescribeFilter): the resource its one input member (the ARN) names, read from ``table``
    (ResourceNotFoundException for an unknown ARN), under the operation's one output member (``filter``)."""

    def describe(group: OperationGroup[PersonalizeStore], **arn: str) -> dict[str, Any]:
        (value,) = arn.values()
        return {result_member(group.store.service, name): table(group.store).read(value).view()}

    return operation(name)(describe)


def list_operation(
    name: str, table: TableOf, *, by: str = "dataset_group_arn", newest_first: bool = False
) -> Operation:
    """``name`` (e.g. ListFilters): a page of ``table`` under its list member (``Filters``), narrowed to the
    resources whose attribute ``by`` is the request's member of that name (``datasetGroupArn``) when it is
    given (see ``PersonalizeStore.list_matching``); a List without that member (ListSchemas) pages them all."""

    def list_resources(group: OperationGroup[PersonalizeStore], **request: Any) -> dict[str, Any]:
        value = request.pop(by, None)
        unknown = set(request) - set(Page.__annotations__)
        if unknown:
            raise TypeError(f"{name} takes no {', '.join(sorted(unknown))}")
        store = group.store
        key = result_member(store.service, name)
        return store.list_matching(key, table(store), by, value, newest_first=newest_first, **request)

    return operation(name)(list_resources)
