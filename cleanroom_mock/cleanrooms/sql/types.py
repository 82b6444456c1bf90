"""Column types between the Glue catalog (the tables' declared types) and DuckDB (where queries run).

Glue types: https://docs.aws.amazon.com/athena/latest/ug/data-types.html (the Hive DDL names a Glue table
declares). AWS is silent on the result types a protected query reports; we name DuckDB's result types with the
Glue name of the same kind (DuckDB's HUGEINT sums are ``bigint``, its VARCHAR is ``string``).
"""

from __future__ import annotations

import re
from types import MappingProxyType

_GLUE_TO_DUCKDB = MappingProxyType(
    {
        "string": "VARCHAR",
        "varchar": "VARCHAR",
        "char": "VARCHAR",
        "tinyint": "TINYINT",
        "smallint": "SMALLINT",
        "int": "INTEGER",
        "integer": "INTEGER",
        "bigint": "BIGINT",
        "float": "FLOAT",
        "real": "FLOAT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMP",
        "binary": "BLOB",
    }
)
_DUCKDB_TO_GLUE = MappingProxyType(
    {
        "VARCHAR": "string",
        "TINYINT": "tinyint",
        "UTINYINT": "smallint",
        "SMALLINT": "smallint",
        "USMALLINT": "int",
        "INTEGER": "int",
        "UINTEGER": "bigint",
        "BIGINT": "bigint",
        "UBIGINT": "bigint",
        "HUGEINT": "bigint",
        "UHUGEINT": "bigint",
        "FLOAT": "float",
        "DOUBLE": "double",
        "BOOLEAN": "boolean",
        "DATE": "date",
        "TIMESTAMP": "timestamp",
        "TIMESTAMP WITH TIME ZONE": "timestamp",
        "TIMESTAMP_S": "timestamp",
        "TIMESTAMP_MS": "timestamp",
        "TIMESTAMP_NS": "timestamp",
        "BLOB": "binary",
    }
)
_DECIMAL = re.compile(r"decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)", re.IGNORECASE)


def duckdb_type(glue_type: str) -> str:
    """The DuckDB type a Glue column type reads as (complex types — array, map, struct — read as text)."""
    text = glue_type.strip().lower()
    decimal = _DECIMAL.fullmatch(text)
    if decimal:
        return f"DECIMAL({decimal.group(1)},{decimal.group(2)})"
    if text == "decimal":
        return "DECIMAL(38,18)"
    return _GLUE_TO_DUCKDB.get(text.split("(")[0], "VARCHAR")


def glue_type(duckdb_name: str) -> str:
    """The Glue name of a DuckDB result type."""
    text = duckdb_name.strip().upper()
    decimal = _DECIMAL.fullmatch(text)
    if decimal:
        return f"decimal({decimal.group(1)},{decimal.group(2)})"
    return _DUCKDB_TO_GLUE.get(text, "string")
