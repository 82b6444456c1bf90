"""``aws.snapshot(path)`` / ``aws.restore(path)``: the whole state as versioned JSON, across processes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from freezegun import freeze_time

from cleanroom_mock import mock_all, mock_personalize
from cleanroom_mock.core.control.codec import ALLOWED_MODULES, CodecError, Decoder, Encoder
from cleanroom_mock.core.control.quotas import Quota
from cleanroom_mock.core.control.snapshots import SnapshotError

from ...personalize.support import INTERACTIONS_SCHEMA
from . import snapshot_probe

ROOT = Path(__file__).resolve().parents[3]


def test_a_snapshot_restored_in_a_fresh_process_loses_nothing(tmp_path):
    path = tmp_path / "state.json"
    with mock_all() as aws:
        arns = snapshot_probe.build(aws)
        aws.snapshot(path)
        before = snapshot_probe.observe(aws, arns)
    finished = subprocess.run(
        [sys.executable, "-m", "tests.core.control.snapshot_probe", str(path), json.dumps(arns)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    after = json.loads(finished.stdout)
    assert after["seen"]["resources"] == before["resources"]  # every resource of every store, with its rows
    assert after["seen"]["objects"] == before["objects"]  # every data-layer object and table row
    assert after["seen"]["api"] == before["api"]  # Lists, Describes, tags, recommendations, the quota
    assert len(before["resources"]) > 30 and before["api"]["recommendations"]
    assert after["pending"] == "ACTIVE"  # the training the snapshot left pending runs after the restore


def test_a_restore_replaces_the_state_and_the_creation_sequence_goes_on(tmp_path):
    path = tmp_path / "state.json"
    with mock_personalize() as aws:
        personalize = boto3.client("personalize", region_name="us-east-1")
        personalize.create_dataset_group(name="saved")
        aws.snapshot(path)
        personalize.create_dataset_group(name="dropped")
        aws.restore(path)
        personalize.create_dataset_group(name="after")
        names = [group["name"] for group in personalize.list_dataset_groups()["datasetGroups"]]
    assert sorted(names) == ["after", "saved"]


def test_a_pending_lifecycle_keeps_its_place_relative_to_the_clock(tmp_path):
    path = tmp_path / "state.json"
    with freeze_time("2026-01-01T00:00:00Z") as frozen, mock_personalize() as aws:
        aws.lifecycle = "timed"
        personalize = boto3.client("personalize", region_name="us-east-1")
        arn = personalize.create_dataset_group(name="timed")["datasetGroupArn"]
        frozen.tick(dt.timedelta(seconds=90))  # one 60-second step in
        aws.snapshot(path)
        frozen.move_to("2026-06-01T00:00:00Z")  # restored months later
        aws.restore(path)
        assert aws.lifecycle.status(arn) == "CREATE PENDING"
        described = personalize.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]
        assert described["status"] == "CREATE IN_PROGRESS"  # 90 s in, as when saved
        frozen.tick(dt.timedelta(seconds=30))
        assert personalize.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["status"] == "ACTIVE"


def test_a_snapshot_of_another_format_version_fails_with_both_versions(tmp_path):
    path = tmp_path / "state.json"
    with mock_personalize() as aws:
        aws.snapshot(path)
        document = json.loads(path.read_text())
        document["version"] = 99
        path.write_text(json.dumps(document))
        with pytest.raises(SnapshotError, match="format version 99 .* reads format version 1 only"):
            aws.restore(path)
        path.write_text("{}")
        with pytest.raises(SnapshotError, match="not a cleanroom_mock snapshot"):
            aws.restore(path)


def test_a_snapshot_naming_code_outside_the_allowed_packages_is_refused(tmp_path):
    path = tmp_path / "state.json"
    with mock_personalize() as aws:
        aws.snapshot(path)
        document = json.loads(path.read_text())
        document["state"]["items"]["strict"] = {
            "$": "reduce",
            "id": 10**9,
            "function": {"$": "global", "path": "os:system"},
            "args": ["echo no"],
        }
        path.write_text(json.dumps(document))
        with pytest.raises(SnapshotError, match="may not name objects of 'os'"):
            aws.restore(path)


def _counter() -> object:
    total = [0]

    def add(amount: int = 1) -> int:
        total[0] += amount
        return total[0]

    return add


def test_the_codec_keeps_shared_objects_shared_cycles_closed_and_closures_working():
    shared: list = []
    shared.append(shared)
    add = _counter()
    add(5)
    quota = Quota("Things", 3)  # a frozen dataclass, met first inside a set
    value = {
        "quotas": {quota},
        "quota": quota,
        "a": shared,
        "b": shared,
        (1, "key"): {1, 2},
        "when": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        "raw": b"\x00\xff",
        "nan": float("nan"),
        "add": add,
    }
    ours = ALLOWED_MODULES | {"tests"}
    decoded = Decoder(allowed=ours).decode(json.loads(json.dumps(Encoder(allowed=ours).encode(value))))
    assert decoded["a"] is decoded["b"] and decoded["a"][0] is decoded["a"]
    assert next(iter(decoded["quotas"])) is decoded["quota"] and decoded["quota"] == quota
    assert decoded[(1, "key")] == {1, 2} and decoded["raw"] == b"\x00\xff" and decoded["when"] == value["when"]
    assert decoded["nan"] != decoded["nan"]
    assert decoded["add"](2) == 7  # the closure's cell came back with it
    with pytest.raises(CodecError, match="cannot be saved"):
        Encoder().encode({"lock": __import__("threading").Lock()})


def test_a_snapshot_of_a_class_that_since_gained_a_field_fails_naming_it(tmp_path):
    """A stored schema whose document was saved under another field name (an older class) is refused, not
    restored with an empty document."""
    path = tmp_path / "state.json"
    with mock_personalize() as aws:
        pz = boto3.client("personalize", region_name="us-east-1")
        pz.create_schema(name="s", schema=json.dumps(INTERACTIONS_SCHEMA))
        aws.snapshot(path)
        text = path.read_text()
        assert text.count('"document":') == 1
        path.write_text(text.replace('"document":', '"schema_json":'))
        with pytest.raises(SnapshotError, match="DatasetSchema changed since .* fields document are not in"):
            aws.restore(path)
