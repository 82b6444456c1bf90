"""The data layer: every byte the mocked services read from or write to S3 / Glue goes through here.

Clean Rooms ML reads seed audiences (JSON lines) and Glue training tables and writes audiences; Personalize
reads import CSVs and batch inputs and writes exports and batch outputs. Backends never talk to S3 or Glue
themselves: they call a *data store*, which is either

* :class:`InMemoryDataStore` — plain dicts; tests seed it through ``aws.data``, or
* :class:`MotoDataStore` — moto's S3 and Glue reached through their public boto3 APIs, so a test running under
  ``moto.mock_aws`` puts inputs and reads outputs with its own boto3 clients.

:class:`DataLayer` (``aws.data``) picks one per call: moto when ``mock_aws`` is active, memory otherwise.

A missing bucket/object/prefix/table raises :class:`DataNotFound`; content that cannot be parsed raises
:class:`InvalidData`. Both derive from :class:`DataError` so a backend can catch one class and turn it into
the AWS ``FAILED`` status with ``failureReason``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, Callable

__all__ = [
    "DataError",
    "DataLayer",
    "DataNotFound",
    "InMemoryDataStore",
    "InvalidData",
    "MotoDataStore",
    "moto_is_active",
    "parse_s3_uri",
]

# Default Glue/S3 region, matching boto3's documented fallback when none is configured.
DEFAULT_REGION = "us-east-1"
# Bucket MotoDataStore.put_table writes rows to when the caller gives no location (a mock-only choice).
DEFAULT_TABLE_BUCKET = "cleanroom-mock-glue-tables"


class DataError(Exception):
    """Base class: reading or writing ``uri`` failed for the reason in ``message``."""

    def __init__(self, uri: str, message: str) -> None:
        super().__init__(f"{message} ({uri})")
        self.uri = uri
        self.message = message


class DataNotFound(DataError):
    """A bucket, object, prefix or table does not exist (or holds no readable data, e.g. Parquet)."""


class InvalidData(DataError):
    """The object exists but its content does not parse (bad JSON line, undecodable text)."""


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """Split ``s3://bucket/key`` into ``(bucket, key)``; the key may be empty or end in ``/``."""
    if not uri.startswith("s3://"):
        raise DataNotFound(uri, "Not an S3 URI (expected s3://bucket/key)")
    bucket, _, key = uri[len("s3://") :].partition("/")
    if not bucket:
        raise DataNotFound(uri, "S3 URI has no bucket")
    return bucket, key


def _to_bytes(body: bytes | bytearray | memoryview | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _text_stream(raw: io.BufferedIOBase | io.BytesIO) -> io.TextIOWrapper:
    # utf-8-sig drops the byte-order mark spreadsheet tools put in front of CSVs; newline="" is what the csv
    # module requires so quoted fields may contain line breaks.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _decode(uri: str, body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(uri, f"Object is not UTF-8 text: {exc}")


def _parse_json_lines(uri: str, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise InvalidData(uri, f"Line {number} is not valid JSON: {exc}")
        if not isinstance(record, dict):
            raise InvalidData(uri, f"Line {number} is not a JSON object")
        yield record


class _StoreHelpers:
    """Conveniences built on ``put_object`` / ``get_object`` / ``read_objects``, shared by both stores."""

    def put_object(self, uri: str, body: bytes | str) -> None:
        raise NotImplementedError

    def get_object(self, uri: str) -> bytes:
        raise NotImplementedError

    def read_objects(self, uri: str, *, recursive: bool = False) -> list[tuple[str, bytes]]:
        raise NotImplementedError

    def get_text(self, uri: str) -> str:
        return _decode(uri, self.get_object(uri))

    def put_json_lines(self, uri: str, records: Iterable[dict[str, Any]]) -> None:
        self.put_object(uri, "".join(json.dumps(r, default=str) + "\n" for r in records))

    def get_json_lines(self, uri: str) -> list[dict[str, Any]]:
        """Records of one object, or of every object of a folder ``uri`` (``read_objects`` semantics)."""
        records: list[dict[str, Any]] = []
        for object_uri, body in self.read_objects(uri):
            records.extend(_parse_json_lines(object_uri, _decode(object_uri, body).splitlines()))
        return records


class InMemoryDataStore(_StoreHelpers):
    """S3 objects and Glue-like tables held in dicts. Buckets need no creation: any ``s3://`` URI works."""

    def __init__(self) -> None:
        self._objects: dict[str, bytes] = {}
        self._tables: dict[tuple[str, str], tuple[list[dict[str, Any]], str | None]] = {}

    # -- objects ------------------------------------------------------------------------------------------
    def put_object(self, uri: str, body: bytes | str) -> None:
        parse_s3_uri(uri)
        self._objects[uri] = _to_bytes(body)

    def get_object(self, uri: str) -> bytes:
        try:
            return self._objects[uri]  # bytes are immutable: handed out without a copy
        except KeyError:
            raise DataNotFound(uri, "The specified key does not exist")

    def open_text(self, uri: str) -> io.TextIOWrapper:
        """Stream an object as text. ``BytesIO`` over ``bytes`` shares the buffer, so nothing is copied."""
        return _text_stream(io.BytesIO(self.get_object(uri)))

    def list_objects(self, prefix_uri: str) -> list[str]:
        """Every object URI starting with ``prefix_uri`` (S3 prefix semantics, sub-folders included), sorted.

        No bucket concept exists in memory, so an unknown prefix just yields ``[]``.
        """
        parse_s3_uri(prefix_uri)
        return sorted(uri for uri in self._objects if uri.startswith(prefix_uri))

    def read_objects(self, uri: str, *, recursive: bool = False) -> list[tuple[str, bytes]]:
        """Personalize ``dataLocation`` semantics (https://docs.aws.amazon.com/personalize/latest/dg/API_DataSource.html).

        A URI ending in ``/`` is a folder: every object directly in it (``recursive=True`` adds sub-folders,
        which the same page says data deletion jobs use). Any other URI is one exact object.
        """
        if not uri.endswith("/"):
            return [(uri, self.get_object(uri))]
        found = [(u, self._objects[u]) for u in self.list_objects(uri) if _in_folder(uri, u, recursive)]
        if not found:
            raise DataNotFound(uri, "No objects found under the folder")
        return found

    def delete_object(self, uri: str) -> None:
        """Like S3 DeleteObject, deleting a key that does not exist succeeds."""
        self._objects.pop(uri, None)

    # -- tables -------------------------------------------------------------------------------------------
    def put_table(self, database: str, table: str, rows: list[dict[str, Any]], *, location: str | None = None) -> None:
        self._tables[(database, table)] = (list(rows), location)

    def get_table_rows(self, database: str, table: str) -> list[dict[str, Any]]:
        return list(self._table(database, table)[0])

    def get_table_location(self, database: str, table: str) -> str | None:
        return self._table(database, table)[1]

    def _table(self, database: str, table: str) -> tuple[list[dict[str, Any]], str | None]:
        try:
            return self._tables[(database, table)]
        except KeyError:
            raise DataNotFound(f"glue://{database}/{table}", f"Table {database}.{table} not found")

    def clear(self) -> None:
        self._objects.clear()
        self._tables.clear()


def _in_folder(folder_uri: str, object_uri: str, recursive: bool) -> bool:
    rest = object_uri[len(folder_uri) :]
    # Keys ending in "/" are the zero-byte "folder" markers the S3 console creates, not data.
    return bool(rest) and not rest.endswith("/") and (recursive or "/" not in rest)


# -- Glue tables read from S3 --------------------------------------------------------------------------------
# Glue stores rows as files under StorageDescriptor.Location; the type names are Hive's
# (https://docs.aws.amazon.com/athena/latest/ug/data-types.html). Conversions are deliberately simple:
#   tinyint/smallint/int/integer/bigint -> int;  float/double/decimal(p,s) -> float;  boolean -> bool
#   ("true"/"false", any case); date -> datetime.date; timestamp -> timezone-aware datetime (ISO-8601 or
#   "yyyy-mm-dd hh:mm:ss[.f]"; no zone means UTC, a mock choice); everything else (string, varchar, char,
#   array, map, struct) is left as read. Like Hive, a value that does not parse and an empty CSV field of a
#   non-string column become None.


def _to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text == "true" else False if text == "false" else None


def _to_timestamp(value: Any) -> dt.datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
    text = str(value).strip()
    if text.endswith(("Z", "z")):  # fromisoformat only accepts "Z" from Python 3.11
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(("tinyint", "smallint", "int", "integer", "bigint"), lambda v: int(str(v).strip())),
    **dict.fromkeys(("float", "double", "decimal"), lambda v: float(str(v).strip())),
    "boolean": _to_bool,
    "date": lambda v: dt.date.fromisoformat(str(v).strip()),
    "timestamp": _to_timestamp,
}


def _converter(glue_type: str) -> Callable[[Any], Any] | None:
    convert = _CONVERTERS.get(glue_type.lower().split("(", 1)[0].strip())
    if convert is None:
        return None

    def safe(value: Any) -> Any:
        if value is None or value == "":
            return None
        try:
            return convert(value)
        except (TypeError, ValueError, OverflowError):
            return None

    return safe


def _table_format(table: dict[str, Any]) -> str:
    """'csv', 'json' or 'parquet' from the Glue classification / SerDe / input format (first hit wins)."""
    sd = table.get("StorageDescriptor", {})
    hints = " ".join(
        str(x).lower()
        for x in (
            table.get("Parameters", {}).get("classification"),
            sd.get("Parameters", {}).get("classification"),
            sd.get("SerdeInfo", {}).get("SerializationLibrary"),
            sd.get("InputFormat"),
        )
        if x
    )
    for fmt in ("parquet", "json", "csv"):
        if fmt in hints:
            return fmt
    if "orc" in hints or "avro" in hints:
        return "parquet"  # equally unreadable without pyarrow
    return "csv"  # LazySimpleSerDe / OpenCSVSerde / TextInputFormat and unspecified tables are delimited text


def _rows_from_csv(
    text: io.TextIOBase, columns: list[tuple[str, str]], skip_header: int, delimiter: str
) -> Iterator[dict[str, Any]]:
    """Header handling (a mock choice; Glue itself only knows ``skip.header.line.count``).

    * With ``skip.header.line.count`` those lines are skipped and fields map to the table columns by position.
    * Otherwise a first line whose fields equal the column names (any order, any case) is a header and fields
      map by that header; any other first line is data.
    * A table with no columns declared uses the file's header row as column names (values stay strings).
    """
    reader = csv.reader(text, delimiter=delimiter)
    types = {name.lower(): glue_type for name, glue_type in columns}
    names = [name for name, _ in columns]
    first: list[str] | None = None
    if not columns:
        header = next(reader, None)
        if header is None:
            return
        names = [f.strip() for f in header]
        skip_header -= 1
    for _ in range(skip_header):
        next(reader, None)
    if columns:
        first = next(reader, None)
        if first is None:
            return
        if not skip_header and {f.strip().lower() for f in first} == set(types):
            names, first = [f.strip() for f in first], None
    converters = [(i, c) for i, n in enumerate(names) if (c := _converter(types.get(n.lower(), "string")))]
    rows = reader if first is None else _chain_one(first, reader)
    for fields in rows:
        if not fields:
            continue  # blank line
        row = dict(zip(names, fields))
        for index, convert in converters:
            if index < len(fields):
                row[names[index]] = convert(fields[index])
        yield row


def _chain_one(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest


def _rows_from_json(uri: str, text: io.TextIOBase, columns: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    converters = {name.lower(): c for name, t in columns if (c := _converter(t))}
    for record in _parse_json_lines(uri, text):
        for key, value in record.items():
            convert = converters.get(key.lower())
            if convert is not None and not isinstance(value, (dict, list)):
                record[key] = convert(value)
        yield record


def _partition_values(relative_key: str, partition_keys: list[tuple[str, str]]) -> dict[str, Any]:
    """Hive-style ``name=value/`` path segments become the partition columns' values."""
    wanted = {name.lower(): (name, _converter(t)) for name, t in partition_keys}
    values: dict[str, Any] = {}
    for segment in relative_key.split("/")[:-1]:
        key, sep, raw = segment.partition("=")
        if sep and key.lower() in wanted:
            name, convert = wanted[key.lower()]
            values[name] = convert(raw) if convert else raw
    return values


def _glue_type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.datetime):
        return "timestamp"
    if isinstance(value, dt.date):
        return "date"
    return "string"


class MotoDataStore(_StoreHelpers):
    """The data-store interface answered by moto's S3 and Glue, reached only through boto3's public API.

    Clients are created lazily, so constructing the store is free; outside ``mock_aws`` they would reach real
    AWS, which is why :class:`DataLayer` only routes here while :func:`moto_is_active` is true.
    """

    def __init__(self, region_name: str = DEFAULT_REGION) -> None:
        self.region_name = region_name

    @functools.cached_property
    def s3(self) -> Any:
        return self._client("s3")

    @functools.cached_property
    def glue(self) -> Any:
        return self._client("glue")

    def _client(self, service: str) -> Any:
        import boto3

        # moto exports fake credentials itself unless a test disabled that; only when nothing is configured
        # do we pass fake ones, so boto3 never falls through to the EC2 metadata endpoint.
        has_creds = any(k in os.environ for k in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE"))
        creds = {} if has_creds else {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        return boto3.client(service, region_name=self.region_name, **creds)

    # -- objects ------------------------------------------------------------------------------------------
    def put_object(self, uri: str, body: bytes | str) -> None:
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            self.s3.put_object(Bucket=bucket, Key=key, Body=_to_bytes(body))

    def get_object(self, uri: str) -> bytes:
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()

    def open_text(self, uri: str) -> io.TextIOWrapper:
        """Stream an object as text straight off the response body, without reading it whole first."""
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            body = self.s3.get_object(Bucket=bucket, Key=key)["Body"]
        return _text_stream(io.BufferedReader(body))

    def list_objects(self, prefix_uri: str) -> list[str]:
        """Object URIs under ``prefix_uri`` (sub-folders too), sorted; a missing bucket is DataNotFound."""
        return self._list(prefix_uri, recursive=True)

    def _list(self, prefix_uri: str, *, recursive: bool) -> list[str]:
        """Object URIs; non-recursive listing uses S3's ``/`` delimiter to stop at sub-folders."""
        bucket, prefix = parse_s3_uri(prefix_uri)
        kwargs = {"Bucket": bucket, "Prefix": prefix, **({} if recursive else {"Delimiter": "/"})}
        found: list[str] = []
        with _s3_errors(prefix_uri):
            for page in self.s3.get_paginator("list_objects_v2").paginate(**kwargs):
                found.extend(f"s3://{bucket}/{o['Key']}" for o in page.get("Contents", []))
        return sorted(found)

    def read_objects(self, uri: str, *, recursive: bool = False) -> list[tuple[str, bytes]]:
        """Same semantics as :meth:`InMemoryDataStore.read_objects` (Personalize ``dataLocation``)."""
        if not uri.endswith("/"):
            return [(uri, self.get_object(uri))]
        uris = [u for u in self._list(uri, recursive=recursive) if _in_folder(uri, u, recursive)]
        if not uris:
            raise DataNotFound(uri, "No objects found under the folder")
        return [(u, self.get_object(u)) for u in uris]

    def delete_object(self, uri: str) -> None:
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            self.s3.delete_object(Bucket=bucket, Key=key)

    # -- tables -------------------------------------------------------------------------------------------
    def put_table(self, database: str, table: str, rows: list[dict[str, Any]], *, location: str | None = None) -> None:
        """Create or replace a JSON-lines Glue table holding ``rows``, creating database and bucket if absent.

        Column types are inferred from the first row that has each column (bool → boolean, int → bigint,
        float → double, datetime → timestamp, date → date, anything else → string).
        """
        location = location or f"s3://{DEFAULT_TABLE_BUCKET}/{database}/{table}/"
        location = location if location.endswith("/") else location + "/"
        self._ensure_bucket(parse_s3_uri(location)[0])
        self.put_json_lines(location + "data.json", rows)
        columns: dict[str, str] = {}
        for row in rows:
            for name, value in row.items():
                if value is not None:
                    columns.setdefault(name, _glue_type_of(value))
        glue = self.glue
        if not _exists(lambda: glue.get_database(Name=database)):
            glue.create_database(DatabaseInput={"Name": database})
        table_input = {
            "Name": table,
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "json"},
            "StorageDescriptor": {
                "Columns": [{"Name": n, "Type": t} for n, t in columns.items()],
                "Location": location,
                "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"},
            },
        }
        if _exists(lambda: glue.get_table(DatabaseName=database, Name=table)):
            glue.update_table(DatabaseName=database, TableInput=table_input)
        else:
            glue.create_table(DatabaseName=database, TableInput=table_input)

    def _ensure_bucket(self, bucket: str) -> None:
        if _exists(lambda: self.s3.head_bucket(Bucket=bucket)):
            return
        config = (
            {}
            if self.region_name == "us-east-1"
            else {"CreateBucketConfiguration": {"LocationConstraint": self.region_name}}
        )
        self.s3.create_bucket(Bucket=bucket, **config)

    def get_table_location(self, database: str, table: str) -> str | None:
        return self._glue_table(database, table).get("StorageDescriptor", {}).get("Location")

    def get_table_rows(self, database: str, table: str) -> list[dict[str, Any]]:
        """Rows of every object under the table's ``StorageDescriptor.Location`` (sub-folders included).

        CSV and JSON lines are read; Parquet/ORC/Avro raise DataNotFound because decoding them needs pyarrow,
        which this library does not depend on. See ``_rows_from_csv`` for how header rows are detected.
        """
        definition = self._glue_table(database, table)
        name = f"{database}.{table}"
        sd = definition.get("StorageDescriptor", {})
        location = sd.get("Location")
        if not location:
            raise DataNotFound(f"glue://{database}/{table}", f"Table {name} has no storage location")
        fmt = _table_format(definition)
        if fmt == "parquet":
            raise DataNotFound(
                location,
                f"Table {name} is stored as Parquet/ORC/Avro, which "
                "cleanroom_mock cannot read (no pyarrow); store it as CSV or JSON lines",
            )
        columns = [(c["Name"], c.get("Type", "string")) for c in sd.get("Columns", [])]
        partition_keys = [(c["Name"], c.get("Type", "string")) for c in definition.get("PartitionKeys", [])]
        serde = sd.get("SerdeInfo", {}).get("Parameters", {})
        delimiter = serde.get("field.delim") or serde.get("separatorChar") or ","
        params = {**definition.get("Parameters", {}), **sd.get("Parameters", {})}
        skip_header = int(params.get("skip.header.line.count", "0") or 0)
        prefix = location if location.endswith("/") else location + "/"
        rows: list[dict[str, Any]] = []
        for uri in self._list(prefix, recursive=True):
            relative = uri[len(prefix) :]
            hidden = relative.rsplit("/", 1)[-1].startswith(("_", "."))
            if hidden or not _in_folder(prefix, uri, recursive=True):
                continue  # Hive/Spark skip _SUCCESS, _metadata and hidden files
            partition = _partition_values(relative, partition_keys)
            with self.open_text(uri) as text:
                found = (
                    _rows_from_json(uri, text, columns)
                    if fmt == "json"
                    else _rows_from_csv(text, columns, skip_header, delimiter)
                )
                rows.extend({**row, **partition} if partition else row for row in found)
        return rows

    def _glue_table(self, database: str, table: str) -> dict[str, Any]:
        from botocore.exceptions import ClientError

        try:
            return self.glue.get_table(DatabaseName=database, Name=table)["Table"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "EntityNotFoundException":
                raise DataNotFound(f"glue://{database}/{table}", f"Table {database}.{table} not found")
            raise

    def clear(self) -> None:
        """Deliberately a no-op: moto owns this state and resets it when each ``mock_aws`` context ends."""


def _exists(call: Callable[[], Any]) -> bool:
    from botocore.exceptions import ClientError

    try:
        call()
    except ClientError:
        return False
    return True


class _s3_errors:
    """Context manager turning S3's not-found error codes into DataNotFound; other errors pass through."""

    _NOT_FOUND = {"NoSuchKey", "NoSuchBucket", "404", "NotFound"}

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        from botocore.exceptions import ClientError

        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            if str(error.get("Code")) in self._NOT_FOUND:
                message = error.get("Message") or "The specified key does not exist"
                raise DataNotFound(self.uri, message) from exc
        return False


def moto_is_active() -> bool:
    """True while moto's ``mock_aws`` (context manager, decorator or ``start()``) is active.

    Never imports moto: if no test imported it, it cannot be active. In moto 5 the in-process mock answers
    requests through ``moto.core.models.botocore_stubber``, whose ``enabled`` flag ``MockAWS`` sets when the
    nesting count goes 0 → 1 and clears when it returns to 0 — exactly "moto answers boto3 now". Server
    and proxy modes (``TEST_SERVER_MODE`` / proxy) never enable the stubber; their ``start()`` bumps the
    class-level ``_nested_count`` of ``ServerModeMockAWS`` / ``ProxyModeMockAWS``, so those are checked too.
    """
    models = sys.modules.get("moto.core.models")
    if models is None:
        return False
    stubber = getattr(models, "botocore_stubber", None)
    if getattr(stubber, "enabled", False):
        return True
    mock_class = getattr(models, "MockAWS", None)
    if mock_class is None:
        return False
    return any(getattr(cls, "_nested_count", 0) > 0 for cls in mock_class.__subclasses__())


DataStore = Any  # InMemoryDataStore | MotoDataStore (same method names); Any keeps py3.9 hints simple

# The methods DataLayer forwards, all with identical signatures on both stores.
_STORE_METHODS = (
    "put_object",
    "get_object",
    "get_text",
    "open_text",
    "list_objects",
    "read_objects",
    "delete_object",
    "put_json_lines",
    "get_json_lines",
    "put_table",
    "get_table_rows",
    "get_table_location",
)


class DataLayer:
    """``aws.data``: one in-memory store, swapped for moto's S3/Glue while ``mock_aws`` is active."""

    def __init__(self, region_name: str = DEFAULT_REGION) -> None:
        self.region_name = region_name
        self.memory = InMemoryDataStore()
        self._moto: dict[str, MotoDataStore] = {}

    def in_region(self, region_name: str) -> DataStore:
        """The store to use for a call made in ``region_name`` (Glue catalogs are regional; memory is not)."""
        if not moto_is_active():
            return self.memory
        if region_name not in self._moto:
            self._moto[region_name] = MotoDataStore(region_name)
        return self._moto[region_name]

    @property
    def store(self) -> DataStore:
        return self.in_region(self.region_name)

    def clear(self) -> None:
        """Empty the in-memory store (moto's state belongs to moto and is never touched)."""
        self.memory.clear()


def _forwarding(name: str) -> Callable[..., Any]:
    @functools.wraps(getattr(InMemoryDataStore, name))
    def forward(self: DataLayer, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.store, name)(*args, **kwargs)

    return forward


for _name in _STORE_METHODS:
    setattr(DataLayer, _name, _forwarding(_name))
