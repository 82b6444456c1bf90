"""The ``aws.collaborations`` shortcut: the former registry's interface over the same state the API writes."""

from __future__ import annotations

from typing import Any

import pytest

from cleanroom_mock import mock_cleanrooms
from cleanroom_mock.cleanrooms.shortcut import Collaborations

from .conftest import A, B, C, client, create_collaboration, join, member

COLLABORATION = "8d2f7c1e-3a4b-4c5d-9e6f-0a1b2c3d4e5f"


def test_add_membership_remove_clear(collaborations: Collaborations) -> None:
    assert collaborations.add(COLLABORATION, accounts=[A, B]) == COLLABORATION
    assert COLLABORATION in collaborations and len(collaborations) == 1
    assert collaborations.is_member(COLLABORATION, A)
    assert not collaborations.is_member(COLLABORATION, C)
    assert not collaborations.is_member("unknown", A)
    assert collaborations.members(COLLABORATION) == {A, B}
    generated = collaborations.add(accounts=[A])
    assert len(generated) == 36 and list(collaborations) == [COLLABORATION, generated]
    collaborations.remove(COLLABORATION)
    assert COLLABORATION not in collaborations
    with pytest.raises(KeyError):
        collaborations.remove(COLLABORATION)
    with pytest.raises(KeyError):
        collaborations.members(COLLABORATION)
    collaborations.clear()
    assert len(collaborations) == 0


@pytest.mark.parametrize("collaboration_id, accounts, abilities", [
    ("not-a-uuid", [A], None),
    (COLLABORATION.upper(), [A], None),
    (COLLABORATION, ["1234"], None),
    (COLLABORATION, [], None),
    (COLLABORATION, [A], {B: ["CAN_QUERY"]}),
    (COLLABORATION, [A], {A: ["CAN_FLY"]}),
])
def test_add_rejects_what_the_api_could_never_match(collaborations: Collaborations, collaboration_id: str,
                                                    accounts: list[str], abilities: Any) -> None:
    with pytest.raises(ValueError):
        collaborations.add(collaboration_id, accounts=accounts, abilities=abilities)


def test_memberships_and_abilities(collaborations: Collaborations) -> None:
    collaboration = collaborations.add(accounts=[A, B], abilities={B: ["CAN_RECEIVE_RESULTS",
                                                                       "CAN_RECEIVE_MODEL_OUTPUT"]})
    membership_id = collaborations.membership_id(collaboration, B)
    membership = collaborations.membership(membership_id)
    assert membership is not None and membership == collaborations.member(collaboration, B)
    assert (membership.membership_id, membership.collaboration_id, membership.account_id) == (
        membership_id, collaboration, B)
    assert membership.member_abilities == {"CAN_RECEIVE_RESULTS"}
    assert membership.ml_member_abilities == {"CAN_RECEIVE_MODEL_OUTPUT"}
    assert membership.can("CAN_RECEIVE_MODEL_OUTPUT") and not membership.can("CAN_QUERY")
    creator = collaborations.member(collaboration, A)
    assert creator is not None and creator.abilities == {
        "CAN_QUERY", "CAN_RECEIVE_RESULTS", "CAN_RECEIVE_MODEL_OUTPUT", "CAN_RECEIVE_INFERENCE_OUTPUT"}
    assert [m.account_id for m in collaborations.memberships(collaboration)] == [A, B]
    assert collaborations.membership("00000000-0000-4000-8000-000000000000") is None
    assert collaborations.member(collaboration, C) is None and collaborations.memberships("unknown") == []
    with pytest.raises(KeyError):
        collaborations.membership_id(collaboration, C)


def test_adding_again_replaces_and_keeps_membership_ids(collaborations: Collaborations) -> None:
    collaborations.add(COLLABORATION, accounts=[A, B, C])
    kept = collaborations.membership_id(COLLABORATION, B)
    gone = collaborations.membership_id(COLLABORATION, C)
    collaborations.add(COLLABORATION, accounts=[A, B])
    assert collaborations.membership_id(COLLABORATION, B) == kept
    assert collaborations.members(COLLABORATION) == {A, B} and collaborations.membership(gone) is None
    assert len(collaborations) == 1


def test_what_the_shortcut_adds_the_api_sees(collaborations: Collaborations, a: Any, b: Any) -> None:
    collaboration = collaborations.add(accounts=[A, B], abilities={B: ["CAN_RECEIVE_RESULTS"]})
    seen = b.get_collaboration(collaborationIdentifier=collaboration)["collaboration"]
    assert seen["creatorAccountId"] == A and seen["memberStatus"] == "ACTIVE"
    assert seen["membershipId"] == collaborations.membership_id(collaboration, B)
    members = a.list_members(collaborationIdentifier=collaboration)["memberSummaries"]
    assert [(m["accountId"], m["status"]) for m in members] == [(A, "ACTIVE"), (B, "ACTIVE")]
    assert b.get_membership(membershipIdentifier=seen["membershipId"])["membership"]["memberAbilities"] == [
        "CAN_RECEIVE_RESULTS"]


def test_what_the_api_does_the_shortcut_sees(collaborations: Collaborations, a: Any, b: Any) -> None:
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS")])["id"]
    assert collaboration in collaborations and collaborations.members(collaboration) == frozenset()
    membership = join(b, collaboration)
    assert collaborations.members(collaboration) == {B}
    assert collaborations.membership_id(collaboration, B) == membership["id"]
    a.delete_member(collaborationIdentifier=collaboration, accountId=B)
    assert not collaborations.is_member(collaboration, B) and collaborations.membership(membership["id"]) is None
    a.delete_collaboration(collaborationIdentifier=collaboration)
    assert collaboration not in collaborations


def test_other_regions(collaborations: Collaborations) -> None:
    europe = Collaborations(collaborations.handle, region="eu-west-1")
    collaboration = europe.add(accounts=[A, B])
    assert collaboration in europe and collaboration not in collaborations
    assert collaboration in collaborations.in_region("eu-west-1")
    assert client(B, region="eu-west-1").get_collaboration(
        collaborationIdentifier=collaboration)["collaboration"]["memberStatus"] == "ACTIVE"


def test_reset_forgets_collaborations() -> None:
    with mock_cleanrooms() as aws:
        collaborations = Collaborations(aws)
        collaborations.add(COLLABORATION, accounts=[A])
        assert COLLABORATION in collaborations
        aws.reset()
        assert COLLABORATION not in collaborations
