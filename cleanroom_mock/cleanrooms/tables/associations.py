"""Configured table associations and their analysis rules: a member brings one of its configured tables into
its membership's collaboration under a name queries use, and says who may receive results that use it.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_CreateConfiguredTableAssociation.html
(and Get/List/Update/DeleteConfiguredTableAssociation, Create/Get/Update/DeleteConfiguredTableAssociationAnalysisRule);
spec §5.6.

AWS is silent; we chose: the membership must be ACTIVE to create or change (ConflictException INVALID_STATE);
the configured table must be the caller's (ResourceNotFoundException CONFIGURED_TABLE); the name is stored in
lower case ("stored in lowercase", botocore) and is unique within the collaboration, and a configured table is
associated once per collaboration (ConflictException ALREADY_EXISTS); an association may be read and deleted
in a membership of any status, so a removed member can empty its membership and leave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ...core.tags import check_new_tags
from ..errors import ALREADY_EXISTS, CONFIGURED_TABLE_ASSOCIATION, TAG_RULES, conflict
from ..resources import Membership
from ..store import CleanRoomsStore
from .resources import Rule, TableAssociation
from .rules import check_association_rule, rule_of

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...core.pagination import Page



class TableAssociationOperations(OperationGroup[CleanRoomsStore]):
    def _association(self, membership: Membership, association_id: str) -> TableAssociation:
        """An association of this membership (one of another membership is not found)."""
        state = self.store.shared
        return state.read_in_membership(state.table_associations, association_id, membership)

    def _mine(self, membership_identifier: str, association_identifier: str, *, change: bool
              ) -> TableAssociation:
        store = self.store
        membership = (store.active_membership(membership_identifier, conflict_modelled=True) if change
                      else store.own_membership(membership_identifier))
        return self._association(membership, association_identifier)

    @operation("CreateConfiguredTableAssociation")
    def create_configured_table_association(
        self, name: str, membership_identifier: str, configured_table_identifier: str, role_arn: str,
        description: Optional[str] = None, tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        store, state = self.store, self.store.shared
        membership = store.active_membership(membership_identifier, conflict_modelled=True)
        table = store.own_configured_table(configured_table_identifier)
        alias = name.lower()
        for association in state.table_associations.where(lambda a: a.collaboration is membership.collaboration):
            if association.name == alias:
                raise conflict(CONFIGURED_TABLE_ASSOCIATION, association.id, ALREADY_EXISTS,
                               f"Collaboration {membership.collaboration.id} already has a table named {alias}.")
            if association.configured_table_arn == table.arn:
                raise conflict(CONFIGURED_TABLE_ASSOCIATION, association.id, ALREADY_EXISTS,
                               f"Configured table {table.id} is already associated with collaboration "
                               f"{membership.collaboration.id} as {association.name}.")
        check_new_tags(tags or {}, TAG_RULES)
        association = state.add_table_association(
            membership, name=alias, configured_table_id=table.id, configured_table_arn=table.arn,
            role_arn=role_arn, description=description, tags=dict(tags or {}))
        return {"configuredTableAssociation": association.view()}

    @operation("GetConfiguredTableAssociation")
    def get_configured_table_association(self, configured_table_association_identifier: str,
                                         membership_identifier: str) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=False)
        return {"configuredTableAssociation": association.view()}

    @operation("ListConfiguredTableAssociations")
    def list_configured_table_associations(self, membership_identifier: str, **page: Unpack[Page]
                                           ) -> dict[str, Any]:
        return self.store.list_in_membership("configuredTableAssociationSummaries",
                                             self.store.shared.table_associations, membership_identifier, **page)

    @operation("UpdateConfiguredTableAssociation")
    def update_configured_table_association(
        self, configured_table_association_identifier: str, membership_identifier: str,
        description: Optional[str] = None, role_arn: Optional[str] = None,
    ) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=True)
        association.description = description if description is not None else association.description
        association.role_arn = role_arn or association.role_arn
        association.touch()
        return {"configuredTableAssociation": association.view()}

    @operation("DeleteConfiguredTableAssociation")
    def delete_configured_table_association(self, configured_table_association_identifier: str,
                                            membership_identifier: str) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=False)
        self.store.shared.remove_table_association(association)
        return {}

    # --- the association's analysis rule (the console's "collaboration analysis rule") -------------------------
    def _table_rule_type(self, association: TableAssociation) -> Optional[str]:
        table = self.store.configured_table(association.configured_table_id)
        return table.rule.type if table is not None and table.rule is not None else None

    @operation("CreateConfiguredTableAssociationAnalysisRule")
    def create_configured_table_association_analysis_rule(
        self, membership_identifier: str, configured_table_association_identifier: str, analysis_rule_type: str,
        analysis_rule_policy: dict[str, Any],
    ) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=True)
        if association.rule is not None:
            raise conflict(CONFIGURED_TABLE_ASSOCIATION, association.id, ALREADY_EXISTS,
                           f"Configured table association {association.id} already has a {association.rule.type} "
                           "analysis rule.")
        check_association_rule(analysis_rule_type, analysis_rule_policy, association.collaboration,
                               self._table_rule_type(association))
        association.rule = Rule(analysis_rule_type, analysis_rule_policy)
        association.touch()
        return {"analysisRule": association.rule_view()}

    @operation("GetConfiguredTableAssociationAnalysisRule")
    def get_configured_table_association_analysis_rule(
        self, membership_identifier: str, configured_table_association_identifier: str, analysis_rule_type: str,
    ) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=False)
        rule_of(association, analysis_rule_type, CONFIGURED_TABLE_ASSOCIATION)
        return {"analysisRule": association.rule_view()}

    @operation("UpdateConfiguredTableAssociationAnalysisRule")
    def update_configured_table_association_analysis_rule(
        self, membership_identifier: str, configured_table_association_identifier: str, analysis_rule_type: str,
        analysis_rule_policy: dict[str, Any],
    ) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=True)
        rule = rule_of(association, analysis_rule_type, CONFIGURED_TABLE_ASSOCIATION)
        check_association_rule(analysis_rule_type, analysis_rule_policy, association.collaboration,
                               self._table_rule_type(association))
        rule.replace(analysis_rule_policy)
        return {"analysisRule": association.rule_view()}

    @operation("DeleteConfiguredTableAssociationAnalysisRule")
    def delete_configured_table_association_analysis_rule(
        self, membership_identifier: str, configured_table_association_identifier: str, analysis_rule_type: str,
    ) -> dict[str, Any]:
        association = self._mine(membership_identifier, configured_table_association_identifier, change=False)
        rule_of(association, analysis_rule_type, CONFIGURED_TABLE_ASSOCIATION)
        association.rule = None
        association.touch()
        return {}
