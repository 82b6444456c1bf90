"""Many clients at once: every request answered, no connection reset or refused (loopback, bounded loops)."""

from __future__ import annotations

import http.client
import json
import threading

import pytest

REQUESTS_PER_CLIENT = 10


def _client_loop(port: int, errors: list[str], answers: list[int], start: threading.Barrier) -> None:
    headers = {"X-Amz-Target": "AmazonPersonalize.ListSchemas", "Content-Type": "application/x-amz-json-1.1"}
    start.wait(timeout=30)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for index in range(REQUESTS_PER_CLIENT):
            if index == REQUESTS_PER_CLIENT // 2:  # half on a kept-alive connection, half on a fresh one
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", "/", body=b"{}", headers=headers)
            response = connection.getresponse()
            body = response.read()
            answers.append(response.status)
            if response.status != 200 or json.loads(body) != {"schemas": []}:
                errors.append(f"{response.status} {body[:200]!r}")
    except (OSError, http.client.HTTPException) as error:
        errors.append(repr(error))
    finally:
        connection.close()


@pytest.mark.parametrize("clients", [16, 64])
def test_concurrent_clients_see_no_connection_errors(server, clients):
    errors: list[str] = []
    answers: list[int] = []
    start = threading.Barrier(clients)
    threads = [threading.Thread(target=_client_loop, args=(server.port, errors, answers, start))
               for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(answers) == clients * REQUESTS_PER_CLIENT and set(answers) == {200}
