"""aws.collaborations: the member lists (and memberships) two-party tests give the mock."""

from __future__ import annotations

import pytest

from cleanroom_mock import mock_cleanroomsml
from cleanroom_mock.cleanroomsml.collaborations import CollaborationRegistry

from .constants import D, P

COLLABORATION = "8d2f7c1e-3a4b-4c5d-9e6f-0a1b2c3d4e5f"


def test_add_membership_remove_clear() -> None:
    registry = CollaborationRegistry()
    assert registry.add(COLLABORATION, accounts=["111111111111", "222222222222"]) == COLLABORATION
    assert COLLABORATION in registry and len(registry) == 1
    assert registry.is_member(COLLABORATION, "111111111111")
    assert not registry.is_member(COLLABORATION, "333333333333")
    assert not registry.is_member("unknown", "111111111111")
    assert registry.members(COLLABORATION) == {"111111111111", "222222222222"}
    generated = registry.add(accounts=["111111111111"])
    assert len(generated) == 36 and list(registry) == [COLLABORATION, generated]
    registry.remove(COLLABORATION)
    assert COLLABORATION not in registry
    with pytest.raises(KeyError):
        registry.remove(COLLABORATION)
    registry.clear()
    assert len(registry) == 0


@pytest.mark.parametrize("collaboration_id, accounts", [
    ("not-a-uuid", ["111111111111"]),
    (COLLABORATION.upper(), ["111111111111"]),
    (COLLABORATION, ["1234"]),
])
def test_add_rejects_what_the_api_could_never_match(collaboration_id, accounts) -> None:
    with pytest.raises(ValueError):
        CollaborationRegistry().add(collaboration_id, accounts=accounts)


def test_reset_forgets_collaborations() -> None:
    with mock_cleanroomsml() as aws:
        aws.collaborations.add(COLLABORATION, accounts=["111111111111"])
        assert COLLABORATION in aws.collaborations
        aws.reset()
        assert COLLABORATION not in aws.collaborations


def test_registry_memberships_and_abilities() -> None:
    from cleanroom_mock.cleanroomsml.collaborations import ABILITIES, CollaborationRegistry
    registry = CollaborationRegistry()
    collaboration = registry.add(accounts=[P, D], abilities={D: ["CAN_QUERY"]})
    p_id = registry.membership_id(collaboration, P)
    assert registry.membership(p_id).abilities == ABILITIES  # default: every ability
    assert registry.member(collaboration, D).abilities == {"CAN_QUERY"}
    registry.add(collaboration, accounts=[P])  # re-registering keeps P's membership, drops D's
    assert registry.membership_id(collaboration, P) == p_id and registry.member(collaboration, D) is None
    assert [m.account_id for m in registry.memberships(collaboration)] == [P]
    with pytest.raises(ValueError, match="unknown member abilities"):
        registry.add(accounts=[P], abilities={P: ["CAN_FLY"]})
    with pytest.raises(ValueError, match="not members"):
        registry.add(accounts=[P], abilities={D: ["CAN_QUERY"]})
    registry.remove(collaboration)
    assert registry.membership(p_id) is None
