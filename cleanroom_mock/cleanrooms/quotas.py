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
CONFIGURED_TABLES_PER_ACCOUNT = Quota("Configured tables per account", 250)
COLUMNS_PER_ALLOW_LIST = Quota("Columns per configured table allow-list", 100)
ANALYSIS_RULE_SIZE = Quota("Analysis rule JSON size", 100 * 1024)  # bytes
ANALYSIS_TEMPLATES_PER_MEMBERSHIP = Quota("Analysis templates per membership", 25)
ONGOING_QUERIES_PER_MEMBERSHIP = Quota("Concurrent ongoing queries per membership", 5)
QUERY_TEXT_LENGTH_SQL_ENGINE = Quota("Query text length, Clean Rooms SQL engine", 90 * 1024)  # bytes


def concurrent_queries_per_account(region: str) -> Quota:
    """"Concurrent SQL queries per account": 5 in us-east-1, 2 in the other Regions."""
    return Quota("Concurrent SQL queries per account", 5 if region == "us-east-1" else 2)
