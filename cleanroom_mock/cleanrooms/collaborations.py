"""Collaborations and their members: Create/Get/List/Update/DeleteCollaboration, ListMembers, DeleteMember.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_CreateCollaboration.html (and
API_GetCollaboration, API_ListCollaborations, API_UpdateCollaboration, API_DeleteCollaboration,
API_ListMembers, API_DeleteMember); user guide working-with-collaborations, remove-member,
delete-collaboration (spec §2).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Optional

from ..core.registry import operation
from ..core.store import OperationGroup
from ..core.tags import check_new_tags
from .errors import (
    COLLABORATION,
    INVALID_CONFIGURATION,
    INVALID_STATE,
    LISTING,
    TAG_RULES,
    check_quota,
    conflict,
    invalid,
    not_found,
    quota_exceeded,
)
from .quotas import COLLABORATIONS_PER_ACCOUNT, INVITED_MEMBERS_PER_COLLABORATION
from .resources import ACTIVE, CAN_QUERY, CAN_RUN_JOB, INVITED, LEFT, REMOVED, Collaboration
from .state import MemberSpec
from .store import CleanRoomsStore


def _ml(abilities: Optional[dict[str, Any]]) -> list[str]:
    return list((abilities or {}).get("customMLMemberAbilities", ()))


def check_members(everyone: list[MemberSpec]) -> None:
    """Rules the model cannot express (spec §2.1). AWS does not state them; we chose:

    - an account appears once (the creator is not listed in ``members``);
    - at most one member can query and at most one can run jobs (working-with-collaborations: the creator
      "can designate one member who can query or one member who can run queries and jobs"), and some
      member must be able to do one of them (else nobody could ever analyse, and nobody is the default
      payer); any number of members can receive results.
    """
    repeated = sorted(account for account, count in Counter(spec.account_id for spec in everyone).items()
                      if count > 1)
    if repeated:
        raise invalid(f"Each account can be a member once; repeated: {', '.join(repeated)} (the creator is not "
                      "listed in members).")
    for ability in (CAN_QUERY, CAN_RUN_JOB):
        holders = [spec.account_id for spec in everyone if ability in spec.abilities]
        if len(holders) > 1:
            raise invalid(f"Only one member can have the {ability} ability; {', '.join(holders)} have it.",
                          INVALID_CONFIGURATION)
    if not any(CAN_QUERY in spec.abilities or CAN_RUN_JOB in spec.abilities for spec in everyone):
        raise invalid("One member must have the CAN_QUERY or the CAN_RUN_JOB ability.", INVALID_CONFIGURATION)


class CollaborationOperations(OperationGroup[CleanRoomsStore]):
    @operation("CreateCollaboration")
    def create_collaboration(
        self, members: list[dict[str, Any]], name: str, creator_member_abilities: list[str],
        creator_display_name: str, query_log_status: str, description: Optional[str] = None,
        creator_ml_member_abilities: Optional[dict[str, Any]] = None,
        data_encryption_metadata: Optional[dict[str, bool]] = None, job_log_status: Optional[str] = None,
        tags: Optional[dict[str, str]] = None, creator_payment_configuration: Optional[dict[str, Any]] = None,
        analytics_engine: Optional[str] = None, auto_approved_change_request_types: Optional[list[str]] = None,
        allowed_result_regions: Optional[list[str]] = None, is_metrics_enabled: Optional[bool] = None,
    ) -> dict[str, Any]:
        store, state = self.store, self.store.shared
        check_quota(store, len(state.collaborations.where(lambda c: c.creator_account_id == store.account_id)),
                    COLLABORATIONS_PER_ACCOUNT)
        invited_limit = store.quota(INVITED_MEMBERS_PER_COLLABORATION)
        if len(members) > invited_limit:
            raise quota_exceeded(INVITED_MEMBERS_PER_COLLABORATION, invited_limit)
        creator = MemberSpec(store.account_id, creator_display_name, creator_member_abilities,
                             _ml(creator_ml_member_abilities), creator_payment_configuration)
        invited = [MemberSpec(m["accountId"], m["displayName"], m["memberAbilities"], _ml(m.get("mlMemberAbilities")),
                              m.get("paymentConfiguration")) for m in members]
        check_members([creator, *invited])
        check_new_tags(tags or {}, TAG_RULES)
        collaboration = state.create_collaboration(
            creator, invited, name=name, tags=tags, description=description, query_log_status=query_log_status,
            job_log_status=job_log_status or "DISABLED", analytics_engine=analytics_engine,
            data_encryption_metadata=data_encryption_metadata,
            auto_approved_change_types=auto_approved_change_request_types,
            allowed_result_regions=allowed_result_regions, is_metrics_enabled=bool(is_metrics_enabled))
        return {"collaboration": collaboration.view(store.account_id)}

    @operation("GetCollaboration")
    def get_collaboration(self, collaboration_identifier: str) -> dict[str, Any]:
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=False)
        return {"collaboration": collaboration.view(self.store.account_id)}

    @operation("ListCollaborations")
    def list_collaborations(self, next_token: Optional[str] = None, max_results: Optional[int] = None,
                            member_status: Optional[str] = None) -> dict[str, Any]:
        """Collaborations the caller "owns, is active in, or has been invited to"; ``memberStatus`` filters
        on the caller's own status (FilterableMemberStatus: INVITED | ACTIVE)."""
        caller = self.store.account_id

        def listed(collaboration: Collaboration) -> bool:
            member = collaboration.member(caller)
            status = member.status if member is not None else None
            visible = collaboration.creator_account_id == caller or status in (INVITED, ACTIVE)
            return visible and (member_status is None or status == member_status)

        return LISTING.respond("collaborationList", self.store.shared.collaborations, next_token=next_token,
                               max_results=max_results, filters={"memberStatus": member_status}, where=listed,
                               view=lambda collaboration: collaboration.view(caller))

    @operation("UpdateCollaboration")
    def update_collaboration(self, collaboration_identifier: str, name: Optional[str] = None,
                             description: Optional[str] = None,
                             analytics_engine: Optional[str] = None) -> dict[str, Any]:
        """Only the name, description and analytics engine change, and only the creator changes them
        (manage-collaboration: "After you create the collaboration, you can only edit the collaboration name
        and description")."""
        collaboration = self.store.owned_collaboration(collaboration_identifier, not_found_modelled=False)
        collaboration.name = name if name is not None else collaboration.name
        collaboration.description = description if description is not None else collaboration.description
        collaboration.analytics_engine = analytics_engine or collaboration.analytics_engine
        collaboration.touch()
        return {"collaboration": collaboration.view(self.store.account_id)}

    @operation("DeleteCollaboration")
    def delete_collaboration(self, collaboration_identifier: str) -> dict[str, Any]:
        """Only the owner; memberships become COLLABORATION_DELETED and stay (delete-collaboration: each member
        keeps access to its own data through its membership)."""
        collaboration = self.store.owned_collaboration(collaboration_identifier, not_found_modelled=False)
        self.store.shared.delete_collaboration(collaboration)
        return {}

    @operation("ListMembers")
    def list_members(self, collaboration_identifier: str, next_token: Optional[str] = None,
                     max_results: Optional[int] = None) -> dict[str, Any]:
        """Every member, the creator first, with status, abilities and payment configuration."""
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=True)
        return LISTING.respond("memberSummaries", list(collaboration.members.values()), next_token=next_token,
                               max_results=max_results, filters={"collaboration": collaboration.id})

    @operation("DeleteMember")
    def delete_member(self, collaboration_identifier: str, account_id: str) -> dict[str, Any]:
        """remove-member: only the creator removes, never its own account; the member becomes REMOVED.
        AWS is silent on the errors; we chose ValidationException for the creator's own account,
        ResourceNotFoundException for an account that is no member, ConflictException INVALID_STATE for a
        member that already left or was removed."""
        collaboration = self.store.owned_collaboration(collaboration_identifier, not_found_modelled=True)
        if account_id == collaboration.creator_account_id:
            raise invalid("The collaboration creator can't remove its own account; delete the collaboration "
                          "instead.")
        member = collaboration.member(account_id)
        if member is None:
            raise not_found(COLLABORATION, account_id, f"Member of collaboration {collaboration.id}:")
        if member.status in (LEFT, REMOVED):
            raise conflict(COLLABORATION, collaboration.id, INVALID_STATE,
                           f"Member {account_id} is already {member.status}.")
        self.store.shared.remove_member(collaboration, account_id)
        return {}
