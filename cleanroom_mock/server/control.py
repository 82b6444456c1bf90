"""The control routes under ``/_cleanroom_mock/``: the handle's test control over HTTP, for tests in other languages.

Each route checks its input and answers JSON; anything it cannot use is a 4xx ``{"__type": ..., "message": ...}``
and changes nothing. See docs/server.md for the routes and curl examples.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import json
from typing import Any, Callable, TypeVar
from urllib.parse import parse_qs, urlsplit

from ..core.control import snapshots
from ..core.lifecycle import MODES
from ..core.protocol.http import HttpRequest, HttpResponse
from ..core.registry import SERVICES
from ..core.state import MockHandle
from .errors import BadRequest

CONTROL_PREFIX = "/_cleanroom_mock/"
T = TypeVar("T")


class Control:
    """The control routes: each checks its input and answers JSON; 4xx for anything it cannot use."""

    def __init__(self, handle: MockHandle) -> None:
        self.handle = handle

    def answer(self, request: HttpRequest) -> HttpResponse:
        url = urlsplit(request.url)
        action = url.path[len(CONTROL_PREFIX) :].strip("/")
        routes: dict[tuple[str, str], Callable[[HttpRequest, dict[str, str]], HttpResponse]] = {
            ("reset", "POST"): self.reset,
            ("data/object", "PUT"): self.put_object,
            ("data/object", "GET"): self.get_object,
            ("data/table", "PUT"): self.put_table,
            ("collaborations", "POST"): self.add_collaboration,
            ("settings", "POST"): self.change_settings,
            ("settings", "GET"): self.settings,
            ("faults", "POST"): self.add_fault,
            ("faults", "GET"): self.faults,
            ("faults", "DELETE"): self.clear_faults,
            ("calls", "GET"): self.calls,
            ("calls", "DELETE"): self.clear_calls,
            ("lifecycle", "POST"): self.lifecycle_mode,
            ("lifecycle", "GET"): self.lifecycle,
            ("lifecycle/advance", "POST"): self.advance,
            ("lifecycle/complete", "POST"): self.complete,
            ("lifecycle/fail", "POST"): self.fail,
            ("quotas", "GET"): self.quotas,
            ("quotas", "POST"): self.set_quota,
            ("snapshot", "GET"): self.snapshot,
            ("snapshot", "POST"): self.snapshot_to_file,
            ("restore", "POST"): self.restore,
        }
        handler = routes.get((action, request.method))
        if handler is None:
            known = {name for name, _ in routes}
            status = 405 if action in known else 404
            raise BadRequest(
                status, "UnknownControlRoute", f"unknown control route {request.method} {url.path}", close=False
            )
        query = {key: values[-1] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        return handler(request, query)

    def reset(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        self.handle.reset()
        return _json(200, {"reset": True})

    def put_object(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        uri = _s3_uri(query)
        self.handle.data.put_object(uri, request.body)
        return _json(200, {"uri": uri})

    def get_object(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        from ..core.data import DataError

        uri = _s3_uri(query)
        try:
            return HttpResponse(200, {"Content-Type": "application/octet-stream"}, self.handle.data.get_object(uri))
        except DataError as error:
            raise BadRequest(404, "NoSuchKey", str(error), close=False)

    def put_table(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        database, table = _text(document, "database"), _text(document, "table")
        rows = document.get("rows")
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise _invalid("rows must be a list of objects (column name → value)")
        self.handle.data.put_table(database, table, rows)
        return _json(200, {"table": f"{database}.{table}"})

    def add_collaboration(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        collaboration_id = document.get("collaborationId")
        if collaboration_id is not None and not (isinstance(collaboration_id, str) and collaboration_id):
            raise _invalid("collaborationId must be a non-empty string when given")
        accounts = document.get("accounts")
        if not isinstance(accounts, list) or not accounts or not all(_account(item) for item in accounts):
            raise _invalid("accounts must be a non-empty list of 12-digit account ids")
        abilities = document.get("abilities")
        if abilities is not None and not (
            isinstance(abilities, dict)
            and all(isinstance(value, list) and all(isinstance(x, str) for x in value) for value in abilities.values())
        ):
            raise _invalid("abilities must map account ids to lists of member abilities")
        try:
            added = self.handle.collaborations.add(collaboration_id, accounts=accounts, abilities=abilities)
        except (ValueError, TypeError) as error:  # the registry's own checks (id format, abilities)
            raise _invalid(str(error))
        return _json(200, {**document, "collaborationId": added})

    def change_settings(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        unknown = sorted(set(document) - set(SETTINGS))
        if unknown:
            raise _invalid(f"unknown settings {', '.join(unknown)}; known: {', '.join(SETTINGS)}")
        strict = _boolean(document, "strict")
        instant = _boolean(document, "instant_retries")
        mode = document.get("lifecycle")
        if mode is not None and mode not in MODES:
            raise _invalid(f"lifecycle must be one of {', '.join(MODES)}, not {json.dumps(mode)}")
        step = _positive(document, "step_seconds")
        with self.handle.lock:  # all or nothing: every value was checked above
            if strict is not None:
                self.handle.strict = strict
            if instant is not None:
                self.handle.instant_retries = instant
            if mode is not None:
                self.handle.lifecycle = mode
            if step is not None:
                self.handle.step_seconds = step
        return self.settings(request, query)

    def settings(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        lifecycles = self.handle.lifecycles
        return _json(
            200,
            {
                "strict": self.handle.strict,
                "lifecycle": lifecycles.mode,
                "step_seconds": lifecycles.step_seconds,
                "instant_retries": self.handle.instant_retries,
            },
        )

    # --- faults and the call journal --------------------------------------------------------------------
    def add_fault(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        unknown = sorted(set(document) - set(FAULT_FIELDS))
        if unknown:
            raise _invalid(f"unknown fault fields {', '.join(unknown)}; known: {', '.join(FAULT_FIELDS)}")
        service = _service(document.get("service"))
        operation = document.get("operation", "*")
        error = document.get("error", "ThrottlingException")
        message = document.get("message")
        for name, value in (("operation", operation), ("error", error), ("message", message)):
            if value is not None and not isinstance(value, str):
                raise _invalid(f"{name} must be a string, not {json.dumps(value)}")
        times, status = _whole(document, "times"), _whole(document, "status")
        probability = _positive(document, "probability")
        latency = _number(document, "latency")
        fault = _checked(
            self.handle.faults.add,
            service,
            operation,
            error,
            message=message,
            times=times,
            probability=1.0 if probability is None else probability,
            latency=0.0 if latency is None else latency,
            status=status,
        )
        return _json(200, dataclasses.asdict(fault))

    def faults(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        return _json(200, {"faults": [dataclasses.asdict(fault) for fault in self.handle.faults]})

    def clear_faults(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        self.handle.faults.clear()
        return _json(200, {"faults": []})

    def calls(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        criteria: dict[str, Any] = dict(query)
        unknown = sorted(set(criteria) - set(CALL_FIELDS))
        if unknown:
            raise _invalid(f"calls cannot be filtered by {', '.join(unknown)}; by: {', '.join(CALL_FIELDS)}")
        if "status" in criteria:
            if not criteria["status"].isdigit():
                raise _invalid(f"status must be a number, not {criteria['status']!r}")
            criteria["status"] = int(criteria["status"])
        if criteria.get("error") == "":
            criteria["error"] = None  # ?error= keeps the calls answered without an error
        calls = [_jsonable(dataclasses.asdict(call)) for call in self.handle.calls.filter(**criteria)]
        return _json(200, {"calls": calls})

    def clear_calls(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        self.handle.calls.clear()
        return _json(200, {"calls": []})

    # --- lifecycles ----------------------------------------------------------------------------------------
    def lifecycle_mode(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        mode, kind = document.get("mode"), document.get("kind")
        if mode is not None and mode not in MODES:
            raise _invalid(f"mode must be one of {', '.join(MODES)}, not {json.dumps(mode)}")
        if kind is not None and not (isinstance(kind, str) and kind):
            raise _invalid('kind must be a resource kind such as "solution-version"')
        step = _positive(document, "step_seconds")
        set_mode = self.handle.lifecycle.mode(mode, kind=kind, step_seconds=step)
        return _json(200, {"kind": kind, "mode": set_mode, "step_seconds": self.handle.lifecycles.step_for(kind)})

    def lifecycle(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        if "arn" in query:
            return _json(200, {"arn": query["arn"], "status": _checked(self.handle.lifecycle.status, query["arn"])})
        settings = self.handle.lifecycles
        return _json(
            200,
            {
                "mode": settings.mode,
                "step_seconds": settings.step_seconds,
                "modes_by_kind": settings.modes_by_kind,
                "step_seconds_by_kind": settings.step_seconds_by_kind,
            },
        )

    def advance(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        arn = _text(_document(request), "arn")
        return _json(200, {"arn": arn, "status": _checked(self.handle.lifecycle.advance, arn)})

    def complete(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        arn = _text(_document(request), "arn")
        return _json(200, {"arn": arn, "status": _checked(self.handle.lifecycle.complete, arn)})

    def fail(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        arn, reason = _text(document, "arn"), _text(document, "reason")
        return _json(200, {"arn": arn, "status": _checked(self.handle.lifecycle.fail, arn, reason)})

    # --- quotas ----------------------------------------------------------------------------------------------
    def quotas(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        service = _service(query.get("service"))
        quotas = self.handle.quotas.list(service)
        if "name" not in query:
            return _json(200, {"quotas": quotas})
        _checked(self.handle.quotas.get, service, query["name"])  # an unknown name: 404
        return _json(200, next(quota for quota in quotas if quota["name"] == query["name"]))

    def set_quota(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        service, name, value = _service(document.get("service")), _text(document, "name"), _whole(document, "value")
        if value is None:
            raise _invalid("value must be a whole number")
        _checked(self.handle.quotas.set, service, name, value)
        return self.quotas(request, {"service": service, "name": name})

    # --- snapshots ---------------------------------------------------------------------------------------------
    def snapshot(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        return _json(200, _checked(snapshots.document, self.handle))

    def snapshot_to_file(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        path = _text(_document(request), "path")
        _checked(snapshots.save, self.handle, path)
        return _json(200, {"path": path})

    def restore(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        document = _document(request)
        if "format" in document:  # the snapshot document itself
            _checked(snapshots.load, self.handle, document, "the request body")
        else:
            _checked(snapshots.restore, self.handle, _text(document, "path"))
        return _json(200, {"restored": True})


SETTINGS = ("strict", "lifecycle", "step_seconds", "instant_retries")
FAULT_FIELDS = ("service", "operation", "error", "message", "times", "probability", "latency", "status")
CALL_FIELDS = ("service", "operation", "status", "error", "account", "region")


def _checked(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """What the handle's control answers, its refusals as 4xx: an unknown ARN or name 404, a bad value 400."""
    try:
        return function(*args, **kwargs)
    except KeyError as error:
        raise BadRequest(404, "ResourceNotFoundException", str(error.args[0] if error.args else error), close=False)
    except (ValueError, TypeError, OSError, snapshots.SnapshotError) as error:
        raise _invalid(str(error))


def _service(value: Any) -> str:
    if value not in SERVICES:
        raise _invalid(f"service must be one of {', '.join(SERVICES)}, not {json.dumps(value)}")
    return str(value)


def _number(document: dict[str, Any], name: str) -> float | None:
    value = document.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
        raise _invalid(f"{name} must be a number of at least 0, not {json.dumps(value)}")
    return float(value)


def _positive(document: dict[str, Any], name: str) -> float | None:
    value = _number(document, name)
    if value is not None and value <= 0:
        raise _invalid(f"{name} must be a positive number, not {json.dumps(document[name])}")
    return value


def _whole(document: dict[str, Any], name: str) -> int | None:
    value = document.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _invalid(f"{name} must be a whole number, not {json.dumps(value)}")
    return value


def _jsonable(value: Any) -> Any:
    """A journal entry in JSON: times as ISO text, blobs as base64."""
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value


def _invalid(message: str) -> BadRequest:
    return BadRequest(400, "ValidationException", message, close=False)


def _document(request: HttpRequest) -> dict[str, Any]:
    try:
        document = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        raise _invalid("the body must be a JSON object")
    if not isinstance(document, dict):
        raise _invalid("the body must be a JSON object")
    return document


def _text(document: dict[str, Any], name: str) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not value:
        raise _invalid(f"{name} must be a non-empty string")
    return value


def _account(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 12 and value.isascii() and value.isdigit()


def _boolean(document: dict[str, Any], name: str) -> bool | None:
    """JSON true/false, or the strings "true"/"false" (any case): never a truthy string turning a switch on."""
    if name not in document:
        return None
    value = document[name]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _invalid(f"{name} must be true or false, not {json.dumps(value)}")


def _s3_uri(query: dict[str, str]) -> str:
    uri = query.get("uri", "")
    if not uri.startswith("s3://") or len(uri.split("/", 3)) < 4 or not uri.split("/", 3)[2]:
        raise _invalid("uri must be an s3://bucket/key URI")
    return uri


def _json(status: int, document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, {"Content-Type": "application/json"}, json.dumps(document).encode())
