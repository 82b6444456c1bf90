"""What every data store shares: the errors, S3 URIs, text decoding, JSON lines, folder semantics."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

DEFAULT_REGION = "us-east-1"
# Bucket MotoDataStore.put_table writes rows to when the caller gives no location (a mock-only choice).
DEFAULT_TABLE_BUCKET = "cleanroom-mock-glue-tables"
# S3's message for a write to a bucket that does not exist (what moto answers too), shared by both stores.
NO_SUCH_BUCKET = "The specified bucket does not exist"


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


def to_bytes(body: bytes | bytearray | memoryview | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def text_stream(raw: Any) -> io.TextIOWrapper:
    # utf-8-sig drops the byte-order mark spreadsheet tools put in front of CSVs; newline="" is what the csv
    # module requires so quoted fields may contain line breaks.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _decode(uri: str, body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(uri, f"Object is not UTF-8 text: {exc}")


def parse_json_lines(uri: str, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
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


class StoreHelpers:
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
            records.extend(parse_json_lines(object_uri, _decode(object_uri, body).splitlines()))
        return records



@dataclass(frozen=True)
class TableSource:
    """Where a Glue table's rows come from, for engines that read the files themselves (Clean Rooms' SQL).

    ``columns`` are the table's data columns then its partition keys, as (name, Glue type). A table put in
    memory (``aws.data.put_table``) has ``rows``; a Glue table over S3 has ``format`` ('csv', 'json' or
    'parquet'), its ``location`` and the ``objects`` (URI, body) under it, Hive's hidden files left out.
    """

    columns: Sequence[tuple[str, str]]
    format: str = "json"
    location: Optional[str] = None
    objects: Sequence[tuple[str, bytes]] = ()
    skip_header: int = 0  # skip.header.line.count
    delimiter: str = ","
    partition_keys: Sequence[tuple[str, str]] = ()
    rows: Optional[list[dict[str, Any]]] = field(default=None, repr=False)


def in_folder(folder_uri: str, object_uri: str, recursive: bool) -> bool:
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
