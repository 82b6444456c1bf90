"""Analysis templates and protected queries, with one view each.

An analysis template lives in a membership (the region's shared state: every member sees it through the
collaboration variants); a protected query lives in the querying account's store, so ``aws.lifecycle`` finds it
by its ARN (see ``ProtectedQuery``).

Shapes: API_AnalysisTemplate(Summary), API_CollaborationAnalysisTemplate(Summary), API_ProtectedQuery,
API_ProtectedQuerySummary under https://docs.aws.amazon.com/clean-rooms/latest/apireference/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ...core.lifecycle import Lifecycle
from ...core.resources import Resource
from ..resources import Membership, Timestamped, present

# ProtectedQueryStatus (botocore); the order a query moves in (spec §8.2)
SUBMITTED, STARTED, SUCCESS, FAILED = "SUBMITTED", "STARTED", "SUCCESS", "FAILED"
CANCELLING, CANCELLED = "CANCELLING", "CANCELLED"
RUN_STEPS = (SUBMITTED, STARTED, SUCCESS)
CANCEL_STEPS = (CANCELLING, CANCELLED)
ONGOING = (SUBMITTED, STARTED, CANCELLING)


@dataclass
class AnalysisTemplate(Timestamped):
    id: str = ""
    membership: Membership = field(default_factory=Membership)
    format: str = "SQL"
    source: dict[str, Any] = field(default_factory=dict)
    description: Optional[str] = None
    analysis_parameters: list[dict[str, Any]] = field(default_factory=list)
    schema: dict[str, Any] = field(default_factory=dict)
    error_message_configuration: Optional[dict[str, Any]] = None
    synthetic_data_parameters: Optional[dict[str, Any]] = None

    @property
    def collaboration(self) -> Any:
        return self.membership.collaboration

    @property
    def text(self) -> str:
        return str(self.source.get("text", ""))

    def view(self) -> dict[str, Any]:
        """Every member of the membership and collaboration variants (the collaboration shapes have no
        membership ids, the membership shapes no creatorAccountId: the serializer keeps the right ones)."""
        membership = self.membership
        return present({
            "id": self.id, "arn": self.arn, "name": self.name, "description": self.description,
            "collaborationId": membership.collaboration.id, "collaborationArn": membership.collaboration.arn,
            "membershipId": membership.id, "membershipArn": membership.arn,
            "creatorAccountId": membership.account_id, "createTime": self.created_at, "updateTime": self.updated_at,
            "schema": self.schema, "format": self.format, "source": self.source,
            "analysisParameters": self.analysis_parameters or None,
            "errorMessageConfiguration": self.error_message_configuration,
            "syntheticDataParameters": self.synthetic_data_parameters,
            "isSyntheticData": self.synthetic_data_parameters is not None,
        })


@dataclass
class QueryOutcome:
    """What running the query left: the result's columns and rows (kept for member receivers and Clean Rooms
    ML), where it was written, or the error; and the work it cost."""

    columns: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    suppressed_rows: int = 0
    location: Optional[str] = None
    error: Optional[dict[str, str]] = None
    duration_ms: int = 0
    units: float = 0.0


@dataclass
class ProtectedQuery(Resource):
    """A protected query. The model gives it no ARN; the mock names it
    ``<membership ARN>/protectedquery/<id>`` so ``aws.lifecycle.complete/fail/advance`` can find it."""

    id: str = ""
    membership: Membership = field(default_factory=Membership)
    sql_parameters: dict[str, Any] = field(default_factory=dict)
    result_configuration: Optional[dict[str, Any]] = None
    compute_configuration: dict[str, Any] = field(default_factory=dict)
    payer_account_id: Optional[str] = None
    receivers: list[str] = field(default_factory=list)
    lifecycle: Lifecycle = field(default_factory=lambda: Lifecycle(RUN_STEPS))
    outcome: QueryOutcome = field(default_factory=QueryOutcome)

    @property
    def status(self) -> str:
        return self.lifecycle.current

    def view(self) -> dict[str, Any]:
        status, outcome = self.status, self.outcome
        output: Optional[dict[str, Any]] = None
        if status == SUCCESS:
            s3 = {"location": outcome.location} if outcome.location is not None else None
            members = [{"accountId": account} for account in self.receivers
                       if account != self.membership.account_id or s3 is None]
            distributed = "distribute" in ((self.result_configuration or {}).get("outputConfiguration") or {})
            output = (present({"s3": s3, "memberList": members or None}) if distributed
                      else {"s3": s3} if s3 is not None else {"memberList": members})
            output = {"distribute": output} if distributed else output
        finished = status in (SUCCESS, FAILED, CANCELLED)
        return present({
            "id": self.id, "membershipId": self.membership.id, "membershipArn": self.membership.arn,
            "createTime": self.created_at, "sqlParameters": self.sql_parameters, "status": status,
            "resultConfiguration": self.result_configuration,
            "statistics": {"totalDurationInMillis": outcome.duration_ms,
                           "billedResourceUtilization": {"units": outcome.units}} if finished else None,
            "result": {"output": output} if output is not None else None,
            "error": (outcome.error or {"code": "INTERNAL_ERROR", "message": self.lifecycle.failure_reason or ""})
            if status == FAILED else None,
            "computeConfiguration": self.compute_configuration,
            "queryComputePayerAccountId": self.payer_account_id,
            "receiverConfigurations": [{"analysisType": "DIRECT_ANALYSIS", "configurationDetails": {
                "directAnalysisConfigurationDetails": {"receiverAccountIds": list(self.receivers)}}}],
        })
