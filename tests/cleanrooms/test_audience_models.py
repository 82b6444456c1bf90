"""Configured audience model associations, in a membership and as the whole collaboration sees them."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from .conftest import B, Joined, associate, client, error_of, join

UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def model(configured_audience_model: Callable[..., str]) -> str:
    return configured_audience_model(B)


def test_create_get_list_update_delete(b: Any, joined: Joined, model: str) -> None:
    created = associate(b, joined.b_membership, model, description="B's lookalikes", tags={"k": "v"})
    assert created["arn"] == (f"arn:aws:cleanrooms:us-east-1:{B}:membership/{joined.b_membership}"
                              f"/configuredaudiencemodelassociation/{created['id']}")
    assert created["configuredAudienceModelArn"] == model
    assert (created["membershipId"], created["collaborationId"]) == (joined.b_membership, joined.collaboration)
    assert created["name"] == "lookalike" and created["manageResourcePolicies"] is True
    assert created["description"] == "B's lookalikes" and "creatorAccountId" not in created
    ids = {"membershipIdentifier": joined.b_membership,
           "configuredAudienceModelAssociationIdentifier": created["id"]}
    assert b.get_configured_audience_model_association(**ids)["configuredAudienceModelAssociation"] == created
    listed = b.list_configured_audience_model_associations(membershipIdentifier=joined.b_membership)
    summary = listed["configuredAudienceModelAssociationSummaries"][0]
    assert summary["id"] == created["id"] and "manageResourcePolicies" not in summary
    updated = b.update_configured_audience_model_association(**ids, name="renamed", description="new")[
        "configuredAudienceModelAssociation"]
    assert (updated["name"], updated["description"]) == ("renamed", "new")
    assert updated["configuredAudienceModelArn"] == model and updated["updateTime"] >= updated["createTime"]
    response = b.delete_configured_audience_model_association(**ids)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(b.get_configured_audience_model_association, **ids)["Code"] == "ResourceNotFoundException"


def test_every_member_sees_it_through_the_collaboration(a: Any, b: Any, joined: Joined, model: str) -> None:
    created = associate(b, joined.b_membership, model)
    seen = a.get_collaboration_configured_audience_model_association(
        collaborationIdentifier=joined.collaboration, configuredAudienceModelAssociationIdentifier=created["id"])[
        "collaborationConfiguredAudienceModelAssociation"]
    assert seen["creatorAccountId"] == B and seen["configuredAudienceModelArn"] == model
    assert seen["collaborationId"] == joined.collaboration and "membershipId" not in seen
    assert "manageResourcePolicies" not in seen
    listed = a.list_collaboration_configured_audience_model_associations(
        collaborationIdentifier=joined.collaboration)["collaborationConfiguredAudienceModelAssociationSummaries"]
    assert [s["id"] for s in listed] == [created["id"]] and listed[0]["creatorAccountId"] == B
    # ... but it is B's: A cannot read it through a membership.
    assert error_of(a.get_configured_audience_model_association, membershipIdentifier=joined.a_membership,
                    configuredAudienceModelAssociationIdentifier=created["id"])["Code"] == \
        "ResourceNotFoundException"


def test_a_removed_members_associations_leave_the_collaboration(a: Any, b: Any, joined: Joined, model: str) -> None:
    created = associate(b, joined.b_membership, model)
    a.delete_member(collaborationIdentifier=joined.collaboration, accountId=B)
    assert a.list_collaboration_configured_audience_model_associations(
        collaborationIdentifier=joined.collaboration)["collaborationConfiguredAudienceModelAssociationSummaries"] == []
    error = error_of(a.get_collaboration_configured_audience_model_association,
                     collaborationIdentifier=joined.collaboration,
                     configuredAudienceModelAssociationIdentifier=created["id"])
    assert (error["Code"], error["resourceId"], error["resourceType"]) == (
        "ResourceNotFoundException", created["id"], "COLLABORATION")
    # B can still read and delete it (so it can empty its membership), not change it.
    ids = {"membershipIdentifier": joined.b_membership,
           "configuredAudienceModelAssociationIdentifier": created["id"]}
    assert b.get_configured_audience_model_association(**ids)["configuredAudienceModelAssociation"]["id"]
    assert error_of(b.update_configured_audience_model_association, **ids, name="x")["Code"] == \
        "AccessDeniedException"
    assert error_of(associate, b, joined.b_membership, model, name="again")["Code"] == "ConflictException"
    b.delete_configured_audience_model_association(**ids)


def test_the_model_must_be_the_callers_and_exist(a: Any, b: Any, joined: Joined, model: str,
                                                 configured_audience_model: Callable[..., str]) -> None:
    foreign = error_of(associate, a, joined.a_membership, model)
    assert foreign["Code"] == "AccessDeniedException" and foreign["Status"] == 403
    missing = model.rsplit("/", 1)[0] + "/doesnotexist"
    error = error_of(associate, b, joined.b_membership, missing)
    assert (error["Code"], error["reason"]) == ("ValidationException", "INVALID_CONFIGURATION")
    deleted = configured_audience_model(B, name="short-lived")
    client(B, "cleanroomsml").delete_configured_audience_model(configuredAudienceModelArn=deleted)
    assert error_of(associate, b, joined.b_membership, deleted)["Code"] == "ValidationException"


def test_a_model_is_associated_with_a_collaboration_once(b: Any, joined: Joined, model: str) -> None:
    first = associate(b, joined.b_membership, model)
    error = error_of(associate, b, joined.b_membership, model, name="other name")
    assert (error["Code"], error["reason"], error["resourceId"]) == ("ConflictException", "ALREADY_EXISTS",
                                                                     first["id"])


def test_names_may_repeat(b: Any, joined: Joined, configured_audience_model: Callable[..., str]) -> None:
    associate(b, joined.b_membership, configured_audience_model(B, name="one"), name="same")
    associate(b, joined.b_membership, configured_audience_model(B, name="two"), name="same")


def test_membership_errors(a: Any, b: Any, joined: Joined, model: str) -> None:
    unknown = error_of(associate, b, UNKNOWN, model)
    assert (unknown["Code"], unknown["resourceType"]) == ("ResourceNotFoundException", "MEMBERSHIP")
    other = error_of(associate, b, joined.a_membership, model)
    assert other["Code"] == "ResourceNotFoundException"
    for call in (b.get_configured_audience_model_association, b.update_configured_audience_model_association,
                 b.delete_configured_audience_model_association):
        error = error_of(call, membershipIdentifier=joined.b_membership,
                         configuredAudienceModelAssociationIdentifier=UNKNOWN)
        assert (error["Code"], error["resourceId"], error["resourceType"]) == (
            "ResourceNotFoundException", UNKNOWN, "MEMBERSHIP")
    assert error_of(b.list_configured_audience_model_associations,
                    membershipIdentifier=joined.a_membership)["Code"] == "ResourceNotFoundException"
    a.delete_collaboration(collaborationIdentifier=joined.collaboration)
    deleted = error_of(associate, b, joined.b_membership, model)
    assert (deleted["Code"], deleted["reason"]) == ("ConflictException", "INVALID_STATE")


def test_collaboration_variant_errors(a: Any, c: Any, joined: Joined) -> None:
    unknown = error_of(c.list_collaboration_configured_audience_model_associations, collaborationIdentifier=UNKNOWN)
    assert (unknown["Code"], unknown["resourceType"]) == ("ResourceNotFoundException", "COLLABORATION")
    stranger = error_of(c.get_collaboration_configured_audience_model_association,
                        collaborationIdentifier=joined.collaboration,
                        configuredAudienceModelAssociationIdentifier=UNKNOWN)
    assert stranger["Code"] == "AccessDeniedException"
    assert error_of(a.get_collaboration_configured_audience_model_association,
                    collaborationIdentifier=joined.collaboration,
                    configuredAudienceModelAssociationIdentifier=UNKNOWN)["Code"] == "ResourceNotFoundException"


def test_lists_page(b: Any, joined: Joined, configured_audience_model: Callable[..., str]) -> None:
    ids = [associate(b, joined.b_membership, configured_audience_model(B, name=f"m{i}"))["id"] for i in range(3)]
    page = b.list_configured_audience_model_associations(membershipIdentifier=joined.b_membership, maxResults=2)
    assert [s["id"] for s in page["configuredAudienceModelAssociationSummaries"]] == ids[:2]
    rest = b.list_configured_audience_model_associations(membershipIdentifier=joined.b_membership, maxResults=2,
                                                         nextToken=page["nextToken"])
    assert [s["id"] for s in rest["configuredAudienceModelAssociationSummaries"]] == ids[2:]
    collaboration_page = b.list_collaboration_configured_audience_model_associations(
        collaborationIdentifier=joined.collaboration, maxResults=1)
    assert len(collaboration_page["collaborationConfiguredAudienceModelAssociationSummaries"]) == 1
    assert "nextToken" in collaboration_page


def test_the_creator_sees_associations_before_joining(a: Any, b: Any, collaboration: str, model: str) -> None:
    association = associate(b, join(b, collaboration)["id"], model)
    listed = a.list_collaboration_configured_audience_model_associations(collaborationIdentifier=collaboration)
    assert [s["id"] for s in listed["collaborationConfiguredAudienceModelAssociationSummaries"]] == [
        association["id"]]
