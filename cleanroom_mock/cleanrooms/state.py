"""What Clean Rooms holds in one region, shared by every account: collaborations, memberships, CAMAs.

A collaboration is seen by its creator and by every invited member account, so its state cannot live in
one account's store; it lives here, made once per region (``CleanRoomsStore.shared``) and reset with the
handle. The state changes every path shares — the operations and ``aws.collaborations`` — are the methods
of :class:`CleanRoomsRegion`; checks of the caller's request stay in the operations.

Configured table associations and analysis templates live here too (in memberships, seen by every member);
configured tables and protected queries are their account's own (``store.CleanRoomsStore``).

Public read API (for Clean Rooms ML; everything returned is a frozen snapshot):

- ``membership(membership_id) -> MembershipInfo | None``: account, collaboration, status, abilities;
- ``collaboration(collaboration_id) -> CollaborationInfo | None``: creator, members and their statuses;
- ``is_active_member(collaboration_id, account_id) -> bool``;
- ``member_membership(collaboration_id, account_id) -> MembershipInfo | None``;
- ``audience_model_associations(collaboration_id) -> list[AssociationInfo]``: the CAMAs of a collaboration's
  ACTIVE memberships, with their configured audience model ARNs and manageResourcePolicies.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from ..core.arns import build_arn, parse_arn, partition_for
from ..core.errors import ServiceError
from ..core.resources import R, ResourceTable
from .errors import COLLABORATION, CONFIGURED_TABLE_ASSOCIATION, MEMBERSHIP, not_found
from .payment import Payee, assign
from .queries.resources import AnalysisTemplate
from .resources import (
    ACTIVE,
    COLLABORATION_DELETED,
    LEFT,
    ML_MEMBER_ABILITIES,
    REMOVED,
    AudienceModelAssociation,
    Collaboration,
    Member,
    Membership,
)
from .tables.resources import TableAssociation

if TYPE_CHECKING:
    from ..core.state import MockHandle


@dataclass(frozen=True)
class MemberSpec:
    """One member as CreateCollaboration specifies it (the creator's ``creator*`` members included)."""

    account_id: str
    display_name: str
    abilities: Sequence[str]
    ml_abilities: Sequence[str] = ()
    payment: Optional[Mapping[str, Any]] = None


@dataclass(frozen=True)
class MembershipInfo:
    membership_id: str
    membership_arn: str
    collaboration_id: str
    account_id: str
    status: str  # ACTIVE | REMOVED | COLLABORATION_DELETED
    member_abilities: frozenset[str]
    ml_member_abilities: frozenset[str]
    # The member's PaymentConfiguration with the creator's payer decisions made (payment.py); Clean Rooms ML
    # checks its payer members (mlModelTrainingPayerAccountId, ...) against it.
    payment: Mapping[str, Any] = field(default_factory=dict)

    @property
    def abilities(self) -> frozenset[str]:
        """Member and ML member abilities together (what Clean Rooms ML asks about)."""
        return self.member_abilities | self.ml_member_abilities

    def can(self, ability: str) -> bool:
        return ability in self.abilities


@dataclass(frozen=True)
class CollaborationInfo:
    collaboration_id: str
    arn: str
    name: str
    creator_account_id: str
    member_statuses: Mapping[str, str]  # account → INVITED | ACTIVE | LEFT | REMOVED, the creator first
    analytics_engine: Optional[str]


@dataclass(frozen=True)
class AssociationInfo:
    association_id: str
    arn: str
    name: str
    account_id: str
    membership_id: str
    collaboration_id: str
    configured_audience_model_arn: str
    manage_resource_policies: bool


def _last_segment(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


class CleanRoomsRegion:
    """Every account's Clean Rooms resources in one region (see the module docstring)."""

    def __init__(self, handle: MockHandle, region: str) -> None:
        self.handle = handle
        self.region = region
        self.partition = partition_for(region)
        self.collaborations: ResourceTable[Collaboration] = ResourceTable(
            lambda arn: not_found(COLLABORATION, _last_segment(arn), "Collaboration"), handle=handle)
        self.memberships: ResourceTable[Membership] = ResourceTable(
            lambda arn: not_found(MEMBERSHIP, _last_segment(arn), "Membership"), handle=handle)
        # Not documented: the enum has no type for a CAMA; it is looked up in a membership (errors.py).
        self.associations: ResourceTable[AudienceModelAssociation] = ResourceTable(
            lambda arn: not_found(MEMBERSHIP, _last_segment(arn), "Configured audience model association"),
            handle=handle)
        self.table_associations: ResourceTable[TableAssociation] = ResourceTable(
            lambda arn: not_found(CONFIGURED_TABLE_ASSOCIATION, _last_segment(arn), "Configured table association"),
            handle=handle)
        # Not documented: the enum has no type for a template; it is looked up in a membership (errors.py).
        self.analysis_templates: ResourceTable[AnalysisTemplate] = ResourceTable(
            lambda arn: not_found(MEMBERSHIP, _last_segment(arn), "Analysis template"), handle=handle)
        self._arns: dict[str, str] = {}  # resource id (a UUID, unique across types) → its ARN

    def arn(self, account_id: str, resource: str) -> str:
        return build_arn("cleanrooms", self.region, account_id, resource, self.partition)

    # --- state changes (operations and aws.collaborations) --------------------------------------------
    def create_collaboration(
        self, creator: MemberSpec, members: Sequence[MemberSpec], *, name: str,
        collaboration_id: Optional[str] = None, tags: Optional[Mapping[str, str]] = None, **settings: Any,
    ) -> Collaboration:
        """A new collaboration: every member (the creator too) INVITED until it creates its membership.

        ``settings`` are Collaboration fields (query_log_status, analytics_engine, ...). Payers are decided
        here (payment.assign), so the operation and aws.collaborations cannot differ.
        """
        everyone = [creator, *members]
        payments = assign([Payee(spec.account_id, spec.abilities, spec.payment) for spec in everyone])
        collaboration_id = collaboration_id or str(uuid.uuid4())
        collaboration = Collaboration(
            arn=self.arn(creator.account_id, f"collaboration/{collaboration_id}"), name=name,
            id=collaboration_id, creator_account_id=creator.account_id, tags=dict(tags or {}), **settings)
        for seq, spec in enumerate(everyone):
            collaboration.members[spec.account_id] = Member(
                spec.account_id, spec.display_name, list(spec.abilities), list(spec.ml_abilities),
                payments[spec.account_id], seq=seq, created_at=collaboration.created_at,
                updated_at=collaboration.created_at)
        return self._add(self.collaborations, collaboration.id, collaboration)

    def join(self, collaboration: Collaboration, account_id: str, *, membership_id: Optional[str] = None,
             tags: Optional[Mapping[str, str]] = None, **settings: Any) -> Membership:
        """``account_id`` creates its membership: member INVITED → ACTIVE (create-membership)."""
        membership_id = membership_id or str(uuid.uuid4())
        membership = Membership(arn=self.arn(account_id, f"membership/{membership_id}"), id=membership_id,
                                account_id=account_id, collaboration=collaboration, tags=dict(tags or {}),
                                **settings)
        member = collaboration.members[account_id]
        member.membership_id, member.membership_arn = membership.id, membership.arn
        member.move_to(ACTIVE)
        return self._add(self.memberships, membership.id, membership)

    def leave(self, membership: Membership) -> None:
        """DeleteMembership: the record goes; an ACTIVE member is LEFT (leave-collab) and can't re-join."""
        member = membership.member
        if membership.status == ACTIVE:
            member.move_to(LEFT)
        member.membership_id = member.membership_arn = None
        self._forget(self.memberships, membership.id)

    def remove_member(self, collaboration: Collaboration, account_id: str) -> None:
        """DeleteMember: the member is REMOVED, and so is its membership if it has one (API_DeleteMember)."""
        member = collaboration.members[account_id]
        member.move_to(REMOVED)
        membership = self.memberships.find(member.membership_arn or "")
        if membership is not None:
            membership.move_to(REMOVED)
        collaboration.touch()

    def delete_collaboration(self, collaboration: Collaboration) -> None:
        """DeleteCollaboration: it is gone; its memberships stay, COLLABORATION_DELETED (delete-collaboration)."""
        for membership in self.memberships.where(lambda m: m.collaboration is collaboration):
            membership.move_to(COLLABORATION_DELETED)
        self._forget(self.collaborations, collaboration.id)

    def add_association(self, membership: Membership, association_id: Optional[str] = None,
                        **fields: Any) -> AudienceModelAssociation:
        return self._add_in_membership(
            self.associations, AudienceModelAssociation, membership,
            "membership/{membership}/configuredaudiencemodelassociation/{id}", association_id, **fields)

    def remove_association(self, association: AudienceModelAssociation) -> None:
        self._forget(self.associations, association.id)

    def add_table_association(self, membership: Membership, **fields: Any) -> TableAssociation:
        return self._add_in_membership(self.table_associations, TableAssociation, membership,
                                       "configuredtableassociation/{membership}/{id}", None, **fields)

    def remove_table_association(self, association: TableAssociation) -> None:
        self._forget(self.table_associations, association.id)

    def add_analysis_template(self, membership: Membership, **fields: Any) -> AnalysisTemplate:
        return self._add_in_membership(self.analysis_templates, AnalysisTemplate, membership,
                                       "membership/{membership}/analysistemplate/{id}", None, **fields)

    def remove_analysis_template(self, template: AnalysisTemplate) -> None:
        self._forget(self.analysis_templates, template.id)

    def _add_in_membership(self, table: ResourceTable[R], resource_class: type[R], membership: Membership,
                           arn_resource: str, resource_id: Optional[str], **fields: Any) -> R:
        """A new resource of a membership; ``arn_resource`` is its ARN's resource part, with ``{membership}``
        and ``{id}`` to fill."""
        resource_id = resource_id or str(uuid.uuid4())
        resource = resource_class(  # type: ignore[call-arg]
            arn=self.arn(membership.account_id, arn_resource.format(membership=membership.id, id=resource_id)),
            id=resource_id, membership=membership, **fields)
        return self._add(table, resource_id, resource)

    def subresources(self, membership: Membership) -> list[str]:
        """What a membership still holds (DeleteMembership needs it empty), as "kind name" phrases."""
        def mine(resource: Any) -> bool:
            return resource.membership is membership

        return ([f"configured audience model association {a.name}" for a in self.associations.where(mine)]
                + [f"configured table association {a.name}" for a in self.table_associations.where(mine)]
                + [f"analysis template {t.name}" for t in self.analysis_templates.where(mine)])

    def forget_collaboration(self, collaboration: Collaboration) -> None:
        """Drop a collaboration and everything in it without a trace (aws.collaborations.remove)."""
        for table in self._membership_tables():
            for resource in table.where(lambda r: r.collaboration is collaboration):
                self._forget(table, resource.id)
        for membership in self.memberships.where(lambda m: m.collaboration is collaboration):
            self._forget(self.memberships, membership.id)
        self._forget(self.collaborations, collaboration.id)

    def clear(self) -> None:
        for collaboration in list(self.collaborations):
            self.forget_collaboration(collaboration)
        for membership in list(self.memberships):  # memberships of deleted collaborations
            self._forget(self.memberships, membership.id)
        for table in self._membership_tables():
            for resource in list(table):
                self._forget(table, resource.id)

    def _membership_tables(self) -> tuple[ResourceTable[Any], ...]:
        """The tables of resources that live in memberships."""
        return self.associations, self.table_associations, self.analysis_templates

    def _add(self, table: ResourceTable[R], resource_id: str, resource: R) -> R:
        self._arns[resource_id] = resource.arn
        return table.add(resource)

    def _forget(self, table: ResourceTable[Any], resource_id: str) -> None:
        arn = self._arns.pop(resource_id, None)
        if arn is not None:
            table.remove(arn)

    # --- lookups the operations share (reads) ---------------------------------------------------------
    def _read(self, table: ResourceTable[R], resource_id: str) -> Optional[R]:
        arn = self._arns.get(resource_id)
        return table.read(arn) if arn is not None and arn in table else None

    def find_collaboration(self, collaboration_id: str) -> Optional[Collaboration]:
        """The collaboration with this id (not deleted), or None."""
        return self._read(self.collaborations, collaboration_id)

    def read_collaboration(self, collaboration_id: str, missing: ServiceError) -> Collaboration:
        """The collaboration with this id, or ``missing`` (the error the calling operation declares)."""
        found = self.find_collaboration(collaboration_id)
        if found is None:
            raise missing
        return found

    def read_membership(self, membership_id: str) -> Optional[Membership]:
        return self._read(self.memberships, membership_id)

    def read_in_membership(self, table: ResourceTable[R], resource_id: str, membership: Membership) -> R:
        """The resource of ``table`` with this id in ``membership``; one of another membership is not found
        (the table's own error)."""
        found = self._read(table, resource_id)
        if found is None or getattr(found, "membership", None) is not membership:
            raise table.missing(resource_id)
        return found

    def table_associations_of(self, collaboration: Collaboration) -> list[TableAssociation]:
        """The configured table associations a collaboration's members see: those of its ACTIVE memberships."""
        return self.table_associations.read_all(shared_in(collaboration))

    def analysis_templates_of(self, collaboration: Collaboration) -> list[AnalysisTemplate]:
        """The analysis templates a collaboration's members see: those of its ACTIVE memberships."""
        return self.analysis_templates.read_all(shared_in(collaboration))

    def associations_of(self, collaboration: Collaboration) -> list[AudienceModelAssociation]:
        """The CAMAs a collaboration's members see (``shared_in``)."""
        return self.associations.read_all(shared_in(collaboration))

    # --- public read API for Clean Rooms ML --------------------------------------------------------------
    def membership(self, membership_id: str) -> Optional[MembershipInfo]:
        """The membership with this id (any status), or None."""
        found = self.read_membership(membership_id)
        return _membership_info(found) if found is not None else None

    def member_membership(self, collaboration_id: str, account_id: str) -> Optional[MembershipInfo]:
        """``account_id``'s membership of a collaboration, or None when it has not joined (or left)."""
        found = self.find_collaboration(collaboration_id)
        member = found.member(account_id) if found is not None else None
        if member is None or member.membership_id is None:
            return None
        return self.membership(member.membership_id)

    def collaboration(self, collaboration_id: str) -> Optional[CollaborationInfo]:
        """The collaboration with this id (not deleted), or None."""
        found = self.find_collaboration(collaboration_id)
        if found is None:
            return None
        return CollaborationInfo(found.id, found.arn, found.name, found.creator_account_id,
                                 {account: member.status for account, member in found.members.items()},
                                 found.analytics_engine)

    def is_active_member(self, collaboration_id: str, account_id: str) -> bool:
        """Whether ``account_id`` has joined the collaboration and is still in it (member status ACTIVE)."""
        found = self.find_collaboration(collaboration_id)
        member = found.member(account_id) if found is not None else None
        return member is not None and member.status == ACTIVE

    def audience_model_associations(self, collaboration_id: str) -> list[AssociationInfo]:
        """The configured audience model associations of a collaboration's ACTIVE memberships."""
        found = self.find_collaboration(collaboration_id)
        if found is None:
            return []
        return [AssociationInfo(a.id, a.arn, a.name, a.membership.account_id, a.membership.id, found.id,
                                a.configured_audience_model_arn, a.manage_resource_policies)
                for a in self.associations_of(found)]


def shared_in(collaboration: Collaboration) -> Callable[[Any], bool]:
    """Whether a membership's resource (a CAMA, a configured table association, an analysis template) is one
    the collaboration's members see: those of its ACTIVE memberships (a removed member's data "is inaccessible
    to active members of the collaboration", API_DeleteMember)."""
    return lambda association: (association.collaboration is collaboration
                                and association.membership.status == ACTIVE)


def _membership_info(membership: Membership) -> MembershipInfo:
    member = membership.member
    return MembershipInfo(membership.id, membership.arn, membership.collaboration.id, membership.account_id,
                          membership.status, frozenset(member.abilities), frozenset(member.ml_abilities),
                          member.payment)


def split_abilities(abilities: Sequence[str]) -> tuple[list[str], list[str]]:
    """One list of abilities (aws.collaborations' form) → member abilities and ML member abilities."""
    ml = [ability for ability in abilities if ability in ML_MEMBER_ABILITIES]
    return [ability for ability in abilities if ability not in ML_MEMBER_ABILITIES], ml


def arn_account(arn: str) -> Optional[str]:
    parsed = parse_arn(arn)
    return parsed.account if parsed is not None else None
