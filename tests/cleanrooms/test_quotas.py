"""Clean Rooms quotas (clean-rooms-quotas; spec §9): ServiceQuotaExceededException, HTTP 402."""

from __future__ import annotations

from typing import Any, Callable

from cleanroom_mock.cleanrooms import quotas

from .conftest import A, B, Joined, associate, client, create_collaboration, error_of, join, member

DEFAULTS = {quota.name: quota.default for quota in quotas.QUOTAS}


def check(error: dict[str, Any], quota: str) -> None:
    assert (error["Code"], error["Status"]) == ("ServiceQuotaExceededException", 402)
    assert (error["quotaName"], error["quotaValue"]) == (quota, float(DEFAULTS[quota]))


def test_collaborations_created_per_account(a: Any) -> None:
    created = [create_collaboration(a, name=f"c{i}")["id"] for i in range(10)]
    check(error_of(create_collaboration, a), quotas.COLLABORATIONS_PER_ACCOUNT)
    a.delete_collaboration(collaborationIdentifier=created[0])  # a deleted one no longer counts
    create_collaboration(a)


def test_invited_members_per_collaboration(a: Any) -> None:
    accounts = [f"40000000000{i}" for i in range(6)]
    check(error_of(create_collaboration, a, [member(account) for account in accounts]),
          quotas.INVITED_MEMBERS_PER_COLLABORATION)
    assert create_collaboration(a, [member(account) for account in accounts[:5]])["id"]


def test_memberships_per_account(collaborations: Any, a: Any) -> None:
    for _ in range(100):  # set up through the shortcut, whose every member joins
        collaborations.add(accounts=["999999999999", A])
    collaboration = create_collaboration(client("888888888888"), [member(A, "CAN_RECEIVE_RESULTS")])["id"]
    check(error_of(join, a, collaboration), quotas.MEMBERSHIPS_PER_ACCOUNT)


def test_associations_per_membership(b: Any, joined: Joined, configured_audience_model: Callable[..., str]) -> None:
    for i in range(5):
        associate(b, joined.b_membership, configured_audience_model(B, name=f"m{i}"))
    check(error_of(associate, b, joined.b_membership, configured_audience_model(B, name="m5")),
          quotas.AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP)
