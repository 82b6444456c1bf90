"""The public read API Clean Rooms ML uses (CleanRoomsRegion): memberships, collaborations, associations."""

from __future__ import annotations

from typing import Any, Callable

from cleanroom_mock.cleanrooms.state import CleanRoomsRegion
from cleanroom_mock.cleanrooms.store import CleanRoomsStore

from .conftest import A, B, C, Joined, associate


def region_state(aws: Any) -> CleanRoomsRegion:
    store = aws.store("cleanrooms", C, "us-east-1")  # any account's store reaches the region's state
    assert isinstance(store, CleanRoomsStore)
    return store.shared


def test_membership_and_collaboration(aws: Any, a: Any, joined: Joined) -> None:
    state = region_state(aws)
    membership = state.membership(joined.b_membership)
    assert membership is not None
    assert (membership.account_id, membership.collaboration_id, membership.status) == (
        B, joined.collaboration, "ACTIVE")
    assert membership.member_abilities == {"CAN_RECEIVE_RESULTS"} and membership.ml_member_abilities == frozenset()
    assert state.member_membership(joined.collaboration, B) == membership
    assert state.membership("00000000-0000-4000-8000-000000000000") is None
    collaboration = state.collaboration(joined.collaboration)
    assert collaboration is not None and collaboration.creator_account_id == A
    assert dict(collaboration.member_statuses) == {A: "ACTIVE", B: "ACTIVE"}
    assert state.is_active_member(joined.collaboration, B) and not state.is_active_member(joined.collaboration, C)
    a.delete_member(collaborationIdentifier=joined.collaboration, accountId=B)
    removed = state.membership(joined.b_membership)
    assert removed is not None and removed.status == "REMOVED"
    assert not state.is_active_member(joined.collaboration, B)
    a.delete_collaboration(collaborationIdentifier=joined.collaboration)
    assert state.collaboration(joined.collaboration) is None
    assert state.audience_model_associations(joined.collaboration) == []


def test_audience_model_associations(aws: Any, b: Any, joined: Joined,
                                     configured_audience_model: Callable[..., str]) -> None:
    model = configured_audience_model(B)
    created = associate(b, joined.b_membership, model, manageResourcePolicies=False)
    [found] = region_state(aws).audience_model_associations(joined.collaboration)
    assert (found.association_id, found.arn, found.account_id, found.membership_id) == (
        created["id"], created["arn"], B, joined.b_membership)
    assert found.configured_audience_model_arn == model and found.manage_resource_policies is False
