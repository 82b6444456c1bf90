"""``aws.collaborations``: Clean Rooms collaborations and memberships set up in one line, for tests.

    collaboration = aws.collaborations.add(accounts=["111111111111", "222222222222"],
                                           abilities={"222222222222": ["CAN_RECEIVE_MODEL_OUTPUT"]})
    membership = aws.collaborations.membership_id(collaboration, "111111111111")

It keeps the interface of Clean Rooms ML's former ``CollaborationRegistry`` and writes the same state the
``cleanrooms`` operations write (``state.CleanRoomsRegion``: create_collaboration, join, forget_collaboration),
so a collaboration added here is one ``boto3.client("cleanrooms")`` sees and vice versa. It skips what only
guards a caller's request (quotas, the one-member-can-query rule): tests set up what they need.

Region: the handle attribute works in ``us-east-1``; ``Collaborations(handle, region="eu-west-1")`` or
``aws.collaborations.in_region("eu-west-1")`` gives the same shortcut for another region.

Membership answers (``membership``, ``member``, ``memberships``, ``members``, ``is_member``) are about
ACTIVE members, the ones that can act in a collaboration; a collaboration created through the API lists its
members here once they have joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Optional

from ..core.arns import parse_arn
from .resources import (
    ACTIVE,
    CAN_QUERY,
    CAN_RECEIVE_INFERENCE_OUTPUT,
    CAN_RECEIVE_MODEL_OUTPUT,
    CAN_RECEIVE_RESULTS,
    MEMBER_ABILITIES,
    ML_MEMBER_ABILITIES,
)
from .state import AssociationInfo, CleanRoomsRegion, MembershipInfo, MemberSpec, split_abilities
from .store import CleanRoomsStore

if TYPE_CHECKING:
    from ..core.state import MockHandle

DEFAULT_REGION = "us-east-1"
# The model's UUID shape for collaboration ids: lower-case hex, 8-4-4-4-12.
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
ABILITIES = frozenset(MEMBER_ABILITIES) | frozenset(ML_MEMBER_ABILITIES)
# A member given no abilities gets these four, which keeps one-party tests short (not AWS's default, which
# is whatever the collaboration creator grants).
DEFAULT_ABILITIES = (CAN_QUERY, CAN_RECEIVE_RESULTS, CAN_RECEIVE_MODEL_OUTPUT, CAN_RECEIVE_INFERENCE_OUTPUT)


class Collaborations:
    """Collaboration id → member accounts and their memberships, in one region. Reset with the handle."""

    def __init__(self, handle: MockHandle, *, region: str = DEFAULT_REGION) -> None:
        self.handle = handle
        self.region = region

    def in_region(self, region: str) -> Collaborations:
        return Collaborations(self.handle, region=region)

    @property
    def _state(self) -> CleanRoomsRegion:
        store = self.handle.store("cleanrooms", None, self.region)
        assert isinstance(store, CleanRoomsStore)
        return store.shared

    def add(self, collaboration_id: Optional[str] = None, *, accounts: Iterable[str],
            abilities: Optional[Mapping[str, Iterable[str]]] = None) -> str:
        """Register (or replace) a collaboration whose every account has joined; return its id (a new UUID
        when none is given). The first account is the creator.

        ``abilities`` maps an account to its abilities — member abilities (CAN_QUERY, CAN_RECEIVE_RESULTS,
        CAN_RUN_JOB) and ML member abilities (CAN_RECEIVE_MODEL_OUTPUT, CAN_RECEIVE_INFERENCE_OUTPUT) in one
        list; an account not in the mapping gets ``DEFAULT_ABILITIES``. Registering an id again replaces
        the collaboration and keeps the membership id of every account that stays.

        Raises ``ValueError`` for an id the API could never receive, a member that is not a 12-digit account
        id, or an unknown ability, so a typo fails in the test's setup rather than as a puzzling error later.
        """
        if collaboration_id is not None and not _UUID.match(collaboration_id):
            raise ValueError(f"collaboration id must be a lower-case UUID, not {collaboration_id!r}")
        members = list(dict.fromkeys(str(account) for account in accounts))
        bad = sorted(account for account in members if not _ACCOUNT_ID.match(account))
        if bad or not members:
            raise ValueError(f"collaboration members must be 12-digit account ids, not {bad or members}")
        granted = {str(account): list(given) for account, given in (abilities or {}).items()}
        strangers = sorted(set(granted) - set(members))
        if strangers:
            raise ValueError(f"abilities given for accounts that are not members: {strangers}")
        unknown = sorted({ability for given in granted.values() for ability in given} - ABILITIES)
        if unknown:
            raise ValueError(f"unknown member abilities {unknown}; choose from {sorted(ABILITIES)}")
        state = self._state
        kept: dict[str, str] = {}
        previous = state.find_collaboration(collaboration_id) if collaboration_id else None
        if previous is not None:
            kept = {account: member.membership_id for account, member in previous.members.items()
                    if member.membership_id is not None}
            state.forget_collaboration(previous)
        specs = []
        for account in members:
            member_abilities, ml_abilities = split_abilities(granted.get(account, DEFAULT_ABILITIES))
            specs.append(MemberSpec(account, account, member_abilities, ml_abilities))
        collaboration = state.create_collaboration(specs[0], specs[1:], name="collaboration",
                                                   collaboration_id=collaboration_id,
                                                   description="Set up by aws.collaborations")
        for account in members:
            state.join(collaboration, account, membership_id=kept.get(account))
        return collaboration.id

    def associate(self, collaboration_id: str, configured_audience_model_arn: str, *,
                  manage_resource_policies: bool = True, name: str = "audience-model") -> str:
        """Associate a configured audience model with a collaboration, as its owner's
        CreateConfiguredAudienceModelAssociation would (through the owner's membership; the model's account
        is read from its ARN); return the association id. With ``manage_resource_policies`` (the default)
        Clean Rooms manages the model's resource policy, so members may start generation jobs with it."""
        state = self._state
        found = state.find_collaboration(collaboration_id)
        if found is None:
            raise KeyError(collaboration_id)
        parsed = parse_arn(configured_audience_model_arn)
        owner = parsed.account if parsed is not None else ""
        info = self.member(collaboration_id, owner)
        membership = state.read_membership(info.membership_id) if info is not None else None
        if membership is None:
            raise ValueError(f"account {owner or '?'} of {configured_audience_model_arn} is not an ACTIVE member "
                             f"of collaboration {collaboration_id}")
        association = state.add_association(
            membership, name=name, configured_audience_model_arn=configured_audience_model_arn,
            manage_resource_policies=manage_resource_policies, description=None, tags={})
        return association.id

    def remove(self, collaboration_id: str) -> None:
        """Forget a collaboration, its memberships and their associations; ``KeyError`` when unknown."""
        state = self._state
        found = state.find_collaboration(collaboration_id)
        if found is None:
            raise KeyError(collaboration_id)
        state.forget_collaboration(found)

    def clear(self) -> None:
        """Forget every collaboration of the region (``aws.reset()`` also does)."""
        self._state.clear()

    def members(self, collaboration_id: str) -> frozenset[str]:
        """ACTIVE member accounts of a collaboration (``KeyError`` when it is not registered)."""
        found = self._state.collaboration(collaboration_id)
        if found is None:
            raise KeyError(collaboration_id)
        return frozenset(account for account, status in found.member_statuses.items() if status == ACTIVE)

    def is_member(self, collaboration_id: str, account_id: str) -> bool:
        return self._state.is_active_member(collaboration_id, account_id)

    # --- memberships --------------------------------------------------------------------------------
    def membership_id(self, collaboration_id: str, account_id: str) -> str:
        """The membership id of ``account_id`` in a collaboration (``KeyError`` when it is not a member)."""
        found = self.member(collaboration_id, account_id)
        if found is None:
            raise KeyError((collaboration_id, account_id))
        return found.membership_id

    def membership(self, membership_id: str) -> Optional[MembershipInfo]:
        """The ACTIVE membership with this id, or None."""
        found = self._state.membership(membership_id)
        return found if found is not None and found.status == ACTIVE else None

    def member(self, collaboration_id: str, account_id: str) -> Optional[MembershipInfo]:
        """``account_id``'s ACTIVE membership of a collaboration, or None."""
        found = self._state.member_membership(collaboration_id, account_id)
        return found if found is not None and found.status == ACTIVE else None

    def memberships(self, collaboration_id: str) -> list[MembershipInfo]:
        """Every ACTIVE membership of a collaboration, by account id (empty when it is not registered)."""
        found = self._state.collaboration(collaboration_id)
        accounts = sorted(found.member_statuses) if found is not None else []
        return [m for m in (self.member(collaboration_id, account) for account in accounts) if m is not None]

    def audience_model_associations(self, collaboration_id: str) -> list[AssociationInfo]:
        """The configured audience model associations of a collaboration's ACTIVE memberships."""
        return self._state.audience_model_associations(collaboration_id)

    def __contains__(self, collaboration_id: object) -> bool:
        return isinstance(collaboration_id, str) and self._state.collaboration(collaboration_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter([collaboration.id for collaboration in self._state.collaborations])

    def __len__(self) -> int:
        return len(self._state.collaborations)
