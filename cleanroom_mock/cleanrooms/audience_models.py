"""Configured audience model associations (CAMAs): a member brings a Clean Rooms ML configured audience
model into a collaboration; every member sees it through the collaboration variants.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_CreateConfiguredAudienceModelAssociation.html
(and API_Get/List/Update/DeleteConfiguredAudienceModelAssociation,
API_GetCollaborationConfiguredAudienceModelAssociation,
API_ListCollaborationConfiguredAudienceModelAssociations); spec §4. Quota: 5 per membership
(clean-rooms-quotas).
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.arns import parse_arn
from ..core.registry import operation
from ..core.store import OperationGroup
from ..core.tags import check_new_tags
from .errors import (
    ALREADY_EXISTS,
    COLLABORATION,
    INVALID_CONFIGURATION,
    LISTING,
    MEMBERSHIP,
    TAG_RULES,
    access_denied,
    check_quota,
    conflict,
    invalid,
    not_found,
)
from .ml_models import configured_audience_model_exists
from .quotas import AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP
from .resources import AudienceModelAssociation, Membership
from .state import shared_in
from .store import CleanRoomsStore

WHAT = "Configured audience model association"


class AudienceModelAssociationOperations(OperationGroup[CleanRoomsStore]):
    def _association(self, membership: Membership, association_id: str) -> AudienceModelAssociation:
        """A CAMA of this membership (one of another membership is not found)."""
        state = self.store.shared
        return state.read_in_membership(state.associations, association_id, membership)

    @operation("CreateConfiguredAudienceModelAssociation")
    def create_configured_audience_model_association(
        self, membership_identifier: str, configured_audience_model_arn: str,
        configured_audience_model_association_name: str, manage_resource_policies: bool,
        tags: Optional[dict[str, str]] = None, description: Optional[str] = None,
    ) -> dict[str, Any]:
        """AWS is silent on most checks; we chose: the membership must be ACTIVE (ConflictException
        INVALID_STATE); the configured audience model must be the caller's own (AccessDeniedException) and
        exist in Clean Rooms ML (ValidationException INVALID_CONFIGURATION); a model is associated with a
        collaboration once (ConflictException ALREADY_EXISTS); names may repeat (spec §4)."""
        store, state = self.store, self.store.shared
        membership = store.active_membership(membership_identifier, conflict_modelled=True)
        model = parse_arn(configured_audience_model_arn)
        if model is None or model.account != store.account_id:
            raise access_denied(f"The configured audience model {configured_audience_model_arn} does not belong "
                                f"to the caller's account {store.account_id}.")
        if not configured_audience_model_exists(store.handle, store.account_id, store.region,
                                                configured_audience_model_arn):
            raise invalid(f"Configured audience model {configured_audience_model_arn} does not exist.",
                          INVALID_CONFIGURATION)
        taken = state.associations.where(
            lambda a: a.collaboration is membership.collaboration
            and a.configured_audience_model_arn == configured_audience_model_arn)
        if taken:
            raise conflict(MEMBERSHIP, taken[0].id, ALREADY_EXISTS,
                           f"Configured audience model {configured_audience_model_arn} is already associated with "
                           f"collaboration {membership.collaboration.id} ({taken[0].id}).")
        check_quota(self.store, len(state.associations.where(lambda a: a.membership is membership)),
                    AUDIENCE_MODEL_ASSOCIATIONS_PER_MEMBERSHIP)
        check_new_tags(tags or {}, TAG_RULES)
        association = state.add_association(
            membership, name=configured_audience_model_association_name, tags=dict(tags or {}),
            configured_audience_model_arn=configured_audience_model_arn,
            manage_resource_policies=manage_resource_policies, description=description)
        return {"configuredAudienceModelAssociation": association.view()}

    @operation("GetConfiguredAudienceModelAssociation")
    def get_configured_audience_model_association(
        self, membership_identifier: str, configured_audience_model_association_identifier: str,
    ) -> dict[str, Any]:
        membership = self.store.own_membership(membership_identifier)
        association = self._association(membership, configured_audience_model_association_identifier)
        return {"configuredAudienceModelAssociation": association.view()}

    @operation("ListConfiguredAudienceModelAssociations")
    def list_configured_audience_model_associations(
        self, membership_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        return self.store.list_in_membership("configuredAudienceModelAssociationSummaries",
                                             self.store.shared.associations, membership_identifier,
                                             next_token=next_token, max_results=max_results)

    @operation("UpdateConfiguredAudienceModelAssociation")
    def update_configured_audience_model_association(
        self, configured_audience_model_association_identifier: str, membership_identifier: str,
        description: Optional[str] = None, name: Optional[str] = None,
    ) -> dict[str, Any]:
        """Only the name and description change (botocore). ConflictException is not modelled here, so a
        membership that is no longer ACTIVE answers AccessDeniedException."""
        membership = self.store.active_membership(membership_identifier, conflict_modelled=False)
        association = self._association(membership, configured_audience_model_association_identifier)
        association.name = name if name is not None else association.name
        association.description = description if description is not None else association.description
        association.touch()
        return {"configuredAudienceModelAssociation": association.view()}

    @operation("DeleteConfiguredAudienceModelAssociation")
    def delete_configured_audience_model_association(
        self, configured_audience_model_association_identifier: str, membership_identifier: str,
    ) -> dict[str, Any]:
        """Allowed in a membership of any status, so a removed member (or one whose collaboration was
        deleted) can still empty its membership and leave."""
        membership = self.store.own_membership(membership_identifier)
        association = self._association(membership, configured_audience_model_association_identifier)
        self.store.shared.remove_association(association)
        return {}

    @operation("GetCollaborationConfiguredAudienceModelAssociation")
    def get_collaboration_configured_audience_model_association(
        self, collaboration_identifier: str, configured_audience_model_association_identifier: str,
    ) -> dict[str, Any]:
        """Any member's CAMA, as every member of the collaboration sees it (no membership ids)."""
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=True)
        found = [association for association in self.store.shared.associations_of(collaboration)
                 if association.id == configured_audience_model_association_identifier]
        if not found:
            raise not_found(COLLABORATION, configured_audience_model_association_identifier, WHAT)
        return {"collaborationConfiguredAudienceModelAssociation": found[0].view()}

    @operation("ListCollaborationConfiguredAudienceModelAssociations")
    def list_collaboration_configured_audience_model_associations(
        self, collaboration_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=True)
        return LISTING.respond(
            "collaborationConfiguredAudienceModelAssociationSummaries", self.store.shared.associations,
            next_token=next_token, max_results=max_results, filters={"collaboration": collaboration.id},
            where=shared_in(collaboration))
