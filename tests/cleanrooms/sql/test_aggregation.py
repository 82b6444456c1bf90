"""The AGGREGATION analysis rule: allowed queries compute the right numbers, output constraints suppress small
groups, and each kind of breach is refused."""

from __future__ import annotations

from collections import defaultdict

import pytest

from cleanroom_mock.cleanrooms.sql import QueryRefused, check_query, run_query

from .conftest import AGGREGATION_PURCHASES, AGGREGATION_USERS, PURCHASES, USERS, A, B

JOINED = """
SELECT u.segment, SUM(p.amount) AS total, COUNT(DISTINCT p.user_id) AS buyers
FROM users u INNER JOIN purchases p ON u.user_id = p.user_id
GROUP BY u.segment
ORDER BY u.segment
"""


def _by_segment() -> dict[str, tuple[float, set[str]]]:
    segment_of = {user_id: segment for user_id, segment, _ in USERS}
    totals: dict[str, float] = defaultdict(float)
    buyers: dict[str, set[str]] = defaultdict(set)
    for user_id, amount, _ in PURCHASES:
        if user_id in segment_of:
            totals[segment_of[user_id]] += amount
            buyers[segment_of[user_id]].add(user_id)
    return {segment: (totals[segment], buyers[segment]) for segment in totals}


def test_an_allowed_join_aggregates_like_python_and_suppresses_small_groups(aggregation_tables):
    check_query(JOINED, aggregation_tables, runner_account=A)
    result = run_query(JOINED, aggregation_tables)

    expected = _by_segment()
    kept = {segment: value for segment, value in expected.items() if len(value[1]) >= 5}
    assert "rare" in expected and "rare" not in kept  # the rare segment has under 5 distinct users
    assert [column.name for column in result.columns] == ["segment", "total", "buyers"]
    assert [column.type for column in result.columns] == ["string", "double", "bigint"]
    assert [row[0] for row in result.rows] == sorted(kept)
    for segment, total, buyers in result.rows:
        assert total == pytest.approx(kept[segment][0])
        assert buyers == len(kept[segment][1])
    assert result.suppressed_rows == 1


def test_every_tables_constraint_applies_the_most_restrictive_wins(make_tables):
    users_rule = dict(
        AGGREGATION_USERS, outputConstraints=[{"columnName": "user_id", "minimum": 2, "type": "COUNT_DISTINCT"}]
    )
    purchases_rule = dict(
        AGGREGATION_PURCHASES, outputConstraints=[{"columnName": "user_id", "minimum": 100, "type": "COUNT_DISTINCT"}]
    )
    tables = make_tables("AGGREGATION", users_rule, purchases_rule)

    result = run_query(JOINED, tables)

    assert result.rows == []
    assert result.suppressed_rows == len(_by_segment())


def test_scalar_functions_having_and_order_by_aggregates(aggregation_tables):
    sql = """
    SELECT UPPER(u.segment) AS seg, ROUND(AVG(p.amount), 2) AS mean
    FROM users AS u JOIN purchases AS p ON u.user_id = p.user_id
    WHERE p.category = 'books' AND u.segment <> 'nowhere'
    GROUP BY UPPER(u.segment)
    HAVING SUM(p.amount) > 0
    ORDER BY mean DESC
    """
    check_query(sql, aggregation_tables, runner_account=A)
    result = run_query(sql, aggregation_tables)

    segment_of = {user_id: segment for user_id, segment, _ in USERS}
    amounts: dict[str, list[float]] = defaultdict(list)
    users: dict[str, set[str]] = defaultdict(set)
    for user_id, amount, category in PURCHASES:
        if user_id in segment_of and category == "books":
            amounts[segment_of[user_id].upper()].append(amount)
            users[segment_of[user_id].upper()].add(user_id)
    expected = sorted(
        ((seg, round(sum(values) / len(values), 2)) for seg, values in amounts.items() if len(users[seg]) >= 5),
        key=lambda row: -row[1],
    )
    assert [(seg, pytest.approx(mean)) for seg, mean in expected] == result.rows


def test_the_runner_may_aggregate_its_own_table_alone(aggregation_tables):
    sql = "SELECT category, SUM(amount) FROM purchases GROUP BY category"
    check_query(sql, aggregation_tables, runner_account=A)
    rows = dict(run_query(sql, aggregation_tables).rows)
    assert rows["books"] == pytest.approx(sum(amount for _, amount, category in PURCHASES if category == "books"))


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        # an aggregate function the rule does not allow on the column
        (
            "SELECT u.segment, COUNT(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "purchases.amount can't be aggregated with COUNT",
        ),
        (
            "SELECT u.segment, MAX(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "Aggregation function MAX is not allowed",
        ),
        (
            "SELECT u.segment, SUM(DISTINCT p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "GROUP BY 1",
            "can't be aggregated with SUM DISTINCT",
        ),
        ("SELECT u.segment, COUNT(*) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1", "COUNT(*)"),
        # a join column is never output, filtered or grouped by
        (
            "SELECT u.user_id, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "users.user_id is a join column",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "WHERE p.user_id = 'u1' GROUP BY 1",
            "purchases.user_id is a join column",
        ),
        # a column that is neither dimension nor join column
        (
            "SELECT u.email, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "users.email is not a dimension column",
        ),
        # users requires a join to the runner's table
        ("SELECT segment, COUNT(DISTINCT user_id) FROM users GROUP BY segment", "must be joined"),
        # joins: INNER only, on join columns, with '=' and the allowed operators
        (
            "SELECT u.segment, SUM(p.amount) FROM users u LEFT JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "LEFT JOIN is not allowed",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u FULL OUTER JOIN purchases p ON u.user_id = p.user_id "
            "GROUP BY 1",
            "JOIN is not allowed",
        ),
        ("SELECT u.segment, SUM(p.amount) FROM users u CROSS JOIN purchases p GROUP BY 1", "JOIN is not allowed"),
        ("SELECT u.segment, SUM(p.amount) FROM users u, purchases p GROUP BY 1", "INNER JOINs with an ON condition"),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.segment = p.category GROUP BY 1",
            "users.segment is not a join column",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id > p.user_id GROUP BY 1",
            "only compare join columns with '='",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p "
            "ON u.user_id = p.user_id OR u.user_id = p.user_id GROUP BY 1",
            "The OR operator is not allowed",
        ),
        # scalar functions: only those every table's rule allows
        (
            "SELECT TRIM(u.segment), SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "Function TRIM is not allowed",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "WHERE CAST(p.category AS VARCHAR) = 'x' GROUP BY 1",
            "Function CAST is not allowed",
        ),
        # the query structure
        (
            "SELECT u.segment FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1",
            "at least one aggregation",
        ),
        ("SELECT * FROM users u JOIN purchases p ON u.user_id = p.user_id", "SELECT * is not allowed"),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN (SELECT * FROM purchases) p ON u.user_id = p.user_id "
            "GROUP BY 1",
            "Subqueries are not allowed",
        ),
        (
            "WITH p AS (SELECT user_id, amount FROM purchases) "
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN p ON u.user_id = p.user_id GROUP BY 1",
            "Common table expressions",
        ),
        (
            "SELECT u.segment, SUM(p.amount) OVER (PARTITION BY u.segment) FROM users u "
            "JOIN purchases p ON u.user_id = p.user_id",
            "Window functions are not allowed",
        ),
        (
            "SELECT category, SUM(amount) FROM purchases GROUP BY 1 UNION SELECT category, SUM(amount) FROM purchases "
            "GROUP BY 1",
            "Set operations",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1 LIMIT 1",
            "LIMIT",
        ),
        (
            "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "GROUP BY ROLLUP (u.segment)",
            "ROLLUP",
        ),
    ],
)
def test_breaches_are_refused(aggregation_tables, refusal, sql, message):
    assert message in refusal(sql, aggregation_tables)


def test_a_table_without_join_requirement_can_be_queried_alone_by_another_member(make_tables):
    tables = make_tables("AGGREGATION", dict(AGGREGATION_USERS, joinRequired=None), AGGREGATION_PURCHASES)
    check_query("SELECT segment, COUNT(DISTINCT user_id) FROM users GROUP BY segment", tables, runner_account=A)


def test_or_joins_pass_when_every_table_allows_or(make_tables):
    tables = make_tables(
        "AGGREGATION",
        dict(AGGREGATION_USERS, allowedJoinOperators=["AND", "OR"]),
        dict(AGGREGATION_PURCHASES, allowedJoinOperators=["OR"]),
    )
    sql = (
        "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p "
        "ON (u.user_id = p.user_id OR u.user_id = p.user_id) GROUP BY 1"
    )
    check_query(sql, tables, runner_account=A)
    with pytest.raises(QueryRefused, match="The AND operator"):
        check_query(sql.replace(" OR ", " AND "), tables, runner_account=A)


def test_an_empty_operator_list_allows_single_equality_joins_only(make_tables, refusal):
    tables = make_tables("AGGREGATION", dict(AGGREGATION_USERS, allowedJoinOperators=[]), AGGREGATION_PURCHASES)
    single = "SELECT u.segment, SUM(p.amount) FROM users u JOIN purchases p ON u.user_id = p.user_id GROUP BY 1"
    check_query(single, tables, runner_account=A)
    message = refusal(single.replace("GROUP BY", "AND u.user_id = p.user_id GROUP BY"), tables)
    assert "The AND operator is not allowed in join conditions by the analysis rule of table users" in message


def test_the_join_requirement_is_met_transitively(make_tables):
    tables = make_tables("AGGREGATION", AGGREGATION_USERS, AGGREGATION_PURCHASES)
    # users (B) joins purchases (A) through a second copy of users: B -> B -> A
    sql = (
        "SELECT u.segment, SUM(p.amount) FROM users u JOIN users v ON u.user_id = v.user_id "
        "JOIN purchases p ON v.user_id = p.user_id GROUP BY u.segment"
    )
    check_query(sql, tables, runner_account=A)
    with pytest.raises(QueryRefused, match="must be joined"):
        check_query(sql, tables, runner_account=B.replace("2", "9"))


def test_a_query_that_counts_nothing_is_still_constrained_and_keeps_its_own_columns(aggregation_tables):
    sql = (
        "SELECT u.segment, SUM(p.amount) AS total FROM users u JOIN purchases p ON u.user_id = p.user_id "
        "GROUP BY u.segment ORDER BY total"
    )
    result = run_query(sql, aggregation_tables)

    expected = {segment: total for segment, (total, buyers) in _by_segment().items() if len(buyers) >= 5}
    assert [column.name for column in result.columns] == ["segment", "total"]
    assert {segment: pytest.approx(total) for segment, total in expected.items()} == dict(result.rows)
    assert result.suppressed_rows == 1


def test_a_count_of_another_column_does_not_stand_for_the_constrained_one(make_tables):
    # the constraint counts users.user_id; the query counts categories, which says nothing of users
    users_rule = dict(
        AGGREGATION_USERS, outputConstraints=[{"columnName": "user_id", "minimum": 5, "type": "COUNT_DISTINCT"}]
    )
    purchases_rule = dict(
        AGGREGATION_PURCHASES,
        aggregateColumns=[{"columnNames": ["category"], "function": "COUNT_DISTINCT"}],
    )
    tables = make_tables("AGGREGATION", users_rule, purchases_rule)
    sql = (
        "SELECT u.segment, COUNT(DISTINCT p.category) FROM users u JOIN purchases p ON u.user_id = p.user_id "
        "GROUP BY u.segment"
    )
    result = run_query(sql, tables)

    kept = {segment for segment, (_, buyers) in _by_segment().items() if len(buyers) >= 5}
    assert {row[0] for row in result.rows} == kept
    assert all(row[1] == 2 for row in result.rows)
