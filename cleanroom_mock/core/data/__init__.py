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

from .common import DataError, DataNotFound, InvalidData, TableSource, parse_s3_uri
from .layer import DataLayer
from .memory import InMemoryDataStore
from .moto_store import MotoDataStore, moto_is_active

__all__ = [
    "DataError",
    "DataLayer",
    "DataNotFound",
    "InMemoryDataStore",
    "InvalidData",
    "MotoDataStore",
    "TableSource",
    "moto_is_active",
    "parse_s3_uri",
]
