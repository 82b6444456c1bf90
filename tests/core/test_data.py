from __future__ import annotations

import contextlib
import datetime as dt
import sys

import boto3
import pytest

from cleanroom_mock import mock_all
from cleanroom_mock.core.data import (
    DataLayer,
    DataNotFound,
    InMemoryDataStore,
    InvalidData,
    MotoDataStore,
    moto_is_active,
)

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws
REGION = "us-east-1"


# -- in-memory store ------------------------------------------------------------------------------------------
@pytest.fixture
def store() -> InMemoryDataStore:
    return InMemoryDataStore()


def test_put_get_roundtrip_accepts_str_and_bytes(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/a.txt", "héllo")
    store.put_object("s3://bkt/b.bin", b"\x00\x01")
    assert store.get_object("s3://bkt/a.txt") == "héllo".encode()
    assert store.get_text("s3://bkt/a.txt") == "héllo"
    assert store.get_object("s3://bkt/b.bin") == b"\x00\x01"


def test_missing_object_and_non_s3_uri_raise_data_not_found(store: InMemoryDataStore) -> None:
    with pytest.raises(DataNotFound) as info:
        store.get_object("s3://bkt/missing.csv")
    assert info.value.uri == "s3://bkt/missing.csv"
    assert info.value.message
    with pytest.raises(DataNotFound):
        store.put_object("https://example.com/x", b"")


def test_list_objects_is_sorted_and_recursive(store: InMemoryDataStore) -> None:
    for key in ("p/b.csv", "p/a.csv", "p/sub/c.csv", "other/d.csv"):
        store.put_object(f"s3://bkt/{key}", b"x")
    assert store.list_objects("s3://bkt/p/") == ["s3://bkt/p/a.csv", "s3://bkt/p/b.csv", "s3://bkt/p/sub/c.csv"]
    assert store.list_objects("s3://nothing/") == []


def test_read_objects_exact_object(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/p/a.csv", b"1")
    store.put_object("s3://bkt/p/a.csv.bak", b"2")
    assert store.read_objects("s3://bkt/p/a.csv") == [("s3://bkt/p/a.csv", b"1")]


def test_read_objects_folder_means_objects_directly_inside(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/p/", b"")  # console folder marker
    store.put_object("s3://bkt/p/b.csv", b"b")
    store.put_object("s3://bkt/p/a.csv", b"a")
    store.put_object("s3://bkt/p/sub/c.csv", b"c")
    store.put_object("s3://bkt/px/d.csv", b"d")
    assert store.read_objects("s3://bkt/p/") == [("s3://bkt/p/a.csv", b"a"), ("s3://bkt/p/b.csv", b"b")]
    # data deletion jobs read sub-folders too
    assert [u for u, _ in store.read_objects("s3://bkt/p/", recursive=True)][-1] == "s3://bkt/p/sub/c.csv"


def test_read_objects_not_found_cases(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/p/a.csv", b"a")
    with pytest.raises(DataNotFound):
        store.read_objects("s3://bkt/q/")  # empty folder
    with pytest.raises(DataNotFound):
        store.read_objects("s3://bkt/p")  # a folder without "/" is an exact key, which does not exist
    with pytest.raises(DataNotFound):
        store.read_objects("s3://bkt/p/sub/")


def test_delete_object_is_idempotent(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/a", b"a")
    store.delete_object("s3://bkt/a")
    store.delete_object("s3://bkt/a")
    with pytest.raises(DataNotFound):
        store.get_object("s3://bkt/a")


def test_json_lines_roundtrip_and_folder(store: InMemoryDataStore) -> None:
    store.put_json_lines("s3://bkt/seed/part-1.jsonl", [{"user_id": "u1"}, {"user_id": "u2"}])
    store.put_object("s3://bkt/seed/part-2.jsonl", b'{"user_id": "u3"}\n\n')
    assert store.get_json_lines("s3://bkt/seed/part-1.jsonl") == [{"user_id": "u1"}, {"user_id": "u2"}]
    assert [r["user_id"] for r in store.get_json_lines("s3://bkt/seed/")] == ["u1", "u2", "u3"]


def test_invalid_json_line_raises_invalid_data(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/bad.jsonl", b'{"a": 1}\nnot json\n')
    with pytest.raises(InvalidData, match="Line 2"):
        store.get_json_lines("s3://bkt/bad.jsonl")


def test_open_text_streams_csv_and_strips_bom(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/a.csv", b"\xef\xbb\xbfUSER_ID,ITEM_ID\r\nu1,i1\r\n")
    with store.open_text("s3://bkt/a.csv") as text:
        assert text.readline() == "USER_ID,ITEM_ID\r\n"
        assert text.read() == "u1,i1\r\n"


def test_tables(store: InMemoryDataStore) -> None:
    rows = [{"user_id": "u1", "score": 1}]
    store.put_table("db", "users", rows, location="s3://bkt/users/")
    assert store.get_table_rows("db", "users") == rows
    assert store.get_table_location("db", "users") == "s3://bkt/users/"
    with pytest.raises(DataNotFound):
        store.get_table_rows("db", "missing")


def test_clear(store: InMemoryDataStore) -> None:
    store.put_object("s3://bkt/a", b"a")
    store.put_table("db", "t", [])
    store.clear()
    assert store.list_objects("s3://bkt/") == []
    with pytest.raises(DataNotFound):
        store.get_table_rows("db", "t")


def test_data_layer_uses_memory_outside_moto() -> None:
    layer = DataLayer()
    assert not moto_is_active()
    layer.put_object("s3://bkt/a", "x")
    assert layer.store is layer.memory
    assert layer.memory.get_object("s3://bkt/a") == b"x"
    layer.clear()
    assert layer.list_objects("s3://bkt/") == []


# -- moto -------------------------------------------------------------------------------------------------
def test_moto_is_active_follows_mock_aws() -> None:
    assert not moto_is_active()
    with mock_aws():
        assert moto_is_active()
        with mock_aws():
            assert moto_is_active()
        assert moto_is_active()  # still inside the outer context
    assert not moto_is_active()


def test_moto_is_active_never_imports_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "moto" or m.startswith("moto.")]:
        monkeypatch.delitem(sys.modules, name)
    assert moto_is_active() is False
    assert "moto" not in sys.modules and "moto.core.models" not in sys.modules


@pytest.fixture
def s3():
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket="test-bucket")
        yield client


def test_data_layer_reads_and_writes_moto_s3(s3) -> None:
    layer = DataLayer()
    s3.put_object(Bucket="test-bucket", Key="seed/seed.jsonl", Body=b'{"user_id": "u1"}\n')
    assert isinstance(layer.store, MotoDataStore)
    assert layer.get_json_lines("s3://test-bucket/seed/seed.jsonl") == [{"user_id": "u1"}]

    layer.put_object("s3://test-bucket/out/result.csv", "a,b\n1,2\n")
    body = s3.get_object(Bucket="test-bucket", Key="out/result.csv")["Body"].read()
    assert body == b"a,b\n1,2\n"
    assert layer.memory.list_objects("s3://test-bucket/") == []  # nothing went to memory


def test_moto_folder_semantics_and_not_found(s3) -> None:
    layer = DataLayer()
    for key in ("in/", "in/b.csv", "in/a.csv", "in/sub/c.csv"):
        s3.put_object(Bucket="test-bucket", Key=key, Body=b"x")
    assert [u for u, _ in layer.read_objects("s3://test-bucket/in/")] == [
        "s3://test-bucket/in/a.csv",
        "s3://test-bucket/in/b.csv",
    ]
    assert len(layer.read_objects("s3://test-bucket/in/", recursive=True)) == 3
    assert layer.list_objects("s3://test-bucket/in/s") == ["s3://test-bucket/in/sub/c.csv"]
    with pytest.raises(DataNotFound):
        layer.read_objects("s3://test-bucket/empty/")
    with pytest.raises(DataNotFound):
        layer.get_object("s3://test-bucket/in/missing.csv")
    with pytest.raises(DataNotFound):
        layer.get_object("s3://no-such-bucket/key")
    layer.delete_object("s3://test-bucket/in/a.csv")
    with pytest.raises(DataNotFound):
        layer.get_object("s3://test-bucket/in/a.csv")


def test_moto_open_text_streams(s3) -> None:
    s3.put_object(Bucket="test-bucket", Key="big.csv", Body=b"id\n" + b"".join(b"%d\n" % i for i in range(1000)))
    with DataLayer().open_text("s3://test-bucket/big.csv") as text:
        assert sum(1 for _ in text) == 1001


def _create_table(glue, name: str, location: str, **extra) -> None:
    columns = [
        {"Name": "user_id", "Type": "string"},
        {"Name": "age", "Type": "int"},
        {"Name": "score", "Type": "double"},
        {"Name": "active", "Type": "boolean"},
        {"Name": "seen_at", "Type": "timestamp"},
    ]
    storage = {"Columns": columns, "Location": location, **extra.pop("storage", {})}
    glue.create_table(DatabaseName="ml", TableInput={"Name": name, "StorageDescriptor": storage, **extra})


EXPECTED = [
    {
        "user_id": "u1",
        "age": 31,
        "score": 0.5,
        "active": True,
        "seen_at": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
    },
    {"user_id": "u2", "age": None, "score": 2.0, "active": False, "seen_at": None},
]


@pytest.fixture
def glue(s3):
    client = boto3.client("glue", region_name=REGION)
    client.create_database(DatabaseInput={"Name": "ml"})
    return client


def test_glue_csv_table_with_header_yields_typed_rows(s3, glue) -> None:
    body = "user_id,age,score,active,seen_at\nu1,31,0.5,true,2024-01-02 03:04:05\nu2,,2,FALSE,\n"
    s3.put_object(Bucket="test-bucket", Key="csv/part-0.csv", Body=body.encode())
    s3.put_object(Bucket="test-bucket", Key="csv/_SUCCESS", Body=b"")
    _create_table(glue, "csv_t", "s3://test-bucket/csv/", Parameters={"classification": "csv"})
    assert DataLayer().get_table_rows("ml", "csv_t") == EXPECTED


def test_glue_csv_table_without_header_maps_columns_by_position(s3, glue) -> None:
    body = "u1,31,0.5,true,2024-01-02T03:04:05Z\nu2,,2,false,\n"
    s3.put_object(Bucket="test-bucket", Key="raw/a.csv", Body=body.encode())
    serde = {"SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"}
    _create_table(glue, "raw_t", "s3://test-bucket/raw", storage={"SerdeInfo": serde})
    assert DataLayer().get_table_rows("ml", "raw_t") == EXPECTED


def test_glue_csv_skip_header_parameter(s3, glue) -> None:
    body = "USER,AGE,SCORE,ACTIVE,SEEN\nu1,31,0.5,true,2024-01-02 03:04:05\nu2,,2,false,\n"
    s3.put_object(Bucket="test-bucket", Key="skip/a.csv", Body=body.encode())
    params = {"classification": "csv", "skip.header.line.count": "1"}
    _create_table(glue, "skip_t", "s3://test-bucket/skip/", Parameters=params)
    assert DataLayer().get_table_rows("ml", "skip_t") == EXPECTED


def test_glue_json_lines_table_yields_typed_rows(s3, glue) -> None:
    lines = [
        '{"user_id": "u1", "age": "31", "score": 0.5, "active": true, "seen_at": "2024-01-02 03:04:05"}',
        '{"user_id": "u2", "age": null, "score": 2, "active": false, "seen_at": null}',
    ]
    s3.put_object(Bucket="test-bucket", Key="json/a.json", Body="\n".join(lines).encode())
    serde = {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"}
    _create_table(glue, "json_t", "s3://test-bucket/json/", storage={"SerdeInfo": serde})
    assert DataLayer().get_table_rows("ml", "json_t") == EXPECTED


def test_glue_parquet_table_is_reported_unreadable(s3, glue) -> None:
    s3.put_object(Bucket="test-bucket", Key="pq/a.parquet", Body=b"PAR1")
    _create_table(glue, "pq_t", "s3://test-bucket/pq/", Parameters={"classification": "parquet"})
    with pytest.raises(DataNotFound, match="Parquet"):
        DataLayer().get_table_rows("ml", "pq_t")


def test_glue_missing_table_raises_data_not_found(glue) -> None:
    with pytest.raises(DataNotFound):
        DataLayer().get_table_rows("ml", "nope")
    with pytest.raises(DataNotFound):
        DataLayer().get_table_rows("no_db", "nope")


def test_moto_put_table_roundtrip(s3) -> None:
    layer = DataLayer()
    rows = [{"user_id": "u1", "age": 3, "score": 1.5, "active": True}]
    layer.put_table("made", "users", rows)
    assert layer.get_table_rows("made", "users") == rows
    location = layer.get_table_location("made", "users")
    assert location and location.startswith("s3://")
    layer.put_table("made", "users", [{"user_id": "u2"}], location="s3://test-bucket/users/")
    assert layer.get_table_rows("made", "users") == [{"user_id": "u2"}]


def test_data_layer_in_region_reads_that_regions_glue(s3) -> None:
    boto3.client("glue", region_name="eu-west-1").create_database(DatabaseInput={"Name": "eu"})
    layer = DataLayer()
    layer.in_region("eu-west-1").put_table("eu", "t", [{"a": "1"}], location="s3://test-bucket/eu/")
    assert layer.in_region("eu-west-1").get_table_rows("eu", "t") == [{"a": "1"}]
    with pytest.raises(DataNotFound):
        layer.get_table_rows("eu", "t")  # the default region's catalog does not have it


def test_put_object_creates_its_bucket_under_moto_as_memory_needs_none():
    for use_moto in (False, True):
        with (mock_aws() if use_moto else contextlib.nullcontext()), mock_all() as aws:
            aws.data.put_object("s3://fresh-bucket/in/file.csv", "a,b\n1,2\n")
            assert aws.data.get_object("s3://fresh-bucket/in/file.csv") == b"a,b\n1,2\n"
            if use_moto:
                assert boto3.client("s3", region_name="us-east-1").get_object(
                    Bucket="fresh-bucket", Key="in/file.csv")["Body"].read() == b"a,b\n1,2\n"


def test_data_seeded_before_moto_starts_moves_into_moto():
    with mock_all() as aws:
        aws.data.put_object("s3://early/seed.json", b'{"user_id": "u1"}\n')
        aws.data.put_table("db", "early_table", [{"user_id": "u1", "item_id": "i1"}])
        with mock_aws():
            s3 = boto3.client("s3", region_name="us-east-1")
            assert aws.data.get_object("s3://early/seed.json") == b'{"user_id": "u1"}\n'
            assert s3.get_object(Bucket="early", Key="seed.json")["Body"].read() == b'{"user_id": "u1"}\n'
            assert aws.data.get_table_rows("db", "early_table") == [{"user_id": "u1", "item_id": "i1"}]
            glue = boto3.client("glue", region_name="us-east-1")
            assert glue.get_table(DatabaseName="db", Name="early_table")["Table"]["Name"] == "early_table"
