"""Helpers for protected-query tests: start a query, read it back, compute the expected answer in Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Callable

import pytest

from ..conftest import DataCollaboration, read_csv_result, s3_output


@pytest.fixture
def run_query(aws: Any, a: Any, data_collaboration: DataCollaboration) -> Callable[..., dict[str, Any]]:
    """Start a query as A (to S3 unless told otherwise), read it until it finishes, return the query."""

    def run(sql: str | None = None, *, caller: Any = None, membership: str | None = None,
            **kwargs: Any) -> dict[str, Any]:
        caller = caller or a
        membership = membership or data_collaboration.a_membership
        kwargs.setdefault("resultConfiguration", s3_output())
        parameters = kwargs.pop("sqlParameters", {"queryString": sql})
        started = caller.start_protected_query(type="SQL", membershipIdentifier=membership,
                                               sqlParameters=parameters, **kwargs)["protectedQuery"]
        assert started["status"] == "SUBMITTED"
        return dict(caller.get_protected_query(membershipIdentifier=membership,
                                               protectedQueryIdentifier=started["id"])["protectedQuery"])

    return run


@pytest.fixture
def result_rows(aws: Any) -> Callable[[dict[str, Any]], list[dict[str, str]]]:
    def read(query: dict[str, Any]) -> list[dict[str, str]]:
        assert query["status"] == "SUCCESS", query.get("error")
        return read_csv_result(aws, query["result"]["output"]["s3"]["location"])

    return read


def joined_groups(users: Iterable[dict[str, Any]], purchases: Iterable[dict[str, Any]],
                  key: Callable[[dict[str, Any], dict[str, Any]], Any]) -> dict[Any, list[dict[str, Any]]]:
    """The INNER JOIN of users and purchases on user_id, grouped by ``key(user, purchase)``: each group's
    purchases."""
    by_id = {user["user_id"]: user for user in users}
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for purchase in purchases:
        user = by_id.get(purchase["user_id"])
        if user is not None:
            groups[key(user, purchase)].append(purchase)
    return groups
