"""The fuzz over real HTTP: damaged requests through the server's own stack still never get a 500."""

from __future__ import annotations

from cleanroom_mock.core.state import MockHandle
from cleanroom_mock.server import ThreadedServer
from tests.core.fuzzing import Fuzzer, OverHttp, RandomSource, operations


def test_mutated_requests_over_http_get_no_500s():
    handle = MockHandle()
    fuzzer = Fuzzer(handle)
    fuzzer.seed()
    with ThreadedServer(handle=handle) as server:
        fuzzer.transport = OverHttp(server)
        source = RandomSource(5)
        for service, operation in operations():
            fuzzer.mutated(service, operation, source)
            fuzzer.mutated(service, operation, source)
    assert fuzzer.tally.requests >= 270
    assert fuzzer.tally.server_errors == 0
    assert fuzzer.tally.findings == [], fuzzer.tally.findings[:5]
