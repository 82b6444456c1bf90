"""What botocore's model says about a service. Models load once per process."""

from __future__ import annotations

import functools

from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel


@functools.cache
def _loader() -> Loader:
    return Loader()


@functools.cache
def service_model(service: str) -> ServiceModel:
    data = _loader().load_service_model(service, "service-2")
    return ServiceModel(data, service_name=service)


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


@functools.cache
def result_member(service: str, operation: str) -> str:
    """The one output member that carries an operation's result besides ``nextToken`` (``filter`` for
    Personalize DescribeFilter, ``Filters`` for ListFilters): what a declared Describe or List answers under."""
    output = operation_model(service, operation).output_shape
    members = [name for name in (output.members if output is not None else {}) if name != "nextToken"]
    if len(members) != 1:
        raise TypeError(f"{service}.{operation} answers {members}, not one result member")
    return members[0]


@functools.cache
def listed_members(service: str, key: str) -> frozenset[str] | None:
    """The members an item listed under the output member ``key`` has (``schemas`` of ListSchemas: ``name``,
    ``schemaArn``, ...), across every operation of ``service`` whose output lists structures under that name
    (their union, where two differ); None when none does. What a List needs to render of each resource."""
    found: set[str] = set()
    model = service_model(service)
    for name in model.operation_names:
        output = model.operation_model(name).output_shape
        listed = output.members.get(key) if output is not None else None
        item = getattr(listed, "member", None)
        if listed is not None and listed.type_name == "list" and item is not None and item.type_name == "structure":
            found.update(item.members)
    return frozenset(found) or None
