"""``aws.faults``: make calls fail (or slow down) on purpose, to test retry and error-handling code.

    aws.faults.add("personalize", "DescribeCampaign", times=2)              # throttled twice, then fine
    aws.faults.add("cleanroomsml", "*", error="InternalServerException", probability=0.1)
    aws.faults.add("personalize-runtime", "GetRecommendations", latency=0.2, error=None)  # slow, not failing

A fault answers before the operation runs, in the service's wire format, so botocore's retry handlers see
it exactly as a real one: a throttled call under the standard retry mode is retried and reports
``RetryAttempts`` (and, with ``aws.instant_retries``, without sleeping). The HTTP status is the one the
model gives the error, else 429 for throttling and 500/503 for the server-side errors, else 400;
``status=`` overrides it. ``probability`` draws from a generator seeded per handle reset, so a test that
uses it sees the same sequence each run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import ServiceError
from ..protocol.models import service_model

# Errors any AWS operation may answer though its model does not list them (AWS's common errors).
COMMON_ERRORS = frozenset({
    "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
    "InternalFailure", "InternalServerError", "InternalServerException", "ServiceUnavailable",
    "ServiceUnavailableException", "AccessDeniedException", "ValidationException", "InvalidInputException",
})
_STATUS_BY_CODE = {
    "ThrottlingException": 429, "ThrottledException": 429, "TooManyRequestsException": 429,
    "RequestLimitExceeded": 429, "InternalFailure": 500, "InternalServerError": 500,
    "InternalServerException": 500, "ServiceUnavailable": 503, "ServiceUnavailableException": 503,
    "AccessDeniedException": 403,
}


@dataclass
class Fault:
    service: str
    operation: str  # an operation name, or "*" for every operation of the service
    error: str | None  # None: only the latency
    message: str
    status: int | None
    times: int | None  # how many calls it still answers (None: every call)
    probability: float
    latency: float  # seconds added before the answer

    def matches(self, service: str, operation: str) -> bool:
        return self.service == service and self.operation in ("*", operation) and self.times != 0


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._random = random.Random(0)

    def add(
        self,
        service: str,
        operation: str = "*",
        error: str | None = "ThrottlingException",
        *,
        message: str | None = None,
        times: int | None = None,
        probability: float = 1.0,
        latency: float = 0.0,
        status: int | None = None,
    ) -> Fault:
        """Answer ``service``'s ``operation`` (or every one: ``"*"``) with ``error`` — ``times`` times (default:
        until cleared), each call with ``probability`` — after ``latency`` seconds."""
        model = service_model(service)  # an unknown service fails here, in the test's own line
        if operation != "*" and operation not in model.operation_names:
            raise ValueError(f"{service} has no operation {operation!r}")
        if error is not None and error not in COMMON_ERRORS:
            operations = model.operation_names if operation == "*" else [operation]
            declared = {shape.name for name in operations for shape in model.operation_model(name).error_shapes}
            if error not in declared:
                raise ValueError(
                    f"{error} is neither a common AWS error nor one {service}.{operation} declares "
                    f"({', '.join(sorted(declared)) or 'none'})"
                )
        if times is not None and times < 1:
            raise ValueError(f"times must be at least 1, not {times}")
        if not 0.0 < probability <= 1.0:
            raise ValueError(f"probability must be in (0, 1], not {probability}")
        if latency < 0 or (error is None and latency == 0):
            raise ValueError("a fault needs an error or a positive latency")
        fault = Fault(service, operation, error, message or f"Injected by cleanroom_mock: {error}.", status,
                      times, probability, float(latency))
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()
        self._random.seed(0)

    def take(self, service: str, operation: str) -> Fault | None:
        """The fault answering this call, if any (spending one of its ``times``)."""
        for fault in self._faults:
            if fault.matches(service, operation) and self._random.random() < fault.probability:
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    def error_of(self, fault: Fault) -> ServiceError | None:
        if fault.error is None:
            return None
        return ServiceError(fault.error, fault.message, status=fault.status or _status(fault.service, fault.error))

    def __bool__(self) -> bool:
        return bool(self._faults)

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults))

    def __len__(self) -> int:
        return len(self._faults)


def _status(service: str, code: str) -> int:
    model = service_model(service)
    if code in model.shape_names:
        status = model.shape_for(code).metadata.get("error", {}).get("httpStatusCode")
        if status:
            return int(status)
    return _STATUS_BY_CODE.get(code, 400)
