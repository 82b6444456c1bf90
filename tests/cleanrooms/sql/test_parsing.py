"""What every protected query must be, whatever the rule: one SELECT over the collaboration's configured tables,
their allowed columns only, tables with an analysis rule, one rule type."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cleanroom_mock.cleanrooms.sql import QueryFailed, QueryRefused, check_query, run_query

from .conftest import AGGREGATION_USERS, LIST_PURCHASES, A

ANY_QUERY = {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A]}


@pytest.fixture
def custom_tables(make_tables):
    return make_tables("CUSTOM", ANY_QUERY, ANY_QUERY)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELEC segment FROM users", "Syntax error"),
        ("SELECT segment FROM users WHERE (", "Syntax error"),
        ("SELECT segment FROM users; SELECT email FROM users", "single SELECT statement"),
        ("DROP TABLE users", "Only SELECT statements are allowed"),
        ("INSERT INTO users VALUES ('x', 'y', 'z')", "Only SELECT statements are allowed"),
        ("DELETE FROM users", "Only SELECT statements are allowed"),
        ("CREATE TABLE t AS SELECT * FROM users", "Only SELECT statements are allowed"),
        ("COPY users TO '/tmp/out.csv'", "Only SELECT statements are allowed"),
        ("SELECT segment INTO copied FROM users", "SELECT ... INTO"),
        ("", "empty"),
        ("SELECT * FROM customers", 'Table "customers" does not exist'),
        ("SELECT * FROM other_db.users", "does not exist"),
        ("SELECT * FROM read_csv('/etc/passwd')", "Table functions are not allowed"),
        ("SELECT 1", "at least one configured table"),
        ("SELECT phone FROM users", 'Column "phone" does not exist or is not an allowed column'),
        ("SELECT u.phone FROM users u", 'Column "phone" does not exist or is not an allowed column'),
    ],
)
def test_what_is_not_a_select_over_known_tables_and_columns_is_refused(custom_tables, refusal, sql, message):
    assert message in refusal(sql, custom_tables)


def test_a_column_outside_the_allowed_columns_does_not_exist(make_tables):
    tables = make_tables("CUSTOM", ANY_QUERY, ANY_QUERY)
    narrow = dict(tables, users=replace(tables["users"], allowed_columns=("user_id",)))
    with pytest.raises(QueryRefused, match='Column "segment"'):
        check_query("SELECT segment FROM users", narrow, runner_account=A)
    # the data file has the column, but the query's view of the table does not
    with pytest.raises(QueryFailed) as failed:
        run_query("SELECT segment FROM users", narrow)
    assert failed.value.code == "MALFORMED_QUERY"
    assert run_query("SELECT * FROM users", narrow).columns[0].name == "user_id"
    assert len(run_query("SELECT * FROM users", narrow).columns) == 1


def test_a_table_without_analysis_rule_cannot_be_queried(make_tables):
    tables = make_tables(None, {}, {})
    with pytest.raises(QueryRefused, match="has no analysis rule"):
        check_query("SELECT * FROM users", tables, runner_account=A)


def test_a_query_cannot_mix_analysis_rule_types(make_tables):
    tables = make_tables("LIST", AGGREGATION_USERS, LIST_PURCHASES, users_rule_type="AGGREGATION")
    with pytest.raises(QueryRefused, match="same analysis rule type"):
        check_query(
            "SELECT DISTINCT p.category FROM users u JOIN purchases p ON u.user_id = p.user_id",
            tables,
            runner_account=A,
        )


def test_runtime_errors_fail_the_query_with_an_error_code(custom_tables):
    with pytest.raises(QueryFailed) as failed:
        run_query("SELECT CAST(segment AS INTEGER) FROM users", custom_tables)
    assert failed.value.code == "MALFORMED_QUERY"
    assert "segment" in failed.value.message or "north" in failed.value.message or "rare" in failed.value.message
    with pytest.raises(QueryFailed) as divided:
        run_query("SELECT SUM(amount) // 0 FROM purchases", custom_tables)
    assert divided.value.code == "MALFORMED_QUERY"


def test_redshift_functions_run_on_duckdb(custom_tables):
    sql = (
        "SELECT TO_CHAR(DATEADD(day, 1, CAST('2024-01-31' AS DATE)), 'YYYY-MM-DD') AS next_day, "
        "GETDATE() IS NOT NULL AS now_known, NVL(NULL, 'x') AS fallback, segment::VARCHAR AS seg "
        "FROM users WHERE user_id = 'u1'"
    )
    check_query(sql, custom_tables, runner_account=A)
    assert run_query(sql, custom_tables).rows == [("2024-02-01", True, "x", "rare")]
