"""Clean Rooms quotas the emulator enforces, all per Region, declared once by the names of the quotas page.

Source: https://docs.aws.amazon.com/clean-rooms/latest/userguide/clean-rooms-quotas.html (spec §9). They hold
by default (the realism profile); each is adjustable at AWS, so a test raises one as Service Quotas would
(``aws.quotas.set("cleanrooms", "Memberships per account", 200)``). A hit answers
ServiceQuotaExceededException with ``quotaName`` (the name here; AWS documents no exact one) and ``quotaValue``.
The other quotas of the page (configured tables, analysis templates, queries) belong to operations the
emulator does not serve.
"""

from __future__ import annotations

from ..core.control.quotas import Quota

COLLABORATIONS_PER_ACCOUNT = "Collaborations created per account"
INVITED_MEMBERS_PER_COLLABORATION = "Invited members per collaboration"
MEMBERSHIPS_PER_ACCOUNT = "Memberships per account"
AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP = "Configured audience model associations per membership"

QUOTAS = (
    Quota(COLLABORATIONS_PER_ACCOUNT, 10, description="Collaborations an account created."),
    Quota(INVITED_MEMBERS_PER_COLLABORATION, 5, description="Members a collaboration invites besides its creator."),
    Quota(MEMBERSHIPS_PER_ACCOUNT, 100, description="Memberships of an account."),
    Quota(
        AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP,
        5,
        description="Configured audience model associations of one membership.",
    ),
)
