"""Which services we emulate and what botocore's model says about each. Models load once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel


@dataclass(frozen=True)
class ServiceInfo:
    """What the engine needs to know about a service beyond its model."""

    name: str  # boto3 client name, also the backend key
    validation_error: str  # the error shape AWS answers for input that breaks the model's constraints
    state_service: str  # whose state it reads: personalize-runtime/-events read personalize's
    backend_path: str  # "module:Class", imported only when the service is first called


SERVICES: dict[str, ServiceInfo] = {
    info.name: info
    for info in (
        ServiceInfo("cleanroomsml", "ValidationException", "cleanroomsml",
                    "cleanroom_mock.cleanroomsml.backend:CleanRoomsMLBackend"),
        ServiceInfo("personalize", "InvalidInputException", "personalize",
                    "cleanroom_mock.personalize.backend:PersonalizeBackend"),
        ServiceInfo("personalize-runtime", "InvalidInputException", "personalize",
                    "cleanroom_mock.personalize.runtime:PersonalizeRuntimeBackend"),
        ServiceInfo("personalize-events", "InvalidInputException", "personalize",
                    "cleanroom_mock.personalize.events:PersonalizeEventsBackend"),
    )
}


@functools.cache
def _loader() -> Loader:
    return Loader()


@functools.cache
def service_model(service: str) -> ServiceModel:
    data = _loader().load_service_model(service, "service-2")
    return ServiceModel(data, service_name=service)


@functools.cache
def services_by_endpoint_prefix() -> dict[str, str]:
    """endpoint prefix (what botocore's Endpoint knows, e.g. ``cleanrooms-ml``) → our service name."""
    return {service_model(name).endpoint_prefix: name for name in SERVICES}


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)
