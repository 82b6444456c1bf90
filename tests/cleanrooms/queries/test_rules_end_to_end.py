"""Each analysis rule type through boto3: an allowed query's S3 result equals the same computation done in
Python; breaches are refused with ValidationException (reason INVALID_QUERY); suppression is visible."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from ..conftest import A, DataCollaboration, aggregation_policy, error_of, s3_output
from .conftest import joined_groups

JOINED = "FROM users u JOIN purchases p ON u.user_id = p.user_id"


def test_an_aggregation_query_equals_the_computation(data_collaboration: DataCollaboration,
                                                     run_query: Callable[..., dict[str, Any]],
                                                     result_rows: Callable[..., list[dict[str, str]]]) -> None:
    d = data_collaboration
    query = run_query(f"SELECT u.segment, COUNT(DISTINCT p.user_id) AS buyers, SUM(p.amount) AS spent {JOINED} "
                      "GROUP BY u.segment")
    groups = joined_groups(d.users, d.purchases, lambda user, _: user["segment"])
    expected = {segment: (len({p["user_id"] for p in bought}), sum(p["amount"] for p in bought))
                for segment, bought in groups.items()}
    assert {row["segment"]: (int(row["buyers"]), int(row["spent"])) for row in result_rows(query)} == expected
    assert query["result"]["output"]["s3"]["location"] == f"s3://results/queries/{query['id']}/"
    assert query["statistics"]["billedResourceUtilization"]["units"] > 0


def test_rows_under_the_minimum_are_suppressed(b: Any, data_collaboration: DataCollaboration,
                                               run_query: Callable[..., dict[str, Any]],
                                               result_rows: Callable[..., list[dict[str, str]]]) -> None:
    d = data_collaboration
    b.update_configured_table_analysis_rule(
        configuredTableIdentifier=d.purchases_table, analysisRuleType="AGGREGATION",
        analysisRulePolicy=aggregation_policy(outputConstraints=[
            {"columnName": "user_id", "minimum": 5, "type": "COUNT_DISTINCT"}]))
    query = run_query(f"SELECT u.segment, p.segment AS bought, COUNT(DISTINCT p.user_id) AS buyers {JOINED} "
                      "GROUP BY u.segment, p.segment")
    groups = joined_groups(d.users, d.purchases, lambda user, purchase: (user["segment"], purchase["segment"]))
    counts = {group: len({p["user_id"] for p in bought}) for group, bought in groups.items()}
    kept = {group: count for group, count in counts.items() if count >= 5}
    assert kept != counts  # the data has a group under the minimum ...
    rows = result_rows(query)
    assert {(row["segment"], row["bought"]): int(row["buyers"]) for row in rows} == kept  # ... which is gone


@pytest.mark.parametrize(("sql", "words"), [
    (f"SELECT p.user_id, SUM(p.amount) {JOINED} GROUP BY p.user_id", "join column"),
    (f"SELECT u.segment, AVG(p.amount) {JOINED} GROUP BY u.segment", "AVG"),
    (f"SELECT * {JOINED}", "SELECT * is not allowed"),
    ("SELECT u.segment, SUM(p.amount) FROM users u LEFT JOIN purchases p ON u.user_id = p.user_id "
     "GROUP BY u.segment", "LEFT JOIN is not allowed"),
    ("SELECT segment, COUNT(DISTINCT user_id) FROM orders GROUP BY segment", "orders"),
    ("SELEC segment FROM users", ""),
])
def test_aggregation_breaches_are_refused(a: Any, data_collaboration: DataCollaboration, sql: str,
                                          words: str) -> None:
    error = error_of(a.start_protected_query, type="SQL", membershipIdentifier=data_collaboration.a_membership,
                     sqlParameters={"queryString": sql}, resultConfiguration=s3_output())
    assert (error["Code"], error["reason"]) == ("ValidationException", "INVALID_QUERY")
    assert words in error["Message"]


@pytest.fixture
def list_rules(a: Any, b: Any, data_collaboration: DataCollaboration) -> DataCollaboration:
    d = data_collaboration
    for caller, table, columns in ((a, d.users_table, ["segment"]), (b, d.purchases_table, ["segment", "amount"])):
        caller.delete_configured_table_analysis_rule(configuredTableIdentifier=table,
                                                     analysisRuleType="AGGREGATION")
        caller.create_configured_table_analysis_rule(
            configuredTableIdentifier=table, analysisRuleType="LIST",
            analysisRulePolicy={"v1": {"list": {"joinColumns": ["user_id"], "listColumns": columns}}})
    return d


def test_a_list_query_lists_the_overlap(list_rules: DataCollaboration, run_query: Callable[..., dict[str, Any]],
                                        result_rows: Callable[..., list[dict[str, str]]]) -> None:
    d = list_rules
    query = run_query(f"SELECT DISTINCT u.segment, p.segment AS bought {JOINED} WHERE p.amount > 40")
    groups = joined_groups(d.users, [p for p in d.purchases if p["amount"] > 40],
                           lambda user, purchase: (user["segment"], purchase["segment"]))
    assert {(row["segment"], row["bought"]) for row in result_rows(query)} == set(groups)


@pytest.mark.parametrize(("sql", "words"), [
    (f"SELECT u.segment {JOINED}", "SELECT DISTINCT"),
    (f"SELECT DISTINCT COUNT(u.segment) {JOINED}", "COUNT"),
    (f"SELECT DISTINCT u.user_id {JOINED}", "join column"),
])
def test_list_breaches_are_refused(a: Any, list_rules: DataCollaboration, sql: str, words: str) -> None:
    error = error_of(a.start_protected_query, type="SQL", membershipIdentifier=list_rules.a_membership,
                     sqlParameters={"queryString": sql}, resultConfiguration=s3_output())
    assert (error["reason"], words in error["Message"]) == ("INVALID_QUERY", True)


TEMPLATE = ("SELECT u.segment, SUM(p.amount) AS spent FROM users u JOIN purchases p ON u.user_id = p.user_id "
            "WHERE p.amount >= :least GROUP BY u.segment")


@pytest.fixture
def custom_rules(a: Any, b: Any, data_collaboration: DataCollaboration) -> str:
    """Both tables under CUSTOM rules allowing only A's template; returns its ARN."""
    d = data_collaboration
    template = a.create_analysis_template(
        membershipIdentifier=d.a_membership, name="spend", format="SQL", source={"text": TEMPLATE},
        analysisParameters=[{"name": "least", "type": "INTEGER", "defaultValue": "0"}])["analysisTemplate"]["arn"]
    for caller, table in ((a, d.users_table), (b, d.purchases_table)):
        caller.delete_configured_table_analysis_rule(configuredTableIdentifier=table,
                                                     analysisRuleType="AGGREGATION")
        caller.create_configured_table_analysis_rule(
            configuredTableIdentifier=table, analysisRuleType="CUSTOM",
            analysisRulePolicy={"v1": {"custom": {"allowedAnalyses": [template]}}})
    return str(template)


def test_a_custom_rule_runs_its_template_with_parameters(data_collaboration: DataCollaboration, custom_rules: str,
                                                         run_query: Callable[..., dict[str, Any]],
                                                         result_rows: Callable[..., list[dict[str, str]]]) -> None:
    d = data_collaboration
    query = run_query(sqlParameters={"analysisTemplateArn": custom_rules, "parameters": {"least": "30"}})
    groups = joined_groups(d.users, [p for p in d.purchases if p["amount"] >= 30], lambda user, _: user["segment"])
    assert {row["segment"]: int(row["spent"]) for row in result_rows(query)} == {
        segment: sum(p["amount"] for p in bought) for segment, bought in groups.items()}
    default = run_query(sqlParameters={"analysisTemplateArn": custom_rules})
    assert sum(int(row["spent"]) for row in result_rows(default)) == sum(
        p["amount"] for bought in joined_groups(d.users, d.purchases, lambda *_: 0).values() for p in bought)


def test_a_custom_rule_refuses_other_sql(a: Any, b: Any, data_collaboration: DataCollaboration,
                                         custom_rules: str) -> None:
    d = data_collaboration
    error = error_of(a.start_protected_query, type="SQL", membershipIdentifier=d.a_membership,
                     sqlParameters={"queryString": TEMPLATE.replace(":least", "0")},
                     resultConfiguration=s3_output())
    assert (error["Code"], error["reason"]) == ("ValidationException", "INVALID_QUERY")
    error = error_of(a.start_protected_query, type="SQL", membershipIdentifier=d.a_membership,
                     sqlParameters={"analysisTemplateArn": custom_rules, "parameters": {"least": "many"}},
                     resultConfiguration=s3_output())
    assert error["reason"] == "INVALID_QUERY"


def test_a_custom_rule_with_analysis_providers_takes_their_sql(
        a: Any, b: Any, data_collaboration: DataCollaboration, run_query: Callable[..., dict[str, Any]],
        result_rows: Callable[..., list[dict[str, str]]]) -> None:
    d = data_collaboration
    for caller, table in ((a, d.users_table), (b, d.purchases_table)):
        caller.delete_configured_table_analysis_rule(configuredTableIdentifier=table,
                                                     analysisRuleType="AGGREGATION")
        caller.create_configured_table_analysis_rule(
            configuredTableIdentifier=table, analysisRuleType="CUSTOM",
            analysisRulePolicy={"v1": {"custom": {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A],
                                                  "disallowedOutputColumns": ["amount"] if caller is b else []}}})
    query = run_query(f"SELECT p.segment, COUNT(*) AS n {JOINED} GROUP BY p.segment")
    groups = joined_groups(d.users, d.purchases, lambda _, purchase: purchase["segment"])
    assert {row["segment"]: int(row["n"]) for row in result_rows(query)} == {
        segment: len(bought) for segment, bought in groups.items()}
    error = error_of(a.start_protected_query, type="SQL", membershipIdentifier=d.a_membership,
                     sqlParameters={"queryString": f"SELECT p.amount {JOINED}"}, resultConfiguration=s3_output())
    assert error["reason"] == "INVALID_QUERY" and "amount" in error["Message"]
