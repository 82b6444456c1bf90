"""Turn a backend's dict, or a ServiceError, into the HTTP response the real service would send.

Output is shaped by the operation's output shape: members the model does not know are dropped, timestamps
take the shape's format (epoch seconds by default, ISO 8601 where the model says so), blobs are base64.
Errors follow each protocol: AWS JSON 1.1 names the error in ``__type``; rest-json in ``X-Amzn-Errortype``.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import json
import os
from typing import Any, Callable

from botocore.model import OperationModel, Shape

from ..errors import ServiceError
from .http import HttpResponse
from .models import service_model


def _request_id() -> str:
    """A UUID-shaped request ID (``x-amzn-RequestId``), without uuid4's object overhead on every call."""
    raw = os.urandom(16).hex()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


# One encoder for every response: ``json.dumps`` with options would build a new one per call.
_COMPACT = json.JSONEncoder(separators=(",", ":"))
_CONTENT_TYPE = {"json": "application/x-amz-json-1.1", "rest-json": "application/json"}


def serialize_output(operation: OperationModel, result: dict[str, Any] | None) -> HttpResponse:
    protocol = operation.metadata["protocol"]
    headers = {"Content-Type": _CONTENT_TYPE[protocol], "x-amzn-RequestId": _request_id()}
    shape = operation.output_shape
    status = operation.http.get("responseCode", 200)
    if shape is None or not result:
        return HttpResponse(status, headers, b"{}")
    document: dict[str, Any] = {}
    payload_name = shape.serialization.get("payload")
    for name, value in result.items():
        member = shape.members.get(name)
        if member is None or value is None:
            continue
        location = member.serialization.get("location")
        if location == "header":
            headers[member.serialization.get("name", name)] = str(_encode(member, value))
        elif location == "statusCode":
            status = int(value)
        elif name == payload_name:
            if member.type_name in ("blob", "string"):
                body = value if isinstance(value, bytes) else str(value).encode("utf-8")
                return HttpResponse(status, headers, body)
            rendered = _encode(member, value)
            document = {} if rendered is _OMITTED else rendered
        else:
            rendered = _encode(member, value)
            if rendered is not _OMITTED:
                document[member.serialization.get("name", name)] = rendered
    return HttpResponse(status, headers, _COMPACT.encode(document).encode("utf-8"))


_SCALARS = frozenset({"string", "integer", "long", "float", "double", "boolean"})
# member name → (wire name, converter or None for a value sent as it is), worked out once per structure
_MEMBER_PLANS: dict[int, dict[str, tuple[str, Callable[[Any], Any] | None]]] = {}


def _member_plan(shape: Shape) -> dict[str, tuple[str, Callable[[Any], Any] | None]]:
    """How each member of a structure is written, worked out once per structure (describe and list calls are
    hot: a page of a List writes a hundred summaries)."""
    plan = _MEMBER_PLANS.get(id(shape))
    if plan is None:
        plan = {
            name: (member.serialization.get("name", name), _converter(member)) for name, member in shape.members.items()
        }
        _MEMBER_PLANS[id(shape)] = plan
    return plan


def _converter(member: Shape) -> Callable[[Any], Any] | None:
    kind = member.type_name
    if kind in _SCALARS:
        return None
    if kind == "timestamp":
        return (
            _epoch
            if member.serialization.get("timestampFormat", "unixTimestamp") == "unixTimestamp"
            else (lambda value: _timestamp(value, member.serialization["timestampFormat"]))
        )
    return lambda value: _encode(member, value, kind)


# A union none of whose members this botocore's model knows (a newer member, dropped like any other): leaving it
# out is what the older model expects, where an empty union fails botocore's parser ("one and only one member").
_OMITTED = object()


def _encode(shape: Shape, value: Any, kind: str | None = None) -> Any:
    kind = kind or shape.type_name
    if kind in _SCALARS:
        return value
    if kind == "structure":
        plan = _member_plan(shape)
        encoded = {}
        for name, item in value.items():
            entry = plan.get(name)
            if entry is not None and item is not None:
                wire_name, convert = entry
                if convert is None:
                    encoded[wire_name] = item
                elif (rendered := convert(item)) is not _OMITTED:
                    encoded[wire_name] = rendered
        if not encoded and value and shape.metadata.get("union"):
            return _OMITTED
        return encoded
    if kind == "list":
        member = shape.member
        if member.type_name in _SCALARS:
            return list(value)
        return [rendered for rendered in (_encode(member, item) for item in value) if rendered is not _OMITTED]
    if kind == "map":
        return {key: _encode(shape.value, item) for key, item in value.items() if item is not None}
    if kind == "timestamp":
        return _timestamp(value, shape.serialization.get("timestampFormat", "unixTimestamp"))
    if kind == "blob":
        raw = value.encode("utf-8") if isinstance(value, str) else value
        return base64.b64encode(raw).decode("ascii")
    return value


def _epoch(value: _dt.datetime | float) -> float:
    """A timestamp in epoch seconds (the JSON protocols' default), to the millisecond."""
    return round(value.timestamp() if isinstance(value, _dt.datetime) else float(value), 3)


def _timestamp(value: _dt.datetime | float, fmt: str) -> Any:
    if fmt != "iso8601":
        return _epoch(value)
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime.fromtimestamp(float(value), _dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@functools.cache
def _error_status(service: str, code: str) -> int:
    model = service_model(service)
    if code in model.shape_names:
        return model.shape_for(code).metadata.get("error", {}).get("httpStatusCode", 400)
    return 500 if code in ("InternalFailure", "InternalServerError") else 400


def serialize_error(service: str, error: ServiceError) -> HttpResponse:
    protocol = service_model(service).protocol
    status = error.status or _error_status(service, error.code)
    headers = {
        "Content-Type": _CONTENT_TYPE[protocol],
        "x-amzn-RequestId": _request_id(),
        "X-Amzn-Errortype": error.code,
    }
    body: dict[str, Any] = {"message": error.message, **error.fields}
    if protocol == "json":
        body = {"__type": error.code, **body}
    return HttpResponse(status, headers, json.dumps(body).encode("utf-8"))
