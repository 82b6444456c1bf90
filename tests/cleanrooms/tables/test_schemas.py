"""Schemas: the collaboration's view of its associated tables, for every member."""

from __future__ import annotations

from typing import Any

from ..conftest import A, B, DataCollaboration, associate_table, configure_table, error_of, model_has


def test_every_member_sees_every_associated_table(a: Any, b: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    for caller in (a, b):
        summaries = caller.list_schemas(collaborationIdentifier=d.collaboration)["schemaSummaries"]
        assert [(s["name"], s["creatorAccountId"], s["analysisRuleTypes"]) for s in summaries] == [
            ("users", A, ["AGGREGATION"]), ("purchases", B, ["AGGREGATION"])]
    schema = a.get_schema(collaborationIdentifier=d.collaboration, name="purchases")["schema"]
    assert schema["columns"] == [{"name": "user_id", "type": "string"}, {"name": "amount", "type": "bigint"},
                                 {"name": "segment", "type": "string"}]
    assert schema["schemaStatusDetails"] == [{"status": "READY", "analysisRuleType": "AGGREGATION",
                                              "analysisType": "DIRECT_ANALYSIS"}]
    if model_has("SchemaTypeProperties", "configuredTableAssociation"):  # botocore 1.41.6's union lacks it
        assert schema["schemaTypeProperties"] == {
            "configuredTableAssociation": {"configuredTableAssociationId": d.purchases_association}}
    else:
        assert "schemaTypeProperties" not in schema
    assert schema["resourceArn"].endswith(f":{B}:membership/{d.b_membership}/configuredtableassociation/"
                                          f"{d.purchases_association}")
    assert a.list_schemas(collaborationIdentifier=d.collaboration, schemaType="ID_MAPPING_TABLE")[
        "schemaSummaries"] == []


def test_batch_get_answers_unknown_names_as_errors(a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    found = a.batch_get_schema(collaborationIdentifier=d.collaboration, names=["users", "nothing"])
    assert [s["name"] for s in found["schemas"]] == ["users"]
    assert [(e["name"], e["code"]) for e in found["errors"]] == [("nothing", "ResourceNotFoundException")]
    error = error_of(a.get_schema, collaborationIdentifier=d.collaboration, name="nothing")
    assert (error["Code"], error["resourceId"]) == ("ResourceNotFoundException", "nothing")


def test_the_schema_analysis_rule_merges_both_rules(a: Any, b: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    receivers = {"v1": {"aggregation": {"allowedResultReceivers": [A]}}}
    b.create_configured_table_association_analysis_rule(
        membershipIdentifier=d.b_membership, configuredTableAssociationIdentifier=d.purchases_association,
        analysisRuleType="AGGREGATION", analysisRulePolicy=receivers)
    rule = a.get_schema_analysis_rule(collaborationIdentifier=d.collaboration, name="purchases",
                                      type="AGGREGATION")["analysisRule"]
    table_rule = b.get_configured_table_analysis_rule(configuredTableIdentifier=d.purchases_table,
                                                      analysisRuleType="AGGREGATION")["analysisRule"]["policy"]
    assert rule["policy"] == table_rule and rule["collaborationPolicy"] == receivers
    assert rule["consolidatedPolicy"]["v1"]["aggregation"] == {**table_rule["v1"]["aggregation"],
                                                               "allowedResultReceivers": [A]}
    error = error_of(a.get_schema_analysis_rule, collaborationIdentifier=d.collaboration, name="purchases",
                     type="LIST")
    assert error["Code"] == "ResourceNotFoundException"
    batch = a.batch_get_schema_analysis_rule(collaborationIdentifier=d.collaboration, schemaAnalysisRuleRequests=[
        {"name": "purchases", "type": "AGGREGATION"}, {"name": "users", "type": "CUSTOM"}])
    assert [r["name"] for r in batch["analysisRules"]] == ["purchases"]
    assert [(e["name"], e["type"]) for e in batch["errors"]] == [("users", "CUSTOM")]


def test_a_schema_says_why_it_is_not_ready(aws: Any, a: Any, b: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    aws.data.put_table("db", "visits", [{"user_id": "u", "page": "p"}])
    bare = configure_table(b, "visits", ["user_id", "page"])
    associate_table(b, d.b_membership, bare, "visits", B)

    def status(name: str) -> dict[str, Any]:
        return a.get_schema(collaborationIdentifier=d.collaboration, name=name)["schema"]["schemaStatusDetails"][0]

    assert (status("visits")["status"], status("visits")["reasons"][0]["code"]) == (
        "NOT_READY", "ANALYSIS_RULE_MISSING")
    b.create_configured_table_analysis_rule(configuredTableIdentifier=bare, analysisRuleType="CUSTOM",
                                            analysisRulePolicy={"v1": {"custom": {"allowedAnalyses": []}}})
    assert status("visits")["reasons"][0]["code"] == "ANALYSIS_TEMPLATES_NOT_CONFIGURED"
    b.update_configured_table_analysis_rule(configuredTableIdentifier=bare, analysisRuleType="CUSTOM",
                                            analysisRulePolicy={"v1": {"custom": {
                                                "allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A],
                                                "additionalAnalyses": "REQUIRED"}}})
    assert status("visits")["reasons"][0]["code"] == "ADDITIONAL_ANALYSES_NOT_CONFIGURED"


def test_strangers_and_removed_members_see_nothing(a: Any, b: Any, c: Any,
                                                   data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    assert error_of(c.list_schemas, collaborationIdentifier=d.collaboration)["Code"] == "AccessDeniedException"
    a.delete_member(collaborationIdentifier=d.collaboration, accountId=B)
    assert [s["name"] for s in a.list_schemas(collaborationIdentifier=d.collaboration)["schemaSummaries"]] == [
        "users"]
