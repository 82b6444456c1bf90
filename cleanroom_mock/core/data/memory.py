"""The in-memory store tests seed through ``aws.data`` when moto is not active."""

from __future__ import annotations

import io
from typing import Any, Callable

from .common import (
    NO_SUCH_BUCKET,
    DataNotFound,
    StoreHelpers,
    TableSource,
    in_folder,
    parse_s3_uri,
    text_stream,
    to_bytes,
)
from .tables import inferred_columns

Columns = list[tuple[str, str]]


class InMemoryDataStore(StoreHelpers):
    """S3 objects, the buckets they are in and Glue-like tables, held in dicts and a set.

    A bucket exists once ``ensure_bucket`` made it or an object was written to it. Unless ``require_buckets``
    is set (``DataLayer`` sets it from the handle's ``strict``), any ``s3://`` URI may be written.
    """

    def __init__(self) -> None:
        self._objects: dict[str, bytes] = {}
        self._tables: dict[tuple[str, str], tuple[list[dict[str, Any]], str | None]] = {}
        self._columns: dict[tuple[str, str], Columns] = {}
        self._buckets: set[str] = set()
        # When true, a write to a bucket nobody created fails as moto's (and AWS's) S3 refuses it; when false,
        # the write creates the bucket (see ``_writable_bucket``). DataLayer sets it from ``strict``.
        self.require_buckets = False

    # -- objects ------------------------------------------------------------------------------------------
    def put_object(self, uri: str, body: bytes | str) -> None:
        self._writable_bucket(uri)
        self._objects[uri] = to_bytes(body)

    def get_object(self, uri: str) -> bytes:
        try:
            return self._objects[uri]  # bytes are immutable: handed out without a copy
        except KeyError:
            raise DataNotFound(uri, "The specified key does not exist")

    def open_text(self, uri: str) -> io.TextIOWrapper:
        """Stream an object as text. ``BytesIO`` over ``bytes`` shares the buffer, so nothing is copied."""
        return text_stream(io.BytesIO(self.get_object(uri)))

    def list_objects(self, prefix_uri: str) -> list[str]:
        """Every object URI starting with ``prefix_uri`` (S3 prefix semantics, sub-folders included), sorted.

        An unknown prefix (or bucket) just yields ``[]``; moto's store raises DataNotFound for a missing bucket.
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
        found = [(u, self._objects[u]) for u in self.list_objects(uri) if in_folder(uri, u, recursive)]
        if not found:
            raise DataNotFound(uri, "No objects found under the folder")
        return found

    def delete_object(self, uri: str) -> None:
        """Like S3 DeleteObject, deleting a key that does not exist succeeds."""
        self._objects.pop(uri, None)

    # -- buckets ------------------------------------------------------------------------------------------
    def ensure_bucket(self, bucket: str) -> None:
        """Create ``bucket`` unless it exists (the same call as :meth:`MotoDataStore.ensure_bucket`)."""
        self._buckets.add(bucket)

    def _writable_bucket(self, uri: str) -> None:
        """Refuse a write to an uncreated bucket with S3's words when buckets are required, else create it."""
        bucket = parse_s3_uri(uri)[0]
        if bucket not in self._buckets:
            if self.require_buckets:
                raise DataNotFound(uri, NO_SUCH_BUCKET)
            self._buckets.add(bucket)

    # -- tables -------------------------------------------------------------------------------------------
    def put_table(self, database: str, table: str, rows: list[dict[str, Any]], *, location: str | None = None,
                  columns: Columns | None = None) -> None:
        """A table of ``rows``; its Glue columns are ``columns`` (name, Glue type) or inferred from the rows."""
        self._tables[(database, table)] = (list(rows), location)
        self._columns[(database, table)] = list(columns) if columns is not None else inferred_columns(rows)

    def get_table_rows(self, database: str, table: str) -> list[dict[str, Any]]:
        return list(self._table(database, table)[0])

    def get_table_location(self, database: str, table: str) -> str | None:
        return self._table(database, table)[1]

    def get_table_columns(self, database: str, table: str) -> Columns:
        """The table's columns as (name, Glue type), in order."""
        self._table(database, table)
        return list(self._columns[(database, table)])

    def get_table_source(self, database: str, table: str) -> TableSource:
        """The table's columns and rows (a table in memory has no files)."""
        rows, location = self._table(database, table)
        return TableSource(columns=self.get_table_columns(database, table), location=location, rows=list(rows))

    def _table(self, database: str, table: str) -> tuple[list[dict[str, Any]], str | None]:
        try:
            return self._tables[(database, table)]
        except KeyError:
            raise DataNotFound(f"glue://{database}/{table}", f"Table {database}.{table} not found")

    def clear(self) -> None:
        self._objects.clear()
        self._tables.clear()
        self._columns.clear()
        self._buckets.clear()

    def __bool__(self) -> bool:
        return bool(self._objects or self._tables or self._buckets)

    def move_buckets_into(self, ensure_bucket: Callable[[str], None]) -> None:
        """Hand every bucket (empty ones too: ``aws.data.create_bucket``) to another store; ``move_into`` then
        forgets them with the objects."""
        for bucket in sorted(self._buckets):
            ensure_bucket(bucket)

    def move_into(self, put_object: Callable[[str, bytes], None], put_table: Callable[..., None]) -> None:
        """Hand every object and table to another store's writers and forget them here."""
        for uri, body in self._objects.items():
            put_object(uri, body)
        for (database, table), (rows, location) in self._tables.items():
            put_table(database, table, rows, location=location, columns=self._columns[(database, table)])
        self.clear()
