"""Each malformed or unusual HTTP case gets a prompt JSON answer: never a hang, a traceback or an HTML page."""

from __future__ import annotations

import http.client
import json
import socket
import time

import pytest

import cleanroom_mock
from cleanroom_mock.server import ThreadedServer
from cleanroom_mock.server.app import MAX_BODY
from cleanroom_mock.server.serving import BACKLOG, Server

LIST_SCHEMAS = "X-Amz-Target: AmazonPersonalize.ListSchemas\r\nContent-Type: application/x-amz-json-1.1\r\n"


def _responses(raw: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Split what a connection received into (status, headers, body) responses."""
    found = []
    while raw:
        head, _, raw = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        found.append((status, headers, raw[:length]))
        raw = raw[length:]
    return found


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "0x10", "+5", " ", "99999999999999999999999"])
def test_a_bad_content_length_is_a_prompt_400(exchange, length):
    started = time.monotonic()
    raw = exchange(f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Content-Length: {length}\r\n\r\n{{}}".encode())
    assert time.monotonic() - started < 5.0
    [(status, headers, body)] = _responses(raw)  # a hang would end in the fixture's 1 s request time-out: 408
    assert status in (400, 413)
    assert headers["connection"] == "close"
    assert json.loads(body)["__type"] in ("BadRequest", "RequestEntityTooLarge")


def test_a_content_length_beyond_the_limit_is_413_without_reading(exchange):
    raw = exchange(f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Content-Length: {MAX_BODY + 1}\r\n\r\n".encode())
    [(status, _, body)] = _responses(raw)
    assert status == 413 and json.loads(body)["__type"] == "RequestEntityTooLarge"


def test_a_chunked_body_is_read(exchange):
    body = b'{"maxResults": 5}'
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:7], body[7:])) + b"0\r\n\r\n"
    raw = exchange(
        f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode()
        + chunked
    )
    [(status, _, answer)] = _responses(raw)
    assert status == 200 and json.loads(answer) == {"schemas": []}
    # the body was read, not dropped: a wrong value in it is seen
    raw = exchange(
        f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n".encode()
        + b'13\r\n{"maxResults": 500}\r\n0\r\n\r\n'
    )
    [(status, _, answer)] = _responses(raw)
    assert status == 400 and json.loads(answer)["__type"] == "InvalidInputException"


def test_chunked_requests_keep_the_connection_usable(exchange):
    chunked = f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Transfer-Encoding: chunked\r\n\r\n".encode()
    chunked += b"2\r\n{}\r\n0\r\n\r\n"
    last = f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Content-Length: 2\r\nConnection: close\r\n\r\n{{}}".encode()
    assert [status for status, _, _ in _responses(exchange(chunked + chunked + last))] == [200, 200, 200]


def test_a_malformed_chunk_is_a_400(exchange):
    head = f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Transfer-Encoding: chunked\r\n\r\n"
    raw = exchange(head.encode() + b"zz\r\n{}\r\n0\r\n\r\n")
    [(status, headers, body)] = _responses(raw)
    assert status == 400 and headers["connection"] == "close" and json.loads(body)["__type"] == "BadRequest"


def test_a_body_that_stops_short_times_out_with_408(server):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Content-Length: 100\r\n\r\n{{".encode())
        raw = b""
        while chunk := connection.recv(65536):  # until the server closes the connection
            raw += chunk
    [(status, _, body)] = _responses(raw)
    assert status == 408 and json.loads(body)["__type"] == "RequestTimeout"
    assert time.monotonic() - started < 4.0  # request_timeout is 1 s in these tests


def test_a_half_sent_header_block_is_dropped_after_the_request_timeout(exchange):
    started = time.monotonic()
    raw = exchange(b"POST / HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
    assert raw == b"" and time.monotonic() - started < 4.0


def test_an_idle_keep_alive_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        started = time.monotonic()
        assert connection.recv(1) == b""  # the server closed it
    assert 1.5 < time.monotonic() - started < 6.0  # idle_timeout is 2 s in these tests


def test_http_1_1_keeps_the_connection_alive(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    headers = {"X-Amz-Target": "AmazonPersonalize.ListSchemas", "Content-Type": "application/x-amz-json-1.1"}
    sockets = set()
    for _ in range(5):
        connection.request("POST", "/", body=b"{}", headers=headers)
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read()) == {"schemas": []}
        assert response.version == 11 and response.getheader("Connection") is None
        sockets.add(id(connection.sock))
    assert len(sockets) == 1
    connection.close()


def test_a_pipelined_pair_is_answered_in_order(exchange):
    one = f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Content-Length: 2\r\n\r\n{{}}"
    two = f"POST / HTTP/1.1\r\nHost: x\r\n{LIST_SCHEMAS}Content-Length: 17\r\nConnection: close\r\n\r\n" \
          '{"maxResults": 0}'
    answers = _responses(exchange((one + two).encode()))
    assert [status for status, _, _ in answers] == [200, 400]


@pytest.mark.parametrize(
    "request_line", [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"]
)
def test_a_garbled_request_gets_a_json_error(exchange, request_line):
    [(status, headers, body)] = _responses(exchange(request_line))
    assert 400 <= status < 600 and headers["content-type"] == "application/json"
    assert "message" in json.loads(body)


def test_an_unknown_json_target_is_400_in_the_service_format(exchange):
    raw = exchange(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AmazonPersonalize.NoSuchThing\r\n"
                   b"Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
    [(status, headers, body)] = _responses(raw)
    assert status == 400
    assert headers["x-amzn-errortype"] == "UnknownOperationException"
    assert json.loads(body)["__type"] == "UnknownOperationException"


def test_an_unknown_signed_rest_path_is_400_in_the_service_format(exchange):
    authorization = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/cleanrooms-ml/aws4_request, "
                     "SignedHeaders=host, Signature=0")
    raw = exchange(f"GET /no/such/path HTTP/1.1\r\nHost: x\r\nAuthorization: {authorization}\r\n"
                   "Connection: close\r\n\r\n".encode())
    [(status, headers, body)] = _responses(raw)
    assert status == 400 and headers["x-amzn-errortype"] == "UnknownOperationException"
    assert "message" in json.loads(body)


def test_an_anonymous_request_for_nothing_we_serve_is_a_json_400(exchange):
    raw = exchange(b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    [(status, headers, body)] = _responses(raw)
    assert status == 400 and json.loads(body)["__type"] == "UnknownOperationException"


def test_the_listen_backlog_is_deep():
    assert BACKLOG >= 128 and Server.request_queue_size >= 128


def test_a_port_in_use_is_an_exception_not_an_exit():
    from cleanroom_mock.server import PortInUse

    with ThreadedServer() as running, pytest.raises(PortInUse, match=f"cannot listen on 127.0.0.1:{running.port}"):
        ThreadedServer(port=running.port).start()


def test_a_stopped_server_ends_kept_alive_connections():
    with ThreadedServer() as running:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
        headers = {"X-Amz-Target": "AmazonPersonalize.ListSchemas", "Content-Type": "application/x-amz-json-1.1"}
        connection.request("POST", "/", body=b"{}", headers=headers)
        assert connection.getresponse().read() == b'{"schemas":[]}'
    with pytest.raises((http.client.HTTPException, OSError)):
        connection.request("POST", "/", body=b"{}", headers=headers)
        connection.getresponse()
    connection.close()
    cleanroom_mock.handle().reset()


def test_threaded_server_endpoint_and_stop():
    server = ThreadedServer()
    with pytest.raises(RuntimeError):
        server.endpoint_url  # noqa: B018 - not running yet
    with server:
        assert server.endpoint_url == f"http://127.0.0.1:{server.port}" and server.port > 0
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2)
    cleanroom_mock.handle().reset()
