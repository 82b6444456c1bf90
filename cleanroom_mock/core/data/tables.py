"""Rows of a Glue table from the objects under its location: formats, headers, column types, partitions."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any, Callable, Optional

from .common import parse_json_lines


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


def table_format(table: dict[str, Any]) -> str:
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


def rows_from_csv(
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


def rows_from_json(uri: str, text: io.TextIOBase, columns: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    converters = {name.lower(): c for name, t in columns if (c := _converter(t))}
    for record in parse_json_lines(uri, text):
        for key, value in record.items():
            convert = converters.get(key.lower())
            if convert is not None and not isinstance(value, (dict, list)):
                record[key] = convert(value)
        yield record


def partition_values(relative_key: str, partition_keys: list[tuple[str, str]]) -> dict[str, Any]:
    """Hive-style ``name=value/`` path segments become the partition columns' values."""
    wanted = {name.lower(): (name, _converter(t)) for name, t in partition_keys}
    values: dict[str, Any] = {}
    for segment in relative_key.split("/")[:-1]:
        key, sep, raw = segment.partition("=")
        if sep and key.lower() in wanted:
            name, convert = wanted[key.lower()]
            values[name] = convert(raw) if convert else raw
    return values


def glue_type_of(value: Any) -> str:
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


def inferred_columns(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """Glue columns of rows put without a schema, in first-seen order: each column's type from the first row
    with a value (bool → boolean, int → bigint, float → double, datetime → timestamp, date → date, else
    string; a column that is always None is a string)."""
    columns: dict[str, Optional[str]] = {}
    for row in rows:
        for name, value in row.items():
            if columns.get(name) is None:
                columns[name] = glue_type_of(value) if value is not None else None
    return [(name, glue_type or "string") for name, glue_type in columns.items()]
