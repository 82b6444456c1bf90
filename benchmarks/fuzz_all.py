"""Fuzz every operation of every emulated service at scale and report what the engine answered.

    python benchmarks/fuzz_all.py                      # 40,000 requests: mutation + generated, seeded
    python benchmarks/fuzz_all.py --requests 100000 --seed 7 --hypothesis 2000
    python benchmarks/fuzz_all.py --server             # the same requests over HTTP to a ThreadedServer

Half the requests are well-formed requests damaged on the wire (types, lengths, deep nesting, unknown
members, NaN/Infinity, nulls, lone surrogates, huge strings, cut bodies, mangled paths and headers), half
are generated from the models with constraints ignored (see ``tests/core/fuzzing.py``); ``--hypothesis N``
adds N examples drawn by hypothesis. Every request goes through the same ``dispatch`` as boto3 and the
server (``--server``: over loopback HTTP through the server's own stack). The goal, checked here: 0 HTTP
500s, and only error codes each operation declares or the common ones. Exit status 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleanroom_mock.core.state import MockHandle  # noqa: E402
from tests.core.fuzzing import Fuzzer, HypothesisSource, OverHttp, RandomSource, operations  # noqa: E402


def run_hypothesis(fuzzer: Fuzzer, examples: int, all_operations: list) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def fuzz(data):
        service, operation = data.draw(st.sampled_from(all_operations))
        source = HypothesisSource(data)
        if data.draw(st.booleans()):
            fuzzer.mutated(service, operation, source)
        else:
            fuzzer.generated(service, operation, source)

    fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40_000, help="mutation + generated requests (default 40000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hypothesis", type=int, default=0, help="extra hypothesis examples (default 0)")
    parser.add_argument("--server", action="store_true", help="send every request over HTTP to a ThreadedServer")
    options = parser.parse_args(argv)

    handle = MockHandle()
    fuzzer = Fuzzer(handle)
    fuzzer.seed()
    server = over_http = None
    if options.server:
        from cleanroom_mock.server import ThreadedServer

        server = ThreadedServer(handle=handle).start()
        over_http = fuzzer.transport = OverHttp(server)
    source = RandomSource(options.seed)
    all_operations = operations()
    started = time.perf_counter()
    kinds: Counter[str] = Counter()
    while fuzzer.tally.requests < options.requests:
        for service, operation in all_operations:
            if fuzzer.tally.requests >= options.requests:
                break
            fuzzer.mutated(service, operation, source)
            fuzzer.generated(service, operation, source)
            if len(handle.calls) > 50_000:
                handle.calls.clear()
    if options.hypothesis:
        run_hypothesis(fuzzer, options.hypothesis, all_operations)
    elapsed = time.perf_counter() - started
    if server is not None:
        server.stop()
    tally = fuzzer.tally
    for finding in tally.findings:
        kinds[f"{finding.service}.{finding.operation}: {finding.kind}"] += 1

    print(f"{tally.requests:,} requests over {len(all_operations)} operations of "
          f"{len({service for service, _ in all_operations})} services in {elapsed:.1f} s "
          f"(seed {options.seed}, hypothesis examples {options.hypothesis}, "
          f"{'over HTTP' if over_http else 'in-process dispatch'})")
    if over_http is not None:
        print(f"not sendable by http.client (header or URL it refuses): {over_http.unsendable:,}")
    print("HTTP statuses:", ", ".join(f"{status}: {count:,}" for status, count in sorted(tally.statuses.items())))
    print("error codes:  ", ", ".join(f"{code}: {count:,}" for code, count in tally.codes.most_common()))
    print(f"HTTP 500s: {tally.server_errors}; answers with undeclared codes: "
          f"{sum(1 for f in tally.findings if f.kind.startswith('undeclared'))}")
    for kind, count in kinds.most_common(40):
        print(f"  {count:6,}  {kind}")
    for finding in tally.findings[:10]:
        print(f"  e.g. {finding.service}.{finding.operation} {finding.kind}: {finding.detail[:400]}")
    return 1 if tally.findings else 0


if __name__ == "__main__":
    sys.exit(main())
