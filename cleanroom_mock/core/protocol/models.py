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
def summary_members(service: str, operation: str) -> frozenset[str] | None:
    """The members one item of a List operation's result has (ListSchemas: ``name``, ``schemaArn``, ...), or
    None when its result is not a list of structures: what a List needs to render of each resource."""
    output = operation_model(service, operation).output_shape
    listed = output.members.get(result_member(service, operation)) if output is not None else None
    item = getattr(listed, "member", None)
    return frozenset(item.members) if item is not None and item.type_name == "structure" else None
