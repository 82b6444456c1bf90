"""Analysis templates: a member's parameterised SQL, which a CUSTOM analysis rule may allow by ARN; every
member of the collaboration sees it through the collaboration variants.

API pages: https://docs.aws.amazon.com/clean-rooms/latest/apireference/API_CreateAnalysisTemplate.html (and
Get/List/Update/DeleteAnalysisTemplate, GetCollaborationAnalysisTemplate, ListCollaborationAnalysisTemplates,
BatchGetCollaborationAnalysisTemplate); user guide create-analysis-template; spec §7. Quota: 25 per membership.

Each ``:name`` the SQL text references must be declared in ``analysisParameters`` (ValidationException naming
the undeclared ones); a parameter is declared once. AWS is silent; we chose: the membership must be ACTIVE to
create or change (AccessDeniedException: these operations model no ConflictException but Create, where a
non-ACTIVE membership is ConflictException INVALID_STATE); names are unique within a membership (ConflictException
ALREADY_EXISTS); a SQL template needs ``source.text``, a PySpark one ``source.artifacts`` and a collaboration on
the Spark engine (ValidationException); a template may be deleted while a rule allows it (the rule keeps the
ARN; queries through it are then refused). BatchGet answers each ARN it cannot return as an error with code
``ResourceNotFoundException``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ...core.tags import check_new_tags
from ..errors import (
    ALREADY_EXISTS,
    COLLABORATION,
    INVALID_CONFIGURATION,
    LISTING,
    MEMBERSHIP,
    TAG_RULES,
    check_quota,
    conflict,
    invalid,
    not_found,
)
from ..quotas import ANALYSIS_TEMPLATES_PER_MEMBERSHIP
from ..resources import Collaboration, Membership
from ..sql import template_parameters
from ..state import shared_in
from ..store import CleanRoomsStore
from .resources import AnalysisTemplate

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...core.pagination import Page

WHAT = "Analysis template"
NOT_FOUND = "ResourceNotFoundException"
SPARK = "SPARK"


def _check_source(format: str, source: dict[str, Any], parameters: list[dict[str, Any]],
                  collaboration: Collaboration) -> None:
    if format == "SQL":
        if "text" not in source:
            raise invalid("A SQL analysis template needs source.text.", INVALID_CONFIGURATION)
        names = [parameter["name"] for parameter in parameters]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise invalid(f"analysisParameters declares {', '.join(repeated)} more than once.")
        undeclared = [name for name in template_parameters(source["text"]) if name not in names]
        if undeclared:
            raise invalid(f"The template references parameters that analysisParameters does not declare: "
                          f"{', '.join(undeclared)}.", INVALID_CONFIGURATION)
        return
    if "artifacts" not in source:
        raise invalid(f"A {format} analysis template needs source.artifacts.", INVALID_CONFIGURATION)
    # create-analysis-template: PySpark templates run on the Spark analytics engine only.
    if collaboration.analytics_engine not in (None, SPARK):
        raise invalid("PySpark analysis templates need a collaboration on the SPARK analytics engine.",
                      INVALID_CONFIGURATION)


class AnalysisTemplateOperations(OperationGroup[CleanRoomsStore]):
    def _template(self, membership: Membership, template_id: str) -> AnalysisTemplate:
        state = self.store.shared
        return state.read_in_membership(state.analysis_templates, template_id, membership)

    @operation("CreateAnalysisTemplate")
    def create_analysis_template(
        self, membership_identifier: str, name: str, format: str, source: dict[str, Any],
        description: Optional[str] = None, tags: Optional[dict[str, str]] = None,
        analysis_parameters: Optional[list[dict[str, Any]]] = None, schema: Optional[dict[str, Any]] = None,
        error_message_configuration: Optional[dict[str, Any]] = None,
        synthetic_data_parameters: Optional[dict[str, Any]] = None,
    ) -> dict[str, Any]:
        store, state = self.store, self.store.shared
        membership = store.active_membership(membership_identifier, conflict_modelled=True)
        _check_source(format, source, analysis_parameters or [], membership.collaboration)
        mine = state.analysis_templates.where(lambda template: template.membership is membership)
        taken = [template for template in mine if template.name == name]
        if taken:
            raise conflict(MEMBERSHIP, taken[0].id, ALREADY_EXISTS,
                           f"Membership {membership.id} already has an analysis template named {name}.")
        check_quota(store, len(mine), ANALYSIS_TEMPLATES_PER_MEMBERSHIP)
        check_new_tags(tags or {}, TAG_RULES)
        template = state.add_analysis_template(
            membership, name=name, format=format, source=source, description=description,
            analysis_parameters=list(analysis_parameters or []),
            schema=schema if schema is not None else {"referencedTables": []},
            error_message_configuration=error_message_configuration,
            synthetic_data_parameters=synthetic_data_parameters, tags=dict(tags or {}))
        return {"analysisTemplate": template.view()}

    @operation("GetAnalysisTemplate")
    def get_analysis_template(self, membership_identifier: str, analysis_template_identifier: str
                              ) -> dict[str, Any]:
        membership = self.store.own_membership(membership_identifier)
        return {"analysisTemplate": self._template(membership, analysis_template_identifier).view()}

    @operation("ListAnalysisTemplates")
    def list_analysis_templates(self, membership_identifier: str, **page: Unpack[Page]) -> dict[str, Any]:
        return self.store.list_in_membership("analysisTemplateSummaries", self.store.shared.analysis_templates,
                                             membership_identifier, **page)

    @operation("UpdateAnalysisTemplate")
    def update_analysis_template(self, membership_identifier: str, analysis_template_identifier: str,
                                 description: Optional[str] = None) -> dict[str, Any]:
        """Only the description changes (botocore)."""
        membership = self.store.active_membership(membership_identifier, conflict_modelled=False)
        template = self._template(membership, analysis_template_identifier)
        template.description = description if description is not None else template.description
        template.touch()
        return {"analysisTemplate": template.view()}

    @operation("DeleteAnalysisTemplate")
    def delete_analysis_template(self, membership_identifier: str, analysis_template_identifier: str
                                 ) -> dict[str, Any]:
        membership = self.store.own_membership(membership_identifier)
        self.store.shared.remove_analysis_template(self._template(membership, analysis_template_identifier))
        return {}

    # --- the collaboration's view ------------------------------------------------------------------------
    def _collaboration_templates(self, collaboration_identifier: str) -> dict[str, AnalysisTemplate]:
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=True)
        return {template.arn: template for template in self.store.shared.analysis_templates_of(collaboration)}

    @operation("GetCollaborationAnalysisTemplate")
    def get_collaboration_analysis_template(self, collaboration_identifier: str, analysis_template_arn: str
                                            ) -> dict[str, Any]:
        found = self._collaboration_templates(collaboration_identifier).get(analysis_template_arn)
        if found is None:
            raise not_found(COLLABORATION, analysis_template_arn.rsplit("/", 1)[-1], WHAT)
        return {"collaborationAnalysisTemplate": found.view()}

    @operation("ListCollaborationAnalysisTemplates")
    def list_collaboration_analysis_templates(self, collaboration_identifier: str, **page: Unpack[Page]
                                              ) -> dict[str, Any]:
        collaboration = self.store.visible_collaboration(collaboration_identifier, not_found_modelled=True)
        return LISTING.respond("collaborationAnalysisTemplateSummaries", self.store.shared.analysis_templates,
                               **page, filters={"collaboration": collaboration.id}, where=shared_in(collaboration))

    @operation("BatchGetCollaborationAnalysisTemplate")
    def batch_get_collaboration_analysis_template(self, collaboration_identifier: str,
                                                  analysis_template_arns: list[str]) -> dict[str, Any]:
        templates = self._collaboration_templates(collaboration_identifier)
        return {"collaborationAnalysisTemplates": [templates[arn].view() for arn in analysis_template_arns
                                                   if arn in templates],
                "errors": [{"arn": arn, "code": NOT_FOUND, "message": f"Analysis template {arn} not found."}
                           for arn in analysis_template_arns if arn not in templates]}
