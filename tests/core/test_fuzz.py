"""No 500s, and only declared or common error codes, for damaged and generated input to every operation.

The CI-sized runs of ``tests/core/fuzzing.py``: a seeded mutation fuzz and a hypothesis fuzz over every
operation of every emulated service. ``benchmarks/fuzz_all.py`` runs the same at 40,000+ requests.
"""

from __future__ import annotations

import pytest

from cleanroom_mock.core.state import MockHandle

from .fuzzing import Fuzzer, HypothesisSource, RandomSource, operations

hypothesis = pytest.importorskip("hypothesis")
strategies = pytest.importorskip("hypothesis.strategies")

OPERATIONS = operations()


@pytest.fixture(scope="module")
def fuzzer():
    handle = MockHandle()
    handle.raise_internal_errors = True  # a crash shows its exception in the finding
    found = Fuzzer(handle)
    found.seed()
    return found


def _report(fuzzer: Fuzzer) -> str:
    return "\n".join(f"{f.service}.{f.operation}: {f.kind}: {f.detail[:300]}" for f in fuzzer.tally.findings[:20])


def test_every_service_and_operation_is_fuzzed():
    services = {service for service, _ in OPERATIONS}
    assert services == {"cleanrooms", "cleanroomsml", "personalize", "personalize-runtime", "personalize-events"}
    assert len(OPERATIONS) >= 150


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_requests_get_4xx_with_declared_codes(fuzzer, seed):
    source = RandomSource(seed)
    before = len(fuzzer.tally.findings)
    for service, operation in OPERATIONS:
        for _ in range(3):
            fuzzer.mutated(service, operation, source)
    assert fuzzer.tally.findings[before:] == [], _report(fuzzer)


def test_generated_requests_get_4xx_with_declared_codes(fuzzer):
    source = RandomSource(11)
    for service, operation in OPERATIONS:
        for _ in range(3):
            fuzzer.generated(service, operation, source)
    assert fuzzer.tally.findings == [], _report(fuzzer)
    assert fuzzer.tally.server_errors == 0


@hypothesis.settings(max_examples=400, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(data=strategies.data())
def test_hypothesis_fuzz_of_every_operation(fuzzer, data):
    service, operation = data.draw(strategies.sampled_from(OPERATIONS), label="operation")
    source = HypothesisSource(data)
    before = len(fuzzer.tally.findings)
    if data.draw(strategies.booleans(), label="mutate"):
        fuzzer.mutated(service, operation, source)
    else:
        fuzzer.generated(service, operation, source)
    assert fuzzer.tally.findings[before:] == [], _report(fuzzer)
