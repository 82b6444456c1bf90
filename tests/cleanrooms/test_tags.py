"""TagResource, UntagResource, ListTagsForResource: each resource's tags belong to the account in its ARN."""

from __future__ import annotations

from typing import Any

from .conftest import A, B, Joined, error_of


def test_tag_untag_list_a_collaboration_and_a_membership(a: Any, b: Any, joined: Joined) -> None:
    collaboration = a.get_collaboration(collaborationIdentifier=joined.collaboration)["collaboration"]["arn"]
    membership = b.get_membership(membershipIdentifier=joined.b_membership)["membership"]["arn"]
    for caller, arn in ((a, collaboration), (b, membership)):
        caller.tag_resource(resourceArn=arn, tags={"team": "ads", "env": "test"})
        caller.tag_resource(resourceArn=arn, tags={"env": "prod"})
        assert caller.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "ads", "env": "prod"}
        response = caller.untag_resource(resourceArn=arn, tagKeys=["team", "absent"])
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert caller.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "prod"}


def test_another_accounts_resource_is_not_found(a: Any, b: Any, joined: Joined) -> None:
    collaboration = a.get_collaboration(collaborationIdentifier=joined.collaboration)["collaboration"]["arn"]
    error = error_of(b.tag_resource, resourceArn=collaboration, tags={"k": "v"})  # B sees it, A owns it
    assert (error["Code"], error["Status"]) == ("ResourceNotFoundException", 404)
    assert (error["resourceId"], error["resourceType"]) == (joined.collaboration, "COLLABORATION")
    membership = f"arn:aws:cleanrooms:us-east-1:{B}:membership/{joined.b_membership}"
    error = error_of(a.list_tags_for_resource, resourceArn=membership)
    assert (error["resourceId"], error["resourceType"]) == (joined.b_membership, "MEMBERSHIP")


def test_unknown_and_deleted_resources_are_not_found(a: Any, joined: Joined) -> None:
    unknown = f"arn:aws:cleanrooms:us-east-1:{A}:collaboration/00000000-0000-4000-8000-000000000000"
    assert error_of(a.list_tags_for_resource, resourceArn=unknown)["Code"] == "ResourceNotFoundException"
    arn = a.get_collaboration(collaborationIdentifier=joined.collaboration)["collaboration"]["arn"]
    a.delete_collaboration(collaborationIdentifier=joined.collaboration)
    assert error_of(a.untag_resource, resourceArn=arn, tagKeys=["k"])["Code"] == "ResourceNotFoundException"


def test_tag_rules(a: Any, joined: Joined) -> None:
    arn = a.get_collaboration(collaborationIdentifier=joined.collaboration)["collaboration"]["arn"]
    assert error_of(a.tag_resource, resourceArn=arn, tags={"aws:x": "v"})["Code"] == "ValidationException"
    too_many = {f"k{i}": "v" for i in range(51)}
    assert error_of(a.tag_resource, resourceArn=arn, tags=too_many)["Code"] == "ValidationException"
    # The model's CleanroomsArn is at most 100 characters: an association ARN (about 160) never validates.
    long_arn = f"arn:aws:cleanrooms:us-east-1:{A}:membership/{joined.a_membership}/" \
               f"configuredaudiencemodelassociation/{joined.a_membership}"
    assert error_of(a.list_tags_for_resource, resourceArn=long_arn)["Code"] == "ValidationException"
