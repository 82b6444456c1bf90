"""Protected queries: the member who can query runs SQL (its own, or an analysis template with parameters) over
the collaboration's tables; the analysis rules are enforced before it runs; the result goes to S3 or to a member.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_StartProtectedQuery.html (and
GetProtectedQuery, ListProtectedQueries, UpdateProtectedQuery); spec §8, §9.

StartProtectedQuery checks, in order: an ACTIVE membership that can query (AccessDeniedException: the operation
models no ConflictException); the SQL (a queryString or an analysisTemplateArn of this collaboration with its
parameters); the query text length on the CLEAN_ROOMS_SQL engine (90 KB, ServiceQuotaExceededException); the
compute configuration; the analysis rules of every table the query touches (the SQL engine: a refusal is
ValidationException, reason INVALID_QUERY, with the engine's message); who receives the result; who pays; the
concurrency quotas (5 ongoing queries per membership; 5 SQL queries per account in us-east-1, 2 elsewhere).
The query then moves SUBMITTED → STARTED → SUCCESS | FAILED on the shared lifecycle (``aws.lifecycle``; kind
``protected-query``); reaching SUCCESS runs the SQL (``execution.Run``).

Result receivers (AWS is silent on the details; we chose): ``resultConfiguration`` omitted → the runner's
membership ``defaultResultConfiguration`` (none: ValidationException). An ``s3`` output is received by the
runner; a ``member`` output by that account; ``distribute`` (Spark engine only) by the runner for its S3
location and by each member location (never the runner's own account). Every receiver must be an ACTIVE member
with CAN_RECEIVE_RESULTS, and for each table the query reads that another member owns, the table's collaboration
analysis rule (if it has one and lists ``allowedResultReceivers``) must list the receiver. ``singleFileOutput``
needs the Spark engine (API_ProtectedQueryS3OutputConfiguration). The payer is ``queryComputePayerAccountId``
or the member assigned query compute; it must be that member and still ACTIVE (remove-member: "no further
queries can run until a new payer is designated").

UpdateProtectedQuery with targetStatus CANCELLED: SUBMITTED/STARTED → CANCELLING → CANCELLED (one status per
read, as every lifecycle moves); CANCELLING stays; a finished query is ConflictException INVALID_STATE.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Optional

from ...core.lifecycle import Lifecycle
from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import (
    INVALID_CONFIGURATION,
    INVALID_QUERY,
    INVALID_STATE,
    LISTING,
    MEMBERSHIP,
    access_denied,
    check_quota,
    conflict,
    invalid,
    not_found,
    quota_exceeded,
)
from ..quotas import (
    CONCURRENT_QUERIES_PER_ACCOUNT,
    ONGOING_QUERIES_PER_MEMBERSHIP,
    QUERY_TEXT_LENGTH_SQL_ENGINE,
    fixed,
)
from ..resources import ACTIVE, CAN_QUERY, CAN_RECEIVE_RESULTS, Collaboration, Membership
from ..sql import QueryRefused, Template, check_query, render_template
from ..store import CleanRoomsStore
from .execution import (
    CLEAN_ROOMS_SQL,
    SPARK,
    CollaborationTables,
    Destination,
    Run,
    checked_compute,
    collaboration_query_tables,
    engine_of,
)
from .resources import CANCEL_STEPS, CANCELLING, FAILED, ONGOING, RUN_STEPS, STARTED, SUBMITTED, ProtectedQuery

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...core.pagination import Page

WHAT = "Protected query"


def refused(message: str) -> Exception:
    return invalid(message, INVALID_QUERY)


def query_arn(membership: Membership, query_id: str) -> str:
    """The ARN the mock gives a protected query (the model gives it none): ``aws.lifecycle`` takes it."""
    return f"{membership.arn}/protectedquery/{query_id}"


def _sql_of(store: CleanRoomsStore, collaboration: Collaboration, sql_parameters: dict[str, Any]
            ) -> tuple[str, Optional[Template]]:
    """The SQL to run and the template it came from (API_ProtectedQuerySQLParameters: text or template)."""
    text, template_arn = sql_parameters.get("queryString"), sql_parameters.get("analysisTemplateArn")
    values = sql_parameters.get("parameters") or {}
    if bool(text) == bool(template_arn):
        raise invalid("sqlParameters needs exactly one of queryString and analysisTemplateArn.")
    if text:
        if values:
            raise invalid("sqlParameters.parameters can only be given with an analysisTemplateArn.")
        return str(text), None
    found = next((t for t in store.shared.analysis_templates_of(collaboration) if t.arn == template_arn), None)
    if found is None:
        raise invalid(f"Analysis template {template_arn} is not in collaboration {collaboration.id}.",
                      INVALID_CONFIGURATION)
    if found.format != "SQL":
        raise invalid(f"Analysis template {template_arn} is {found.format}; protected queries run SQL templates.",
                      INVALID_CONFIGURATION)
    template = Template(found.arn, found.text, tuple(found.analysis_parameters))
    try:
        return render_template(template, values), template
    except QueryRefused as refusal:
        raise refused(refusal.message)


def _receivers(store: CleanRoomsStore, membership: Membership, result_configuration: Optional[dict[str, Any]],
               engine: str, tables: CollaborationTables, referenced: list[str]
               ) -> tuple[list[str], Optional[Destination], tuple[Destination, ...]]:
    """Who receives the result, the query's own S3 output, and the member receivers' default S3 outputs."""
    runner, collaboration = membership.account_id, membership.collaboration
    configuration = result_configuration
    if configuration is None:
        raise invalid("resultConfiguration is required: membership "
                      f"{membership.id} has no defaultResultConfiguration.", INVALID_CONFIGURATION)
    output = configuration["outputConfiguration"]
    s3_locations: list[dict[str, Any]] = []
    members: list[str] = []
    if "s3" in output:
        s3_locations.append(output["s3"])
    elif "member" in output:
        members.append(output["member"]["accountId"])
    elif "distribute" in output:
        if engine != SPARK:
            raise invalid("distribute output needs the SPARK analytics engine.", INVALID_CONFIGURATION)
        locations = output["distribute"]["locations"]
        s3_locations += [location["s3"] for location in locations if "s3" in location]
        members += [location["member"]["accountId"] for location in locations if "member" in location]
        if len(s3_locations) > 1 or runner in members or any(("s3" in x) == ("member" in x) for x in locations):
            raise invalid("distribute takes at most one S3 location, each location S3 or member, and no member "
                          "location for the query runner's own account.", INVALID_CONFIGURATION)
    else:
        raise invalid("cleanroom_mock writes protected query results to S3 or members only.", INVALID_CONFIGURATION)
    if any(location.get("singleFileOutput") for location in s3_locations) and engine != SPARK:
        raise invalid("singleFileOutput is supported with the SPARK analytics engine only.", INVALID_CONFIGURATION)
    receivers = ([runner] if s3_locations else []) + members
    for account in receivers:
        member = collaboration.member(account)
        if member is None or member.status != ACTIVE or CAN_RECEIVE_RESULTS not in member.abilities:
            raise invalid(f"Account {account} can't receive results in collaboration {collaboration.id}: it is "
                          "not an active member with the CAN_RECEIVE_RESULTS ability.", INVALID_CONFIGURATION)
        for name in referenced:
            table = tables.tables[name]
            allowed = (table.collaboration_rule or {}).get("allowedResultReceivers")
            if table.owner_account != account and allowed is not None and account not in allowed:
                raise invalid(f"Account {account} is not an allowed result receiver of table {name}.",
                              INVALID_CONFIGURATION)
    copies = []
    for account in members:
        joined = store.shared.read_membership(collaboration.members[account].membership_id or "")
        default = joined.default_result_configuration if joined is not None else None
        s3 = (default or {}).get("outputConfiguration", {}).get("s3")
        if s3 is not None:
            copies.append(Destination(s3))
    return receivers, Destination(s3_locations[0]) if s3_locations else None, tuple(copies)


def _payer(collaboration: Collaboration, requested: Optional[str]) -> str:
    assigned = next((account for account, member in collaboration.members.items()
                     if member.payment.get("queryCompute", {}).get("isResponsible")), None)
    payer = requested or assigned
    if payer is None or payer != assigned:
        raise invalid(f"queryComputePayerAccountId {payer} is not the member assigned to pay for query compute "
                      f"({assigned}).", INVALID_CONFIGURATION)
    if collaboration.members[payer].status != ACTIVE:
        raise invalid(f"The query compute payer {payer} is no longer an active member; no query can run until "
                      "a new payer is designated.", INVALID_CONFIGURATION)
    return payer


def launch(store: CleanRoomsStore, membership: Membership, sql_parameters: dict[str, Any], *,
           result_configuration: Optional[dict[str, Any]] = None,
           compute_configuration: Optional[dict[str, Any]] = None, payer: Optional[str] = None,
           for_clean_rooms_ml: bool = False) -> ProtectedQuery:
    """Check and start a protected query in ``membership`` (the caller's, ACTIVE). ``for_clean_rooms_ml``: the
    result goes to Clean Rooms ML (a seed audience, an ML input channel), not to a result receiver."""
    collaboration = membership.collaboration
    if CAN_QUERY not in membership.member.abilities:
        raise access_denied(f"Membership {membership.id} can't run queries: its member lacks the CAN_QUERY "
                            "ability.")
    sql, template = _sql_of(store, collaboration, sql_parameters)
    engine = engine_of(collaboration)
    if engine == CLEAN_ROOMS_SQL and len(sql.encode()) > fixed(QUERY_TEXT_LENGTH_SQL_ENGINE):
        raise quota_exceeded(QUERY_TEXT_LENGTH_SQL_ENGINE, fixed(QUERY_TEXT_LENGTH_SQL_ENGINE))
    compute = checked_compute(compute_configuration, engine)
    tables = collaboration_query_tables(store, collaboration)
    try:
        check_query(sql, tables.tables, runner_account=membership.account_id, template=template)
    except QueryRefused as refusal:
        raise refused(refusal.message)
    referenced = tables.referenced(sql)
    receivers: list[str] = []
    output: Optional[Destination] = None
    copies: tuple[Destination, ...] = ()
    if not for_clean_rooms_ml:
        result_configuration = result_configuration or membership.default_result_configuration
        receivers, output, copies = _receivers(store, membership, result_configuration, engine, tables, referenced)
    payer_account = _payer(collaboration, payer)
    ongoing = store.protected_queries.where(lambda q: q.status in ONGOING)
    check_quota(store, sum(1 for q in ongoing if q.membership is membership), ONGOING_QUERIES_PER_MEMBERSHIP)
    check_quota(store, len(ongoing), CONCURRENT_QUERIES_PER_ACCOUNT)
    query_id = str(uuid.uuid4())
    query = ProtectedQuery(arn=query_arn(membership, query_id), name=query_id, id=query_id, membership=membership,
                           sql_parameters=sql_parameters, result_configuration=result_configuration,
                           compute_configuration=compute, payer_account_id=payer_account, receivers=receivers)
    run = Run(store.handle, store.region, sql, {name: tables.tables[name] for name in referenced},
              {name: tables.references[name] for name in referenced}, output, copies)
    query.lifecycle = Lifecycle(RUN_STEPS, on_complete=lambda: run.complete(query), failed_status=FAILED)
    return store.protected_queries.add(query)


class ProtectedQueryOperations(OperationGroup[CleanRoomsStore]):
    def _query(self, membership_identifier: str, query_id: str) -> ProtectedQuery:
        membership = self.store.own_membership(membership_identifier)
        arn = query_arn(membership, query_id)
        if arn not in self.store.protected_queries:
            raise not_found(MEMBERSHIP, query_id, WHAT)
        return self.store.protected_queries.read(arn)

    @operation("StartProtectedQuery")
    def start_protected_query(
        self, type: str, membership_identifier: str, sql_parameters: dict[str, Any],
        result_configuration: Optional[dict[str, Any]] = None,
        compute_configuration: Optional[dict[str, Any]] = None, query_compute_payer_account_id: Optional[str] = None,
    ) -> dict[str, Any]:
        del type  # SQL, the only ProtectedQueryType
        membership = self.store.active_membership(membership_identifier, conflict_modelled=False)
        query = launch(self.store, membership, sql_parameters, result_configuration=result_configuration,
                       compute_configuration=compute_configuration, payer=query_compute_payer_account_id)
        return {"protectedQuery": query.view()}

    @operation("GetProtectedQuery")
    def get_protected_query(self, membership_identifier: str, protected_query_identifier: str) -> dict[str, Any]:
        return {"protectedQuery": self._query(membership_identifier, protected_query_identifier).view()}

    @operation("ListProtectedQueries")
    def list_protected_queries(self, membership_identifier: str, status: Optional[str] = None,
                               **page: Unpack[Page]) -> dict[str, Any]:
        """"sorted by the most recent query" (API_ListProtectedQueries)."""
        membership = self.store.own_membership(membership_identifier)
        # Every query is read before filtering, so the status filter sees the statuses the page shows.
        queries = self.store.protected_queries.read_all(lambda query: query.membership is membership)
        return LISTING.respond("protectedQueries", queries, **page, newest_first=True,
                               filters={"membership": membership.id, "status": status},
                               where=lambda query: status in (None, query.status))

    @operation("UpdateProtectedQuery")
    def update_protected_query(self, membership_identifier: str, protected_query_identifier: str,
                               target_status: str) -> dict[str, Any]:
        del target_status  # CANCELLED, the only TargetProtectedQueryStatus
        query = self._query(membership_identifier, protected_query_identifier)
        if query.status in (SUBMITTED, STARTED):
            query.lifecycle.begin(CANCEL_STEPS)
        elif query.status != CANCELLING:
            raise conflict(MEMBERSHIP, query.id, INVALID_STATE,
                           f"Protected query {query.id} is {query.status}; only a running query can be cancelled.")
        return {"protectedQuery": query.view()}
