"""Configured table associations and their (collaboration) analysis rules."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import A, B, C, DataCollaboration, associate_table, configure_table, error_of, join

RECEIVERS = {"v1": {"aggregation": {"allowedResultReceivers": [A]}}}


def test_an_association_names_the_table_in_lower_case(a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    association = a.get_configured_table_association(membershipIdentifier=d.a_membership,
                                                     configuredTableAssociationIdentifier=d.users_association)
    association = association["configuredTableAssociation"]
    assert (association["name"], association["configuredTableId"]) == ("users", d.users_table)
    assert association["arn"].endswith(f":configuredtableassociation/{d.a_membership}/{d.users_association}")
    renamed = a.create_configured_table(name="again", analysisMethod="DIRECT_QUERY", allowedColumns=["user_id"],
                                        tableReference={"glue": {"databaseName": "db", "tableName": "users"}})
    upper = associate_table(a, d.a_membership, renamed["configuredTable"]["id"], "Users_Again", A)
    listed = a.list_configured_table_associations(membershipIdentifier=d.a_membership)
    assert [s["name"] for s in listed["configuredTableAssociationSummaries"]] == ["users", "users_again"]
    updated = a.update_configured_table_association(
        membershipIdentifier=d.a_membership, configuredTableAssociationIdentifier=upper, description="second",
        roleArn=f"arn:aws:iam::{A}:role/other")["configuredTableAssociation"]
    assert (updated["description"], updated["roleArn"]) == ("second", f"arn:aws:iam::{A}:role/other")


def test_names_and_tables_are_associated_once_per_collaboration(a: Any, b: Any,
                                                                data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    error = error_of(associate_table, a, d.a_membership, d.users_table, "users_twice", A)
    assert (error["Code"], error["reason"]) == ("ConflictException", "ALREADY_EXISTS")
    other = configure_table(b, "users", ["user_id"], name="b users")
    error = error_of(associate_table, b, d.b_membership, other, "USERS", B)
    assert (error["Code"], error["reason"]) == ("ConflictException", "ALREADY_EXISTS")


def test_only_the_callers_own_table_in_its_own_membership(a: Any, b: Any,
                                                          data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    error = error_of(associate_table, b, d.b_membership, d.users_table, "theirs", B)
    assert (error["Code"], error["resourceType"]) == ("ResourceNotFoundException", "CONFIGURED_TABLE")
    error = error_of(b.get_configured_table_association, membershipIdentifier=d.a_membership,
                     configuredTableAssociationIdentifier=d.users_association)
    assert (error["Code"], error["resourceType"]) == ("ResourceNotFoundException", "MEMBERSHIP")
    error = error_of(a.get_configured_table_association, membershipIdentifier=d.a_membership,
                     configuredTableAssociationIdentifier=d.purchases_association)
    assert (error["Code"], error["resourceType"]) == ("ResourceNotFoundException", "CONFIGURED_TABLE_ASSOCIATION")


def test_a_membership_with_associations_cannot_be_left(b: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    error = error_of(b.delete_membership, membershipIdentifier=d.b_membership)
    assert error["reason"] == "SUBRESOURCES_EXIST" and "purchases" in error["Message"]
    b.delete_configured_table_association(membershipIdentifier=d.b_membership,
                                          configuredTableAssociationIdentifier=d.purchases_association)
    b.delete_membership(membershipIdentifier=d.b_membership)


def test_the_collaboration_analysis_rule(b: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    ids = {"membershipIdentifier": d.b_membership, "configuredTableAssociationIdentifier": d.purchases_association}
    rule = b.create_configured_table_association_analysis_rule(
        **ids, analysisRuleType="AGGREGATION", analysisRulePolicy=RECEIVERS)["analysisRule"]
    assert (rule["type"], rule["policy"], rule["configuredTableAssociationId"]) == (
        "AGGREGATION", RECEIVERS, d.purchases_association)
    shown = b.get_configured_table_association(**ids)["configuredTableAssociation"]
    assert shown["analysisRuleTypes"] == ["AGGREGATION"]
    error = error_of(b.create_configured_table_association_analysis_rule, **ids, analysisRuleType="AGGREGATION",
                     analysisRulePolicy=RECEIVERS)
    assert (error["Code"], error["reason"]) == ("ConflictException", "ALREADY_EXISTS")
    both = {"v1": {"aggregation": {"allowedResultReceivers": [A, B]}}}
    assert b.update_configured_table_association_analysis_rule(
        **ids, analysisRuleType="AGGREGATION", analysisRulePolicy=both)["analysisRule"]["policy"] == both
    assert b.get_configured_table_association_analysis_rule(
        **ids, analysisRuleType="AGGREGATION")["analysisRule"]["policy"] == both
    b.delete_configured_table_association_analysis_rule(**ids, analysisRuleType="AGGREGATION")
    error = error_of(b.get_configured_table_association_analysis_rule, **ids, analysisRuleType="AGGREGATION")
    assert error["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize(("rule_type", "policy", "words"), [
    ("LIST", {"v1": {"list": {"allowedResultReceivers": [A]}}}, "must be the configured table's"),
    ("AGGREGATION", {"v1": {"list": {"allowedResultReceivers": [A]}}}, "must contain aggregation"),
    ("AGGREGATION", {"v1": {"aggregation": {"allowedResultReceivers": [C]}}}, C),
])
def test_a_collaboration_rule_breaking_the_rules_is_refused(b: Any, data_collaboration: DataCollaboration,
                                                            rule_type: str, policy: dict[str, Any],
                                                            words: str) -> None:
    d = data_collaboration
    error = error_of(b.create_configured_table_association_analysis_rule, membershipIdentifier=d.b_membership,
                     configuredTableAssociationIdentifier=d.purchases_association, analysisRuleType=rule_type,
                     analysisRulePolicy=policy)
    assert error["Code"] == "ValidationException" and words in error["Message"]


def test_a_receiver_must_be_able_to_receive(a: Any, b: Any, collaboration: str, aws: Any) -> None:
    """In the default collaboration A can query but not receive results."""
    aws.data.put_table("db", "users", [{"user_id": "u"}])
    membership = join(b, collaboration)["id"]
    table = configure_table(b, "users", ["user_id"], rule=("LIST", {"v1": {"list": {
        "joinColumns": ["user_id"], "listColumns": ["user_id"]}}}))
    association = associate_table(b, membership, table, "users", B)
    error = error_of(b.create_configured_table_association_analysis_rule, membershipIdentifier=membership,
                     configuredTableAssociationIdentifier=association, analysisRuleType="LIST",
                     analysisRulePolicy={"v1": {"list": {"allowedResultReceivers": [A]}}})
    assert error["Code"] == "ValidationException" and "can receive results" in error["Message"]
