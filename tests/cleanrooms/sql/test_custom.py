"""The CUSTOM analysis rule: allowed analyses (templates, ANY_QUERY and providers), disallowed output columns, and
the full SELECT language it allows."""

from __future__ import annotations

from collections import Counter

import pytest

from cleanroom_mock.cleanrooms.sql import QueryRefused, Template, check_query, run_query

from .conftest import PURCHASES, USERS, A, B, C

TEMPLATE_ARN = f"arn:aws:cleanrooms:us-east-1:{A}:membership/m-1/analysistemplate/t-1"
ANY_QUERY_BY_A = {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A]}


def test_ctes_outer_joins_and_window_functions_run_like_python(make_tables):
    tables = make_tables("CUSTOM", ANY_QUERY_BY_A, ANY_QUERY_BY_A)
    sql = """
    WITH spend AS (SELECT user_id, SUM(amount) AS total FROM purchases GROUP BY user_id)
    SELECT u.segment, COUNT(s.user_id) AS buyers, COUNT(*) AS users,
           RANK() OVER (ORDER BY COUNT(*) DESC, u.segment) AS rank
    FROM users u LEFT JOIN spend s ON u.user_id = s.user_id
    GROUP BY u.segment
    """
    check_query(sql, tables, runner_account=A)
    result = run_query(sql, tables)

    buyers = {user_id for user_id, _, _ in PURCHASES}
    sizes = Counter(segment for _, segment, _ in USERS)
    bought = Counter(segment for user_id, segment, _ in USERS if user_id in buyers)
    ranking = sorted(sizes, key=lambda segment: (-sizes[segment], segment))
    expected = {(segment, bought[segment], sizes[segment], ranking.index(segment) + 1) for segment in sizes}
    assert set(result.rows) == expected
    assert result.suppressed_rows == 0


def test_an_allowed_template_runs_where_direct_queries_are_not_allowed(make_tables):
    rule = {"allowedAnalyses": [TEMPLATE_ARN]}
    tables = make_tables("CUSTOM", rule, rule)
    template = Template(arn=TEMPLATE_ARN, text="SELECT COUNT(*) FROM users")

    check_query(template.text, tables, runner_account=A, template=template)
    assert run_query(template.text, tables).rows == [(len(USERS),)]
    with pytest.raises(QueryRefused, match="only allows the analysis templates"):
        check_query(template.text, tables, runner_account=A)


@pytest.mark.parametrize(
    ("users_rule", "runner", "template_arn", "message"),
    [
        # a template the rule does not list
        ({"allowedAnalyses": [TEMPLATE_ARN]}, A, TEMPLATE_ARN.replace("t-1", "t-2"), "is not allowed by the custom"),
        # a direct query on a table that allows no analyses
        ({"allowedAnalyses": []}, A, None, "allows no analyses"),
        # ANY_QUERY, but the runner is not an allowed provider
        (
            {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [C]},
            A,
            None,
            "not an allowed analysis provider",
        ),
        # ANY_QUERY by provider: a template authored by a non-provider
        (
            {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [C]},
            A,
            TEMPLATE_ARN,
            "is not allowed by the custom",
        ),
        # protections the mock does not model are refused, not ignored
        (dict(ANY_QUERY_BY_A, differentialPrivacy={"columns": [{"name": "user_id"}]}), A, None, "differentialPrivacy"),
    ],
)
def test_analyses_the_rule_does_not_allow_are_refused(make_tables, refusal, users_rule, runner, template_arn, message):
    tables = make_tables("CUSTOM", users_rule, ANY_QUERY_BY_A)
    template = Template(arn=template_arn, text="SELECT segment FROM users") if template_arn else None
    assert message in refusal("SELECT segment FROM users", tables, runner, template)


def test_a_template_by_an_allowed_provider_counts_as_allowed(make_tables):
    tables = make_tables("CUSTOM", {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A]}, ANY_QUERY_BY_A)
    template = Template(arn=TEMPLATE_ARN, text="SELECT segment FROM users")
    check_query(template.text, tables, runner_account=B, template=template)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM users",
        "SELECT u.* FROM users u JOIN purchases p ON u.user_id = p.user_id",
        "SELECT LOWER(email) FROM users",
        "WITH x AS (SELECT email AS contact FROM users) SELECT contact FROM x",
        "SELECT e FROM (SELECT email AS e FROM users) d",
        "SELECT segment FROM users UNION ALL SELECT email FROM users",
        "SELECT segment, (SELECT MAX(email) FROM users) FROM users",
        "SELECT (SELECT email) FROM users",
        "SELECT x.* FROM users u, LATERAL (SELECT u.email AS e) x",
        "SELECT e FROM users, UNNEST([email]) AS t(e)",
        "SELECT * FROM users PIVOT (COUNT(user_id) FOR email IN ('user1@example.com'))",
    ],
)
def test_disallowed_output_columns_are_never_output(make_tables, sql):
    tables = make_tables("CUSTOM", dict(ANY_QUERY_BY_A, disallowedOutputColumns=["email"]), ANY_QUERY_BY_A)
    with pytest.raises(QueryRefused, match="email is a disallowed output column"):
        check_query(sql, tables, runner_account=A)


def test_a_disallowed_column_may_be_filtered_joined_and_counted(make_tables):
    tables = make_tables("CUSTOM", dict(ANY_QUERY_BY_A, disallowedOutputColumns=["email"]), ANY_QUERY_BY_A)
    sql = "SELECT segment, COUNT(DISTINCT email) FROM users WHERE email LIKE '%@example.com' GROUP BY segment"
    check_query(sql, tables, runner_account=A)
    assert dict(run_query(sql, tables).rows) == Counter(segment for _, segment, _ in USERS)
