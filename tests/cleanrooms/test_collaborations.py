"""CreateCollaboration, GetCollaboration, ListCollaborations, UpdateCollaboration, DeleteCollaboration."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .conftest import A, B, C, create_collaboration, error_of, join, member, requires_metrics

ENCRYPTION = {"allowCleartext": True, "allowDuplicates": False, "allowJoinsOnColumnsWithDifferentNames": False,
              "preserveNulls": True}


@requires_metrics
def test_create_returns_the_collaboration_as_the_creator_sees_it(a: Any) -> None:
    created = create_collaboration(
        a, dataEncryptionMetadata=ENCRYPTION, jobLogStatus="ENABLED", analyticsEngine="SPARK",
        allowedResultRegions=["us-east-1", "eu-west-1"], autoApprovedChangeRequestTypes=["ADD_MEMBER"],
        isMetricsEnabled=True, tags={"team": "ads"}, creatorMLMemberAbilities={
            "customMLMemberAbilities": ["CAN_RECEIVE_MODEL_OUTPUT"]})
    assert created["arn"] == f"arn:aws:cleanrooms:us-east-1:{A}:collaboration/{created['id']}"
    assert len(created["id"]) == 36
    assert created["name"] == "campaign" and created["description"] == "A and B"
    assert created["creatorAccountId"] == A and created["creatorDisplayName"] == "creator"
    assert created["memberStatus"] == "INVITED"  # the creator joins through CreateMembership too
    assert "membershipId" not in created and "membershipArn" not in created
    assert created["dataEncryptionMetadata"] == ENCRYPTION
    assert created["queryLogStatus"] == "DISABLED" and created["jobLogStatus"] == "ENABLED"
    assert created["analyticsEngine"] == "SPARK"
    assert created["allowedResultRegions"] == ["us-east-1", "eu-west-1"]
    assert created["autoApprovedChangeTypes"] == ["ADD_MEMBER"]  # the output's name differs from the input's
    assert created["isMetricsEnabled"] is True
    assert created["createTime"] == created["updateTime"]
    assert isinstance(created["createTime"], dt.datetime)
    assert a.list_tags_for_resource(resourceArn=created["arn"])["tags"] == {"team": "ads"}


def test_optional_settings_have_documented_defaults_or_are_left_out(a: Any) -> None:
    created = create_collaboration(a)
    assert created["jobLogStatus"] == "DISABLED"  # API_CreateCollaboration default
    assert created.get("isMetricsEnabled", False) is False  # absent where the model has no metrics
    for absent in ("analyticsEngine", "dataEncryptionMetadata", "allowedResultRegions", "autoApprovedChangeTypes"):
        assert absent not in created


def test_get_by_creator_and_by_an_invited_member(a: Any, b: Any, collaboration: str) -> None:
    assert a.get_collaboration(collaborationIdentifier=collaboration)["collaboration"]["memberStatus"] == "INVITED"
    seen = b.get_collaboration(collaborationIdentifier=collaboration)["collaboration"]
    assert seen["memberStatus"] == "INVITED" and seen["creatorAccountId"] == A
    membership = join(b, collaboration)
    seen = b.get_collaboration(collaborationIdentifier=collaboration)["collaboration"]
    assert seen["memberStatus"] == "ACTIVE"
    assert seen["membershipId"] == membership["id"] and seen["membershipArn"] == membership["arn"]
    assert "membershipId" not in a.get_collaboration(collaborationIdentifier=collaboration)["collaboration"]


def test_strangers_and_unknown_collaborations_are_access_denied(c: Any, collaboration: str) -> None:
    # GetCollaboration models no ResourceNotFoundException.
    error = error_of(c.get_collaboration, collaborationIdentifier=collaboration)
    assert error["Code"] == "AccessDeniedException" and error["Status"] == 403
    assert error["reason"] == "INSUFFICIENT_PERMISSIONS"
    unknown = error_of(c.get_collaboration, collaborationIdentifier="00000000-0000-4000-8000-000000000000")
    assert unknown["Code"] == "AccessDeniedException"


def test_list_shows_owned_and_invited_collaborations_with_the_callers_status(a: Any, b: Any, c: Any) -> None:
    first = create_collaboration(a, name="first")["id"]
    second = create_collaboration(a, name="second", members=[member(C, "CAN_RECEIVE_RESULTS")])["id"]
    join(b, first)
    assert [s["id"] for s in a.list_collaborations()["collaborationList"]] == [first, second]
    listed = b.list_collaborations()["collaborationList"]
    assert [(s["id"], s["memberStatus"]) for s in listed] == [(first, "ACTIVE")]
    assert "membershipId" in listed[0] and "description" not in listed[0]  # summary shape
    assert [s["id"] for s in c.list_collaborations()["collaborationList"]] == [second]
    assert b.list_collaborations(memberStatus="INVITED")["collaborationList"] == []
    assert [s["id"] for s in c.list_collaborations(memberStatus="INVITED")["collaborationList"]] == [second]


def test_list_pages(a: Any) -> None:
    ids = [create_collaboration(a, name=f"c{i}")["id"] for i in range(3)]
    page = a.list_collaborations(maxResults=2)
    assert [s["id"] for s in page["collaborationList"]] == ids[:2]
    rest = a.list_collaborations(maxResults=2, nextToken=page["nextToken"])
    assert [s["id"] for s in rest["collaborationList"]] == ids[2:] and "nextToken" not in rest
    error = error_of(a.list_collaborations, nextToken=page["nextToken"], memberStatus="ACTIVE")
    assert error["Code"] == "ValidationException"


def test_update_changes_name_description_engine_only_for_the_creator(a: Any, b: Any, collaboration: str) -> None:
    updated = a.update_collaboration(collaborationIdentifier=collaboration, name="renamed", description="new",
                                     analyticsEngine="SPARK")["collaboration"]
    assert (updated["name"], updated["description"], updated["analyticsEngine"]) == ("renamed", "new", "SPARK")
    assert updated["updateTime"] >= updated["createTime"]
    assert a.update_collaboration(collaborationIdentifier=collaboration)["collaboration"]["name"] == "renamed"
    assert b.get_collaboration(collaborationIdentifier=collaboration)["collaboration"]["name"] == "renamed"
    assert error_of(b.update_collaboration, collaborationIdentifier=collaboration,
                    name="mine")["Code"] == "AccessDeniedException"
    assert error_of(a.update_collaboration, collaborationIdentifier="00000000-0000-4000-8000-000000000000",
                    name="x")["Code"] == "AccessDeniedException"


def test_delete_only_by_the_owner_and_memberships_become_collaboration_deleted(a: Any, b: Any, joined: Any) -> None:
    assert error_of(b.delete_collaboration,
                    collaborationIdentifier=joined.collaboration)["Code"] == "AccessDeniedException"
    response = a.delete_collaboration(collaborationIdentifier=joined.collaboration)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(a.get_collaboration,
                    collaborationIdentifier=joined.collaboration)["Code"] == "AccessDeniedException"
    assert a.list_collaborations()["collaborationList"] == []
    membership = b.get_membership(membershipIdentifier=joined.b_membership)["membership"]
    assert membership["status"] == "COLLABORATION_DELETED"
    listed = b.list_memberships(status="COLLABORATION_DELETED")["membershipSummaries"]
    assert [m["id"] for m in listed] == [joined.b_membership]
    assert error_of(a.delete_collaboration,
                    collaborationIdentifier=joined.collaboration)["Code"] == "AccessDeniedException"


@pytest.mark.parametrize("members, creator_abilities, words", [
    ([member(B, "CAN_RECEIVE_RESULTS"), member(B, "CAN_RECEIVE_RESULTS")], ["CAN_QUERY"], "repeated"),
    ([member(A, "CAN_RECEIVE_RESULTS")], ["CAN_QUERY"], "repeated"),
    ([member(B, "CAN_QUERY")], ["CAN_QUERY"], "Only one member"),
    ([member(B, "CAN_RUN_JOB")], ["CAN_RUN_JOB", "CAN_QUERY"], "Only one member"),
    ([member(B, "CAN_RECEIVE_RESULTS")], ["CAN_RECEIVE_RESULTS"], "must have the CAN_QUERY or the CAN_RUN_JOB"),
])
def test_member_rules(a: Any, members: list[dict[str, Any]], creator_abilities: list[str], words: str) -> None:
    error = error_of(create_collaboration, a, members, creatorMemberAbilities=creator_abilities)
    assert error["Code"] == "ValidationException" and words in error["Message"]


def test_a_job_runner_alone_is_enough(a: Any) -> None:
    assert create_collaboration(a, creatorMemberAbilities=["CAN_RUN_JOB"])["memberStatus"] == "INVITED"


def test_the_model_validates_account_ids(a: Any) -> None:
    error = error_of(create_collaboration, a, [member("abcdefghijkl", "CAN_RECEIVE_RESULTS")])
    assert error["Code"] == "ValidationException"
    assert "'members.1.member.accountId'" in error["Message"] and "pattern" in error["Message"]


def test_reserved_tag_keys_are_rejected(a: Any) -> None:
    error = error_of(create_collaboration, a, tags={"aws:owner": "me"})
    assert error["Code"] == "ValidationException"
