"""Configured tables, their analysis rules, configured table associations and their rules, with one view each.

A configured table is one account's (its store's table); its analysis rule is part of it ("Currently, only one
analysis rule can be created for a given configured table", API_CreateConfiguredTableAnalysisRule). An
association lives in a membership (the region's shared state) and names its configured table by id and ARN: the
table itself is read from its owner's store (``CleanRoomsStore.configured_table``).

Shapes: API_ConfiguredTable(Summary), API_ConfiguredTableAnalysisRule, API_ConfiguredTableAssociation(Summary),
API_ConfiguredTableAssociationAnalysisRule under https://docs.aws.amazon.com/clean-rooms/latest/apireference/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from ...core import clock
from ..resources import Membership, Timestamped, present

# AnalysisRuleType (botocore): the configured-table rule types
AGGREGATION, LIST, CUSTOM = "AGGREGATION", "LIST", "CUSTOM"


@dataclass
class Rule:
    """An analysis rule as the API carries it: its type and ``{"v1": {type.lower(): body}}``."""

    type: str
    policy: dict[str, Any]
    created_at: dt.datetime = field(default_factory=clock.now)
    updated_at: dt.datetime = field(default_factory=clock.now)

    def __post_init__(self) -> None:
        self.updated_at = self.created_at

    @property
    def body(self) -> dict[str, Any]:
        """The policy body: ``policy["v1"][type.lower()]``."""
        return dict(self.policy["v1"][self.type.lower()])

    def replace(self, policy: dict[str, Any]) -> None:
        self.policy = policy
        self.updated_at = clock.now()


@dataclass
class ConfiguredTable(Timestamped):
    id: str = ""
    description: Optional[str] = None
    table_reference: dict[str, Any] = field(default_factory=dict)
    allowed_columns: list[str] = field(default_factory=list)
    column_types: dict[str, str] = field(default_factory=dict)  # allowed column → its Glue type
    analysis_method: str = "DIRECT_QUERY"
    selected_analysis_methods: Optional[list[str]] = None
    rule: Optional[Rule] = None

    @property
    def table_type(self) -> str:
        """GLUE | SNOWFLAKE | ATHENA | DATABRICKS: the member of the ``tableReference`` union."""
        return next(iter(self.table_reference)).upper()

    @property
    def glue(self) -> Optional[dict[str, str]]:
        reference = self.table_reference.get("glue")
        return dict(reference) if reference is not None else None

    def rule_view(self) -> dict[str, Any]:
        rule = self.rule
        assert rule is not None
        return {"configuredTableId": self.id, "configuredTableArn": self.arn, "policy": rule.policy,
                "type": rule.type, "createTime": rule.created_at, "updateTime": rule.updated_at}

    def view(self) -> dict[str, Any]:
        return present({
            "id": self.id, "arn": self.arn, "name": self.name, "description": self.description,
            "tableReference": self.table_reference, "tableType": self.table_type,
            "createTime": self.created_at, "updateTime": self.updated_at,
            "analysisRuleTypes": [self.rule.type] if self.rule is not None else [],
            "analysisMethod": self.analysis_method, "allowedColumns": list(self.allowed_columns),
            "selectedAnalysisMethods": self.selected_analysis_methods,
        })


@dataclass
class TableAssociation(Timestamped):
    """A configured table associated with a membership's collaboration; ``name`` is what queries call it."""

    id: str = ""
    membership: Membership = field(default_factory=Membership)
    configured_table_id: str = ""
    configured_table_arn: str = ""
    role_arn: str = ""
    description: Optional[str] = None
    rule: Optional[Rule] = None

    @property
    def account_id(self) -> str:
        return self.membership.account_id

    @property
    def collaboration(self) -> Any:
        return self.membership.collaboration

    def rule_view(self) -> dict[str, Any]:
        rule = self.rule
        assert rule is not None
        return {"membershipIdentifier": self.membership.id, "configuredTableAssociationId": self.id,
                "configuredTableAssociationArn": self.arn, "policy": rule.policy, "type": rule.type,
                "createTime": rule.created_at, "updateTime": rule.updated_at}

    def view(self) -> dict[str, Any]:
        return present({
            "arn": self.arn, "id": self.id, "configuredTableId": self.configured_table_id,
            "configuredTableArn": self.configured_table_arn, "membershipId": self.membership.id,
            "membershipArn": self.membership.arn, "roleArn": self.role_arn, "name": self.name,
            "description": self.description,
            "analysisRuleTypes": [self.rule.type] if self.rule is not None else [],
            "createTime": self.created_at, "updateTime": self.updated_at,
        })
