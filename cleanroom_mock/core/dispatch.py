"""The straight line every request follows: route → parse → validate → backend method → serialize.

Both the in-process interception and the HTTP server call :func:`dispatch`; nothing here knows which.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from botocore.model import OperationModel

from . import clock
from .control.journal import Call
from .errors import OperationNotImplemented, ServiceError
from .protocol.http import HttpRequest, HttpResponse
from .protocol.models import service_model
from .protocol.parser import parse_request
from .protocol.router import route
from .protocol.serializer import serialize_error, serialize_output
from .protocol.validator import validate_input
from .registry import SERVICES, Handler
from .state import HANDLE, MockHandle, default_account_id
from .throttle import limit_for

logger = logging.getLogger("cleanroom_mock")

_HOST_REGION = re.compile(r"^[a-z0-9-]+\.([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)\.")


@functools.cache
def _operation(service: str, name: str) -> tuple[OperationModel, Handler | None]:
    """The model and the handler of one operation (None: not implemented), found once."""
    registration = SERVICES[service]
    operation = service_model(service).operation_model(name)
    return operation, registration.handler(name)


_TOKEN_ERROR = "InvalidNextTokenException"


@functools.cache
def _declared_errors(operation: OperationModel) -> frozenset[str]:
    return frozenset(shape.name for shape in operation.error_shapes)


def handler_of(service: str, operation: str) -> Handler | None:
    """Where ``service``'s ``operation`` is implemented, or None (the coverage page reads this)."""
    return _operation(service, operation)[1]


def caller_of(request: HttpRequest) -> tuple[str, str]:
    """(account, region) of the caller, read from the SigV4 credential scope.

    The account is the access key itself when that is 12 digits (how two-account tests give each client
    its own account), otherwise the default account (``CLEANROOM_MOCK_ACCOUNT_ID`` or 123456789012).
    """
    authorization = request.header("authorization") or ""
    start = authorization.find("Credential=")
    if start >= 0:
        # Credential=<access key>/<date>/<region>/<service>/aws4_request: split, cheaper than a regex per call.
        parts = authorization[start + 11 :].split("/", 4)
        if len(parts) == 5 and parts[4].startswith("aws4_request"):
            access_key, region = parts[0], parts[2]
            account = access_key if len(access_key) == 12 and access_key.isdigit() else default_account_id()
            return account, region
    host = urlsplit(request.url).hostname or ""
    found = _HOST_REGION.match(host)
    return default_account_id(), found.group(1) if found else "us-east-1"


def dispatch(service: str, request: HttpRequest, handle: MockHandle = HANDLE) -> HttpResponse:
    """Answer one request for ``service`` as AWS would, and note it in the call journal (``aws.calls``). With
    the ``cleanroom_mock`` logger at DEBUG, one line per call."""
    account, region = caller_of(request)
    operation_name, params, response, error = _answer(service, request, handle, account, region)
    handle.calls.record(Call(service, operation_name, params, response.status, error, account, region, clock.now()))
    if logger.isEnabledFor(logging.DEBUG):  # off by default: one cached level check per call, nothing else
        asked = operation_name or request.header("x-amz-target") or f"{request.method} {urlsplit(request.url).path}"
        logger.debug("%s.%s account=%s region=%s status=%d", service, asked, account, region, response.status)
    return response


def _answer(
    service: str, request: HttpRequest, handle: MockHandle, account: str, region: str
) -> tuple[str, dict[str, Any], HttpResponse, str | None]:
    """(operation name, parsed input, response, error code or None) for one request."""
    target = request.header("x-amz-target")
    if target is not None:  # AWS JSON: the target names the operation; path and query carry nothing
        path, query = "/", {}
    else:
        url = urlsplit(request.url)
        path = url.path or "/"
        query = parse_qs(url.query, keep_blank_values=True) if url.query else {}
    match = route(service, request.method, path, query, target)
    if match is None:
        what = target or f"{request.method} {path}"
        unknown = ServiceError("UnknownOperationException", f"Unknown operation {what}.")
        return "", {}, serialize_error(service, unknown), unknown.code
    operation, handler = _operation(service, match.operation)
    params: dict[str, Any] = {}
    try:
        if handle.faults:
            _inject_fault(handle, service, match.operation)
        registration = SERVICES[service]
        params = parse_request(operation, request.body, match.path_params, query, request.header)
        validate_input(
            operation.input_shape,
            params,
            registration.validation_error,
            registration.validation_fields,
            _TOKEN_ERROR if _TOKEN_ERROR in _declared_errors(operation) else None,
        )
        if handler is None:
            raise OperationNotImplemented(service, match.operation)
        store = handle.store(service, account, region)
        method = getattr(store.group(handler.group), handler.method)
        arguments = handler.arguments
        with handle.lock:
            if handle.strict:
                limit = limit_for(registration.limits, match.operation)
                handle.throttle.take((service, account, region, match.operation), operation, limit)
            unsupported = [name for name in params if name not in arguments]
            if unsupported:  # a member newer than the emulation: say so in the declared validation error
                raise ServiceError(
                    registration.validation_error,
                    f"cleanroom_mock does not emulate {', '.join(unsupported)} of {match.operation} yet.",
                    **registration.validation_fields,
                )
            result = method(**{arguments[name]: value for name, value in params.items()})
        return match.operation, params, serialize_output(operation, result), None
    except ServiceError as error:
        if error.otherwise is not None and error.code not in _declared_errors(operation):
            error = ServiceError(error.otherwise, error.message)
        return match.operation, params, serialize_error(service, error), error.code
    except RecursionError:
        # Only input nested past what Python can walk gets here (a JSON document inside a string member, such
        # as a 10,000-character Avro schema): the service's validation error, not an internal failure.
        invalid = ServiceError(SERVICES[service].validation_error, "The input is nested too deeply to be processed.")
        return match.operation, params, serialize_error(service, invalid), invalid.code
    except Exception as error:  # a bug of ours: answer like AWS's own internal failure, never crash the caller
        if handle.raise_internal_errors:
            raise
        logger.exception("cleanroom_mock failed on %s.%s", service, match.operation)
        failure = ServiceError("InternalFailure", f"cleanroom_mock internal error: {error!r}")
        return match.operation, params, serialize_error(service, failure), failure.code


def _inject_fault(handle: MockHandle, service: str, operation: str) -> None:
    """Wait and fail as a fault the test added says (``aws.faults``), before the operation runs."""
    with handle.lock:
        fault = handle.faults.take(service, operation)
    if fault is None:
        return
    if fault.latency:
        time.sleep(fault.latency)
    error = handle.faults.error_of(fault)
    if error is not None:
        raise error
