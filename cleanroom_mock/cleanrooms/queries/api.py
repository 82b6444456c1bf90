"""The public API Clean Rooms ML runs protected queries with (a seed audience from SQL, an ML input channel).

``run_protected_query(handle, region, membership_id, sql_parameters, compute_configuration=None)`` starts a
protected query in a membership as its member account would with StartProtectedQuery — the same checks (the
member must be able to query, the SQL must pass every table's analysis rule), except that the result goes to
Clean Rooms ML rather than to a result receiver — runs it to its end at once, and returns a frozen
:class:`QueryRun`: the query id, its final status, the result's column names and rows, or its error. It is
``start_protected_query`` (check and start; the id) then ``protected_query_result`` (run to its end now), which
may be called apart: start when the ML resource is created, run when its work is done. The query is the
membership's like any other (GetProtectedQuery / ListProtectedQueries show it). A refused start raises the
:class:`~cleanroom_mock.core.errors.ServiceError` StartProtectedQuery would answer (``code``, ``message``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ..errors import MEMBERSHIP, not_found
from ..store import CleanRoomsStore
from .protected import launch, query_arn

if TYPE_CHECKING:
    from ...core.state import MockHandle


@dataclass(frozen=True)
class QueryRun:
    query_id: str
    status: str  # SUCCESS | FAILED
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    error: Optional[dict[str, str]] = None

    def column(self, *names: str) -> list[Any]:
        """The values of the first column named one of ``names`` (any case), else of the first column."""
        lowered = [column.lower() for column in self.columns]
        position = next((lowered.index(name.lower()) for name in names if name.lower() in lowered), 0)
        return [row[position] for row in self.rows]


def run_protected_query(handle: MockHandle, region: str, membership_id: str, sql_parameters: dict[str, Any],
                        compute_configuration: Optional[dict[str, Any]] = None) -> QueryRun:
    """Start a protected query in ``membership_id`` and run it to its end (see the module docstring)."""
    query_id = start_protected_query(handle, region, membership_id, sql_parameters, compute_configuration)
    return protected_query_result(handle, region, membership_id, query_id)


def start_protected_query(handle: MockHandle, region: str, membership_id: str, sql_parameters: dict[str, Any],
                          compute_configuration: Optional[dict[str, Any]] = None) -> str:
    """Check and start a protected query in ``membership_id`` for Clean Rooms ML; its id. It runs when its
    lifecycle ends (``protected_query_result`` ends it at once)."""
    store = _member_store(handle, region, membership_id)
    membership = store.active_membership(membership_id, conflict_modelled=False)
    return launch(store, membership, sql_parameters, compute_configuration=compute_configuration,
                  for_clean_rooms_ml=True).id


def protected_query_result(handle: MockHandle, region: str, membership_id: str, query_id: str) -> QueryRun:
    """The protected query, run to its end now (SUCCESS or FAILED; CANCELLED if it was cancelled)."""
    store = _member_store(handle, region, membership_id)
    membership = store.own_membership(membership_id)
    query = store.protected_queries.get(query_arn(membership, query_id))
    status = query.lifecycle.settle(handle.lifecycles)
    outcome = query.outcome
    return QueryRun(query.id, status, outcome.columns, tuple(outcome.rows), outcome.error)


def _member_store(handle: MockHandle, region: str, membership_id: str) -> CleanRoomsStore:
    found = CleanRoomsStore.region_state(handle, region).membership(membership_id)
    if found is None:
        raise not_found(MEMBERSHIP, membership_id, "Membership")
    store = handle.store("cleanrooms", found.account_id, region)
    assert isinstance(store, CleanRoomsStore)
    return store
