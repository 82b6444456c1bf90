"""Tables for the protected-SQL engine tests: two members' data, made in the test, with the rules a test needs.

A (the member who can query) owns ``purchases``; B owns ``users``. The data is small and seeded, so each test
can compute the expected answer in plain Python.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional

import pytest

from cleanroom_mock.cleanrooms.sql import Column, QueryRefused, QueryTable, TableData, Template, check_query

A = "111111111111"  # can query; owns purchases
B = "222222222222"  # owns users
C = "333333333333"  # a third member

USER_COLUMNS = (Column("user_id", "string"), Column("segment", "string"), Column("email", "string"))
PURCHASE_COLUMNS = (Column("user_id", "string"), Column("amount", "double"), Column("category", "string"))


def _users() -> list[tuple[str, str, str]]:
    # segment "rare" holds 3 users: under any output constraint minimum the tests use
    return [(f"u{i}", "rare" if i < 3 else ("north", "south")[i % 2], f"user{i}@example.com") for i in range(60)]


def _purchases() -> list[tuple[str, float, str]]:
    generator = random.Random(7)
    return [
        (f"u{generator.randrange(80)}", round(generator.uniform(1, 100), 2), generator.choice(("books", "games")))
        for _ in range(400)
    ]


USERS = _users()
PURCHASES = _purchases()


def csv_bytes(rows: Sequence[Sequence[Any]], columns: Sequence[Column], *, header: bool = True) -> bytes:
    lines = [",".join(column.name for column in columns)] if header else []
    lines += [",".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


AGGREGATION_USERS = {
    "aggregateColumns": [{"columnNames": ["user_id"], "function": "COUNT_DISTINCT"}],
    "joinColumns": ["user_id"],
    "joinRequired": "QUERY_RUNNER",
    "dimensionColumns": ["segment"],
    "scalarFunctions": ["LOWER", "UPPER", "ROUND"],
    "outputConstraints": [{"columnName": "user_id", "minimum": 5, "type": "COUNT_DISTINCT"}],
}
AGGREGATION_PURCHASES = {
    "aggregateColumns": [
        {"columnNames": ["amount"], "function": "SUM"},
        {"columnNames": ["amount"], "function": "AVG"},
        {"columnNames": ["user_id"], "function": "COUNT_DISTINCT"},
    ],
    "joinColumns": ["user_id"],
    "dimensionColumns": ["category"],
    "scalarFunctions": ["LOWER", "UPPER", "ROUND"],
    "outputConstraints": [],
}
LIST_USERS = {"joinColumns": ["user_id"], "listColumns": ["segment", "email"]}
LIST_PURCHASES = {"joinColumns": ["user_id"], "listColumns": ["category"]}


TableMaker = Callable[..., dict[str, QueryTable]]


@pytest.fixture
def make_tables() -> TableMaker:
    """``make_tables(rule_type, users_rule, purchases_rule)``: both members' tables under the given rules."""

    def make(
        rule_type: Optional[str],
        users_rule: Mapping[str, Any],
        purchases_rule: Mapping[str, Any],
        *,
        users_rule_type: Optional[str] = None,
    ) -> dict[str, QueryTable]:
        users = QueryTable(
            name="users",
            owner_account=B,
            allowed_columns=("user_id", "segment", "email"),
            rule_type=users_rule_type or rule_type,
            rule=users_rule,
            data=TableData(format="csv", files=[csv_bytes(USERS, USER_COLUMNS)], columns=USER_COLUMNS),
        )
        purchases = QueryTable(
            name="purchases",
            owner_account=A,
            allowed_columns=("user_id", "amount", "category"),
            rule_type=rule_type,
            rule=purchases_rule,
            data=TableData(
                format="csv",
                files=[csv_bytes(PURCHASES[:200], PURCHASE_COLUMNS), csv_bytes(PURCHASES[200:], PURCHASE_COLUMNS)],
                columns=PURCHASE_COLUMNS,
            ),
        )
        return {"users": users, "purchases": purchases}

    return make


@pytest.fixture
def aggregation_tables(make_tables: TableMaker) -> dict[str, QueryTable]:
    return make_tables("AGGREGATION", AGGREGATION_USERS, AGGREGATION_PURCHASES)


@pytest.fixture
def list_tables(make_tables: TableMaker) -> dict[str, QueryTable]:
    return make_tables("LIST", LIST_USERS, LIST_PURCHASES)


@pytest.fixture
def refusal() -> Callable[..., str]:
    """``refusal(sql, tables, runner=A, template=None)``: the message check_query refuses `sql` with."""

    def refuse(sql: str, tables: Mapping[str, QueryTable], runner: str = A, template: Optional[Template] = None) -> str:
        with pytest.raises(QueryRefused) as refused:
            check_query(sql, tables, runner_account=runner, template=template)
        return refused.value.message

    return refuse
