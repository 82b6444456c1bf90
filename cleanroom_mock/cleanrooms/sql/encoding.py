"""A protected query's result file: CSV with a header line, or Parquet
(``resultFormat`` of https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_ProtectedQueryS3OutputConfiguration.html).

AWS is silent on the CSV's details; we chose RFC 4180 quoting, ``\\n`` line ends, NULL as an empty field, booleans
as ``true``/``false`` and dates and times in ISO format. Parquet is written by DuckDB (no pyarrow needed), with the
result's column types.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import tempfile
from contextlib import closing
from typing import Any, Literal

from .model import QueryResult
from .types import duckdb_type


def encode_result(result: QueryResult, result_format: Literal["CSV", "PARQUET"]) -> bytes:
    """The result file's bytes."""
    text = _csv(result)
    if result_format == "CSV":
        return text.encode("utf-8")
    return _parquet(result, text)


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in result.columns])
    writer.writerows([_field(value) for value in row] for row in result.rows)
    return buffer.getvalue()


def _field(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return value


def _parquet(result: QueryResult, text: str) -> bytes:
    import duckdb

    with tempfile.TemporaryDirectory(prefix="cleanroom-result-") as folder, closing(duckdb.connect()) as connection:
        source = os.path.join(folder, "result.csv")
        target = os.path.join(folder, "result.parquet")
        with open(source, "w", encoding="utf-8") as file:
            file.write(text)
        columns = {column.name: _parquet_type(column.type) for column in result.columns}
        connection.execute(
            "COPY (SELECT * FROM read_csv($source, header = true, columns = $columns, auto_detect = false, "
            "delim = ',', quote = '\"', escape = '\"')) TO '" + target.replace("'", "''") + "' (FORMAT parquet)",
            {"source": source, "columns": columns},
        )
        with open(target, "rb") as file:
            return file.read()


def _parquet_type(glue: str) -> str:
    kind = duckdb_type(glue)
    return "VARCHAR" if kind == "BLOB" else kind
