"""Clean Rooms quotas the emulator enforces, all per Region, declared once by the names of the quotas page.

Source: https://docs.aws.amazon.com/clean-rooms/latest/userguide/clean-rooms-quotas.html (spec §9). They hold
by default (the realism profile); each is adjustable at AWS, so a test raises one as Service Quotas would
(``aws.quotas.set("cleanrooms", "Memberships per account", 200)``). A hit answers
ServiceQuotaExceededException with ``quotaName`` (the name here; AWS documents no exact one) and ``quotaValue``.
"Concurrent SQL queries per account" differs by Region (5 in us-east-1, 2 elsewhere); the query-vCPU quota is
not modelled (the mock runs no workers).
"""

from __future__ import annotations

from ..core.control.quotas import Quota

COLLABORATIONS_PER_ACCOUNT = "Collaborations created per account"
INVITED_MEMBERS_PER_COLLABORATION = "Invited members per collaboration"
MEMBERSHIPS_PER_ACCOUNT = "Memberships per account"
AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP = "Configured audience model associations per membership"
CONFIGURED_TABLES_PER_ACCOUNT = "Configured tables per account"
COLUMNS_PER_ALLOW_LIST = "Columns per configured table allow-list"
ANALYSIS_RULE_SIZE = "Analysis rule JSON size"
ANALYSIS_TEMPLATES_PER_MEMBERSHIP = "Analysis templates per membership"
ONGOING_QUERIES_PER_MEMBERSHIP = "Concurrent ongoing queries per membership"
QUERY_TEXT_LENGTH_SQL_ENGINE = "Query text length, Clean Rooms SQL engine"
CONCURRENT_QUERIES_PER_ACCOUNT = "Concurrent SQL queries per account"

QUOTAS = (
    Quota(COLLABORATIONS_PER_ACCOUNT, 10, description="Collaborations an account created."),
    Quota(INVITED_MEMBERS_PER_COLLABORATION, 5, description="Members a collaboration invites besides its creator."),
    Quota(MEMBERSHIPS_PER_ACCOUNT, 100, description="Memberships of an account."),
    Quota(
        AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP,
        5,
        description="Configured audience model associations of one membership.",
    ),
    Quota(CONFIGURED_TABLES_PER_ACCOUNT, 250, description="Configured tables of an account."),
    Quota(COLUMNS_PER_ALLOW_LIST, 100, description="Allowed columns of one configured table."),
    Quota(ANALYSIS_RULE_SIZE, 100 * 1024, adjustable=False, description="Bytes of an analysis rule's JSON."),
    Quota(ANALYSIS_TEMPLATES_PER_MEMBERSHIP, 25, description="Analysis templates of one membership."),
    Quota(ONGOING_QUERIES_PER_MEMBERSHIP, 5, adjustable=False,
          description="Protected queries SUBMITTED or STARTED in one membership."),
    Quota(QUERY_TEXT_LENGTH_SQL_ENGINE, 90 * 1024, adjustable=False,
          description="Bytes of a query's text on the Clean Rooms SQL engine."),
    Quota(CONCURRENT_QUERIES_PER_ACCOUNT, 2, by_region=(("us-east-1", 5),),
          description="Protected queries running at once in an account: 5 in us-east-1, 2 in other Regions."),
)


def fixed(name: str) -> int:
    """A quota AWS does not let anyone adjust, for checks made before a store is at hand."""
    return next(quota.default for quota in QUOTAS if quota.name == name)
