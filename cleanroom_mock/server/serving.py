"""The HTTP side of the server: werkzeug's threaded server with keep-alive, time-outs and a deep backlog.

werkzeug gives the threaded server, the WSGI environ and de-chunking of ``Transfer-Encoding: chunked``
bodies. Its development handler closes every connection after one response (it cannot know whether an
application read the whole body); ours always does (``app.read_body``) or answers ``Connection: close``,
so :class:`RequestHandler` keeps HTTP/1.1 connections alive, as SDKs and the AWS CLI expect.

Time-outs: a kept-alive connection that sends nothing for ``idle_timeout`` seconds is closed; once a request
has begun, the client may stay silent at most ``request_timeout`` seconds at a time (then 408, or the
connection is dropped), so no connection holds a thread forever. The listen backlog is ``BACKLOG`` (the
kernel may cap it at ``net.core.somaxconn``). Malformed requests get a JSON 4xx, never an HTML page.

    from cleanroom_mock.server import ThreadedServer

    with ThreadedServer() as server:        # a free port on 127.0.0.1
        boto3.client("personalize", endpoint_url=server.endpoint_url, ...)
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from types import TracebackType
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from ..core.state import HANDLE, MockHandle
from .app import ServerApp, make_app

BACKLOG = 1024
IDLE_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0


class PortInUse(OSError):
    """The port cannot be bound (in use, or not allowed): one line, no traceback, from the command line."""


class RequestHandler(WSGIRequestHandler):
    """HTTP/1.1 with keep-alive; silent; JSON for protocol errors; idle and request time-outs."""

    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # a garbled request line still gets a status line with its error
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms wait for an ACK between
    server: Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.forget(self.connection)

    def handle_one_request(self) -> None:
        try:
            self.connection.settimeout(self.server.idle_timeout)
            if not self.rfile.peek(1):  # type: ignore[attr-defined]  # the client closed the connection
                self.close_connection = True
                return
        except (TimeoutError, socket.timeout, OSError):
            self.close_connection = True
            return
        self.connection.settimeout(self.server.request_timeout)
        super().handle_one_request()

    def run_wsgi(self) -> None:
        environ = self.make_environ()
        chunks: list[bytes] = []
        status_headers: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status_headers[:] = [status, headers]
            return chunks.append

        chunks.extend(self.server.app(environ, start_response))
        status, headers = status_headers
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            self.send_header(name, value)  # "Connection: close" sets close_connection
        if self.close_connection and not any(name.lower() == "connection" for name, _ in headers):
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            for chunk in chunks:
                self.wfile.write(chunk)
        self.wfile.flush()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's answer to a malformed request line or header block, as JSON."""
        self.close_connection = True
        reason = message or self.responses.get(code, ("Error",))[0]
        body = json.dumps({"__type": "BadRequest" if code < 500 else "InternalFailure", "message": reason}).encode()
        try:
            self.send_response(code, None)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except OSError:
            pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class Server(ThreadedWSGIServer):
    """werkzeug's threaded WSGI server on a socket we bind ourselves (so a port in use is an exception,
    not werkzeug's message and ``sys.exit``)."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(
        self,
        host: str,
        port: int,
        app: ServerApp,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        listener = _listen(host, port)
        try:
            super().__init__(host, port, app, RequestHandler, fd=listener.fileno())
        finally:
            listener.close()  # werkzeug keeps its own duplicate of the descriptor
        self.app: ServerApp = app

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002 - werkzeug's signature
        pass

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def forget(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def server_close(self) -> None:
        """Close the listening socket and end kept-alive connections too: a stopped server answers nothing."""
        super().server_close()
        with self._connections_lock:
            open_connections = list(self._connections)
        for connection in open_connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A connection that broke mid-request is the client's business; anything else is a bug worth a line.
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError, socket.timeout)):
            super().handle_error(request, client_address)

    @property
    def endpoint_url(self) -> str:
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
    except OSError as error:
        listener.close()
        reason = error.strerror or str(error)
        raise PortInUse(error.errno, f"cannot listen on {host}:{port}: {reason}") from None
    return listener


def make_server(
    host: str = "127.0.0.1",
    port: int = 5055,
    handle: MockHandle = HANDLE,
    *,
    idle_timeout: float = IDLE_TIMEOUT,
    request_timeout: float = REQUEST_TIMEOUT,
) -> Server:
    """A bound, listening server (not yet serving: call ``serve_forever``). ``port=0`` picks a free port."""
    return Server(host, port, make_app(handle), idle_timeout=idle_timeout, request_timeout=request_timeout)


def serve(host: str = "127.0.0.1", port: int = 5055, *, background: bool = False) -> Server:
    """Serve until interrupted; with ``background=True`` return the running server (call ``shutdown()``)."""
    server = make_server(host, port)
    if background:
        threading.Thread(target=server.serve_forever, daemon=True, name="cleanroom-mock-server").start()
        return server
    server.serve_forever()  # werkzeug's: returns on KeyboardInterrupt and closes the socket
    return server


class ThreadedServer:
    """The server on a background thread, for tests: ``with ThreadedServer() as server: server.endpoint_url``.

    It listens on a free port of ``host`` (loopback by default) unless ``port`` is given, answers from
    ``handle`` (the shared handle by default, so ``cleanroom_mock.handle()`` sees what clients did), and
    stops when the block ends: the listening socket closes and kept-alive connections are ended.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        handle: MockHandle = HANDLE,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self.host = host
        self.port = port
        self.handle = handle
        self._timeouts = {"idle_timeout": idle_timeout, "request_timeout": request_timeout}
        self.server: Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint_url(self) -> str:
        if self.server is None:
            raise RuntimeError("the server is not running: use it as a context manager or call start()")
        return self.server.endpoint_url

    def start(self) -> ThreadedServer:
        if self.server is not None:
            raise RuntimeError("this ThreadedServer is already running")
        self.server = make_server(self.host, self.port, self.handle, **self._timeouts)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name=f"cleanroom-mock-server:{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self.server, self._thread
        self.server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
