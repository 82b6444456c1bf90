"""Scale against moto (issue #13; run by hand or from ``run_all.py``): paging, memory per schema, first call.

    python benchmarks/bench_scale.py [--paging 5000 100000] [--memory 10000] [--first-call 7]

- Paging: ListSchemas through boto3 over n schemas, every page (maxResults 100, the model's maximum), at a
  small and a large n; the time per schema should not grow with n (≤ 1.5× at 100k what it is at 5k). moto
  answers the same list in one page (it does not paginate ListSchemas), timed in the same process: our
  Personalize mock steps aside while moto answers. The schemas are created through each mock's own
  CreateSchema code (our operation group, moto's backend) rather than 100k boto3 round trips: creating them
  is not what is measured. Our 500-schema quota is lifted for the run.
- Memory per schema: tracemalloc's retained bytes after n CreateSchema calls through boto3, one fresh process
  per side, the call journal (``aws.calls``, a test aid moto lacks) cleared. Two rows: every schema with the
  same document and every schema with its own document (one more field, named for the schema; we keep each
  document deflated, core/compact.py, so the two rows cost us about the same).
- First call: wall time of a fresh ``python`` process that imports boto3 and the mock and makes one
  ``list_schemas`` (median of k runs), ours against moto's ``mock_aws``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Optional
from unittest import mock

import boto3

ROOT = Path(__file__).resolve().parents[1]
REGION = "us-east-1"
ACCOUNT = "123456789012"


def schema_document(variant: int | None = None) -> str:
    fields = [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
    ]
    if variant is not None:  # a document of its own: one more (optional) field with its own name
        fields.append({"name": f"EXTRA_{variant}", "type": ["null", "string"]})
    return json.dumps(
        {
            "type": "record",
            "name": "Interactions",
            "namespace": "com.amazonaws.personalize.schema",
            "fields": fields,
            "version": "1.0",
        }
    )


@contextmanager
def _no_schema_quota() -> Iterator[None]:
    """AWS's 500 active schemas is not adjustable (limits.html), so ``aws.quotas.set`` refuses it; the
    benchmark lifts it by patching the lookup instead."""
    from cleanroom_mock.core.control.quotas import Quotas

    real_get = Quotas.get

    def get(self: Quotas, service: str, name: str, region: Optional[str] = None) -> int:
        return 10**9 if name == "Active schemas" else real_get(self, service, name, region)

    with mock.patch.object(Quotas, "get", get):
        yield


# -- paging --------------------------------------------------------------------------------------------------
def _page_all(client: Any) -> tuple[int, float]:
    start, count, token = time.perf_counter(), 0, {}
    while True:
        page = client.list_schemas(maxResults=100, **token)
        count += len(page["schemas"])
        if "nextToken" not in page:
            return count, time.perf_counter() - start
        token = {"nextToken": page["nextToken"]}


def _floor_pages(client: Any, bodies: list[bytes], rounds: int) -> float:
    """Best seconds for ``client`` to page through ``bodies`` answered canned by a before-send hook: all the
    work botocore does for those pages (request, signing as the mock signs, parsing) and none of ours."""
    from botocore.awsrequest import AWSResponse

    from cleanroom_mock.core.intercept import _RawBody

    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "0" * 36}

    pending: list[Iterator[bytes]] = [iter(())]

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, headers, _RawBody(next(pending[0])))

    client.meta.events.register_first("before-send.personalize.ListSchemas", answer)
    timings = []
    for _ in range(rounds):
        pending[0] = iter(bodies)
        timings.append(_page_all(client)[1])
    return min(timings)


def paging(sizes: tuple[int, ...] = (5000, 100_000), rounds: int = 2) -> dict[str, Any]:
    """Seconds per schema listed at each size (ours), and both mocks' time for the whole list at the largest;
    ``floor_total``: botocore alone paging through the very pages we answered (canned)."""
    from moto import mock_aws
    from moto.personalize.models import personalize_backends

    from cleanroom_mock import mock_all
    from cleanroom_mock.core import intercept
    from cleanroom_mock.personalize.data.schemas import SchemaOperations

    personalize = {"personalize"}
    document = schema_document()
    result: dict[str, Any] = {"per_item": {}}
    with mock_aws(), mock_all() as aws, _no_schema_quota():
        ours = boto3.client("personalize", region_name=REGION)
        group = aws.store("personalize", ACCOUNT, REGION).group(SchemaOperations)
        moto_backend = personalize_backends[ACCOUNT][REGION]
        created = 0
        for size in sorted(sizes):
            for index in range(created, size):
                group.create_schema(name=f"schema-{index}", schema=document)
                moto_backend.create_schema(name=f"schema-{index}", schema_dict=document, domain=None)
            created = size
            timings = []
            for _ in range(rounds):
                count, seconds = _page_all(ours)
                assert count == size, count
                timings.append(seconds)
            result["per_item"][size] = min(timings) / size
        largest = max(sizes)
        result["ours_total"] = result["per_item"][largest] * largest
        bodies: list[bytes] = []
        ours.meta.events.register(
            "before-parse.personalize.ListSchemas", lambda response_dict, **_: bodies.append(response_dict["body"])
        )
        _page_all(ours)
        result["floor_total"] = _floor_pages(boto3.client("personalize", region_name=REGION), bodies, rounds)
        intercept.deactivate(personalize)  # moto answers Personalize now
        try:
            moto_client = boto3.client("personalize", region_name=REGION)
            timings = []
            for _ in range(rounds):
                start = time.perf_counter()
                assert len(moto_client.list_schemas()["schemas"]) == largest
                timings.append(time.perf_counter() - start)
            result["moto_total"] = min(timings)
        finally:
            intercept.activate(personalize)
    return result


# -- memory --------------------------------------------------------------------------------------------------
def _retained_per_schema(client: Any, count: int, distinct: bool, settle: Callable[[], None]) -> float:
    for index in range(50):  # warm every path (models, caches) before measuring
        client.create_schema(name=f"warm-{index}", schema=schema_document(index if distinct else None))
    settle()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for index in range(count):
        client.create_schema(name=f"schema-{index}", schema=schema_document(index if distinct else None))
    settle()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / count


def _memory_here(side: str, count: int, distinct: bool) -> float:
    if side == "moto":
        from moto import mock_aws

        with mock_aws():
            return _retained_per_schema(boto3.client("personalize", region_name=REGION), count, distinct, gc.collect)
    from cleanroom_mock import mock_personalize

    with mock_personalize() as aws, _no_schema_quota():

        def settle() -> None:
            aws.calls.clear()
            gc.collect()

        return _retained_per_schema(boto3.client("personalize", region_name=REGION), count, distinct, settle)


def memory_per_schema(count: int = 10_000, distinct: bool = False) -> dict[str, float]:
    """Bytes retained per schema, ours and moto's, each measured in a fresh process."""
    found = {}
    for side in ("ours", "moto"):
        flags = ["--distinct"] if distinct else []
        output = _run_here(["--memory-side", side, "--memory", str(count), *flags])
        found[side] = float(output.strip().splitlines()[-1])
    return found


# -- first call ----------------------------------------------------------------------------------------------
FIRST_CALL = {
    "ours": "from cleanroom_mock import mock_personalize as mocked",
    "moto": "from moto import mock_aws as mocked",
}
_FIRST_CALL_BODY = """
import boto3
with mocked():
    boto3.client("personalize", region_name="us-east-1").list_schemas()
"""


def first_call(runs: int = 7) -> dict[str, float]:
    """Median wall time of a fresh process: start, import boto3 and the mock, one ``list_schemas``."""
    timings: dict[str, list[float]] = {side: [] for side in FIRST_CALL}
    for _ in range(runs):
        for side, preamble in FIRST_CALL.items():  # interleaved, so machine noise hits both alike
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", preamble + _FIRST_CALL_BODY], check=True, cwd=ROOT, env=_environment()
            )
            timings[side].append(time.perf_counter() - start)
    return {side: statistics.median(values) for side, values in timings.items()}


def modules_on_first_call() -> list[str]:
    """Our modules a fresh process has imported after its first ``list_schemas`` (what lazy loading spares)."""
    script = (
        FIRST_CALL["ours"]
        + _FIRST_CALL_BODY
        + (
            "import sys\nprint('\\n'.join(sorted(m for m in sys.modules if m.startswith(('cleanroom_mock', 'scipy', "
            "'numpy', 'duckdb', 'sqlglot')))))\n"
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, cwd=ROOT, env=_environment(), capture_output=True, text=True
    )
    return done.stdout.split()


def _environment() -> dict[str, str]:
    import os

    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }


def _run_here(arguments: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, cwd=ROOT, env=_environment(), capture_output=True, text=True
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paging", type=int, nargs="*", default=[5000, 100_000])
    parser.add_argument("--memory", type=int, default=10_000)
    parser.add_argument("--memory-side", choices=("ours", "moto"))
    parser.add_argument("--distinct", action="store_true")
    parser.add_argument("--first-call", type=int, default=7)
    options = parser.parse_args()
    if options.memory_side:  # one side's memory, in this fresh process (memory_per_schema runs this)
        print(_memory_here(options.memory_side, options.memory, options.distinct))
        return
    if options.paging:
        found = paging(tuple(options.paging))
        for size, seconds in found["per_item"].items():
            print(f"paging {size:>7,} schemas: {seconds * 1e6:7.1f} µs per schema")
        print(
            f"whole list of {max(options.paging):,}: ours {found['ours_total']:.2f} s (pages of 100), "
            f"moto {found['moto_total']:.2f} s (one page), botocore alone on our pages {found['floor_total']:.2f} s"
        )
    for distinct in (False, True):
        memory = memory_per_schema(options.memory, distinct)
        print(
            f"memory per schema ({'own' if distinct else 'same'} document): ours {memory['ours']:.0f} B, "
            f"moto {memory['moto']:.0f} B"
        )
    if options.first_call:
        timing = first_call(options.first_call)
        print(f"process start + first list_schemas: ours {timing['ours']:.3f} s, moto {timing['moto']:.3f} s")


if __name__ == "__main__":
    main()
