"""The WSGI application: find the service a request is for, then hand it to ``core.dispatch``.

Behind one port, the service comes from (in order) the Host header when it is an AWS host name, or the
SigV4 credential scope's signing name; ``personalize``, ``personalize-runtime`` and ``personalize-events``
share a signing name, so among those the router decides (JSON targets vs. distinct URI paths). A request
no operation matches still gets the answer of the service it was meant for: ``UnknownOperationException``
(400) in that service's wire format (``__type`` in AWS JSON, ``X-Amzn-Errortype`` in both).

A few control routes under ``/_cleanroom_mock/`` let a test in another language reach the handle:
reset the state, put and get data-layer objects and tables, register collaborations, change settings.
They check their input and answer 4xx JSON (``{"__type": ..., "message": ...}``) for anything else.

The body is read here, never left half-read on a kept-alive connection: a ``Content-Length`` that is not
a plain non-negative number, a body that stops short or is larger than :data:`MAX_BODY` ends the
connection with a 4xx JSON answer (``Connection: close``). Chunked bodies arrive de-chunked from the server.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import socket
from collections.abc import Iterable
from typing import Any, Callable
from urllib.parse import parse_qs, quote, urlsplit

from ..core.dispatch import dispatch
from ..core.lifecycle import MODES
from ..core.protocol.http import HttpRequest, HttpResponse
from ..core.protocol.models import service_model
from ..core.protocol.router import route
from ..core.registry import SERVICES
from ..core.state import HANDLE, MockHandle

logger = logging.getLogger("cleanroom_mock.server")

_SCOPE_SERVICE = re.compile(r"Credential=[^/]+/\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request")
_AWS_HOST = re.compile(r"^([a-z0-9-]+)\.[a-z0-9-]+\.amazonaws\.com")
_DIGITS = re.compile(r"[0-9]{1,19}")
CONTROL_PREFIX = "/_cleanroom_mock/"
MAX_BODY = 64 * 1024 * 1024  # far above any request these services accept (PutEvents: 10 events)

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class BadRequest(Exception):
    """A request the server refuses before any service sees it (4xx JSON, connection closed)."""

    def __init__(self, status: int, code: str, message: str, *, close: bool = True) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.close = close

    def response(self) -> HttpResponse:
        headers = {"Content-Type": "application/json", "X-Amzn-Errortype": self.code}
        if self.close:
            headers["Connection"] = "close"
        body = json.dumps({"__type": self.code, "message": self.message}).encode()
        return HttpResponse(self.status, headers, body)


@functools.cache
def _services_by_signing_name() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for name in SERVICES:
        grouped.setdefault(service_model(name).signing_name, []).append(name)
    return {signing: tuple(names) for signing, names in grouped.items()}


@functools.cache
def _services_by_target_prefix() -> dict[str, str]:
    prefixes = {}
    for name in SERVICES:
        prefix = service_model(name).metadata.get("targetPrefix")
        if prefix:
            prefixes[prefix] = name
    return prefixes


def service_for(request: HttpRequest) -> str | None:
    """The emulated service ``request`` is for, or None when nothing about it names one of ours."""
    host = _AWS_HOST.match(request.header("host") or "")
    if host and host.group(1) in SERVICES.by_endpoint_prefix:
        return SERVICES.by_endpoint_prefix[host.group(1)]
    target = request.header("x-amz-target")
    if target is not None:  # AWS JSON: the target's prefix names the service even when the operation is unknown
        return _services_by_target_prefix().get(target.rpartition(".")[0])
    scope = _SCOPE_SERVICE.search(request.header("authorization") or "")
    candidates = _services_by_signing_name().get(scope.group(1), ()) if scope else tuple(SERVICES)
    url = urlsplit(request.url)
    query = parse_qs(url.query, keep_blank_values=True)
    for candidate in candidates:
        if route(candidate, request.method, url.path or "/", query, None) is not None:
            return candidate
    if scope is None:
        return None
    # Signed for one of ours, but no operation matches: the rest-json service of that signing name answers
    # UnknownOperationException in its own format.
    rest = [name for name in candidates if service_model(name).protocol == "rest-json"]
    return (rest or list(candidates))[0] if candidates else None


class ServerApp:
    """The WSGI application serving every emulated service (and the control routes) from ``handle``."""

    def __init__(self, handle: MockHandle = HANDLE) -> None:
        self.handle = handle

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.respond(environ)
        except BadRequest as refused:
            response = refused.response()
        except Exception as error:  # never a traceback on the wire: a JSON 500 and a log line
            logger.exception("cleanroom_mock server failed")
            response = BadRequest(500, "InternalFailure", f"cleanroom_mock internal error: {error!r}").response()
        start_response(f"{response.status} {_REASONS.get(response.status, 'Status')}",
                       list(response.headers.items()) + [("Content-Length", str(len(response.body)))])
        return [response.body]

    def respond(self, environ: dict[str, Any]) -> HttpResponse:
        request = request_from(environ)
        if urlsplit(request.url).path.startswith(CONTROL_PREFIX):
            return Control(self.handle).answer(request)
        service = service_for(request)
        if service is None:
            raise BadRequest(400, "UnknownOperationException",
                             "cleanroom_mock serves cleanroomsml and personalize only; this request matches "
                             "neither (sign it, or send it with an AWS host name or an X-Amz-Target).", close=False)
        return dispatch(service, request, self.handle)


class Control:
    """The control routes: each checks its input and answers JSON; 4xx for anything it cannot use."""

    def __init__(self, handle: MockHandle) -> None:
        self.handle = handle

    def answer(self, request: HttpRequest) -> HttpResponse:
        url = urlsplit(request.url)
        action = url.path[len(CONTROL_PREFIX):].strip("/")
        routes: dict[tuple[str, str], Callable[[HttpRequest, dict[str, str]], HttpResponse]] = {
            ("reset", "POST"): self.reset,
            ("data/object", "PUT"): self.put_object,
            ("data/object", "GET"): self.get_object,
            ("data/table", "PUT"): self.put_table,
            ("collaborations", "POST"): self.add_collaboration,
            ("settings", "POST"): self.change_settings,
            ("settings", "GET"): self.settings,
        }
        handler = routes.get((action, request.method))
        if handler is None:
            known = {name for name, _ in routes}
            status = 405 if action in known else 404
            raise BadRequest(status, "UnknownControlRoute",
                             f"unknown control route {request.method} {url.path}", close=False)
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
        unknown = sorted(set(document) - {"strict", "lifecycle", "step_seconds"})
        if unknown:
            raise _invalid(f"unknown settings {', '.join(unknown)}; known: strict, lifecycle, step_seconds")
        strict = _boolean(document["strict"]) if "strict" in document else None
        mode = document.get("lifecycle")
        if mode is not None and mode not in MODES:
            raise _invalid(f"lifecycle must be one of {', '.join(MODES)}, not {json.dumps(mode)}")
        step = document.get("step_seconds")
        if step is not None and (
            isinstance(step, bool) or not isinstance(step, (int, float)) or not 0 < step < float("inf")
        ):
            raise _invalid(f"step_seconds must be a positive number, not {json.dumps(step)}")
        with self.handle.lock:  # all or nothing: every value was checked above
            if strict is not None:
                self.handle.strict = strict
            if mode is not None:
                self.handle.lifecycle = mode
            if step is not None:
                self.handle.step_seconds = float(step)
        return self.settings(request, query)

    def settings(self, request: HttpRequest, query: dict[str, str]) -> HttpResponse:
        lifecycles = self.handle.lifecycles
        return _json(200, {"strict": self.handle.strict, "lifecycle": lifecycles.mode,
                           "step_seconds": lifecycles.step_seconds})


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


def _boolean(value: Any) -> bool:
    """JSON true/false, or the strings "true"/"false" (any case): never a truthy string turning a switch on."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _invalid(f"strict must be true or false, not {json.dumps(value)}")


def _s3_uri(query: dict[str, str]) -> str:
    uri = query.get("uri", "")
    if not uri.startswith("s3://") or len(uri.split("/", 3)) < 4 or not uri.split("/", 3)[2]:
        raise _invalid("uri must be an s3://bucket/key URI")
    return uri


def _json(status: int, document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, {"Content-Type": "application/json"}, json.dumps(document).encode())


def read_body(environ: dict[str, Any]) -> bytes:
    """The whole request body, or :class:`BadRequest` (the connection then closes: it cannot be reused)."""
    stream = environ["wsgi.input"]
    try:
        if environ.get("wsgi.input_terminated"):  # chunked: the server de-chunks, the end is marked
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = stream.read(65536)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > MAX_BODY:
                    raise BadRequest(413, "RequestEntityTooLarge", f"the body is larger than {MAX_BODY} bytes")
                chunks.append(chunk)
        if environ.get("CONTENT_LENGTH") is None:
            return b""
        raw = environ["CONTENT_LENGTH"].strip()
        if not _DIGITS.fullmatch(raw):
            raise BadRequest(400, "BadRequest", f"Content-Length must be a non-negative integer, not {raw[:40]!r}")
        length = int(raw)
        if length > MAX_BODY:
            raise BadRequest(413, "RequestEntityTooLarge", f"the body is larger than {MAX_BODY} bytes")
        body = stream.read(length) if length else b""
    except (TimeoutError, socket.timeout):
        raise BadRequest(408, "RequestTimeout", "the request body did not arrive in time")
    except OSError as error:  # a malformed chunk
        raise BadRequest(400, "BadRequest", f"malformed request body: {error}")
    if len(body) != length:
        raise BadRequest(400, "BadRequest", f"the body ended after {len(body)} of {length} bytes")
    return bytes(body)


def request_from(environ: dict[str, Any]) -> HttpRequest:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    body = read_body(environ)
    host = headers.get("host") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
    # PATH_INFO is already percent-decoded; the router needs the raw path, where ARNs keep their %2F.
    raw_path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or _reencode(environ.get("PATH_INFO", "/"))
    query = environ.get("QUERY_STRING", "")
    path = raw_path.split("?", 1)[0]
    if "://" in path:  # an absolute request target (proxy form): keep only its path
        path = urlsplit(path).path or "/"
    url = f"http://{host}{path}" + (f"?{query}" if query else "")
    return HttpRequest(environ["REQUEST_METHOD"].upper(), url, headers, body)


def _reencode(path: str) -> str:
    return quote(path.encode("latin-1").decode("utf-8", "replace"), safe="/")


_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request",
            402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            408: "Request Timeout", 409: "Conflict", 413: "Content Too Large", 429: "Too Many Requests",
            500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable"}


def make_app(handle: MockHandle = HANDLE) -> ServerApp:
    return ServerApp(handle)
