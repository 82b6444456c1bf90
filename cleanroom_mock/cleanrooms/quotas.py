"""Clean Rooms quotas the emulator enforces, all per Region, in one place.

Source: https://docs.aws.amazon.com/clean-rooms/latest/userguide/clean-rooms-quotas.html (spec §9). They hold
by default (the realism profile); each is adjustable at AWS, so each is a named constant a later test-control
switch can change. The quota names are the ones the quotas page uses (AWS documents no exact ``quotaName``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quota:
    name: str  # the ServiceQuotaExceededException's quotaName
    value: int  # its quotaValue


COLLABORATIONS_PER_ACCOUNT = Quota("Collaborations created per account", 10)
INVITED_MEMBERS_PER_COLLABORATION = Quota("Invited members per collaboration", 5)
MEMBERSHIPS_PER_ACCOUNT = Quota("Memberships per account", 100)
AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP = Quota("Configured audience model associations per membership", 5)
