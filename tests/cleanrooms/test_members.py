"""ListMembers and DeleteMember: member statuses INVITED → ACTIVE → LEFT / REMOVED."""

from __future__ import annotations

from typing import Any

from .conftest import A, B, C, create_collaboration, error_of, join, member

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def statuses(caller: Any, collaboration: str) -> dict[str, str]:
    return {m["accountId"]: m["status"]
            for m in caller.list_members(collaborationIdentifier=collaboration)["memberSummaries"]}


def test_list_members_shows_the_creator_first_with_abilities(a: Any, b: Any) -> None:
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS", mlMemberAbilities={
        "customMLMemberAbilities": ["CAN_RECEIVE_MODEL_OUTPUT"]})], creatorDisplayName="Ads")["id"]
    listed = b.list_members(collaborationIdentifier=collaboration)["memberSummaries"]
    assert [m["accountId"] for m in listed] == [A, B]
    assert listed[0]["displayName"] == "Ads" and listed[0]["abilities"] == ["CAN_QUERY"]
    assert "mlAbilities" not in listed[0]
    assert listed[1]["mlAbilities"] == {"customMLMemberAbilities": ["CAN_RECEIVE_MODEL_OUTPUT"]}
    assert all(m["status"] == "INVITED" and "membershipId" not in m for m in listed)


def test_statuses_move_as_members_join_and_leave(a: Any, b: Any, collaboration: str) -> None:
    membership = join(b, collaboration)
    listed = a.list_members(collaborationIdentifier=collaboration)["memberSummaries"]
    assert listed[1]["status"] == "ACTIVE" and listed[1]["membershipId"] == membership["id"]
    assert listed[1]["updateTime"] >= listed[1]["createTime"]
    b.delete_membership(membershipIdentifier=membership["id"])
    assert statuses(a, collaboration) == {A: "INVITED", B: "LEFT"}
    # A member that left no longer sees the collaboration.
    assert error_of(b.list_members, collaborationIdentifier=collaboration)["Code"] == "AccessDeniedException"
    assert error_of(b.get_collaboration, collaborationIdentifier=collaboration)["Code"] == "AccessDeniedException"
    assert b.list_collaborations()["collaborationList"] == []


def test_list_members_pages(a: Any) -> None:
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS"), member(C, "CAN_RECEIVE_RESULTS")])
    page = a.list_members(collaborationIdentifier=collaboration["id"], maxResults=2)
    assert [m["accountId"] for m in page["memberSummaries"]] == [A, B]
    rest = a.list_members(collaborationIdentifier=collaboration["id"], maxResults=2, nextToken=page["nextToken"])
    assert [m["accountId"] for m in rest["memberSummaries"]] == [C]


def test_list_members_errors(c: Any, collaboration: str) -> None:
    unknown = error_of(c.list_members, collaborationIdentifier=UNKNOWN)
    assert unknown["Code"] == "ResourceNotFoundException" and unknown["Status"] == 404
    assert (unknown["resourceId"], unknown["resourceType"]) == (UNKNOWN, "COLLABORATION")
    assert error_of(c.list_members, collaborationIdentifier=collaboration)["Code"] == "AccessDeniedException"


def test_delete_member_removes_it_and_its_membership(a: Any, b: Any, joined: Any) -> None:
    response = a.delete_member(collaborationIdentifier=joined.collaboration, accountId=B)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert statuses(a, joined.collaboration) == {A: "ACTIVE", B: "REMOVED"}
    assert b.get_membership(membershipIdentifier=joined.b_membership)["membership"]["status"] == "REMOVED"
    assert [m["id"] for m in b.list_memberships(status="REMOVED")["membershipSummaries"]] == [joined.b_membership]
    assert b.list_memberships(status="ACTIVE")["membershipSummaries"] == []
    assert error_of(b.get_collaboration, collaborationIdentifier=joined.collaboration)["Code"] == \
        "AccessDeniedException"
    # A removed member can't re-join, and a removed member is removed once.
    rejoin = error_of(join, b, joined.collaboration)
    assert (rejoin["Code"], rejoin["reason"]) == ("ConflictException", "INVALID_STATE")
    again = error_of(a.delete_member, collaborationIdentifier=joined.collaboration, accountId=B)
    assert (again["Code"], again["reason"], again["resourceType"]) == ("ConflictException", "INVALID_STATE",
                                                                      "COLLABORATION")


def test_an_invited_member_can_be_removed_before_joining(a: Any, b: Any, collaboration: str) -> None:
    a.delete_member(collaborationIdentifier=collaboration, accountId=B)
    assert statuses(a, collaboration)[B] == "REMOVED"
    assert error_of(join, b, collaboration)["Code"] == "ConflictException"


def test_delete_member_errors(a: Any, b: Any, c: Any, collaboration: str) -> None:
    assert error_of(b.delete_member, collaborationIdentifier=collaboration, accountId=A)["Code"] == \
        "AccessDeniedException"
    own = error_of(a.delete_member, collaborationIdentifier=collaboration, accountId=A)
    assert own["Code"] == "ValidationException" and own["reason"] == "FIELD_VALIDATION_FAILED"
    stranger = error_of(a.delete_member, collaborationIdentifier=collaboration, accountId=C)
    assert stranger["Code"] == "ResourceNotFoundException"
    assert (stranger["resourceId"], stranger["resourceType"]) == (C, "COLLABORATION")
    unknown = error_of(a.delete_member, collaborationIdentifier=UNKNOWN, accountId=B)
    assert (unknown["Code"], unknown["resourceType"]) == ("ResourceNotFoundException", "COLLABORATION")
