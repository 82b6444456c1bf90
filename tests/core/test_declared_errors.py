"""Every operation of every emulated service can answer only errors its botocore model declares, or the common
ones: a static walk over every handler (``tests/core/error_walk.py``), where the fuzz tests sample inputs.

The walk collects the error codes each handler can reach in the source — literals in the code it calls, the
not-found / name-taken factories of the store tables it reads or adds to, the records (``TagRules``,
``Listing``) whose fields it reads, flags that pick a declared error followed one way — and compares them with
the operation's model. The controls below check that it sees codes through each of those routes, so a handler
that starts raising an undeclared code fails here.
"""

from __future__ import annotations

from functools import cache

import pytest

from cleanroom_mock.core.protocol.models import service_model
from cleanroom_mock.core.registry import SERVICES

from .error_walk import SourceIndex, Walk

# Errors any operation may answer (the service's validation error is added per service).
COMMON = frozenset({"ValidationException", "InvalidInputException", "ThrottlingException", "AccessDeniedException"})
# (service, operation, code) the walk reaches but no request can: each with the reason.
UNREACHABLE = {
    # PutEvents reads the schema of the tracker's Interactions dataset; a schema a dataset uses can't be
    # deleted (DeleteSchema answers ResourceInUseException), so the table's not-found never fires.
    ("personalize-events", "PutEvents", "ResourceNotFoundException"),
}


@cache
def _index() -> SourceIndex:
    names = set(COMMON)
    for service in SERVICES:
        model = service_model(service)
        for operation in model.operation_names:
            names |= {shape.name for shape in model.operation_model(operation).error_shapes}
    return SourceIndex(names)


def reachable(service: str, operation: str) -> set[str]:
    """The codes ``service``'s ``operation`` can answer, as the walk sees them, given what it declares."""
    handler = SERVICES[service].handlers[operation]
    index = _index()
    starts = index.members(handler.group.__module__, handler.group.__name__, handler.method)
    assert starts, f"the walk found no source for {service}.{operation} ({handler.group.__name__}.{handler.method})"
    store = SERVICES[service].store_class
    walk = Walk(index, ".".join(handler.group.__module__.split(".")[:2]), (store.__module__, store.__name__))
    found = walk.reach(starts)
    declared = declared_errors(service, operation)
    return {c.code if c.otherwise is None or c.code in declared else c.otherwise for c in found}


def declared_errors(service: str, operation: str) -> frozenset[str]:
    return frozenset(shape.name for shape in service_model(service).operation_model(operation).error_shapes)


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_operation_raises_only_declared_or_common_errors(service: str) -> None:
    registration = SERVICES[service]
    allowed_everywhere = COMMON | {registration.validation_error}
    undeclared = {}
    for operation in sorted(registration.handlers):
        allowed = declared_errors(service, operation) | allowed_everywhere
        extra = {c for c in reachable(service, operation) - allowed if (service, operation, c) not in UNREACHABLE}
        if extra:
            undeclared[operation] = sorted(extra)
    assert not undeclared, f"{service} operations that can answer undeclared errors: {undeclared}"


@pytest.mark.parametrize(
    "service, operation, expected, absent",
    [
        # a store table's name-taken factory (personalize's _named closure) through .add, not-found through .read
        ("personalize", "CreateSchema", {"ResourceAlreadyExistsException"}, set()),
        (
            "personalize",
            "DeleteSchema",
            {"ResourceNotFoundException", "ResourceInUseException"},
            {"ResourceAlreadyExistsException"},
        ),
        # a table handed over by a lambda to the describe factory, which reads it; the list factory does not
        ("personalize", "DescribeFilter", {"ResourceNotFoundException"}, set()),
        ("personalize", "ListFilters", {"InvalidNextTokenException"}, {"ResourceNotFoundException"}),
        # a record field: TagRules.too_many_keys only where tag keys are removed
        ("personalize", "UntagResource", {"TooManyTagKeysException"}, {"TooManyTagsException"}),
        ("personalize", "TagResource", {"TooManyTagsException"}, {"TooManyTagKeysException"}),
        # a factory passed by the caller: Create may exceed the limit, Update answers invalid input
        ("personalize", "CreateMetricAttribution", {"LimitExceededException"}, set()),
        ("personalize", "UpdateMetricAttribution", set(), {"LimitExceededException"}),
        # a flag followed one way (not_found_modelled / conflict_modelled)
        ("cleanrooms", "GetCollaboration", {"AccessDeniedException"}, {"ResourceNotFoundException"}),
        ("cleanrooms", "ListMembers", {"ResourceNotFoundException"}, set()),
        ("cleanrooms", "UpdateMembership", {"ConflictException"}, set()),
        # ServiceError(..., otherwise=...): the substitute where the code is undeclared
        ("cleanroomsml", "ListMLInputChannels", {"AccessDeniedException"}, {"ResourceNotFoundException"}),
        ("cleanroomsml", "GetMLInputChannel", {"ResourceNotFoundException"}, set()),
        # quotas through errors.py factories, across packages (cleanroomsml reading cleanrooms)
        ("cleanroomsml", "CreateTrainedModel", {"ServiceQuotaExceededException", "ConflictException"}, set()),
    ],
)
def test_the_walk_sees_codes_through_every_route(
    service: str, operation: str, expected: set[str], absent: set[str]
) -> None:
    found = reachable(service, operation)
    assert expected <= found, f"{service}.{operation}: missing {sorted(expected - found)} in {sorted(found)}"
    assert not absent & found, f"{service}.{operation}: {sorted(absent & found)} should not be reachable"
