"""A configured table's Glue table, read through the data layer (moto's Glue and S3 under ``mock_aws``, the
in-memory store otherwise): its columns when the table is configured, its data when a query runs.

The Glue catalog is the caller's region's unless ``tableReference.glue.region`` names another. Other table
references (Snowflake, Athena, Databricks) are stored and echoed; a Snowflake reference's ``tableSchema`` gives
its columns; the others' columns are taken on trust, and a query over them fails (INVALID_RESOURCE).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, Optional

from ...core.data import DataError, TableSource
from ..errors import INVALID_CONFIGURATION, invalid
from ..sql import Column, TableData

if TYPE_CHECKING:
    from ...core.state import MockHandle


def reference_columns(handle: MockHandle, region: str, reference: dict[str, Any]) -> Optional[dict[str, str]]:
    """The columns (name → type) of the table a ``tableReference`` names, or None when the mock cannot know
    them (Athena, Databricks). A Glue table that does not exist is ValidationException (INVALID_CONFIGURATION):
    AWS is silent; ResourceNotFoundException's resourceType has no Glue table."""
    if "glue" in reference:
        glue = reference["glue"]
        store = handle.data.in_region(glue.get("region") or region)
        try:
            columns = store.get_table_columns(glue["databaseName"], glue["tableName"])
        except DataError:
            raise invalid(f"Glue table {glue['databaseName']}.{glue['tableName']} does not exist or cannot be "
                          "read.", INVALID_CONFIGURATION)
        return {name.lower(): glue_type for name, glue_type in columns}
    if "snowflake" in reference:
        schema = reference["snowflake"]["tableSchema"].get("v1", [])
        return {column["columnName"].lower(): column["columnType"] for column in schema}
    return None


def check_allowed_columns(allowed: list[str], columns: Optional[dict[str, str]]) -> dict[str, str]:
    """allowedColumns must be distinct and exist in the table (ValidationException naming the missing ones);
    returns each allowed column's type."""
    repeated = sorted({column for column in allowed if allowed.count(column) > 1})
    if repeated:
        raise invalid(f"allowedColumns lists {', '.join(repeated)} more than once.")
    if columns is None:
        return dict.fromkeys(allowed, "string")
    missing = [column for column in allowed if column not in columns]
    if missing:
        raise invalid(f"allowedColumns {', '.join(missing)} not found in the table's columns "
                      f"({', '.join(columns)}).", INVALID_CONFIGURATION)
    return {column: columns[column] for column in allowed}


def table_data(handle: MockHandle, region: str, reference: dict[str, Any]) -> TableData:
    """The rows of a Glue table for the SQL engine: its files when DuckDB can read them as they are (CSV with
    a comma, JSON lines, Parquet; no partitions), else the rows the data layer parses. Raises DataError."""
    glue = reference["glue"]
    store = handle.data.in_region(glue.get("region") or region)
    database, name = glue["databaseName"], glue["tableName"]
    source: TableSource = store.get_table_source(database, name)
    columns = [Column(column, glue_type) for column, glue_type in source.columns]
    if source.rows is not None:
        return TableData(format="json", columns=columns, rows=source.rows)
    readable_csv = source.format != "csv" or (source.delimiter == "," and source.skip_header <= 1)
    if source.partition_keys or not readable_csv:
        rows = store.get_table_rows(database, name)
        return TableData(format="json", columns=[*columns, *(Column(n, t) for n, t in source.partition_keys)],
                         rows=rows)
    bodies = [body for _, body in source.objects]
    header = source.skip_header == 1 or (source.format == "csv" and _has_header(bodies, source.columns))
    return TableData(format=source.format, files=bodies, header=header, columns=columns)  # type: ignore[arg-type]


def _has_header(bodies: list[bytes], columns: Any) -> bool:
    """The data layer's CSV rule (``core.data.tables.rows_from_csv``): without skip.header.line.count, a first
    line whose fields are the column names is a header."""
    if not bodies:
        return False
    first_line = bodies[0].split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    first = next(csv.reader(io.StringIO(first_line)), [])
    return {field.strip().lower() for field in first} == {name.lower() for name, _ in columns}
