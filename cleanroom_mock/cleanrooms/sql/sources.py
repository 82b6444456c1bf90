"""The tables a query reads, as DuckDB views: each configured table association becomes a view named like it,
with only its allowed columns, typed per the Glue columns, over the table's data files (CSV, JSON lines, Parquet)
or its in-memory rows.

The bodies are written to a private temporary folder and read with DuckDB's ``read_csv`` / ``read_json`` /
``read_parquet`` with explicit columns, so a scan is parallel and typed once. Glue reads CSV with OpenCSVSerDe or
LazySimpleSerDe (https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html): comma-separated, ``"``-quoted,
an empty field is NULL; ``skip.header.line.count`` = 1 is ``TableData.header``.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .model import Column, QueryFailed, QueryTable
from .types import duckdb_type

if TYPE_CHECKING:
    import duckdb

_SUFFIX = {"csv": "csv", "json": "json", "parquet": "parquet"}


def expose_table(connection: duckdb.DuckDBPyConnection, name: str, table: QueryTable, folder: str) -> None:
    """Create the view `name` over `table`'s data, with only its allowed columns; its files go to `folder`."""
    data = table.data
    declared = {column.name: column for column in data.columns}
    missing = [column for column in table.allowed_columns if declared and column not in declared]
    if missing:
        raise QueryFailed("INVALID_RESOURCE", f"Table {name} has no column {missing[0]} in its Glue schema.")
    allowed = [declared.get(column, Column(column, "string")) for column in table.allowed_columns]
    table_folder = folder
    if data.rows is not None:
        paths = [_write_rows(table_folder, data.rows, data.columns or allowed)]
        scan = _scan("json", paths, data.columns or allowed, header=False)
    elif data.files:
        paths = []
        for index, body in enumerate(data.files):
            path = os.path.join(table_folder, f"part-{index:05d}.{_SUFFIX[data.format]}")
            with open(path, "wb") as file:
                file.write(body)
            paths.append(path)
        scan = _scan(data.format, paths, data.columns, header=data.header)
    else:
        scan = None
    if scan is None:  # no data: an empty table of the allowed columns
        columns = ", ".join(f"CAST(NULL AS {duckdb_type(column.type)}) AS {_quote(column.name)}" for column in allowed)
        connection.execute(f"CREATE VIEW {_quote(name)} AS SELECT {columns} WHERE FALSE")
        return
    if data.format == "parquet" and data.rows is None and declared:
        projection = ", ".join(
            f"CAST({_quote(column.name)} AS {duckdb_type(column.type)}) AS {_quote(column.name)}" for column in allowed
        )
    else:
        projection = ", ".join(_quote(column.name) for column in allowed)
    connection.execute(f"CREATE VIEW {_quote(name)} AS SELECT {projection} FROM {scan}")


def _scan(kind: str, paths: Sequence[str], columns: Sequence[Column], *, header: bool) -> str:
    files = "[" + ", ".join(_string(path) for path in paths) + "]"
    typed = "{" + ", ".join(f"{_string(column.name)}: {_string(duckdb_type(column.type))}" for column in columns) + "}"
    if kind == "csv":
        options = f"header = {str(header).lower()}, delim = ',', quote = '\"', escape = '\"'"
        if columns:
            return f"read_csv({files}, {options}, columns = {typed}, auto_detect = false)"
        return f"read_csv({files}, {options})"
    if kind == "json":
        if columns:
            return f"read_json({files}, format = 'newline_delimited', columns = {typed})"
        return f"read_json({files}, format = 'newline_delimited')"
    return f"read_parquet({files})"


def _write_rows(folder: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    path = os.path.join(folder, "rows.json")
    names = [column.name for column in columns]
    # rows parsed from text carry "" for an empty field: NULL in a column that is not text, as Glue reads it
    not_text = {column.name for column in columns if duckdb_type(column.type) != "VARCHAR"}
    with open(path, "w", encoding="utf-8") as file:
        for row in rows:
            values = {name: None if name in not_text and row.get(name) == "" else row.get(name) for name in names}
            file.write(json.dumps(values, default=_json_value))
            file.write("\n")
    return path


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
