"""What an analysis rule's policy must satisfy beyond the model's shapes, checked when it is created or updated.

Sources (spec §5.2–5.6): API_CreateConfiguredTableAnalysisRule, API_AnalysisRuleAggregation,
API_AnalysisRuleList, API_AnalysisRuleCustom and the user guide's analysis-rules-aggregation, -list and -custom
pages. AWS is silent on most error wording and on some rules; we chose (ValidationException each time):

- the policy's ``v1`` member must be the rule's type (``analysisRuleType`` AGGREGATION ↔ ``v1.aggregation``);
- every column a rule names must be one of the configured table's allowedColumns;
- AGGREGATION: a column may not be both a dimension and a join column ("They can never be outputted
  directly" of join columns); ``additionalAnalyses`` other than NOT_ALLOWED is refused (it is "currently
  supported for" LIST and CUSTOM only);
- CUSTOM: template ARNs **or** analysis providers, not both; ANY_QUERY needs allowedAnalysisProviders;
  differential privacy is not combined with aggregationThresholds or comparisonControls;
- a rule's JSON is at most 100 KB (ServiceQuotaExceededException "Analysis rule JSON size").

Association rules (the "collaboration analysis rule"): the policy member must match the type; each
allowedResultReceivers entry must be a member of the collaboration with CAN_RECEIVE_RESULTS; its type must be
the configured table's rule type when that table has a rule (schema reason ANALYSIS_RULE_TYPES_NOT_COMPATIBLE
otherwise).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..errors import INVALID_CONFIGURATION, invalid, not_found, quota_exceeded
from ..quotas import ANALYSIS_RULE_SIZE, fixed
from ..resources import CAN_RECEIVE_RESULTS, Collaboration
from .resources import AGGREGATION, CUSTOM, LIST, ConfiguredTable, Rule, TableAssociation

ANY_QUERY, ANY_JOB = "ANY_QUERY", "ANY_JOB"


def policy_body(rule_type: str, policy: dict[str, Any]) -> dict[str, Any]:
    """``policy["v1"][rule_type.lower()]``: the policy's one member must be the rule's type."""
    v1 = policy.get("v1") or {}
    key = rule_type.lower()
    if set(v1) != {key}:
        raise invalid(f"analysisRulePolicy.v1 must contain {key} for an analysis rule of type {rule_type}; "
                      f"found {', '.join(sorted(v1)) or 'nothing'}.")
    return dict(v1[key])


def check_table_rule(rule_type: str, policy: dict[str, Any], allowed_columns: Iterable[str]) -> None:
    body = policy_body(rule_type, policy)
    if len(json.dumps(policy).encode()) > fixed(ANALYSIS_RULE_SIZE):
        raise quota_exceeded(ANALYSIS_RULE_SIZE, fixed(ANALYSIS_RULE_SIZE))
    allowed = set(allowed_columns)
    if rule_type == AGGREGATION:
        _check_aggregation(body, allowed)
    elif rule_type == LIST:
        _check_columns(allowed, joinColumns=body["joinColumns"], listColumns=body["listColumns"])
    elif rule_type == CUSTOM:
        _check_custom(body, allowed)


def rule_columns(rule_type: str, body: dict[str, Any]) -> set[str]:
    """Every column a rule body names (for UpdateConfiguredTable: they must stay allowed)."""
    if rule_type == AGGREGATION:
        return ({name for column in body["aggregateColumns"] for name in column["columnNames"]}
                | set(body["joinColumns"]) | set(body["dimensionColumns"])
                | {constraint["columnName"] for constraint in body["outputConstraints"]})
    if rule_type == LIST:
        return set(body["joinColumns"]) | set(body["listColumns"])
    return (set(body.get("disallowedOutputColumns", []))
            | {column["name"] for column in body.get("differentialPrivacy", {}).get("columns", [])})


def _check_columns(allowed: set[str], **named: Iterable[str]) -> None:
    for member, columns in named.items():
        outside = sorted(set(columns) - allowed)
        if outside:
            raise invalid(f"{member} {', '.join(outside)} must be among the configured table's allowedColumns.",
                          INVALID_CONFIGURATION)


def _check_aggregation(body: dict[str, Any], allowed: set[str]) -> None:
    _check_columns(
        allowed,
        aggregateColumns=[name for column in body["aggregateColumns"] for name in column["columnNames"]],
        joinColumns=body["joinColumns"], dimensionColumns=body["dimensionColumns"],
        outputConstraints=[constraint["columnName"] for constraint in body["outputConstraints"]])
    both = sorted(set(body["dimensionColumns"]) & set(body["joinColumns"]))
    if both:
        raise invalid(f"Columns {', '.join(both)} can't be both dimension columns and join columns.",
                      INVALID_CONFIGURATION)
    if body.get("additionalAnalyses", "NOT_ALLOWED") != "NOT_ALLOWED":
        raise invalid("additionalAnalyses is supported for LIST and CUSTOM analysis rules only.",
                      INVALID_CONFIGURATION)
    operators = body.get("allowedJoinOperators", [])
    if len(set(operators)) != len(operators):
        raise invalid("allowedJoinOperators lists an operator more than once.")


def _check_custom(body: dict[str, Any], allowed: set[str]) -> None:
    analyses = body["allowedAnalyses"]
    providers = body.get("allowedAnalysisProviders") or []
    templates = [analysis for analysis in analyses if analysis not in (ANY_QUERY, ANY_JOB)]
    if templates and providers:
        # analysis-rules-custom: "you can allow ... analysis templates or ... analysis providers", not both.
        raise invalid("A custom analysis rule allows either analysis templates or analysis providers, not both.",
                      INVALID_CONFIGURATION)
    if ANY_QUERY in analyses and not providers:
        raise invalid("allowedAnalysisProviders is required when allowedAnalyses contains ANY_QUERY.",
                      INVALID_CONFIGURATION)
    privacy = body.get("differentialPrivacy")
    _check_columns(allowed, disallowedOutputColumns=body.get("disallowedOutputColumns", []),
                   differentialPrivacy=[c["name"] for c in (privacy or {}).get("columns", [])])
    if privacy is not None:  # its one column (the model allows exactly one)
        if body.get("aggregationThresholds") or body.get("comparisonControls"):
            raise invalid("aggregationThresholds and comparisonControls can't be combined with differential "
                          "privacy.", INVALID_CONFIGURATION)


def check_association_rule(rule_type: str, policy: dict[str, Any], collaboration: Collaboration,
                           table_rule_type: str | None) -> None:
    body = policy_body(rule_type, policy)
    if table_rule_type is not None and table_rule_type != rule_type:
        raise invalid(f"The collaboration analysis rule type {rule_type} must be the configured table's analysis "
                      f"rule type {table_rule_type}.", INVALID_CONFIGURATION)
    for account in body.get("allowedResultReceivers", []):
        member = collaboration.member(account)
        if member is None or CAN_RECEIVE_RESULTS not in member.abilities:
            raise invalid(f"allowedResultReceivers: {account} is not a member of collaboration "
                          f"{collaboration.id} that can receive results.", INVALID_CONFIGURATION)


def rule_of(holder: ConfiguredTable | TableAssociation, analysis_rule_type: str, resource_type: str) -> Rule:
    """The analysis rule of ``analysis_rule_type`` a configured table or association has, else
    ResourceNotFoundException naming it (``resource_type``: the holder's, e.g. CONFIGURED_TABLE)."""
    if holder.rule is None or holder.rule.type != analysis_rule_type:
        what = "configured table" if isinstance(holder, ConfiguredTable) else "configured table association"
        raise not_found(resource_type, holder.id, f"{analysis_rule_type} analysis rule of {what}")
    return holder.rule
