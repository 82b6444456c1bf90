"""One account's view of Clean Rooms in a region: whose collaborations it may see, its own memberships.

The resources themselves are region-wide (``state.CleanRoomsRegion``, reached as ``shared``); this store
answers, for the calling account, the questions every operation asks first — may I see this collaboration,
is this my membership, is this ARN mine to tag — with the error each operation's model declares.

Visibility (API_ListCollaborations: collaborations the caller "owns, is active in, or has been invited to";
create-membership: invited members see the collaboration before joining). AWS is silent on the rest; we
chose: the creator and INVITED/ACTIVE members see a collaboration; LEFT/REMOVED members and strangers get
AccessDeniedException; an unknown or deleted collaboration is ResourceNotFoundException where the
operation models it, AccessDeniedException where it does not (GetCollaboration, UpdateCollaboration,
DeleteCollaboration). Memberships are the member account's own: another account's is not found.
"""

from __future__ import annotations

import functools

from ..core.arns import parse_arn
from ..core.errors import ServiceError
from ..core.resources import Resource
from ..core.store import Store
from .errors import COLLABORATION, INVALID_STATE, MEMBERSHIP, TAG_RULES, access_denied, conflict, not_found
from .resources import ACTIVE, INVITED, Collaboration, Membership
from .state import CleanRoomsRegion


class CleanRoomsStore(Store):
    service = "cleanrooms"
    arn_service = "cleanrooms"
    tag_rules = TAG_RULES

    @property
    def shared(self) -> CleanRoomsRegion:
        """The region's Clean Rooms state, shared by every account (made on first use, reset with the handle)."""
        return self.handle.shared_state(self.service, self.region,
                                        functools.partial(CleanRoomsRegion, self.handle, self.region))

    # --- collaborations --------------------------------------------------------------------------------
    def visible_collaboration(self, collaboration_id: str, *, not_found_modelled: bool) -> Collaboration:
        """A collaboration the caller may see (its creator, or an INVITED/ACTIVE member)."""
        collaboration = self.shared.read_collaboration(
            collaboration_id, self._missing_collaboration(collaboration_id, not_found_modelled))
        member = collaboration.member(self.account_id)
        if collaboration.creator_account_id != self.account_id and (
                member is None or member.status not in (INVITED, ACTIVE)):
            raise access_denied(f"Account {self.account_id} is not a member of collaboration {collaboration_id}.")
        return collaboration

    def owned_collaboration(self, collaboration_id: str, *, not_found_modelled: bool) -> Collaboration:
        """A collaboration the caller created (API_DeleteCollaboration: "only ... the collaboration owner")."""
        collaboration = self.visible_collaboration(collaboration_id, not_found_modelled=not_found_modelled)
        if collaboration.creator_account_id != self.account_id:
            raise access_denied(f"Only the creator of collaboration {collaboration_id} "
                                f"({collaboration.creator_account_id}) may do this.")
        return collaboration

    def _missing_collaboration(self, collaboration_id: str, not_found_modelled: bool) -> ServiceError:
        if not_found_modelled:
            return not_found(COLLABORATION, collaboration_id, "Collaboration")
        return access_denied(f"Collaboration {collaboration_id} does not exist or the caller may not access it.")

    # --- memberships -------------------------------------------------------------------------------------
    def own_membership(self, membership_id: str) -> Membership:
        """The caller's membership with this id (ResourceNotFoundException otherwise)."""
        membership = self.shared.read_membership(membership_id)
        if membership is None or membership.account_id != self.account_id:
            raise not_found(MEMBERSHIP, membership_id, "Membership")
        return membership

    def active_membership(self, membership_id: str, *, conflict_modelled: bool) -> Membership:
        """The caller's membership, which must still be ACTIVE to change anything in it. AWS is silent on the
        error; we chose ConflictException INVALID_STATE where the operation models it, else AccessDenied
        (a removed member "can't interact with the collaboration", API_DeleteMember)."""
        membership = self.own_membership(membership_id)
        if membership.status != ACTIVE:
            message = f"Membership {membership_id} is {membership.status}; only an ACTIVE membership can do this."
            if conflict_modelled:
                raise conflict(MEMBERSHIP, membership_id, INVALID_STATE, message)
            raise access_denied(message)
        return membership

    # --- tagging (core.tags.TagOperations) ---------------------------------------------------------------
    def tagged_resource(self, arn: str) -> Resource:
        """The caller's own collaboration, membership or CAMA behind ``arn``: resources are region-wide,
        tags belong to the account in the ARN (the creator for a collaboration, the member for the rest)."""
        parsed = parse_arn(arn)
        state = self.shared
        if parsed is None or parsed.account != self.account_id or parsed.region != self.region:
            raise self.untaggable(arn)
        for table in (state.collaborations, state.memberships, state.associations):
            if arn in table:
                return table.read(arn)
        raise self.untaggable(arn)

    def untaggable(self, arn: str) -> ServiceError:
        parsed = parse_arn(arn)
        resource_type = COLLABORATION if parsed is not None and parsed.resource_type == "collaboration" \
            else MEMBERSHIP
        return not_found(resource_type, parsed.resource.rsplit("/", 1)[-1] if parsed else arn, "Resource")
