"""Metric attributions: CreateMetricAttribution, DescribeMetricAttribution, ListMetricAttributions,
ListMetricAttributionMetrics, UpdateMetricAttribution, DeleteMetricAttribution.

Rules from metric-attribution-requirements and API_MetricAttribute.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Optional

from ...core.errors import ServiceError
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import LISTING, invalid, limit_exceeded, not_active
from ..lifecycles import ACTIVE
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .resources import MetricAttribution, Numbered

if TYPE_CHECKING:
    from typing_extensions import Unpack

# metric-attribution-requirements: one metric attribution per dataset group, at most 10 metrics.
# API_CreateMetricAttribution / API_MetricAttribute: SUM(<DatasetType>.<COLUMN>) over Interactions or
# Items, or SAMPLECOUNT().
_SUM = re.compile(r"\s*SUM\(\s*(Interactions|Items)\.([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*\Z")
_SAMPLECOUNT = re.compile(r"\s*SAMPLECOUNT\(\s*\)\s*\Z")


class MetricAttributionOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateMetricAttribution")
    def create_metric_attribution(
        self,
        name: str,
        dataset_group_arn: str,
        metrics: list[dict[str, str]],
        metrics_output_config: dict[str, Any],
    ) -> dict[str, Any]:
        group = self.store.active_dataset_group(dataset_group_arn)
        attributions = self.store.metric_attributions
        arn = self.store.new_arn(attributions, f"metric-attribution/{name}")
        self._check_metrics(group.arn, metrics, limit_exceeded)
        self.store.within_quota("Metric attributions per dataset group",
                                len(attributions.where(lambda m: m.dataset_group_arn == group.arn)),
                                f"Dataset group {group.arn} already has a metric attribution; the limit is {{limit}}.")
        attributions.add(
            MetricAttribution(
                arn=arn,
                name=name,
                dataset_group_arn=group.arn,
                metrics=[dict(m) for m in metrics],
                metrics_output_config=metrics_output_config,
            )
        )
        return {"metricAttributionArn": arn}

    describe_metric_attribution = describe_operation(
        "DescribeMetricAttribution", lambda store: store.metric_attributions
    )

    list_metric_attributions = list_operation("ListMetricAttributions", lambda store: store.metric_attributions)

    @operation("ListMetricAttributionMetrics")
    def list_metric_attribution_metrics(
        self,
        metric_attribution_arn: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        if not metric_attribution_arn:
            # Not documented by AWS (the model makes it optional); there is nothing to list without it.
            raise invalid("metricAttributionArn is required.")
        # The operation models no ResourceNotFoundException; an unknown ARN has no metrics.
        found = self.store.metric_attributions.find(metric_attribution_arn)
        return LISTING.respond(
            "metrics",
            Numbered.each(found.metrics if found else []),
            **page,
            filters={"metricAttributionArn": metric_attribution_arn},
        )

    @operation("UpdateMetricAttribution")
    def update_metric_attribution(
        self,
        add_metrics: Optional[list[dict[str, str]]] = None,
        remove_metrics: Optional[list[str]] = None,
        metrics_output_config: Optional[dict[str, Any]] = None,
        metric_attribution_arn: Optional[str] = None,
    ) -> dict[str, Any]:
        if not metric_attribution_arn:
            raise invalid("metricAttributionArn is required.")
        found = self.store.metric_attributions.read(metric_attribution_arn)
        status = found.lifecycle.current
        if status != ACTIVE:
            raise not_active("metric attribution", metric_attribution_arn, status)
        names = [m["metricName"] for m in found.metrics]
        unknown = [n for n in remove_metrics or () if n not in names]
        if unknown:
            raise invalid(f"Metric attribution {found.arn} has no metrics named {', '.join(unknown)}.")
        kept = [m for m in found.metrics if m["metricName"] not in set(remove_metrics or ())]
        for metric in add_metrics or ():
            if any(m["metricName"] == metric["metricName"] for m in kept):
                raise ServiceError(
                    "ResourceAlreadyExistsException",
                    f"Metric {metric['metricName']} already exists in metric attribution {found.arn}.",
                )
        updated = kept + [dict(m) for m in add_metrics or ()]
        # UpdateMetricAttribution declares no LimitExceededException: too many metrics is invalid input here.
        self._check_metrics(found.dataset_group_arn, updated, invalid)
        found.metrics = updated
        if metrics_output_config is not None:
            found.metrics_output_config = metrics_output_config
        # Not documented by AWS: updates reuse the create flow statuses, as campaign updates do.
        found.lifecycle.begin(found.lifecycle.steps, failed_status="CREATE FAILED")
        return {"metricAttributionArn": found.arn}

    @operation("DeleteMetricAttribution")
    def delete_metric_attribution(self, metric_attribution_arn: str) -> dict[str, Any]:
        self.store.metric_attributions.read(metric_attribution_arn)
        self.store.metric_attributions.remove(metric_attribution_arn)
        return {}

    def _check_metrics(
        self, group_arn: str, metrics: list[dict[str, str]], too_many: Callable[[str], ServiceError]
    ) -> None:
        """metric-attribution-requirements: an Interactions dataset with EVENT_TYPE; at most 10 metrics with
        distinct names (more: ``too_many``, the error the calling operation declares); each expression
        SUM(Interactions|Items.<numeric column>) or SAMPLECOUNT()."""
        most = self.store.quota("Metrics per metric attribution")
        if len(metrics) > most:
            raise too_many(f"A metric attribution can have at most {most} metrics; got {len(metrics)}.")
        names = [m["metricName"] for m in metrics]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise invalid(f"Metric names must be unique; repeated: {', '.join(repeated)}.")
        schemas = self.store.group_schemas(group_arn)
        interactions = schemas.get("Interactions")
        if interactions is None or interactions.field("EVENT_TYPE") is None:
            raise invalid(
                f"Dataset group {group_arn} needs an Interactions dataset with an EVENT_TYPE column for metric "
                "attribution."
            )
        for metric in metrics:
            expression = metric["expression"]
            if _SAMPLECOUNT.match(expression):
                continue
            match = _SUM.match(expression)
            if match is None:
                raise invalid(
                    f"Invalid metric expression {expression!r}: use SUM(Interactions.<COLUMN>), "
                    "SUM(Items.<COLUMN>) or SAMPLECOUNT()."
                )
            dataset, column = match.groups()
            schema = schemas.get(dataset)
            field = schema.field(column) if schema else None
            if field is None or not field.is_numeric:
                raise invalid(
                    f"Invalid metric expression {expression!r}: {dataset}.{column} is not a numeric column of the "
                    f"dataset group's {dataset} dataset."
                )
