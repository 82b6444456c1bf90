"""Buckets in the data layer: the in-memory store remembers them and, under ``strict``, refuses a service's
output write to a bucket nobody created, with the same failure as moto's S3 (and AWS's)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import cleanroom_mock
from cleanroom_mock import mock_all
from cleanroom_mock.core.data import DataLayer, DataNotFound, InMemoryDataStore

from ...personalize.support import INTERACTIONS_SCHEMA, ROLE, client, make_dataset, new_group

moto = pytest.importorskip("moto")


def _export_status(bucket: str, *, create: bool) -> dict[str, Any]:
    """Export a dataset to ``s3://<bucket>/out/`` (created first or not); the job's final description."""
    pz = client()
    if create:
        cleanroom_mock.handle().data.create_bucket(bucket)
    dataset = make_dataset(pz, new_group(pz), "Interactions", INTERACTIONS_SCHEMA)
    job = pz.create_dataset_export_job(
        jobName="e",
        datasetArn=dataset,
        roleArn=ROLE,
        ingestionMode="ALL",
        jobOutput={"s3DataDestination": {"path": f"s3://{bucket}/out/"}},
    )["datasetExportJobArn"]
    return pz.describe_dataset_export_job(datasetExportJobArn=job)["datasetExportJob"]


@contextlib.contextmanager
def _mode(mode: str) -> Iterator[Any]:
    """Mode "memory" (plain), "strict" (memory, strict) or "moto" (moto's mock_aws answers S3); yields the handle."""
    with contextlib.ExitStack() as stack:
        if mode == "moto":
            stack.enter_context(moto.mock_aws())
        yield stack.enter_context(mock_all(strict=mode == "strict"))


def test_an_output_write_to_an_uncreated_bucket_fails_the_same_in_strict_memory_as_under_moto() -> None:
    described = {}
    for mode in ("strict", "moto"):
        with _mode(mode):
            described[mode] = _export_status("never-created", create=False)
    assert described["moto"]["status"] == "CREATE FAILED" and described["moto"]["failureReason"]
    assert described["strict"]["status"] == described["moto"]["status"]
    assert described["strict"]["failureReason"] == described["moto"]["failureReason"]


def test_without_strict_memory_still_lets_an_output_write_create_its_bucket() -> None:
    with _mode("memory"):
        assert _export_status("never-created", create=False)["status"] == "ACTIVE"


@pytest.mark.parametrize("mode", ["memory", "strict", "moto"])
def test_an_output_write_to_a_created_bucket_succeeds_everywhere(mode: str) -> None:
    with _mode(mode):
        assert _export_status("outputs", create=True)["status"] == "ACTIVE"


@pytest.mark.parametrize("mode", ["strict", "moto"])
def test_seeding_an_object_creates_its_bucket_for_later_output_writes(mode: str) -> None:
    with _mode(mode) as aws:
        aws.data.put_object("s3://seeded/in/file.csv", "ITEM_ID\ni1\n")
        assert _export_status("seeded", create=False)["status"] == "ACTIVE"


def test_memory_refuses_with_the_message_moto_gives() -> None:
    store = InMemoryDataStore()
    store.require_buckets = True
    with pytest.raises(DataNotFound) as in_memory:
        store.put_object("s3://nope/key", b"x")
    with moto.mock_aws(), pytest.raises(DataNotFound) as under_moto:
        DataLayer().in_region("us-east-1").put_object("s3://nope/key", b"x")
    assert in_memory.value.message == under_moto.value.message
    store.ensure_bucket("nope")
    store.put_object("s3://nope/key", b"x")
    assert store.get_object("s3://nope/key") == b"x"


def test_a_bucket_created_before_moto_starts_is_carried_into_moto() -> None:
    with mock_all() as aws:
        aws.data.create_bucket("early-empty")
        with moto.mock_aws():
            aws.data.list_objects("s3://early-empty/")  # the first use under moto carries memory's state over
            names = [b["Name"] for b in boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"]]
            assert "early-empty" in names


def test_clear_forgets_buckets() -> None:
    layer = DataLayer(strict=lambda: True)
    layer.create_bucket("b")
    layer.in_region("us-east-1").put_object("s3://b/k", b"x")
    layer.clear()
    with pytest.raises(DataNotFound):
        layer.in_region("us-east-1").put_object("s3://b/k", b"x")
