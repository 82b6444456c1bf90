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
from typing import TYPE_CHECKING, Any, Optional

from ..core.arns import parse_arn
from ..core.errors import ServiceError
from ..core.resources import Resource, ResourceTable
from ..core.store import Store
from .errors import (
    COLLABORATION,
    CONFIGURED_TABLE,
    CONFIGURED_TABLE_ASSOCIATION,
    INVALID_STATE,
    LISTING,
    MEMBERSHIP,
    TAG_RULES,
    access_denied,
    conflict,
    not_found,
)
from .queries.resources import ProtectedQuery
from .resources import ACTIVE, INVITED, Collaboration, Membership
from .state import CleanRoomsRegion
from .tables.resources import ConfiguredTable

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..core.pagination import Page
    from ..core.state import MockHandle


def _last_segment(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


class CleanRoomsStore(Store):
    service = "cleanrooms"
    arn_service = "cleanrooms"
    tag_rules = TAG_RULES

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        # The account's own: configured tables (account-scoped, spec §5.1) and the protected queries it ran.
        self.configured_tables: ResourceTable[ConfiguredTable] = self.table(
            lambda arn: not_found(CONFIGURED_TABLE, _last_segment(arn), "Configured table"), taggable=True)
        # Not documented: the enum has no type for a protected query; it is looked up in a membership.
        self.protected_queries: ResourceTable[ProtectedQuery] = self.table(
            lambda arn: not_found(MEMBERSHIP, _last_segment(arn), "Protected query"))

    @property
    def shared(self) -> CleanRoomsRegion:
        """The region's Clean Rooms state, shared by every account (made on first use, reset with the handle)."""
        return self.region_state(self.handle, self.region)

    @classmethod
    def region_state(cls, handle: MockHandle, region: str) -> CleanRoomsRegion:
        """A region's shared Clean Rooms state, without an account's store."""
        state: CleanRoomsRegion = handle.shared_state(cls.service, region,
                                                      functools.partial(CleanRoomsRegion, handle, region))
        return state

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

    def list_in_membership(
        self, key: str, table: ResourceTable[Any], membership_id: str, **page: Unpack[Page]
    ) -> dict[str, Any]:
        """A List page of ``table``'s resources in the caller's membership ``membership_id`` (analysis
        templates, configured table associations, configured audience model associations)."""
        membership = self.own_membership(membership_id)
        return LISTING.respond(key, table, **page, filters={"membership": membership.id},
                               where=lambda resource: resource.membership is membership)

    # --- configured tables (read by other accounts' associations through this) -------------------------------
    def configured_table_arn(self, table_id: str) -> str:
        return self.arn(f"configuredtable/{table_id}")

    def configured_table(self, table_id: str) -> Optional[ConfiguredTable]:
        """This account's configured table with this id as it stands, or None (the collaboration's view of an
        association reads its table through this)."""
        return self.configured_tables.find(self.configured_table_arn(table_id))

    def own_configured_table(self, table_id: str) -> ConfiguredTable:
        """The caller's configured table (ResourceNotFoundException CONFIGURED_TABLE otherwise)."""
        return self.configured_tables.read(self.configured_table_arn(table_id))

    # --- tagging (core.tags.TagOperations) ---------------------------------------------------------------
    def tagged_resource(self, arn: str) -> Resource:
        """The caller's own resource behind ``arn``: its configured tables, or a region-wide collaboration,
        membership, CAMA, configured table association or analysis template whose ARN names the caller (the
        creator for a collaboration, the member for the rest)."""
        parsed = parse_arn(arn)
        state = self.shared
        if parsed is None or parsed.account != self.account_id or parsed.region != self.region:
            raise self.untaggable(arn)
        if arn in self.configured_tables:
            return self.configured_tables.read(arn)
        for table in (state.collaborations, state.memberships, state.associations, state.table_associations,
                      state.analysis_templates):
            if arn in table:
                return table.read(arn)
        raise self.untaggable(arn)

    def untaggable(self, arn: str) -> ServiceError:
        parsed = parse_arn(arn)
        kinds = {"collaboration": COLLABORATION, "configuredtable": CONFIGURED_TABLE,
                 "configuredtableassociation": CONFIGURED_TABLE_ASSOCIATION}
        resource_type = kinds.get(parsed.resource_type, MEMBERSHIP) if parsed is not None else MEMBERSHIP
        return not_found(resource_type, parsed.resource.rsplit("/", 1)[-1] if parsed else arn, "Resource")
