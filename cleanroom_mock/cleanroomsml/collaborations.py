"""Clean Rooms collaborations and memberships as tests set them up: ``aws.collaborations``.

Collaborations belong to the separate Clean Rooms service (``cleanrooms``), which this library does not
emulate. Clean Rooms ML asks two kinds of question of them:

- the AWS-lookalike side (ml-behaviors): does a collaboration exist, and are the caller and the configured
  audience model's owner both members?
- the custom-model side (custom-model-prerequisites): every custom-model resource lives in a *membership*
  (one per collaboration and member account, addressed by a UUID), and what a member may do depends on its
  member abilities (``CAN_QUERY``, ``CAN_RECEIVE_RESULTS``, ``CAN_RECEIVE_MODEL_OUTPUT``,
  ``CAN_RECEIVE_INFERENCE_OUTPUT``).

    collaboration = aws.collaborations.add(accounts=["111111111111", "222222222222"],
                                           abilities={"222222222222": ["CAN_RECEIVE_MODEL_OUTPUT"]})
    membership = aws.collaborations.membership_id(collaboration, "111111111111")
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Optional

# The model's UUID shape for collaborationId (StartAudienceGenerationJob): lower-case hex, 8-4-4-4-12.
_COLLABORATION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")

# Clean Rooms' member abilities that Clean Rooms ML consults (custom-model-prerequisites).
CAN_QUERY = "CAN_QUERY"
CAN_RECEIVE_RESULTS = "CAN_RECEIVE_RESULTS"
CAN_RECEIVE_MODEL_OUTPUT = "CAN_RECEIVE_MODEL_OUTPUT"
CAN_RECEIVE_INFERENCE_OUTPUT = "CAN_RECEIVE_INFERENCE_OUTPUT"
ABILITIES = frozenset({CAN_QUERY, CAN_RECEIVE_RESULTS, CAN_RECEIVE_MODEL_OUTPUT, CAN_RECEIVE_INFERENCE_OUTPUT})


@dataclass(frozen=True)
class Membership:
    """One account's membership of one collaboration."""

    membership_id: str
    collaboration_id: str
    account_id: str
    abilities: frozenset[str]

    def can(self, ability: str) -> bool:
        return ability in self.abilities


class CollaborationRegistry:
    """Collaboration id → member account ids and their memberships. Reset with the handle."""

    def __init__(self, handle: object = None) -> None:
        self._members: dict[str, frozenset[str]] = {}
        self._memberships: dict[str, Membership] = {}  # membership id → membership
        self._membership_ids: dict[tuple[str, str], str] = {}  # (collaboration id, account) → membership id

    def add(
        self,
        collaboration_id: str | None = None,
        *,
        accounts: Iterable[str],
        abilities: Optional[Mapping[str, Iterable[str]]] = None,
    ) -> str:
        """Register (or replace) a collaboration and return its id; a new UUID when none is given.

        Every member gets a membership (a UUID, kept when the collaboration is registered again with the same
        member). ``abilities`` maps a member account to its member abilities; a member not in the mapping has
        all four, which keeps one-party tests short (not AWS's default, which is whatever the collaboration
        creator grants).

        Raises ``ValueError`` for an id the API could never receive, a member that is not a 12-digit account
        id, or an unknown ability, so a typo fails in the test's setup rather than as a puzzling error later.
        """
        collaboration_id = collaboration_id or str(uuid.uuid4())
        if not _COLLABORATION_ID.match(collaboration_id):
            raise ValueError(f"collaboration id must be a lower-case UUID, not {collaboration_id!r}")
        members = frozenset(str(account) for account in accounts)
        bad = sorted(account for account in members if not _ACCOUNT_ID.match(account))
        if bad:
            raise ValueError(f"collaboration members must be 12-digit account ids, not {bad}")
        granted = {str(account): frozenset(given) for account, given in (abilities or {}).items()}
        strangers = sorted(set(granted) - members)
        if strangers:
            raise ValueError(f"abilities given for accounts that are not members: {strangers}")
        unknown = sorted(set().union(*granted.values()) - ABILITIES) if granted else []
        if unknown:
            raise ValueError(f"unknown member abilities {unknown}; choose from {sorted(ABILITIES)}")
        self._forget_memberships(collaboration_id, keep=members)
        self._members[collaboration_id] = members
        for account in sorted(members):
            membership_id = self._membership_ids.get((collaboration_id, account)) or str(uuid.uuid4())
            self._membership_ids[(collaboration_id, account)] = membership_id
            self._memberships[membership_id] = Membership(
                membership_id, collaboration_id, account, granted.get(account, ABILITIES)
            )
        return collaboration_id

    def remove(self, collaboration_id: str) -> None:
        """Forget a collaboration; removing one that is not registered raises ``KeyError``."""
        del self._members[collaboration_id]
        self._forget_memberships(collaboration_id, keep=frozenset())

    def clear(self) -> None:
        self._members.clear()
        self._memberships.clear()
        self._membership_ids.clear()

    def members(self, collaboration_id: str) -> frozenset[str]:
        """Member accounts of a collaboration (``KeyError`` when it is not registered)."""
        return self._members[collaboration_id]

    def is_member(self, collaboration_id: str, account_id: str) -> bool:
        return account_id in self._members.get(collaboration_id, frozenset())

    # --- memberships --------------------------------------------------------------------------------
    def membership_id(self, collaboration_id: str, account_id: str) -> str:
        """The membership id of ``account_id`` in a collaboration (``KeyError`` when it is not a member)."""
        return self._membership_ids[(collaboration_id, account_id)]

    def membership(self, membership_id: str) -> Optional[Membership]:
        """The membership with this id, or None."""
        return self._memberships.get(membership_id)

    def member(self, collaboration_id: str, account_id: str) -> Optional[Membership]:
        """``account_id``'s membership of a collaboration, or None."""
        membership_id = self._membership_ids.get((collaboration_id, account_id))
        return self._memberships.get(membership_id) if membership_id else None

    def memberships(self, collaboration_id: str) -> list[Membership]:
        """Every membership of a collaboration, by account id (empty when it is not registered)."""
        return [self._memberships[self._membership_ids[(collaboration_id, account)]]
                for account in sorted(self._members.get(collaboration_id, ()))]

    def _forget_memberships(self, collaboration_id: str, *, keep: frozenset[str]) -> None:
        for (collaboration, account), membership_id in list(self._membership_ids.items()):
            if collaboration == collaboration_id and account not in keep:
                del self._membership_ids[(collaboration, account)]
                self._memberships.pop(membership_id, None)

    def __contains__(self, collaboration_id: object) -> bool:
        return collaboration_id in self._members

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._members))

    def __len__(self) -> int:
        return len(self._members)
