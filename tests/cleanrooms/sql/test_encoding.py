"""A result as a file: CSV with a header line, Parquet with the result's types."""

from __future__ import annotations

import datetime
import os
import tempfile
from decimal import Decimal

import duckdb

from cleanroom_mock.cleanrooms.sql import Column, QueryResult, encode_result

RESULT = QueryResult(
    columns=(
        Column("segment", "string"),
        Column("users", "bigint"),
        Column("share", "double"),
        Column("price", "decimal(10,2)"),
        Column("active", "boolean"),
        Column("day", "date"),
        Column("seen", "timestamp"),
    ),
    rows=[
        (
            'north, "big"',
            12,
            0.25,
            Decimal("9.99"),
            True,
            datetime.date(2024, 3, 1),
            datetime.datetime(2024, 3, 1, 8, 30),
        ),
        (None, None, None, None, None, None, None),
    ],
)


def test_csv_has_a_header_and_quotes_what_needs_it():
    assert encode_result(RESULT, "CSV").decode().splitlines() == [
        "segment,users,share,price,active,day,seen",
        '"north, ""big""",12,0.25,9.99,true,2024-03-01,2024-03-01 08:30:00',
        ",,,,,,",
    ]


def test_parquet_keeps_the_values_and_their_types():
    body = encode_result(RESULT, "PARQUET")
    assert body[:4] == b"PAR1"
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "result.parquet")
        with open(path, "wb") as file:
            file.write(body)
        connection = duckdb.connect()
        types = [row[1] for row in connection.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
        rows = connection.execute(f"SELECT * FROM '{path}'").fetchall()
        connection.close()
    assert types == ["VARCHAR", "BIGINT", "DOUBLE", "DECIMAL(10,2)", "BOOLEAN", "DATE", "TIMESTAMP"]
    assert rows == RESULT.rows


def test_an_empty_result_is_a_header_or_an_empty_parquet_file():
    empty = QueryResult(columns=(Column("n", "bigint"),), rows=[])
    assert encode_result(empty, "CSV") == b"n\n"
    assert encode_result(empty, "PARQUET")[:4] == b"PAR1"
