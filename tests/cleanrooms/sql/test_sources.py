"""Where a table's rows come from: CSV with and without header, JSON lines, Parquet, rows in memory, no data."""

from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import replace

import duckdb
import pytest

from cleanroom_mock.cleanrooms.sql import Column, QueryFailed, QueryTable, TableData, run_query

from .conftest import A

ANY_QUERY = {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A]}
COLUMNS = (Column("id", "bigint"), Column("name", "string"), Column("score", "double"), Column("day", "date"))
ROWS = [
    (1, "ann", 1.5, datetime.date(2024, 1, 1)),
    (2, "bob, jr", None, datetime.date(2024, 1, 2)),
    (3, "cy", 3.0, None),
]
SQL = "SELECT id, name, score, day FROM t ORDER BY id"


def _table(data: TableData, allowed: tuple[str, ...] = ("id", "name", "score", "day")) -> dict[str, QueryTable]:
    return {"t": QueryTable("t", A, allowed, "CUSTOM", ANY_QUERY, data=data)}


def _parquet() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "t.parquet")
        connection = duckdb.connect()
        connection.execute(
            "CREATE TABLE t AS SELECT * FROM (VALUES (1, 'ann', 1.5, DATE '2024-01-01'), "
            "(2, 'bob, jr', NULL, DATE '2024-01-02'), (3, 'cy', 3.0, NULL)) v(id, name, score, day)"
        )
        connection.execute(f"COPY t TO '{path}' (FORMAT parquet)")
        connection.close()
        with open(path, "rb") as file:
            return file.read()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            TableData(
                format="csv",
                files=[
                    b'id,name,score,day\n1,ann,1.5,2024-01-01\n2,"bob, jr",,2024-01-02\n',
                    b"id,name,score,day\n3,cy,3.0,\n",
                ],
                columns=COLUMNS,
            ),
            id="csv-with-header-in-two-files",
        ),
        pytest.param(
            TableData(
                format="csv",
                files=[b'1,ann,1.5,2024-01-01\n2,"bob, jr",,2024-01-02\n3,cy,3.0,\n'],
                header=False,
                columns=COLUMNS,
            ),
            id="headerless-csv",
        ),
        pytest.param(
            TableData(
                format="json",
                files=[
                    b'{"id": 1, "name": "ann", "score": 1.5, "day": "2024-01-01"}\n'
                    b'{"id": 2, "name": "bob, jr", "day": "2024-01-02", "extra": 1}\n'
                    b'{"id": 3, "name": "cy", "score": 3.0, "day": null}\n'
                ],
                columns=COLUMNS,
            ),
            id="json-lines",
        ),
        pytest.param(TableData(format="parquet", files=[_parquet()], columns=COLUMNS), id="parquet"),
        pytest.param(
            TableData(rows=[dict(zip(("id", "name", "score", "day"), row)) for row in ROWS], columns=COLUMNS),
            id="rows-in-memory",
        ),
    ],
)
def test_every_source_reads_the_same_typed_rows(data):
    result = run_query(SQL, _table(data))
    assert result.rows == ROWS
    assert [column.type for column in result.columns] == ["bigint", "string", "double", "date"]


def test_empty_text_in_rows_is_null_in_typed_columns():
    rows = [{"id": "4", "name": "", "score": "", "day": ""}]
    result = run_query(SQL, _table(TableData(format="json", rows=rows, columns=COLUMNS)))
    assert result.rows == [(4, "", None, None)]


def test_only_allowed_columns_are_exposed_whatever_the_file_holds():
    data = TableData(format="csv", files=[b"id,name,score,day\n1,ann,1.5,2024-01-01\n"], columns=COLUMNS)
    result = run_query("SELECT * FROM t", _table(data, allowed=("id", "name")))
    assert [column.name for column in result.columns] == ["id", "name"]
    assert result.rows == [(1, "ann")]


def test_a_table_without_data_is_empty_but_typed():
    result = run_query("SELECT COUNT(*), SUM(score) FROM t", _table(TableData(columns=COLUMNS)))
    assert result.rows == [(0, None)]


def test_a_csv_without_declared_columns_reads_its_header():
    data = TableData(format="csv", files=[b"id,name,score,day\n1,ann,1.5,2024-01-01\n"])
    assert run_query("SELECT name FROM t", _table(data, allowed=("name",))).rows == [("ann",)]


def test_data_unlike_its_format_fails_the_query():
    data = TableData(format="csv", files=[b"id,name,score,day\n1,ann,1.5,2024-01-01,surplus,fields\n"], columns=COLUMNS)
    with pytest.raises(QueryFailed) as failed:
        run_query(SQL, _table(data))
    assert failed.value.code == "INVALID_RESOURCE"
    assert "cleanroom-query-" not in failed.value.message
    broken = replace(data, format="parquet", files=[b"not parquet"])
    with pytest.raises(QueryFailed) as unreadable:
        run_query(SQL, _table(broken))
    assert unreadable.value.code == "INVALID_RESOURCE"


def test_a_column_the_glue_table_lacks_fails_the_query():
    data = TableData(format="csv", files=[b"id\n1\n"], columns=(Column("id", "bigint"),))
    with pytest.raises(QueryFailed) as failed:
        run_query("SELECT id FROM t", _table(data, allowed=("id", "missing")))
    assert failed.value.code == "INVALID_RESOURCE"


def test_a_query_reads_no_file_but_its_tables(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    data = TableData(format="csv", files=[b"id,name,score,day\n1,ann,1.5,2024-01-01\n"], columns=COLUMNS)
    for sql in (f"SELECT * FROM t, read_csv('{secret}')", f'SELECT * FROM "{secret}"'):
        with pytest.raises(QueryFailed) as failed:
            run_query(sql, _table(data))
        assert failed.value.code == "MALFORMED_QUERY"
