"""Turn an HTTP request into the operation's input dict (member names as in the API), from the model.

The mirror image of botocore's serializers: JSON body for AWS JSON 1.1; path labels, query string, headers
and JSON body for rest-json. Values keep the API's member names; the dispatcher snake-cases the top level.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from typing import Any, Callable

from botocore.model import OperationModel, Shape
from botocore.utils import parse_timestamp

from ..errors import ServiceError


def parse_request(
    operation: OperationModel,
    body: bytes,
    path_params: dict[str, str],
    query: dict[str, list[str]],
    header: Callable[[str], str | None],
) -> dict[str, Any]:
    shape = operation.input_shape
    if shape is None:
        return {}
    if operation.metadata["protocol"] == "json":
        return _convert(shape, _load_json(body)) if _has_typed_leaves(shape) else _load_json(body)
    params: dict[str, Any] = {}
    payload_name = shape.serialization.get("payload")
    body_members = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "uri":
            if wire_name in path_params:
                params[name] = _from_text(member, path_params[wire_name])
        elif location == "querystring":
            if member.type_name == "list":
                values = query.get(wire_name)
                if values is not None:
                    params[name] = [_from_text(member.member, value) for value in values]
            elif member.type_name == "map":
                params[name] = {key: values[-1] for key, values in query.items()}
            elif wire_name in query:
                params[name] = _from_text(member, query[wire_name][-1])
        elif location == "header":
            value = header(wire_name.lower())
            if value is not None:
                params[name] = _from_text(member, value)
        elif name != payload_name:
            body_members[name] = member
    if payload_name:
        member = shape.members[payload_name]
        if member.type_name in ("blob", "string"):
            params[payload_name] = body if member.type_name == "blob" else body.decode("utf-8")
        elif body:
            params[payload_name] = _convert(member, _load_json(body))
    elif body_members and body:
        document = _load_json(body)
        for name, member in body_members.items():
            wire_name = member.serialization.get("name", name)
            if wire_name in document:
                params[name] = _convert(member, document[wire_name])
    return params


def _load_json(body: bytes) -> Any:
    if not body:
        return {}
    try:
        document = json.loads(body)
    except ValueError:
        # AWS answers malformed JSON with SerializationException before any validation.
        raise ServiceError("SerializationException", "Start of structure or map found where not expected.")
    if not isinstance(document, dict):
        raise ServiceError("SerializationException", "Start of structure or map found where not expected.")
    return document


def _has_typed_leaves(shape: Shape) -> bool:
    """Whether any value below ``shape`` needs converting (timestamps, blobs): lets plain JSON skip the walk."""
    cached = _TYPED_LEAVES.get(id(shape))
    if cached is not None:
        return cached
    result = _scan(shape, set())
    _TYPED_LEAVES[id(shape)] = result
    return result


_TYPED_LEAVES: dict[int, bool] = {}


def _scan(shape: Shape, seen: set[str]) -> bool:
    if shape.name in seen:
        return False
    seen.add(shape.name)
    kind = shape.type_name
    if kind in ("timestamp", "blob"):
        return True
    if kind == "structure":
        return any(_scan(member, seen) for member in shape.members.values())
    if kind == "list":
        return _scan(shape.member, seen)
    if kind == "map":
        return _scan(shape.value, seen)
    return False


def _convert(shape: Shape, value: Any) -> Any:
    """Timestamps become aware datetimes and blobs bytes; everything else is left for the validator."""
    kind = shape.type_name
    if value is None:
        return None
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {key: (_convert(members[key], item) if key in members else item) for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_convert(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _convert(shape.value, item) for key, item in value.items()}
    if kind == "timestamp" and isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return _to_datetime(value)
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value)
        except ValueError:
            return value
    return value


def _to_datetime(value: int | float | str) -> Any:
    try:
        if isinstance(value, (int, float)):
            return _dt.datetime.fromtimestamp(value, _dt.timezone.utc)
        parsed = parse_timestamp(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=_dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return value  # the validator reports it as the wrong type


def _from_text(shape: Shape, text: str) -> Any:
    """URI, query and header values arrive as text; give them their modelled type where they have one."""
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower(), text)
    if kind == "timestamp":
        return _to_datetime(float(text) if text.replace(".", "", 1).isdigit() else text)
    return text
