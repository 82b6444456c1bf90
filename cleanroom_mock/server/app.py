"""The WSGI application: find the service a request is for, then hand it to ``core.dispatch``.

Behind one port, the service comes from (in order) the Host header when it is an AWS host name, or the
SigV4 credential scope's signing name; ``personalize``, ``personalize-runtime`` and ``personalize-events``
share a signing name, so among those the router decides (JSON targets vs. distinct URI paths).

A few control routes under ``/_cleanroom_mock/`` let a test in another language reach the handle:
reset the state, put and get data-layer objects and tables, register collaborations.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterable
from socketserver import ThreadingMixIn
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from ..core.dispatch import dispatch
from ..core.protocol.http import HttpRequest, HttpResponse
from ..core.protocol.models import service_model
from ..core.protocol.router import route
from ..core.registry import SERVICES
from ..core.state import HANDLE, MockHandle

_SCOPE_SERVICE = re.compile(r"Credential=[^/]+/\d{8}/[a-z0-9-]+/([a-z0-9-]+)/aws4_request")
_AWS_HOST = re.compile(r"^([a-z0-9-]+)\.[a-z0-9-]+\.amazonaws\.com")
CONTROL_PREFIX = "/_cleanroom_mock/"

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@functools.cache
def _services_by_signing_name() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for name in SERVICES:
        grouped.setdefault(service_model(name).signing_name, []).append(name)
    return {signing: tuple(names) for signing, names in grouped.items()}


def service_for(request: HttpRequest) -> str | None:
    host = _AWS_HOST.match(request.header("host") or "")
    if host and host.group(1) in SERVICES.by_endpoint_prefix:
        return SERVICES.by_endpoint_prefix[host.group(1)]
    scope = _SCOPE_SERVICE.search(request.header("authorization") or "")
    candidates = _services_by_signing_name().get(scope.group(1), ()) if scope else tuple(SERVICES)
    url = urlsplit(request.url)
    query = parse_qs(url.query, keep_blank_values=True)
    for candidate in candidates:
        if route(candidate, request.method, url.path or "/", query, request.header("x-amz-target")) is not None:
            return candidate
    return candidates[0] if len(candidates) == 1 else None


class ServerApp:
    def __init__(self, handle: MockHandle = HANDLE) -> None:
        self.handle = handle

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = _request_from(environ)
        if urlsplit(request.url).path.startswith(CONTROL_PREFIX):
            response = self._control(request)
        else:
            service = service_for(request)
            if service is None:
                body = json.dumps({"message": "cleanroom_mock serves cleanroomsml and personalize only; "
                                   "this request matches neither."}).encode()
                response = HttpResponse(404, {"Content-Type": "application/json",
                                              "X-Amzn-Errortype": "UnknownServiceException"}, body)
            else:
                response = dispatch(service, request, self.handle)
        start_response(f"{response.status} {_REASONS.get(response.status, 'Status')}",
                       list(response.headers.items()) + [("Content-Length", str(len(response.body)))])
        return [response.body]

    def _control(self, request: HttpRequest) -> HttpResponse:
        url = urlsplit(request.url)
        action = url.path[len(CONTROL_PREFIX):].strip("/")
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        data = self.handle.data
        if action == "reset" and request.method == "POST":
            self.handle.reset()
            return _json(200, {"reset": True})
        if action == "data/object" and request.method == "PUT":
            data.put_object(query["uri"], request.body)
            return _json(200, {"uri": query["uri"]})
        if action == "data/object" and request.method == "GET":
            from ..core.data import DataError

            try:
                return HttpResponse(200, {"Content-Type": "application/octet-stream"}, data.get_object(query["uri"]))
            except DataError as error:
                return _json(404, {"message": str(error)})
        if action == "data/table" and request.method == "PUT":
            document = json.loads(request.body or b"{}")
            data.put_table(document["database"], document["table"], document["rows"])
            return _json(200, {"table": f"{document['database']}.{document['table']}"})
        if action == "collaborations" and request.method == "POST":
            document = json.loads(request.body or b"{}")
            self.handle.collaborations.add(document["collaborationId"], accounts=document["accounts"])
            return _json(200, document)
        if action == "settings" and request.method == "POST":
            document = json.loads(request.body or b"{}")
            for name in ("strict", "lifecycle", "step_seconds"):
                if name in document:
                    setattr(self.handle, name, document[name])
            return _json(200, {"strict": self.handle.strict, "lifecycle": str(self.handle.lifecycle)})
        return _json(404, {"message": f"unknown control route {request.method} {url.path}"})


def _json(status: int, document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, {"Content-Type": "application/json"}, json.dumps(document).encode())


def _request_from(environ: dict[str, Any]) -> HttpRequest:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    host = headers.get("host") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
    # PATH_INFO is already percent-decoded; the router needs the raw path, where ARNs keep their %2F.
    raw_path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or _reencode(environ.get("PATH_INFO", "/"))
    query = environ.get("QUERY_STRING", "")
    path = raw_path.split("?", 1)[0]
    url = f"http://{host}{path}" + (f"?{query}" if query else "")
    return HttpRequest(environ["REQUEST_METHOD"].upper(), url, headers, body)


def _reencode(path: str) -> str:
    from urllib.parse import quote

    return quote(path.encode("latin-1").decode("utf-8", "replace"), safe="/")


_REASONS = {200: "OK", 400: "Bad Request", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
            409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented"}


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ["RAW_URI"] = self.path  # keep the undecoded path (see _request_from)
        return environ


def make_app(handle: MockHandle = HANDLE) -> ServerApp:
    return ServerApp(handle)


def serve(host: str = "127.0.0.1", port: int = 5055, *, background: bool = False) -> Any:
    """Serve until interrupted; with ``background=True`` return the running server (call ``shutdown()``)."""
    server = make_server(host, port, make_app(), server_class=_ThreadingServer, handler_class=_QuietHandler)
    if background:
        threading.Thread(target=server.serve_forever, daemon=True, name="cleanroom-mock-server").start()
        return server
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return server
