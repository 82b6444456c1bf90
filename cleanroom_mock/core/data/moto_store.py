"""moto's S3 and Glue through their public boto3 APIs, for tests running under ``mock_aws``."""

from __future__ import annotations

import functools
import io
import os
import sys
from typing import Any, Callable

from .common import (
    DEFAULT_REGION,
    DEFAULT_TABLE_BUCKET,
    DataNotFound,
    StoreHelpers,
    TableSource,
    in_folder,
    parse_s3_uri,
    text_stream,
    to_bytes,
)
from .tables import inferred_columns, partition_values, rows_from_csv, rows_from_json, table_format


class MotoDataStore(StoreHelpers):
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
        """Write an object; a missing bucket is DataNotFound, as AWS's own writes (exports) fail on one."""
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            self.s3.put_object(Bucket=bucket, Key=key, Body=to_bytes(body))

    def get_object(self, uri: str) -> bytes:
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            body: bytes = self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        return body

    def open_text(self, uri: str) -> io.TextIOWrapper:
        """Stream an object as text straight off the response body, without reading it whole first."""
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            body = self.s3.get_object(Bucket=bucket, Key=key)["Body"]
        return text_stream(io.BufferedReader(body))

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
        uris = [u for u in self._list(uri, recursive=recursive) if in_folder(uri, u, recursive)]
        if not uris:
            raise DataNotFound(uri, "No objects found under the folder")
        return [(u, self.get_object(u)) for u in uris]

    def delete_object(self, uri: str) -> None:
        bucket, key = parse_s3_uri(uri)
        with _s3_errors(uri):
            self.s3.delete_object(Bucket=bucket, Key=key)

    # -- tables -------------------------------------------------------------------------------------------
    def put_table(self, database: str, table: str, rows: list[dict[str, Any]], *, location: str | None = None,
                  columns: list[tuple[str, str]] | None = None) -> None:
        """Create or replace a JSON-lines Glue table holding ``rows``, creating database and bucket if absent.

        Its columns are ``columns`` (name, Glue type) or inferred from the rows (``tables.inferred_columns``).
        """
        location = location or f"s3://{DEFAULT_TABLE_BUCKET}/{database}/{table}/"
        location = location if location.endswith("/") else location + "/"
        self.ensure_bucket(parse_s3_uri(location)[0])
        self.put_json_lines(location + "data.json", rows)
        declared = list(columns) if columns is not None else inferred_columns(rows)
        glue = self.glue
        if not _exists(lambda: glue.get_database(Name=database)):
            glue.create_database(DatabaseInput={"Name": database})
        table_input = {
            "Name": table,
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "json"},
            "StorageDescriptor": {
                "Columns": [{"Name": n, "Type": t} for n, t in declared],
                "Location": location,
                "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"},
            },
        }
        if _exists(lambda: glue.get_table(DatabaseName=database, Name=table)):
            glue.update_table(DatabaseName=database, TableInput=table_input)
        else:
            glue.create_table(DatabaseName=database, TableInput=table_input)

    def ensure_bucket(self, bucket: str) -> None:
        """Create ``bucket`` unless it exists (asked each time: moto's state may have been reset since)."""
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

    def get_table_columns(self, database: str, table: str) -> list[tuple[str, str]]:
        """The table's columns then its partition keys, as (name, Glue type)."""
        definition = self._glue_table(database, table)
        return [*_columns(definition.get("StorageDescriptor", {}).get("Columns", [])),
                *_columns(definition.get("PartitionKeys", []))]

    def get_table_source(self, database: str, table: str) -> TableSource:
        """The table's columns, format and the objects under its location (Hive's hidden files left out)."""
        definition = self._glue_table(database, table)
        sd = definition.get("StorageDescriptor", {})
        location = sd.get("Location")
        if not location:
            raise DataNotFound(f"glue://{database}/{table}", f"Table {database}.{table} has no storage location")
        serde = sd.get("SerdeInfo", {}).get("Parameters", {})
        params = {**definition.get("Parameters", {}), **sd.get("Parameters", {})}
        prefix = location if location.endswith("/") else location + "/"
        objects = [(uri, self.get_object(uri)) for uri in self._list(prefix, recursive=True)
                   if in_folder(prefix, uri, recursive=True) and not _hidden(uri[len(prefix):])]
        return TableSource(
            columns=_columns(sd.get("Columns", [])), format=table_format(definition), location=location,
            objects=objects, skip_header=int(params.get("skip.header.line.count", "0") or 0),
            delimiter=serde.get("field.delim") or serde.get("separatorChar") or ",",
            partition_keys=_columns(definition.get("PartitionKeys", [])))

    def get_table_rows(self, database: str, table: str) -> list[dict[str, Any]]:
        """Rows of every object under the table's ``StorageDescriptor.Location`` (sub-folders included).

        CSV and JSON lines are read; Parquet/ORC/Avro raise DataNotFound because decoding them needs pyarrow,
        which this library does not depend on. See ``rows_from_csv`` for how header rows are detected.
        """
        definition = self._glue_table(database, table)
        name = f"{database}.{table}"
        sd = definition.get("StorageDescriptor", {})
        location = sd.get("Location")
        if not location:
            raise DataNotFound(f"glue://{database}/{table}", f"Table {name} has no storage location")
        fmt = table_format(definition)
        if fmt == "parquet":
            raise DataNotFound(
                location,
                f"Table {name} is stored as Parquet/ORC/Avro, which "
                "cleanroom_mock cannot read (no pyarrow); store it as CSV or JSON lines",
            )
        columns = _columns(sd.get("Columns", []))
        partition_keys = _columns(definition.get("PartitionKeys", []))
        serde = sd.get("SerdeInfo", {}).get("Parameters", {})
        delimiter = serde.get("field.delim") or serde.get("separatorChar") or ","
        params = {**definition.get("Parameters", {}), **sd.get("Parameters", {})}
        skip_header = int(params.get("skip.header.line.count", "0") or 0)
        prefix = location if location.endswith("/") else location + "/"
        rows: list[dict[str, Any]] = []
        for uri in self._list(prefix, recursive=True):
            relative = uri[len(prefix) :]
            if _hidden(relative) or not in_folder(prefix, uri, recursive=True):
                continue  # Hive/Spark skip _SUCCESS, _metadata and hidden files
            partition = partition_values(relative, partition_keys)
            with self.open_text(uri) as text:
                found = (
                    rows_from_json(uri, text, columns)
                    if fmt == "json"
                    else rows_from_csv(text, columns, skip_header, delimiter)
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


def _columns(declared: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(column["Name"], column.get("Type", "string")) for column in declared]


def _hidden(relative_key: str) -> bool:
    """Hive/Spark skip _SUCCESS, _metadata and hidden files."""
    return relative_key.rsplit("/", 1)[-1].startswith(("_", "."))


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

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        from botocore.exceptions import ClientError

        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            if str(error.get("Code")) in self._NOT_FOUND:
                message = error.get("Message") or "The specified key does not exist"
                raise DataNotFound(self.uri, message) from exc


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



# The methods DataLayer forwards, all with identical signatures on both stores.
