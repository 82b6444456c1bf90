"""``aws.data``: one object that sends each call to moto's store while ``mock_aws`` is active, else memory."""

from __future__ import annotations

import functools
from typing import Any, Callable

from .common import DEFAULT_REGION, parse_s3_uri
from .memory import InMemoryDataStore
from .moto_store import MotoDataStore, moto_is_active

_STORE_METHODS = (
    "get_object",
    "get_text",
    "open_text",
    "list_objects",
    "read_objects",
    "delete_object",
    "get_json_lines",
    "put_table",
    "get_table_rows",
    "get_table_location",
    "get_table_columns",
    "get_table_source",
)

DataStore = Any  # InMemoryDataStore | MotoDataStore (same method names); Any keeps py3.9 hints simple


class DataLayer:
    """``aws.data``: one in-memory store, swapped for moto's S3/Glue while ``mock_aws`` is active.

    Buckets. moto's S3 (like AWS's) refuses a service's output write (an export, a batch output, an audience)
    to a bucket that does not exist, and the job fails. The in-memory store remembers buckets: the ones
    seeding (``put_object``/``put_json_lines``) and ``create_bucket`` made, and any bucket an object was
    written to. Whether it refuses a write to an unknown bucket is decided by ``strict`` (the handle's
    ``strict`` option): refused there with S3's message, so the job fails with the same reason as under
    moto. Off by default because 22 of the suite's tests and every "write the export anywhere" user flow
    built on the in-memory store write outputs to buckets they never created; the docs show the faithful
    pattern instead (``aws.data.create_bucket`` for the output bucket), which runs the same under moto.
    """

    def __init__(self, region_name: str = DEFAULT_REGION, *, strict: Callable[[], bool] = lambda: False) -> None:
        self.region_name = region_name
        self.memory = InMemoryDataStore()
        self._strict = strict
        self._moto: dict[str, MotoDataStore] = {}

    def in_region(self, region_name: str) -> DataStore:
        """The store to use for a call made in ``region_name`` (Glue catalogs are regional; memory is not).

        Objects and tables put into ``aws.data`` before moto's ``mock_aws`` started move into moto's S3 and
        Glue the first time the layer is used while moto is active (in that call's region), so data seeded
        first is found either way; from then on they live in moto (AWS is silent; we chose to carry them).
        """
        if not moto_is_active():
            # Set on each call (the memory store is a plain picklable object, replaced by snapshot restores).
            self.memory.require_buckets = self._strict()
            return self.memory
        store = self._moto.get(region_name)
        if store is None:
            store = self._moto[region_name] = MotoDataStore(region_name)
        if self.memory:

            def seed(uri: str, body: bytes) -> None:
                store.ensure_bucket(parse_s3_uri(uri)[0])
                store.put_object(uri, body)

            self.memory.move_buckets_into(store.ensure_bucket)
            self.memory.move_into(seed, store.put_table)
        return store

    @property
    def store(self) -> DataStore:
        return self.in_region(self.region_name)

    def clear(self) -> None:
        """Empty the in-memory store (moto's state belongs to moto and is never touched)."""
        self.memory.clear()

    # --- seeding: what a test puts through ``aws.data`` -------------------------------------------------------
    def put_object(self, uri: str, body: bytes | str) -> None:
        """Put an object for the services to read. Under moto its bucket is created if missing, since the
        in-memory store has no buckets: seeding behaves the same either way. (The services' own writes go
        through ``in_region(...)`` and fail on a missing bucket under moto, as AWS's do.)"""
        self._seedable(uri).put_object(uri, body)

    def put_json_lines(self, uri: str, records: Any) -> None:
        """Put JSON-lines records (one object per line), creating the bucket under moto as ``put_object``."""
        self._seedable(uri).put_json_lines(uri, records)

    def create_bucket(self, bucket: str) -> None:
        """Create ``bucket`` (no error if it exists), in memory or in moto's S3: where a job writes its output."""
        self.store.ensure_bucket(bucket)

    def _seedable(self, uri: str) -> DataStore:
        store = self.store
        store.ensure_bucket(parse_s3_uri(uri)[0])
        return store


def _forwarding(name: str) -> Callable[..., Any]:
    @functools.wraps(getattr(InMemoryDataStore, name))
    def forward(self: DataLayer, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.store, name)(*args, **kwargs)

    return forward


for _name in _STORE_METHODS:
    setattr(DataLayer, _name, _forwarding(_name))
