"""A seed audience from SQL (``seedAudience.sqlParameters``): the protected query runs in the seed provider's
membership of the job's collaboration, and its result's user ids are the seed.

API_AudienceGenerationJobDataSource: the seed is an S3 object or "the protected SQL query parameters", with
``sqlComputeConfiguration`` for its compute. The query goes through Clean Rooms as StartProtectedQuery would
(``cleanrooms.queries.api.run_protected_query``): the seed provider must be able to query, the SQL must pass
the analysis rules of the tables it reads. AWS is silent on the rest; we chose: the user ids are the result's
column named ``user_id`` (any case), else its first column; nulls are dropped and the ids compared as text; a
refused or failed query fails the job (``SEED_QUERY_REFUSED`` / ``SEED_QUERY_FAILED`` with Clean Rooms'
message); after that the seed rules of an S3 seed hold (25–500,000 unique users, minimum matching seed size).
"""

from __future__ import annotations

from typing import Union

from ...cleanrooms.queries.api import run_protected_query
from ...core.errors import ServiceError
from ..common import fail
from ..store import CleanRoomsMLStore
from .resources import AudienceRun


def seed_user_ids(store: CleanRoomsMLStore, run: AudienceRun) -> Union[set[str], str]:
    """The seed's user ids, or the failure reason (the job's statusDetails are set)."""
    seed = run.seed_audience
    membership = store.collaborations.member(run.collaboration_id or "", run.starter_account)
    if membership is None:
        return fail(run, "SEED_QUERY_REFUSED", f"Account {run.starter_account} is not an active member of "
                                               f"collaboration {run.collaboration_id}.")
    try:
        result = run_protected_query(store.handle, store.region, membership.membership_id, seed["sqlParameters"],
                                     compute_configuration=seed.get("sqlComputeConfiguration"))
    except ServiceError as refusal:
        return fail(run, "SEED_QUERY_REFUSED", f"The seed query was refused: {refusal.message}")
    run.protected_query_id = result.query_id
    if result.status != "SUCCESS":
        error = result.error or {}
        return fail(run, "SEED_QUERY_FAILED", f"The seed query {result.query_id} failed: "
                                              f"{error.get('code', '')} {error.get('message', '')}".strip())
    return {str(value) for value in result.column("user_id") if value is not None}
