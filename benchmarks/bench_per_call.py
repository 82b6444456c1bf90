"""Per-call cost of the mock against botocore's own floor and against moto (run by hand, numbers reported).

    python benchmarks/bench_per_call.py [--blocks 15] [--calls 300]

- floor: the same boto3 call answered by a ``before-send`` handler returning a canned response — everything
  botocore does (validation, serialization, real SigV4 signing, parsing) and nothing of ours. The mock
  itself skips the signature's HMAC chain, which nothing checks (see core/intercept.py), so it can come out
  below the floor. Mock and floor run in
  alternating blocks in one process, so machine noise hits both alike; the median block is reported.
- moto: moto's ``describe_schema`` under ``mock_aws`` (moto has no ``describe_campaign``), in the same
  interleaved rounds: for its blocks our Personalize mock steps aside, so moto's stubber answers.
Targets (issue #2): mock ≤ 1.25 × floor, and ≤ 0.5 × moto.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any, Callable

import boto3
from botocore.awsrequest import AWSResponse

from cleanroom_mock import mock_all
from cleanroom_mock.core import intercept
from cleanroom_mock.core.intercept import _RawBody
from cleanroom_mock.core.state import HANDLE

REGION = "us-east-1"
SCHEMA = json.dumps({
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
    "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
               {"name": "TIMESTAMP", "type": "long"}],
    "version": "1.0",
})


def _interactions_csv(users: int = 40, per_user: int = 30) -> str:
    rows = ["USER_ID,ITEM_ID,TIMESTAMP"]
    for user in range(users):
        rows += [f"u{user},i{(user * 7 + k) % 50},{1_700_000_000 + k}" for k in range(per_user)]
    return "\n".join(rows) + "\n"


def _campaign(aws: Any, personalize: Any) -> tuple[str, str]:
    """A real chain: group → schema → dataset → import → solution → version → campaign."""
    group = personalize.create_dataset_group(name="bench")["datasetGroupArn"]
    schema = personalize.create_schema(name="bench-interactions", schema=SCHEMA)["schemaArn"]
    dataset = personalize.create_dataset(name="bench-interactions", schemaArn=schema, datasetGroupArn=group,
                                         datasetType="Interactions")["datasetArn"]
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="bench")  # moto's S3 holds the data here
    aws.data.put_object("s3://bench/interactions.csv", _interactions_csv())
    job = personalize.create_dataset_import_job(
        jobName="bench-import", datasetArn=dataset, dataSource={"dataLocation": "s3://bench/interactions.csv"},
        roleArn="arn:aws:iam::123456789012:role/personalize")["datasetImportJobArn"]
    assert personalize.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"] == "ACTIVE"
    solution = personalize.create_solution(name="bench", datasetGroupArn=group,
                                           recipeArn="arn:aws:personalize:::recipe/aws-user-personalization")
    version = personalize.create_solution_version(solutionArn=solution["solutionArn"])["solutionVersionArn"]
    status = personalize.describe_solution_version(solutionVersionArn=version)["solutionVersion"]["status"]
    assert status == "ACTIVE", status
    campaign = personalize.create_campaign(name="bench", solutionVersionArn=version)["campaignArn"]
    assert personalize.describe_campaign(campaignArn=campaign)["campaign"]["status"] == "ACTIVE"
    return campaign, schema


def _floor_client(operation: str, canned: dict[str, Any]) -> Any:
    """A client whose every call of ``operation`` is answered by botocore's before-send hook, canned."""
    client = boto3.client("personalize", region_name=REGION)
    body = json.dumps(canned, default=lambda value: value.timestamp()).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "0" * 36}

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, headers, _RawBody(body))

    client.meta.events.register_first(f"before-send.personalize.{operation}", answer)
    return client


def _per_call(call: Callable[[], Any], calls: int, fast_signing: bool = True) -> float:
    # The floor gets botocore's real SigV4 signer; the mock skips the HMAC nobody checks (core/intercept.py).
    HANDLE.fast_signing = fast_signing
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def _rounds(calls_by_name: dict[str, Callable[[], Any]], blocks: int, calls: int,
            before: dict[str, Callable[[], None]]) -> dict[str, float]:
    """Median per-call time of each callable, measured in interleaved blocks."""
    times: dict[str, list[float]] = {name: [] for name in calls_by_name}
    for round_number in range(blocks + 1):
        for name, call in calls_by_name.items():
            before.get(name, lambda: None)()
            elapsed = _per_call(call, calls, fast_signing=name == "mock")
            if round_number:  # the first round warms every path up
                times[name].append(elapsed)
    HANDLE.fast_signing = True
    return {name: statistics.median(values) for name, values in times.items()}


def measure(blocks: int = 15, calls_per_block: int = 300) -> dict[str, dict[str, float]]:
    """Median seconds per call: method → {"mock", "floor"[, "moto"]} (``run_all.py`` calls this)."""
    from moto import mock_aws

    personalize_services = {"personalize"}
    results: dict[str, dict[str, float]] = {}
    with mock_aws(), mock_all() as aws:
        personalize = boto3.client("personalize", region_name=REGION)
        campaign_arn, schema_arn = _campaign(aws, personalize)
        # moto's own schema, created while moto answers Personalize (ours steps aside for those blocks)
        intercept.deactivate(personalize_services)
        moto_client = boto3.client("personalize", region_name=REGION)
        moto_arn = moto_client.create_schema(name="bench-interactions", schema=SCHEMA)["schemaArn"]
        intercept.activate(personalize_services)

        def ours_answers(yes: bool) -> None:
            if yes != ("personalize" in intercept.active_services()):
                (intercept.activate if yes else intercept.deactivate)(personalize_services)

        for operation, method, params in (
            ("DescribeCampaign", "describe_campaign", {"campaignArn": campaign_arn}),
            ("DescribeSchema", "describe_schema", {"schemaArn": schema_arn}),
        ):
            real = getattr(personalize, method)(**params)
            real.pop("ResponseMetadata")
            floor = _floor_client(operation, real)
            mock_call, floor_call = getattr(personalize, method), getattr(floor, method)
            calls = {"mock": lambda c=mock_call, p=params: c(**p), "floor": lambda c=floor_call, p=params: c(**p)}
            before = {"mock": lambda: ours_answers(True), "moto": lambda: ours_answers(False)}
            if method == "describe_schema":  # moto has no DescribeCampaign
                calls["moto"] = lambda: moto_client.describe_schema(schemaArn=moto_arn)
            results[method] = _rounds(calls, blocks, calls_per_block, before)
            ours_answers(True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=15)
    parser.add_argument("--calls", type=int, default=300)
    options = parser.parse_args()
    results = measure(options.blocks, options.calls)

    print(f"{'operation':<20}{'mock µs':>10}{'floor µs':>10}{'mock/floor':>12}{'moto µs':>10}{'mock/moto':>11}")
    for method, timing in results.items():
        moto_cell = f"{timing['moto'] * 1e6:>10.1f}{timing['mock'] / timing['moto']:>11.2f}" if "moto" in timing else ""
        print(f"{method:<20}{timing['mock'] * 1e6:>10.1f}{timing['floor'] * 1e6:>10.1f}"
              f"{timing['mock'] / timing['floor']:>12.3f}" + moto_cell)


if __name__ == "__main__":
    main()
