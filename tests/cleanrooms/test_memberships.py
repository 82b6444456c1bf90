"""CreateMembership, GetMembership, ListMemberships, UpdateMembership, DeleteMembership."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import A, B, C, associate, create_collaboration, error_of, join, member, requires_metrics

UNKNOWN = "00000000-0000-4000-8000-000000000000"
RESULTS = {"outputConfiguration": {"s3": {"resultFormat": "CSV", "bucket": "results-b", "keyPrefix": "q"}},
           "roleArn": f"arn:aws:iam::{B}:role/cleanrooms-results"}
JOB_RESULTS = {"outputConfiguration": {"s3": {"bucket": "jobs-b"}}, "roleArn": f"arn:aws:iam::{B}:role/cleanrooms-jobs"}


def test_create_membership_joins_the_collaboration(a: Any, b: Any, collaboration: str) -> None:
    membership = join(b, collaboration, jobLogStatus="ENABLED", defaultResultConfiguration=RESULTS,
                      defaultJobResultConfiguration=JOB_RESULTS, tags={"team": "b"})
    assert membership["arn"] == f"arn:aws:cleanrooms:us-east-1:{B}:membership/{membership['id']}"
    assert membership["collaborationId"] == collaboration
    assert membership["collaborationArn"].endswith(f":{A}:collaboration/{collaboration}")
    assert membership["collaborationCreatorAccountId"] == A
    assert membership["collaborationCreatorDisplayName"] == "creator"
    assert membership["collaborationName"] == "campaign"
    assert membership["status"] == "ACTIVE" and membership["memberAbilities"] == ["CAN_RECEIVE_RESULTS"]
    assert (membership["queryLogStatus"], membership["jobLogStatus"]) == ("DISABLED", "ENABLED")
    assert membership["defaultResultConfiguration"] == RESULTS
    assert membership["defaultJobResultConfiguration"] == JOB_RESULTS
    assert membership["paymentConfiguration"] == {"queryCompute": {"isResponsible": False}}
    assert membership.get("isMetricsEnabled", False) is False  # absent where the model has no metrics
    assert b.list_tags_for_resource(resourceArn=membership["arn"])["tags"] == {"team": "b"}
    assert b.get_membership(membershipIdentifier=membership["id"])["membership"] == membership


def test_the_creator_joins_too(a: Any, collaboration: str) -> None:
    membership = join(a, collaboration)
    assert membership["memberAbilities"] == ["CAN_QUERY"]
    assert membership["paymentConfiguration"] == {"queryCompute": {"isResponsible": True}}
    assert membership["jobLogStatus"] == "DISABLED"  # API_CreateMembership default


def test_create_membership_errors(a: Any, b: Any, c: Any, collaboration: str) -> None:
    unknown = error_of(join, b, UNKNOWN)
    assert (unknown["Code"], unknown["resourceId"], unknown["resourceType"]) == (
        "ResourceNotFoundException", UNKNOWN, "COLLABORATION")
    stranger = error_of(join, c, collaboration)
    assert (stranger["Code"], stranger["resourceType"]) == ("ResourceNotFoundException", "COLLABORATION")
    first = join(b, collaboration)
    twice = error_of(join, b, collaboration)
    assert (twice["Code"], twice["Status"], twice["reason"]) == ("ConflictException", 409, "ALREADY_EXISTS")
    assert (twice["resourceId"], twice["resourceType"]) == (first["id"], "MEMBERSHIP")
    b.delete_membership(membershipIdentifier=first["id"])
    left = error_of(join, b, collaboration)  # leave-collab: a member that left can't re-join
    assert (left["Code"], left["reason"]) == ("ConflictException", "INVALID_STATE")


def test_only_a_result_receiver_sets_result_configurations(a: Any, collaboration: str) -> None:
    for configuration in ({"defaultResultConfiguration": RESULTS}, {"defaultJobResultConfiguration": JOB_RESULTS}):
        error = error_of(join, a, collaboration, **configuration)
        assert error["Code"] == "ValidationException" and "CAN_RECEIVE_RESULTS" in error["Message"]


@requires_metrics
def test_metrics_need_a_collaboration_with_metrics_and_a_querier_or_payer(a: Any, b: Any) -> None:
    plain = create_collaboration(a)["id"]
    error = error_of(join, a, plain, isMetricsEnabled=True)
    assert error["Code"] == "ValidationException" and "metrics enabled" in error["Message"]
    with_metrics = create_collaboration(a, isMetricsEnabled=True)["id"]
    assert join(a, with_metrics, isMetricsEnabled=True)["isMetricsEnabled"] is True
    error = error_of(join, b, with_metrics, isMetricsEnabled=True)
    assert error["Code"] == "ValidationException" and "can query or pays" in error["Message"]


def test_memberships_are_the_callers_own(a: Any, b: Any, joined: Any) -> None:
    other = error_of(a.get_membership, membershipIdentifier=joined.b_membership)
    assert (other["Code"], other["resourceId"], other["resourceType"]) == (
        "ResourceNotFoundException", joined.b_membership, "MEMBERSHIP")
    assert [m["id"] for m in a.list_memberships()["membershipSummaries"]] == [joined.a_membership]
    summary = b.list_memberships()["membershipSummaries"][0]
    assert summary["id"] == joined.b_membership and "queryLogStatus" not in summary  # summary shape


def test_list_memberships_filters_and_pages(a: Any, b: Any) -> None:
    ids = [join(b, create_collaboration(a, name=f"c{i}")["id"])["id"] for i in range(3)]
    page = b.list_memberships(maxResults=2)
    assert [m["id"] for m in page["membershipSummaries"]] == ids[:2]
    rest = b.list_memberships(maxResults=2, nextToken=page["nextToken"])
    assert [m["id"] for m in rest["membershipSummaries"]] == ids[2:]
    assert [m["id"] for m in b.list_memberships(status="ACTIVE")["membershipSummaries"]] == ids
    assert b.list_memberships(status="REMOVED")["membershipSummaries"] == []


def test_update_membership(b: Any, joined: Any) -> None:
    updated = b.update_membership(membershipIdentifier=joined.b_membership, queryLogStatus="ENABLED",
                                  jobLogStatus="ENABLED", defaultResultConfiguration=RESULTS,
                                  defaultJobResultConfiguration=JOB_RESULTS)["membership"]
    assert (updated["queryLogStatus"], updated["jobLogStatus"]) == ("ENABLED", "ENABLED")
    assert updated["defaultResultConfiguration"] == RESULTS
    assert updated["defaultJobResultConfiguration"] == JOB_RESULTS
    assert updated["updateTime"] >= updated["createTime"]
    same = b.update_membership(membershipIdentifier=joined.b_membership)["membership"]
    assert same["queryLogStatus"] == "ENABLED"


def test_update_membership_errors(a: Any, b: Any, joined: Any) -> None:
    error = error_of(a.update_membership, membershipIdentifier=joined.a_membership,
                     defaultResultConfiguration=RESULTS)
    assert error["Code"] == "ValidationException"
    assert error_of(a.update_membership, membershipIdentifier=joined.b_membership,
                    queryLogStatus="ENABLED")["Code"] == "ResourceNotFoundException"
    a.delete_member(collaborationIdentifier=joined.collaboration, accountId=B)
    removed = error_of(b.update_membership, membershipIdentifier=joined.b_membership, queryLogStatus="ENABLED")
    assert (removed["Code"], removed["reason"], removed["resourceType"]) == (
        "ConflictException", "INVALID_STATE", "MEMBERSHIP")


def test_delete_membership_is_leaving(a: Any, b: Any, joined: Any) -> None:
    response = b.delete_membership(membershipIdentifier=joined.b_membership)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(b.get_membership, membershipIdentifier=joined.b_membership)["Code"] == \
        "ResourceNotFoundException"
    assert error_of(b.delete_membership, membershipIdentifier=joined.b_membership)["Code"] == \
        "ResourceNotFoundException"


def test_the_creator_cannot_leave_but_deletes_the_collaboration(a: Any, joined: Any) -> None:
    error = error_of(a.delete_membership, membershipIdentifier=joined.a_membership)
    assert (error["Code"], error["reason"], error["resourceId"]) == (
        "ConflictException", "INVALID_STATE", joined.a_membership)
    a.delete_collaboration(collaborationIdentifier=joined.collaboration)
    a.delete_membership(membershipIdentifier=joined.a_membership)  # COLLABORATION_DELETED: may go
    assert a.list_memberships()["membershipSummaries"] == []


def test_a_removed_member_can_delete_its_membership(a: Any, b: Any, joined: Any) -> None:
    a.delete_member(collaborationIdentifier=joined.collaboration, accountId=B)
    b.delete_membership(membershipIdentifier=joined.b_membership)
    listed = a.list_members(collaborationIdentifier=joined.collaboration)["memberSummaries"]
    assert listed[1]["status"] == "REMOVED" and "membershipId" not in listed[1]


@pytest.mark.usefixtures("aws")
def test_sub_resources_block_leaving(b: Any, joined: Any, configured_audience_model: Any) -> None:
    association = associate(b, joined.b_membership, configured_audience_model(B))
    error = error_of(b.delete_membership, membershipIdentifier=joined.b_membership)
    assert (error["Code"], error["reason"], error["resourceType"]) == (
        "ConflictException", "SUBRESOURCES_EXIST", "MEMBERSHIP")
    b.delete_configured_audience_model_association(membershipIdentifier=joined.b_membership,
                                                   configuredAudienceModelAssociationIdentifier=association["id"])
    b.delete_membership(membershipIdentifier=joined.b_membership)


def test_an_invited_member_sees_the_collaboration_before_joining(b: Any, collaboration: str) -> None:
    listed = b.list_members(collaborationIdentifier=collaboration)["memberSummaries"]
    assert [m["accountId"] for m in listed] == [A, B]


def test_two_invited_members_join_independently(a: Any, b: Any, c: Any) -> None:
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS"), member(C)])["id"]
    join(c, collaboration)
    statuses = [m["status"] for m in a.list_members(collaborationIdentifier=collaboration)["memberSummaries"]]
    assert statuses == ["INVITED", "INVITED", "ACTIVE"]


def test_a_deleted_collaboration_cannot_be_joined(a: Any, b: Any, collaboration: str) -> None:
    a.delete_collaboration(collaborationIdentifier=collaboration)
    error = error_of(join, b, collaboration)
    assert (error["Code"], error["resourceId"], error["resourceType"]) == (
        "ResourceNotFoundException", collaboration, "COLLABORATION")


def test_unknown_memberships_are_not_found(b: Any) -> None:
    for call in (b.get_membership, b.update_membership, b.delete_membership):
        error = error_of(call, membershipIdentifier=UNKNOWN)
        assert (error["Code"], error["resourceId"], error["resourceType"]) == (
            "ResourceNotFoundException", UNKNOWN, "MEMBERSHIP")


def test_a_token_is_only_good_for_the_listing_it_came_from(a: Any, b: Any) -> None:
    for i in range(2):
        join(b, create_collaboration(a, name=f"c{i}")["id"])
    token = b.list_memberships(maxResults=1)["nextToken"]
    assert error_of(b.list_memberships, nextToken=token, status="REMOVED")["Code"] == "ValidationException"
    assert error_of(b.list_memberships, nextToken="garbage")["Code"] == "ValidationException"


def test_update_membership_checks_the_payment_acceptance_like_create(a: Any, collaboration: str) -> None:
    update = a.meta.service_model.operation_model("UpdateMembership")
    if "membershipPaymentConfiguration" not in update.input_shape.members:  # newer than the oldest botocore
        pytest.skip("this botocore's UpdateMembership has no membershipPaymentConfiguration")
    membership = join(a, collaboration)
    a.update_membership(membershipIdentifier=membership["id"],
                        membershipPaymentConfiguration={"queryCompute": {"isResponsible": True}})
    error = error_of(a.update_membership, membershipIdentifier=membership["id"],
                     membershipPaymentConfiguration={"queryCompute": {"isResponsible": False}})
    assert error["Code"] == "ValidationException" and "isResponsible" in error["Message"]
