"""The LIST analysis rule: an allowed query lists the overlap like Python does; each kind of breach is refused."""

from __future__ import annotations

import pytest

from cleanroom_mock.cleanrooms.sql import check_query, run_query

from .conftest import LIST_PURCHASES, LIST_USERS, PURCHASES, USERS, A


def test_an_allowed_list_query_lists_the_overlap(list_tables):
    sql = """
    SELECT DISTINCT u.segment, u.email AS address, p.category
    FROM users u JOIN purchases p ON u.user_id = p.user_id
    WHERE p.category IN ('books') AND u.segment LIKE 'n%' AND u.email IS NOT NULL
    """
    check_query(sql, list_tables, runner_account=A)
    result = run_query(sql, list_tables)

    users = {user_id: (segment, email) for user_id, segment, email in USERS}
    expected = {
        (*users[user_id], category)
        for user_id, _, category in PURCHASES
        if user_id in users and category == "books" and users[user_id][0].startswith("n")
    }
    assert [column.name for column in result.columns] == ["segment", "address", "category"]
    assert sorted(result.rows) == sorted(expected)
    assert result.suppressed_rows == 0


def test_limit_and_mathematical_operators_are_allowed(list_tables):
    sql = (
        "SELECT DISTINCT u.email FROM users u INNER JOIN purchases p ON u.user_id = p.user_id "
        "WHERE (1 + 2) * 3 = 9 LIMIT 4"
    )
    check_query(sql, list_tables, runner_account=A)
    assert len(run_query(sql, list_tables).rows) == 4


def test_the_runner_may_list_its_own_table_alone(list_tables):
    sql = "SELECT DISTINCT category FROM purchases"
    check_query(sql, list_tables, runner_account=A)
    assert sorted(run_query(sql, list_tables).rows) == [("books",), ("games",)]


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id", "SELECT DISTINCT"),
        (
            "SELECT DISTINCT COUNT(u.segment) FROM users u JOIN purchases p ON u.user_id = p.user_id",
            "Aggregation function COUNT is not allowed",
        ),
        (
            "SELECT DISTINCT LOWER(u.segment) FROM users u JOIN purchases p ON u.user_id = p.user_id",
            "Scalar function LOWER is not allowed",
        ),
        (
            "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "WHERE UPPER(p.category) = 'BOOKS'",
            "Scalar function UPPER is not allowed",
        ),
        ("SELECT DISTINCT u.user_id FROM users u JOIN purchases p ON u.user_id = p.user_id", "is a join column"),
        ("SELECT DISTINCT u.segment FROM users u", "must be joined"),
        (
            "SELECT DISTINCT u.segment FROM users u LEFT JOIN purchases p ON u.user_id = p.user_id",
            "LEFT JOIN is not allowed",
        ),
        (
            "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id OR u.user_id = p.user_id",
            "The OR operator is not allowed",
        ),
        ("SELECT DISTINCT * FROM users u JOIN purchases p ON u.user_id = p.user_id", "SELECT * is not allowed"),
        (
            "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id ORDER BY u.segment",
            "ORDER BY is not allowed",
        ),
        (
            "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY u.segment",
            "GROUP BY is not allowed",
        ),
        (
            "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id WHERE p.amount > 10",
            "purchases.amount can't be used in WHERE",
        ),
        (
            "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "WHERE u.user_id IN (SELECT user_id FROM purchases)",
            "Subqueries are not allowed",
        ),
    ],
)
def test_breaches_are_refused(list_tables, refusal, sql, message):
    assert message in refusal(sql, list_tables)


def test_or_joins_need_every_table_to_allow_or(make_tables):
    tables = make_tables(
        "LIST",
        dict(LIST_USERS, joinColumns=["user_id", "email"], allowedJoinOperators=["AND", "OR"]),
        dict(LIST_PURCHASES, allowedJoinOperators=["AND", "OR"]),
    )
    sql = "SELECT DISTINCT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id OR u.email = p.user_id"
    check_query(sql, tables, runner_account=A)
    assert {row[0] for row in run_query(sql, tables).rows} <= {"rare", "north", "south"}
