"""A server on a free loopback port for each test, over fresh shared state."""

from __future__ import annotations

import socket

import pytest

import cleanroom_mock
from cleanroom_mock.server import ThreadedServer


@pytest.fixture
def server():
    cleanroom_mock.handle().reset()
    with ThreadedServer(idle_timeout=2.0, request_timeout=1.0) as running:
        yield running
    cleanroom_mock.handle().reset()


@pytest.fixture
def endpoint(server):
    return server.endpoint_url


@pytest.fixture
def exchange(server):
    """Send raw bytes on a fresh connection; return everything the server sends until it closes (≤ 5 s)."""

    def send(data: bytes, *, timeout: float = 5.0) -> bytes:
        with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as connection:
            connection.sendall(data)
            received = b""
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    return received
                received += chunk

    return send
