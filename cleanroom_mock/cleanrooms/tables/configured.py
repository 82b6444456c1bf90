"""Configured tables and their analysis rules: an account describes a Glue table it may bring into
collaborations, and the rule that governs how collaborators may query it.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_CreateConfiguredTable.html (and
Get/List/Update/DeleteConfiguredTable, Create/Get/Update/DeleteConfiguredTableAnalysisRule); spec §5.1–5.5.
Configured tables are the account's own (not a collaboration's); quotas: 250 per account, 100 allowed columns.

AWS is silent; we chose: names may repeat; ``selectedAnalysisMethods`` goes with ``analysisMethod`` MULTIPLE
and names both methods ("you must specify at least two"); a configured table still associated with a
collaboration can't be deleted (ConflictException SUBRESOURCES_EXIST), nor lose a column its analysis rule
names (ValidationException); the analysis rule may be changed or deleted while the table is associated (the
collaboration's schema then shows the change).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ...core.tags import check_new_tags
from ..errors import (
    ALREADY_EXISTS,
    CONFIGURED_TABLE,
    INVALID_CONFIGURATION,
    LISTING,
    SUBRESOURCES_EXIST,
    TAG_RULES,
    check_quota,
    conflict,
    invalid,
    quota_exceeded,
)
from ..quotas import COLUMNS_PER_ALLOW_LIST, CONFIGURED_TABLES_PER_ACCOUNT
from ..store import CleanRoomsStore
from .glue import check_allowed_columns, reference_columns
from .resources import ConfiguredTable, Rule
from .rules import check_table_rule, rule_columns, rule_of

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...core.pagination import Page


def _check_methods(analysis_method: str, selected: Optional[list[str]]) -> None:
    if selected is None:
        return
    if analysis_method != "MULTIPLE" or len(set(selected)) < 2:
        raise invalid("selectedAnalysisMethods goes with analysisMethod MULTIPLE and names at least two analysis "
                      "methods.", INVALID_CONFIGURATION)


class ConfiguredTableOperations(OperationGroup[CleanRoomsStore]):
    def _checked_columns(self, reference: dict[str, Any], allowed_columns: list[str]) -> dict[str, str]:
        store = self.store
        limit = store.quota(COLUMNS_PER_ALLOW_LIST)
        if len(allowed_columns) > limit:
            raise quota_exceeded(COLUMNS_PER_ALLOW_LIST, limit)
        return check_allowed_columns(allowed_columns, reference_columns(store.handle, store.region, reference))

    @operation("CreateConfiguredTable")
    def create_configured_table(
        self, name: str, table_reference: dict[str, Any], allowed_columns: list[str], analysis_method: str,
        description: Optional[str] = None, selected_analysis_methods: Optional[list[str]] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        """The Glue table must exist and hold every allowed column (spec §5.1)."""
        store = self.store
        _check_methods(analysis_method, selected_analysis_methods)
        column_types = self._checked_columns(table_reference, allowed_columns)
        check_quota(store, len(store.configured_tables), CONFIGURED_TABLES_PER_ACCOUNT)
        check_new_tags(tags or {}, TAG_RULES)
        table_id = str(uuid.uuid4())
        table = store.configured_tables.add(ConfiguredTable(
            arn=store.configured_table_arn(table_id), id=table_id, name=name, description=description,
            table_reference=table_reference, allowed_columns=list(allowed_columns), column_types=column_types,
            analysis_method=analysis_method, selected_analysis_methods=selected_analysis_methods,
            tags=dict(tags or {})))
        return {"configuredTable": table.view()}

    @operation("GetConfiguredTable")
    def get_configured_table(self, configured_table_identifier: str) -> dict[str, Any]:
        return {"configuredTable": self.store.own_configured_table(configured_table_identifier).view()}

    @operation("ListConfiguredTables")
    def list_configured_tables(self, **page: Unpack[Page]) -> dict[str, Any]:
        return LISTING.respond("configuredTableSummaries", self.store.configured_tables, **page)

    @operation("UpdateConfiguredTable")
    def update_configured_table(
        self, configured_table_identifier: str, name: Optional[str] = None, description: Optional[str] = None,
        table_reference: Optional[dict[str, Any]] = None, allowed_columns: Optional[list[str]] = None,
        analysis_method: Optional[str] = None, selected_analysis_methods: Optional[list[str]] = None,
    ) -> dict[str, Any]:
        table = self.store.own_configured_table(configured_table_identifier)
        reference = table_reference if table_reference is not None else table.table_reference
        columns = allowed_columns if allowed_columns is not None else table.allowed_columns
        method = analysis_method or table.analysis_method
        selected = selected_analysis_methods if selected_analysis_methods is not None else (
            table.selected_analysis_methods if method == "MULTIPLE" else None)
        _check_methods(method, selected)
        column_types = table.column_types
        if table_reference is not None or allowed_columns is not None:
            column_types = self._checked_columns(reference, columns)
        if table.rule is not None:
            dropped = sorted(rule_columns(table.rule.type, table.rule.body) - set(columns))
            if dropped:
                raise invalid(f"The analysis rule uses {', '.join(dropped)}; keep them in allowedColumns or change "
                              "the rule first.", INVALID_CONFIGURATION)
        table.name = name if name is not None else table.name
        table.description = description if description is not None else table.description
        table.table_reference, table.allowed_columns, table.column_types = reference, list(columns), column_types
        table.analysis_method, table.selected_analysis_methods = method, selected
        table.touch()
        return {"configuredTable": table.view()}

    @operation("DeleteConfiguredTable")
    def delete_configured_table(self, configured_table_identifier: str) -> dict[str, Any]:
        store = self.store
        table = store.own_configured_table(configured_table_identifier)
        associated = store.shared.table_associations.where(
            lambda association: association.configured_table_arn == table.arn)
        if associated:
            raise conflict(CONFIGURED_TABLE, table.id, SUBRESOURCES_EXIST,
                           f"Configured table {table.id} is associated with "
                           f"{len(associated)} collaboration(s); delete the associations first.")
        store.configured_tables.remove(table.arn)
        return {}

    # --- the analysis rule --------------------------------------------------------------------------------
    @operation("CreateConfiguredTableAnalysisRule")
    def create_configured_table_analysis_rule(
        self, configured_table_identifier: str, analysis_rule_type: str, analysis_rule_policy: dict[str, Any],
    ) -> dict[str, Any]:
        """"Currently, only one analysis rule can be created for a given configured table"
        (API_CreateConfiguredTableAnalysisRule): a second is ConflictException ALREADY_EXISTS."""
        table = self.store.own_configured_table(configured_table_identifier)
        if table.rule is not None:
            raise conflict(CONFIGURED_TABLE, table.id, ALREADY_EXISTS,
                           f"Configured table {table.id} already has a {table.rule.type} analysis rule.")
        check_table_rule(analysis_rule_type, analysis_rule_policy, table.allowed_columns)
        table.rule = Rule(analysis_rule_type, analysis_rule_policy)
        table.touch()
        return {"analysisRule": table.rule_view()}

    @operation("GetConfiguredTableAnalysisRule")
    def get_configured_table_analysis_rule(self, configured_table_identifier: str, analysis_rule_type: str
                                           ) -> dict[str, Any]:
        table = self.store.own_configured_table(configured_table_identifier)
        rule_of(table, analysis_rule_type, CONFIGURED_TABLE)
        return {"analysisRule": table.rule_view()}

    @operation("UpdateConfiguredTableAnalysisRule")
    def update_configured_table_analysis_rule(
        self, configured_table_identifier: str, analysis_rule_type: str, analysis_rule_policy: dict[str, Any],
    ) -> dict[str, Any]:
        table = self.store.own_configured_table(configured_table_identifier)
        rule = rule_of(table, analysis_rule_type, CONFIGURED_TABLE)
        check_table_rule(analysis_rule_type, analysis_rule_policy, table.allowed_columns)
        rule.replace(analysis_rule_policy)
        return {"analysisRule": table.rule_view()}

    @operation("DeleteConfiguredTableAnalysisRule")
    def delete_configured_table_analysis_rule(self, configured_table_identifier: str, analysis_rule_type: str
                                              ) -> dict[str, Any]:
        table = self.store.own_configured_table(configured_table_identifier)
        rule_of(table, analysis_rule_type, CONFIGURED_TABLE)
        table.rule = None
        table.touch()
        return {}
