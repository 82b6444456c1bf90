"""The WSGI application: find the service a request is for, then hand it to ``core.dispatch``.

Behind one port, the service comes from (in order) the Host header when it is an AWS host name, or the
SigV4 credential scope's signing name; ``personalize``, ``personalize-runtime`` and ``personalize-events``
share a signing name, so among those the router decides (JSON targets vs. distinct URI paths). A request
no operation matches still gets the answer of the service it was meant for: ``UnknownOperationException``
(400) in that service's wire format (``__type`` in AWS JSON, ``X-Amzn-Errortype`` in both).

The control routes under ``/_cleanroom_mock/`` (``server.control``) let a test in another language reach the
handle: everything ``aws.`` offers in-process (state, data, faults, the journal, lifecycles, quotas, snapshots).

The body is read here, never left half-read on a kept-alive connection: a ``Content-Length`` that is not
a plain non-negative number, a body that stops short or is larger than :data:`MAX_BODY` ends the
connection with a 4xx JSON answer (``Connection: close``). Chunked bodies arrive de-chunked from the server.
"""

from __future__ import annotations

import functools
import logging
import re
import socket
from collections.abc import Iterable
from typing import Any, Callable
from urllib.parse import parse_qs, quote, urlsplit

from ..core.dispatch import dispatch
from ..core.protocol.http import HttpRequest, HttpResponse
from ..core.protocol.models import service_model
from ..core.protocol.router import route
from ..core.registry import SERVICES
from ..core.state import HANDLE, MockHandle
from .control import CONTROL_PREFIX, Control
from .errors import BadRequest

logger = logging.getLogger("cleanroom_mock.server")

_SCOPE_SERVICE = re.compile(r"Credential=[^/]+/\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request")
_AWS_HOST = re.compile(r"^([a-z0-9-]+)\.[a-z0-9-]+\.amazonaws\.com")
_DIGITS = re.compile(r"[0-9]{1,19}")
MAX_BODY = 64 * 1024 * 1024  # far above any request these services accept (PutEvents: 10 events)

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


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
