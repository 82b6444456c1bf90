"""Clean Rooms resources and their one view each, in the API's member names.

A collaboration holds its members (the creator first); a membership is one member account's joined view of
a collaboration; a configured audience model association (CAMA) lives in a membership. Each view carries
every member any of the resource's output shapes has (full and summary, membership and collaboration
variants): the serializer keeps only the members of the shape being answered.

Shapes: API_Collaboration, API_CollaborationSummary, API_MemberSummary, API_Membership,
API_MembershipSummary, API_ConfiguredAudienceModelAssociation(Summary) and
API_CollaborationConfiguredAudienceModelAssociation(Summary) under
https://docs.aws.amazon.com/clean-rooms/latest/apireference/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from ..core import clock
from ..core.resources import Resource

# MemberStatus (API_MemberSummary) and MembershipStatus (API_Membership)
INVITED, ACTIVE, LEFT, REMOVED = "INVITED", "ACTIVE", "LEFT", "REMOVED"
COLLABORATION_DELETED = "COLLABORATION_DELETED"

# MemberAbility and CustomMLMemberAbility (botocore)
CAN_QUERY, CAN_RECEIVE_RESULTS, CAN_RUN_JOB = "CAN_QUERY", "CAN_RECEIVE_RESULTS", "CAN_RUN_JOB"
CAN_RECEIVE_MODEL_OUTPUT, CAN_RECEIVE_INFERENCE_OUTPUT = "CAN_RECEIVE_MODEL_OUTPUT", "CAN_RECEIVE_INFERENCE_OUTPUT"
MEMBER_ABILITIES = (CAN_QUERY, CAN_RECEIVE_RESULTS, CAN_RUN_JOB)
ML_MEMBER_ABILITIES = (CAN_RECEIVE_MODEL_OUTPUT, CAN_RECEIVE_INFERENCE_OUTPUT)


def _ml_abilities(abilities: list[str]) -> Optional[dict[str, list[str]]]:
    return {"customMLMemberAbilities": list(abilities)} if abilities else None


def present(view: dict[str, Any]) -> dict[str, Any]:
    """Optional members the resource does not have are left out, as AWS leaves them out."""
    return {key: value for key, value in view.items() if value is not None}


@dataclass
class Member:
    """One account of a collaboration, as ListMembers shows it."""

    account_id: str
    display_name: str
    abilities: list[str]
    ml_abilities: list[str]
    payment: dict[str, Any]  # PaymentConfiguration with every payer decision made (see payment.py)
    status: str = INVITED
    membership_id: Optional[str] = None
    membership_arn: Optional[str] = None
    seq: int = 0  # its place in the collaboration (ListMembers order: the creator, then the members as given)
    created_at: dt.datetime = field(default_factory=clock.now)
    updated_at: dt.datetime = field(default_factory=clock.now)

    def can(self, ability: str) -> bool:
        return ability in self.abilities or ability in self.ml_abilities

    def move_to(self, status: str) -> None:
        self.status = status
        self.updated_at = clock.now()

    def view(self) -> dict[str, Any]:
        return present({
            "accountId": self.account_id, "status": self.status, "displayName": self.display_name,
            "abilities": list(self.abilities), "mlAbilities": _ml_abilities(self.ml_abilities),
            "createTime": self.created_at, "updateTime": self.updated_at,
            "membershipId": self.membership_id, "membershipArn": self.membership_arn,
            "paymentConfiguration": self.payment,
        })


@dataclass
class Timestamped(Resource):
    """A resource with an ``updateTime`` that moves whenever it changes."""

    updated_at: dt.datetime = field(default_factory=clock.now)

    def __post_init__(self) -> None:
        self.updated_at = self.created_at  # a new resource was last updated when it was created

    def touch(self) -> None:
        self.updated_at = clock.now()


@dataclass
class Collaboration(Timestamped):
    id: str = ""
    description: Optional[str] = None
    creator_account_id: str = ""
    members: dict[str, Member] = field(default_factory=dict)  # account → member, the creator first
    query_log_status: str = "DISABLED"
    # API_CreateCollaboration: jobLogStatus defaults to DISABLED.
    job_log_status: str = "DISABLED"
    # AWS does not document a default engine (spec §10); we chose to echo what was sent and leave it out otherwise.
    analytics_engine: Optional[str] = None
    data_encryption_metadata: Optional[dict[str, bool]] = None
    auto_approved_change_types: Optional[list[str]] = None
    allowed_result_regions: Optional[list[str]] = None
    is_metrics_enabled: bool = False

    @property
    def creator(self) -> Member:
        return self.members[self.creator_account_id]

    def member(self, account_id: str) -> Optional[Member]:
        return self.members.get(account_id)

    def view(self, caller: Optional[str] = None) -> dict[str, Any]:
        """The collaboration as ``caller`` sees it: its own memberStatus and, once joined, its membership."""
        member = self.members.get(caller or self.creator_account_id) or self.creator
        return present({
            "id": self.id, "arn": self.arn, "name": self.name, "description": self.description,
            "creatorAccountId": self.creator_account_id, "creatorDisplayName": self.creator.display_name,
            "createTime": self.created_at, "updateTime": self.updated_at,
            "memberStatus": member.status, "membershipId": member.membership_id,
            "membershipArn": member.membership_arn,
            "dataEncryptionMetadata": self.data_encryption_metadata,
            "queryLogStatus": self.query_log_status, "jobLogStatus": self.job_log_status,
            "analyticsEngine": self.analytics_engine, "autoApprovedChangeTypes": self.auto_approved_change_types,
            "allowedResultRegions": self.allowed_result_regions, "isMetricsEnabled": self.is_metrics_enabled,
        })


@dataclass
class Membership(Timestamped):
    id: str = ""
    account_id: str = ""
    collaboration: Collaboration = field(default_factory=Collaboration)
    status: str = ACTIVE
    query_log_status: str = "DISABLED"
    # API_CreateMembership: "The default value is DISABLED."
    job_log_status: str = "DISABLED"
    default_result_configuration: Optional[dict[str, Any]] = None
    default_job_result_configuration: Optional[dict[str, Any]] = None
    is_metrics_enabled: bool = False

    @property
    def member(self) -> Member:
        return self.collaboration.members[self.account_id]

    def move_to(self, status: str) -> None:
        self.status = status
        self.touch()

    def view(self) -> dict[str, Any]:
        collaboration, member = self.collaboration, self.member
        return present({
            "id": self.id, "arn": self.arn, "collaborationArn": collaboration.arn,
            "collaborationId": collaboration.id, "collaborationCreatorAccountId": collaboration.creator_account_id,
            "collaborationCreatorDisplayName": collaboration.creator.display_name,
            "collaborationName": collaboration.name, "createTime": self.created_at, "updateTime": self.updated_at,
            "status": self.status, "memberAbilities": list(member.abilities),
            "mlMemberAbilities": _ml_abilities(member.ml_abilities),
            "queryLogStatus": self.query_log_status, "jobLogStatus": self.job_log_status,
            "defaultResultConfiguration": self.default_result_configuration,
            "defaultJobResultConfiguration": self.default_job_result_configuration,
            # API_CreateMembership: the member accepts exactly what the creator assigned (payment.py).
            "paymentConfiguration": member.payment, "isMetricsEnabled": self.is_metrics_enabled,
        })


@dataclass
class AudienceModelAssociation(Timestamped):
    """A configured audience model association; its ``name`` is configuredAudienceModelAssociationName."""

    id: str = ""
    membership: Membership = field(default_factory=Membership)
    configured_audience_model_arn: str = ""
    manage_resource_policies: bool = False
    description: Optional[str] = None

    @property
    def collaboration(self) -> Collaboration:
        return self.membership.collaboration

    def view(self) -> dict[str, Any]:
        membership = self.membership
        return present({
            "id": self.id, "arn": self.arn, "configuredAudienceModelArn": self.configured_audience_model_arn,
            "membershipId": membership.id, "membershipArn": membership.arn,
            "collaborationId": membership.collaboration.id, "collaborationArn": membership.collaboration.arn,
            "creatorAccountId": membership.account_id, "name": self.name,
            "manageResourcePolicies": self.manage_resource_policies, "description": self.description,
            "createTime": self.created_at, "updateTime": self.updated_at,
        })
