"""Configured tables over Glue tables and their analysis rules."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto import mock_aws

from ..conftest import (
    A,
    B,
    aggregation_policy,
    associate_table,
    client,
    configure_table,
    error_of,
    join,
    model_has,
)

COLUMNS = ["user_id", "amount", "segment"]


@pytest.fixture
def purchases(aws: Any) -> None:
    aws.data.put_table("db", "purchases", [{"user_id": "u1", "amount": 3, "segment": "a", "card": "x"}])


def test_a_configured_table_shows_its_glue_table_and_columns(a: Any, purchases: None) -> None:
    created = a.create_configured_table(
        name="Purchases", description="what users bought", analysisMethod="DIRECT_QUERY", allowedColumns=COLUMNS,
        tableReference={"glue": {"databaseName": "db", "tableName": "purchases"}}, tags={"team": "ads"},
    )["configuredTable"]
    assert created["analysisRuleTypes"] == []
    if model_has("ConfiguredTable", "tableType"):  # botocore 1.41.6's model has no tableType
        assert created["tableType"] == "GLUE"
    assert created["arn"] == f"arn:aws:cleanrooms:us-east-1:{A}:configuredtable/{created['id']}"
    got = a.get_configured_table(configuredTableIdentifier=created["id"])["configuredTable"]
    assert got == created
    assert [t["id"] for t in a.list_configured_tables()["configuredTableSummaries"]] == [created["id"]]
    assert a.list_tags_for_resource(resourceArn=created["arn"])["tags"] == {"team": "ads"}
    updated = a.update_configured_table(configuredTableIdentifier=created["id"], allowedColumns=["user_id"],
                                        description="narrower")["configuredTable"]
    assert updated["allowedColumns"] == ["user_id"] and updated["description"] == "narrower"
    a.delete_configured_table(configuredTableIdentifier=created["id"])
    assert error_of(a.get_configured_table, configuredTableIdentifier=created["id"])["resourceType"] == \
        "CONFIGURED_TABLE"


def test_configured_tables_are_the_accounts_own(a: Any, b: Any, purchases: None) -> None:
    table = configure_table(a, "purchases", COLUMNS)
    assert b.list_configured_tables()["configuredTableSummaries"] == []
    error = error_of(b.get_configured_table, configuredTableIdentifier=table)
    assert (error["Code"], error["resourceId"]) == ("ResourceNotFoundException", table)


def test_allowed_columns_must_exist_in_the_glue_table(a: Any, purchases: None) -> None:
    reference = {"glue": {"databaseName": "db", "tableName": "purchases"}}
    error = error_of(a.create_configured_table, name="t", tableReference=reference, analysisMethod="DIRECT_QUERY",
                     allowedColumns=["user_id", "age", "city"])
    assert error["Code"] == "ValidationException" and "age, city" in error["Message"]
    error = error_of(a.create_configured_table, name="t", analysisMethod="DIRECT_QUERY", allowedColumns=["x"],
                     tableReference={"glue": {"databaseName": "db", "tableName": "missing"}})
    assert error["Code"] == "ValidationException" and "db.missing" in error["Message"]
    error = error_of(a.create_configured_table, name="t", tableReference=reference, analysisMethod="DIRECT_QUERY",
                     allowedColumns=["user_id", "user_id"])
    assert "more than once" in error["Message"]


def test_selected_analysis_methods_go_with_multiple(a: Any, purchases: None) -> None:
    reference = {"glue": {"databaseName": "db", "tableName": "purchases"}}
    error = error_of(a.create_configured_table, name="t", tableReference=reference, analysisMethod="DIRECT_QUERY",
                     allowedColumns=["user_id"], selectedAnalysisMethods=["DIRECT_QUERY", "DIRECT_JOB"])
    assert error["Code"] == "ValidationException"
    created = a.create_configured_table(name="t", tableReference=reference, analysisMethod="MULTIPLE",
                                        allowedColumns=["user_id"],
                                        selectedAnalysisMethods=["DIRECT_QUERY", "DIRECT_JOB"])["configuredTable"]
    assert created["selectedAnalysisMethods"] == ["DIRECT_QUERY", "DIRECT_JOB"]


def test_columns_come_from_moto_glue_under_mock_aws() -> None:
    from cleanroom_mock import mock_cleanrooms

    with mock_aws(), mock_cleanrooms():
        glue = boto3.client("glue", region_name="us-east-1")
        glue.create_database(DatabaseInput={"Name": "retail"})
        glue.create_table(DatabaseName="retail", TableInput={"Name": "orders", "StorageDescriptor": {
            "Columns": [{"Name": "user_id", "Type": "string"}, {"Name": "total", "Type": "double"}],
            "Location": "s3://orders/"}, "PartitionKeys": [{"Name": "day", "Type": "date"}]})
        rooms = client(A)
        table = configure_table(rooms, "orders", ["user_id", "total", "day"], database="retail")
        assert rooms.get_configured_table(configuredTableIdentifier=table)["configuredTable"]["allowedColumns"] == [
            "user_id", "total", "day"]
        error = error_of(rooms.create_configured_table, name="t", analysisMethod="DIRECT_QUERY",
                         allowedColumns=["email"],
                         tableReference={"glue": {"databaseName": "retail", "tableName": "orders"}})
        assert "email" in error["Message"]


def test_the_allow_list_quota_is_100_columns(aws: Any, a: Any) -> None:
    aws.data.put_table("db", "wide", [{f"c{i}": i for i in range(101)}])
    error = error_of(a.create_configured_table, name="t", analysisMethod="DIRECT_QUERY",
                     tableReference={"glue": {"databaseName": "db", "tableName": "wide"}},
                     allowedColumns=[f"c{i}" for i in range(101)])
    assert (error["Code"], error["quotaValue"]) == ("ServiceQuotaExceededException", 100.0)


# --- analysis rules ----------------------------------------------------------------------------------------------
def test_one_analysis_rule_per_table(a: Any, purchases: None) -> None:
    table = configure_table(a, "purchases", COLUMNS)
    rule = a.create_configured_table_analysis_rule(configuredTableIdentifier=table, analysisRuleType="AGGREGATION",
                                                   analysisRulePolicy=aggregation_policy())["analysisRule"]
    assert (rule["type"], rule["configuredTableId"]) == ("AGGREGATION", table)
    assert rule["policy"] == aggregation_policy()
    assert a.get_configured_table(configuredTableIdentifier=table)["configuredTable"]["analysisRuleTypes"] == [
        "AGGREGATION"]
    error = error_of(a.create_configured_table_analysis_rule, configuredTableIdentifier=table,
                     analysisRuleType="LIST",
                     analysisRulePolicy={"v1": {"list": {"joinColumns": ["user_id"], "listColumns": ["segment"]}}})
    assert (error["Code"], error["reason"]) == ("ConflictException", "ALREADY_EXISTS")
    narrower = aggregation_policy(dimensionColumns=[])
    updated = a.update_configured_table_analysis_rule(configuredTableIdentifier=table,
                                                      analysisRuleType="AGGREGATION",
                                                      analysisRulePolicy=narrower)["analysisRule"]
    assert updated["policy"] == narrower
    assert error_of(a.get_configured_table_analysis_rule, configuredTableIdentifier=table,
                    analysisRuleType="LIST")["Code"] == "ResourceNotFoundException"
    a.delete_configured_table_analysis_rule(configuredTableIdentifier=table, analysisRuleType="AGGREGATION")
    assert error_of(a.get_configured_table_analysis_rule, configuredTableIdentifier=table,
                    analysisRuleType="AGGREGATION")["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize(("rule_type", "policy", "words"), [
    ("LIST", aggregation_policy(), "must contain list"),
    ("AGGREGATION", aggregation_policy(dimensionColumns=["card"]), "card"),
    ("AGGREGATION", aggregation_policy(dimensionColumns=["user_id"]), "both dimension columns and join columns"),
    ("AGGREGATION", aggregation_policy(additionalAnalyses="ALLOWED"), "LIST and CUSTOM"),
    ("LIST", {"v1": {"list": {"joinColumns": ["user_id"], "listColumns": ["email"]}}}, "email"),
    ("CUSTOM", {"v1": {"custom": {"allowedAnalyses": ["ANY_QUERY"]}}}, "allowedAnalysisProviders is required"),
    ("CUSTOM", {"v1": {"custom": {
        "allowedAnalyses": [f"arn:aws:cleanrooms:us-east-1:{A}:membership/m/analysistemplate/t"],
        "allowedAnalysisProviders": [B]}}}, "not both"),
    ("CUSTOM", {"v1": {"custom": {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A],
                                  "disallowedOutputColumns": ["card"]}}}, "card"),
    pytest.param("CUSTOM", {"v1": {"custom": {
        "allowedAnalyses": [], "differentialPrivacy": {"columns": [{"name": "user_id"}]},
        "comparisonControls": {"allowedLiteralComparisonColumns": ["segment"], "allowedColumnComparisonColumns": []}}}},
        "can't be combined with differential privacy", marks=pytest.mark.skipif(
            not model_has("AnalysisRuleCustom", "comparisonControls"), reason="this botocore's model has none")),
])
def test_a_rule_breaking_the_documented_constraints_is_refused(a: Any, purchases: None, rule_type: str,
                                                                policy: dict[str, Any], words: str) -> None:
    table = configure_table(a, "purchases", COLUMNS)
    error = error_of(a.create_configured_table_analysis_rule, configuredTableIdentifier=table,
                     analysisRuleType=rule_type, analysisRulePolicy=policy)
    assert error["Code"] == "ValidationException" and words in error["Message"]


def test_a_column_the_rule_uses_stays_allowed(a: Any, purchases: None) -> None:
    table = configure_table(a, "purchases", COLUMNS, rule=("AGGREGATION", aggregation_policy()))
    error = error_of(a.update_configured_table, configuredTableIdentifier=table, allowedColumns=["user_id", "amount"])
    assert error["Code"] == "ValidationException" and "segment" in error["Message"]


def test_an_associated_table_cannot_be_deleted(a: Any, b: Any, collaboration: str, purchases: None) -> None:
    membership = join(a, collaboration)["id"]
    table = configure_table(a, "purchases", COLUMNS)
    association = associate_table(a, membership, table, "purchases", A)
    error = error_of(a.delete_configured_table, configuredTableIdentifier=table)
    assert (error["Code"], error["reason"]) == ("ConflictException", "SUBRESOURCES_EXIST")
    a.delete_configured_table_association(membershipIdentifier=membership,
                                          configuredTableAssociationIdentifier=association)
    a.delete_configured_table(configuredTableIdentifier=table)
