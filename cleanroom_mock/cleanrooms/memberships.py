"""Memberships: a member account joins (CreateMembership), reads, changes and leaves (DeleteMembership).

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_CreateMembership.html (and
API_GetMembership, API_ListMemberships, API_UpdateMembership, API_DeleteMembership); user guide
create-membership and leave-collab (spec §3).
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.registry import operation
from ..core.store import OperationGroup
from ..core.tags import check_new_tags
from .errors import (
    ALREADY_EXISTS,
    COLLABORATION,
    INVALID_CONFIGURATION,
    INVALID_STATE,
    LISTING,
    MEMBERSHIP,
    SUBRESOURCES_EXIST,
    TAG_RULES,
    check_quota,
    conflict,
    invalid,
    not_found,
)
from .payment import check_acceptance, pays_for_something
from .quotas import MEMBERSHIPS_PER_ACCOUNT
from .resources import ACTIVE, CAN_QUERY, CAN_RECEIVE_RESULTS, INVITED, Member, Membership
from .store import CleanRoomsStore


def check_result_configurations(member: Member, query: Optional[dict[str, Any]], job: Optional[dict[str, Any]]) -> None:
    """create-membership: the default result configuration is set "by the member who can receive results".
    AWS is silent on the error; we chose ValidationException for a member without CAN_RECEIVE_RESULTS (for
    job results too)."""
    if (query is not None or job is not None) and CAN_RECEIVE_RESULTS not in member.abilities:
        raise invalid("Only a member with the CAN_RECEIVE_RESULTS ability can set a default result "
                      "configuration.", INVALID_CONFIGURATION)


class MembershipOperations(OperationGroup[CleanRoomsStore]):
    @operation("CreateMembership")
    def create_membership(
        self, collaboration_identifier: str, query_log_status: str, job_log_status: Optional[str] = None,
        tags: Optional[dict[str, str]] = None, default_result_configuration: Optional[dict[str, Any]] = None,
        default_job_result_configuration: Optional[dict[str, Any]] = None,
        payment_configuration: Optional[dict[str, Any]] = None, is_metrics_enabled: Optional[bool] = None,
    ) -> dict[str, Any]:
        """Joins the collaboration: the caller's member status INVITED → ACTIVE.

        AWS is silent on the errors; we chose: an account that is not a member (or a deleted collaboration)
        → ResourceNotFoundException COLLABORATION; a second membership → ConflictException ALREADY_EXISTS;
        a member that left or was removed ("can't re-join", leave-collab) → ConflictException INVALID_STATE.
        """
        store, state = self.store, self.store.shared
        collaboration = state.read_collaboration(
            collaboration_identifier, not_found(COLLABORATION, collaboration_identifier, "Collaboration"))
        member = collaboration.member(store.account_id)
        if member is None:
            raise not_found(COLLABORATION, collaboration_identifier, "Collaboration")
        if member.status == ACTIVE:
            raise conflict(MEMBERSHIP, member.membership_id or collaboration.id, ALREADY_EXISTS,
                           f"Account {store.account_id} already has a membership of collaboration {collaboration.id}.")
        if member.status != INVITED:
            raise conflict(COLLABORATION, collaboration.id, INVALID_STATE,
                           f"Account {store.account_id} is {member.status} and can't re-join collaboration "
                           f"{collaboration.id}.")
        check_quota(store, len(state.memberships.where(lambda m: m.account_id == store.account_id)),
                    MEMBERSHIPS_PER_ACCOUNT)
        check_acceptance(member.payment, payment_configuration, CAN_QUERY in member.abilities)
        check_result_configurations(member, default_result_configuration, default_job_result_configuration)
        if is_metrics_enabled:
            # API_CreateMembership: metrics "are only available when the collaboration has metrics enabled" and
            # "can be set by ... members who have the ability to run queries ... or by members who are ... payers".
            if not collaboration.is_metrics_enabled:
                raise invalid("isMetricsEnabled requires a collaboration with metrics enabled.",
                              INVALID_CONFIGURATION)
            if CAN_QUERY not in member.abilities and not pays_for_something(member.payment):
                raise invalid("Only a member who can query or pays can enable metrics.", INVALID_CONFIGURATION)
        check_new_tags(tags or {}, TAG_RULES)
        membership = state.join(
            collaboration, store.account_id, tags=tags, query_log_status=query_log_status,
            job_log_status=job_log_status or "DISABLED", default_result_configuration=default_result_configuration,
            default_job_result_configuration=default_job_result_configuration,
            is_metrics_enabled=bool(is_metrics_enabled))
        return {"membership": membership.view()}

    @operation("GetMembership")
    def get_membership(self, membership_identifier: str) -> dict[str, Any]:
        return {"membership": self.store.own_membership(membership_identifier).view()}

    @operation("ListMemberships")
    def list_memberships(self, next_token: Optional[str] = None, max_results: Optional[int] = None,
                         status: Optional[str] = None) -> dict[str, Any]:
        """"All memberships resources within the caller's account", filtered by ``status``."""
        caller = self.store.account_id

        def listed(membership: Membership) -> bool:
            return membership.account_id == caller and (status is None or membership.status == status)

        return LISTING.respond("membershipSummaries", self.store.shared.memberships, next_token=next_token,
                               max_results=max_results, filters={"status": status}, where=listed)

    @operation("UpdateMembership")
    def update_membership(
        self, membership_identifier: str, query_log_status: Optional[str] = None,
        job_log_status: Optional[str] = None, default_result_configuration: Optional[dict[str, Any]] = None,
        default_job_result_configuration: Optional[dict[str, Any]] = None,
        membership_payment_configuration: Optional[dict[str, Any]] = None,
    ) -> dict[str, Any]:
        membership = self.store.active_membership(membership_identifier, conflict_modelled=True)
        member = membership.member
        if membership_payment_configuration is not None:
            # API_UpdateMembership: the member's acceptance of what it pays for, under the same rule as at
            # CreateMembership (isResponsible must match the creator's assignment); the assignment itself
            # belongs to the collaboration creator, so a valid acceptance changes nothing stored.
            check_acceptance(member.payment, membership_payment_configuration, CAN_QUERY in member.abilities)
        check_result_configurations(member, default_result_configuration, default_job_result_configuration)
        membership.query_log_status = query_log_status or membership.query_log_status
        membership.job_log_status = job_log_status or membership.job_log_status
        if default_result_configuration is not None:
            membership.default_result_configuration = default_result_configuration
        if default_job_result_configuration is not None:
            membership.default_job_result_configuration = default_job_result_configuration
        membership.touch()
        return {"membership": membership.view()}

    @operation("DeleteMembership")
    def delete_membership(self, membership_identifier: str) -> dict[str, Any]:
        """Leaves the collaboration. API_DeleteMembership: "All resources under a membership must be deleted"
        first (ConflictException SUBRESOURCES_EXIST). leave-collab: the creator can't leave; it deletes the
        collaboration instead (we chose ConflictException INVALID_STATE). AWS is silent on the record; we
        chose to remove it (GetMembership → not found) while ListMembers shows the member LEFT."""
        store, state = self.store, self.store.shared
        membership = store.own_membership(membership_identifier)
        held = state.subresources(membership)
        if held:
            raise conflict(MEMBERSHIP, membership.id, SUBRESOURCES_EXIST,
                           f"Membership {membership.id} still holds {', '.join(held)}; delete them first.")
        if membership.status == ACTIVE and membership.account_id == membership.collaboration.creator_account_id:
            raise conflict(MEMBERSHIP, membership.id, INVALID_STATE,
                           "The collaboration creator can't leave its collaboration; delete the collaboration "
                           "instead.")
        state.leave(membership)
        return {}
