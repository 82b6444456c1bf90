"""Schemas: the collaboration's read-only view of its associated tables, one per configured table association
of an ACTIVE membership, named as queries name it. Every member that may see the collaboration reads them.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_GetSchema.html (and ListSchemas,
BatchGetSchema, GetSchemaAnalysisRule, BatchGetSchemaAnalysisRule); spec §6.

A schema's columns are the configured table's allowed columns with their Glue types; ``analysisRuleTypes``
the configured table's rule type (none yet: empty). AWS does not document how ``schemaStatusDetails`` reasons
are chosen; we chose (status NOT_READY with the first that applies, else READY):

| condition | reason code |
|---|---|
| the configured table has no analysis rule | ANALYSIS_RULE_MISSING |
| the association's rule type differs from the table's | ANALYSIS_RULE_TYPES_NOT_COMPATIBLE |
| CUSTOM rule allowing no analysis | ANALYSIS_TEMPLATES_NOT_CONFIGURED |
| the association allows additional analyses the table's rule does not allow | ADDITIONAL_ANALYSES_NOT_ALLOWED |
| the table's rule REQUIREs additional analyses, the association allows none | ADDITIONAL_ANALYSES_NOT_CONFIGURED |

A name no schema has is ResourceNotFoundException (resourceType CONFIGURED_TABLE_ASSOCIATION, the name as
resourceId); BatchGet answers it per name as an error with code ``ResourceNotFoundException``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import CONFIGURED_TABLE_ASSOCIATION, LISTING, not_found
from ..resources import Collaboration
from ..store import CleanRoomsStore
from .resources import CUSTOM, ConfiguredTable, TableAssociation

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...core.pagination import Page

NOT_FOUND = "ResourceNotFoundException"


@dataclass(frozen=True)
class CollaborationTable:
    """An association as the collaboration sees it, with its configured table read from its owner's store."""

    association: TableAssociation
    table: Optional[ConfiguredTable]

    @property
    def seq(self) -> int:
        return self.association.seq

    @property
    def rule_type(self) -> Optional[str]:
        return self.table.rule.type if self.table is not None and self.table.rule is not None else None

    def reasons(self) -> list[dict[str, str]]:
        table, association = self.table, self.association
        if table is None or table.rule is None:
            return [{"code": "ANALYSIS_RULE_MISSING", "message": "The configured table has no analysis rule."}]
        body, own = table.rule.body, association.rule
        own_body = own.body if own is not None else {}
        if own is not None and own.type != table.rule.type:
            return [{"code": "ANALYSIS_RULE_TYPES_NOT_COMPATIBLE",
                     "message": f"The collaboration analysis rule is {own.type}, the configured table's "
                                f"{table.rule.type}."}]
        if table.rule.type == CUSTOM and not body.get("allowedAnalyses"):
            return [{"code": "ANALYSIS_TEMPLATES_NOT_CONFIGURED", "message": "The custom analysis rule allows no "
                                                                            "analysis."}]
        additional = body.get("additionalAnalyses", "NOT_ALLOWED")
        if own_body.get("allowedAdditionalAnalyses") and additional == "NOT_ALLOWED":
            return [{"code": "ADDITIONAL_ANALYSES_NOT_ALLOWED",
                     "message": "The configured table's analysis rule does not allow additional analyses."}]
        if additional == "REQUIRED" and not own_body.get("allowedAdditionalAnalyses"):
            return [{"code": "ADDITIONAL_ANALYSES_NOT_CONFIGURED",
                     "message": "The configured table requires additional analyses; none is allowed."}]
        return []

    def view(self) -> dict[str, Any]:
        association, table = self.association, self.table
        membership = association.membership
        reasons = self.reasons()
        detail: dict[str, Any] = {"status": "NOT_READY" if reasons else "READY", "analysisType": "DIRECT_ANALYSIS"}
        if reasons:
            detail["reasons"] = reasons
        if self.rule_type is not None:
            detail["analysisRuleType"] = self.rule_type
        columns = table.column_types if table is not None else {}
        view: dict[str, Any] = {
            "columns": [{"name": name, "type": columns[name]} for name in columns], "partitionKeys": [],
            "analysisRuleTypes": [self.rule_type] if self.rule_type else [],
            "creatorAccountId": association.account_id, "name": association.name,
            "collaborationId": membership.collaboration.id, "collaborationArn": membership.collaboration.arn,
            "description": association.description or "", "createTime": association.created_at,
            "updateTime": association.updated_at, "type": "TABLE", "schemaStatusDetails": [detail],
            "resourceArn": membership.arn + f"/configuredtableassociation/{association.id}",
            "schemaTypeProperties": {"configuredTableAssociation": {"configuredTableAssociationId": association.id}},
        }
        if table is not None:
            view["analysisMethod"] = table.analysis_method
            if table.selected_analysis_methods:
                view["selectedAnalysisMethods"] = table.selected_analysis_methods
        return view

    def rule_view(self) -> dict[str, Any]:
        """API_AnalysisRule: the table's rule, the association's (collaborationPolicy) and both merged."""
        table, association = self.table, self.association
        assert table is not None and table.rule is not None
        key = table.rule.type.lower()
        view: dict[str, Any] = {
            "collaborationId": association.collaboration.id, "type": table.rule.type, "name": association.name,
            "createTime": table.rule.created_at, "updateTime": table.rule.updated_at, "policy": table.rule.policy,
            "consolidatedPolicy": {"v1": {key: {**table.rule.body, **(association.rule.body if association.rule
                                                                       is not None else {})}}},
        }
        if association.rule is not None:
            view["collaborationPolicy"] = association.rule.policy
        return view


def collaboration_tables(store: CleanRoomsStore, collaboration: Collaboration) -> list[CollaborationTable]:
    """The collaboration's associated tables, each configured table read from its owner's store."""
    return [CollaborationTable(association, store.peer(association.account_id).configured_table(
        association.configured_table_id)) for association in store.shared.table_associations_of(collaboration)]


class SchemaOperations(OperationGroup[CleanRoomsStore]):
    def _tables(self, collaboration_identifier: str) -> dict[str, CollaborationTable]:
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=True)
        return {table.association.name: table for table in collaboration_tables(self.store, collaboration)}

    @staticmethod
    def _named(tables: dict[str, CollaborationTable], name: str) -> CollaborationTable:
        found = tables.get(name.lower())
        if found is None:
            raise not_found(CONFIGURED_TABLE_ASSOCIATION, name, "Schema")
        return found

    @staticmethod
    def _rule(tables: dict[str, CollaborationTable], name: str, rule_type: str) -> CollaborationTable:
        found = SchemaOperations._named(tables, name)
        if found.rule_type != rule_type:
            raise not_found(CONFIGURED_TABLE_ASSOCIATION, name, f"{rule_type} analysis rule of schema")
        return found

    @operation("GetSchema")
    def get_schema(self, collaboration_identifier: str, name: str) -> dict[str, Any]:
        return {"schema": self._named(self._tables(collaboration_identifier), name).view()}

    @operation("ListSchemas")
    def list_schemas(self, collaboration_identifier: str, schema_type: Optional[str] = None,
                     **page: Unpack[Page]) -> dict[str, Any]:
        tables = list(self._tables(collaboration_identifier).values()) if schema_type in (None, "TABLE") else []
        return LISTING.respond("schemaSummaries", sorted(tables, key=lambda table: table.seq), **page,
                               filters={"collaboration": collaboration_identifier, "schemaType": schema_type})

    @operation("BatchGetSchema")
    def batch_get_schema(self, collaboration_identifier: str, names: list[str]) -> dict[str, Any]:
        tables = self._tables(collaboration_identifier)
        found = [tables[name.lower()].view() for name in names if name.lower() in tables]
        errors = [{"name": name, "code": NOT_FOUND, "message": f"Schema {name} not found."}
                  for name in names if name.lower() not in tables]
        return {"schemas": found, "errors": errors}

    @operation("GetSchemaAnalysisRule")
    def get_schema_analysis_rule(self, collaboration_identifier: str, name: str, type: str) -> dict[str, Any]:
        return {"analysisRule": self._rule(self._tables(collaboration_identifier), name, type).rule_view()}

    @operation("BatchGetSchemaAnalysisRule")
    def batch_get_schema_analysis_rule(self, collaboration_identifier: str,
                                       schema_analysis_rule_requests: list[dict[str, str]]) -> dict[str, Any]:
        tables = self._tables(collaboration_identifier)
        rules, errors = [], []
        for request in schema_analysis_rule_requests:
            name, rule_type = request["name"], request["type"]
            found = tables.get(name.lower())
            if found is None or found.rule_type != rule_type:
                errors.append({"name": name, "type": rule_type, "code": NOT_FOUND,
                               "message": f"Schema {name} has no {rule_type} analysis rule."})
            else:
                rules.append(found.rule_view())
        return {"analysisRules": rules, "errors": errors}
