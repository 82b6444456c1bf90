"""Clean Rooms collaborations as the two-party tests set them up: ``aws.collaborations``.

Collaborations belong to the separate Clean Rooms service (``cleanrooms``), which this library does not
emulate. Clean Rooms ML only asks one question of them (ml-behaviors: StartAudienceGenerationJob with a
``collaborationId`` checks the collaboration exists and that the caller and the configured audience model's
owner are both active members), so the handle keeps just that: which accounts belong to which collaboration.

    aws.collaborations.add("7c9b1f2e-...", accounts=["111111111111", "222222222222"])
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator

# The model's UUID shape for collaborationId (StartAudienceGenerationJob): lower-case hex, 8-4-4-4-12.
_COLLABORATION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")


class CollaborationRegistry:
    """Collaboration id → member account ids. Reset with the handle (``aws.reset()`` forgets them all)."""

    def __init__(self) -> None:
        self._members: dict[str, frozenset[str]] = {}

    def add(self, collaboration_id: str | None = None, *, accounts: Iterable[str]) -> str:
        """Register (or replace) a collaboration and return its id; a new UUID when none is given.

        Raises ``ValueError`` for an id the API could never receive or a member that is not a 12-digit
        account id, so a typo fails in the test's setup rather than as a puzzling AccessDeniedException.
        """
        collaboration_id = collaboration_id or str(uuid.uuid4())
        if not _COLLABORATION_ID.match(collaboration_id):
            raise ValueError(f"collaboration id must be a lower-case UUID, not {collaboration_id!r}")
        members = frozenset(str(account) for account in accounts)
        bad = sorted(account for account in members if not _ACCOUNT_ID.match(account))
        if bad:
            raise ValueError(f"collaboration members must be 12-digit account ids, not {bad}")
        self._members[collaboration_id] = members
        return collaboration_id

    def remove(self, collaboration_id: str) -> None:
        """Forget a collaboration; removing one that is not registered raises ``KeyError``."""
        del self._members[collaboration_id]

    def clear(self) -> None:
        self._members.clear()

    def members(self, collaboration_id: str) -> frozenset[str]:
        """Member accounts of a collaboration (``KeyError`` when it is not registered)."""
        return self._members[collaboration_id]

    def is_member(self, collaboration_id: str, account_id: str) -> bool:
        return account_id in self._members.get(collaboration_id, frozenset())

    def __contains__(self, collaboration_id: object) -> bool:
        return collaboration_id in self._members

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._members))

    def __len__(self) -> int:
        return len(self._members)
