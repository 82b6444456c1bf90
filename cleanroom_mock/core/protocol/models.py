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
