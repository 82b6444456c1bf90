"""Turn an HTTP request into the operation's input dict (member names as in the API), from the model.

The mirror image of botocore's serializers: JSON body for AWS JSON 1.1; path labels, query string, headers
and JSON body for rest-json. Values keep the API's member names; the dispatcher snake-cases the top level.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import math
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
        document = _load_json(body)
        if _has_typed_leaves(shape):
            return _convert(shape, document)
        members = shape.members
        # AWS ignores members its model does not know; they never reach a handler as keyword arguments.
        return (
            document
            if all(name in members for name in document)
            else {name: value for name, value in document.items() if name in members}
        )
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
        text = body.decode(json.detect_encoding(body), "surrogatepass")  # as json.loads reads bytes
        document = _DECODER.decode(text)
    except (ValueError, RecursionError):
        # AWS answers malformed JSON with SerializationException before any validation; nesting deeper than
        # the parser goes (no model is that deep) is malformed for us.
        raise ServiceError("SerializationException", "Start of structure or map found where not expected.")
    if not isinstance(document, dict):
        raise ServiceError("SerializationException", "Start of structure or map found where not expected.")
    if b"\\u" in body and _has_lone_surrogate(document):
        # JSON's \uD800-style escapes can spell half a UTF-16 pair, which is no character: AWS is silent; we
        # chose to refuse it while deserialising rather than let text that cannot be encoded reach a handler.
        raise ServiceError("SerializationException", "Invalid UTF-8 or UTF-16 surrogate in a JSON string.")
    return document


def _finite_float(text: str) -> float:
    """1e999 would be infinity: no double member means that, and no handler expects it."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of a double's range")
    return value


def _no_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity are not JSON (RFC 8259); Python's parser accepts them unless told."""
    raise ValueError(f"{name} is not a JSON value")


# One decoder for every request: ``json.loads`` with hooks would build a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


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
        members = shape.members  # members the model does not know are dropped, as AWS ignores them
        return {key: _convert(members[key], item) for key, item in value.items() if key in members}
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
    except (ValueError, OverflowError, OSError, RuntimeError, TypeError):
        # botocore's parser raises RuntimeError for text such as "Infinity" (no time zone found for it)
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
