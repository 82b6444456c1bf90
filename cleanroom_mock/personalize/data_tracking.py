"""Event trackers, filters and metric attributions: what a dataset group uses its data for.

personalize-events finds an event tracker by its ``trackingId`` (``_event_tracker_by_tracking_id``) and
the Action interactions dataset by its own tracking ID (``_action_interactions_by_tracking_id``); the
runtime reads ``Filter.expression`` (parsed once here) and compiles it per request.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..core.errors import ServiceError
from ..core.ids import uuid_id
from ..core.resources import enforce_quota
from .data_common import DataBase, already_exists, in_use, invalid, limit_exceeded, new_tags, not_active
from .data_resources import ACTIVE, Dataset, EventTracker, Filter, MetricAttribution
from .filter_expression import FilterExpressionError, parse_filter_expression, validate_filter_expression

# limits: 30 filters per dataset group (adjustable) and 20 distinct dataset fields across them.
MAX_FILTERS = 30
MAX_FILTER_FIELDS = 20
# metric-attribution-requirements: one metric attribution per dataset group, at most 10 metrics.
MAX_METRIC_ATTRIBUTIONS = 1
MAX_METRICS = 10
# API_CreateMetricAttribution / API_MetricAttribute: SUM(<DatasetType>.<COLUMN>) over Interactions or
# Items, or SAMPLECOUNT().
_SUM = re.compile(r"\s*SUM\(\s*(Interactions|Items)\.([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*\Z")
_SAMPLECOUNT = re.compile(r"\s*SAMPLECOUNT\(\s*\)\s*\Z")


def _times(resource: Any) -> dict[str, Any]:
    return {"creationDateTime": resource.created_at, "lastUpdatedDateTime": resource.lifecycle.updated_at}


class TrackingOperations(DataBase):
    # --- event trackers ---------------------------------------------------------------------------
    def create_event_tracker(
        self, name: str, dataset_group_arn: str, tags: Optional[list[dict[str, str]]] = None
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        group = self._active_dataset_group(dataset_group_arn)
        arn = self.arn(f"event-tracker/{name}")
        if arn in self.event_trackers:
            raise already_exists(arn)
        existing = next((t for t in self.event_trackers if t.dataset_group_arn == group.arn), None)
        if existing is not None:
            # API_CreateEventTracker: "Only one event tracker can be associated with a dataset group." The
            # exception is not documented; we chose ResourceAlreadyExistsException (spec §4.5).
            raise already_exists(existing.arn)
        tracker = EventTracker(arn=arn, name=name, dataset_group_arn=group.arn, tracking_id=uuid_id(), tags=tag_map)
        self.event_trackers.add(tracker)
        return {"eventTrackerArn": arn, "trackingId": tracker.tracking_id}

    def describe_event_tracker(self, event_tracker_arn: str) -> dict[str, Any]:
        tracker = self.event_trackers.get(event_tracker_arn)
        tracker.lifecycle.observe()
        view = self._tracker_view(tracker)
        view.update(
            accountId=self.account_id, trackingId=tracker.tracking_id, datasetGroupArn=tracker.dataset_group_arn
        )
        return {"eventTracker": view}

    def list_event_trackers(
        self,
        dataset_group_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        page, token = self._group_page(self.event_trackers, dataset_group_arn, next_token, max_results)
        return self._with_next({"eventTrackers": [self._tracker_view(t) for t in page]}, token)

    def delete_event_tracker(self, event_tracker_arn: str) -> dict[str, Any]:
        # API_DeleteEventTracker: the tracker goes, the dataset and its events stay.
        self.event_trackers.get(event_tracker_arn)
        self.event_trackers.remove(event_tracker_arn)
        return {}

    @staticmethod
    def _tracker_view(tracker: EventTracker) -> dict[str, Any]:
        return {
            "name": tracker.name,
            "eventTrackerArn": tracker.arn,
            "status": tracker.lifecycle.current,
            **_times(tracker),
        }

    def _event_tracker_by_tracking_id(self, tracking_id: str) -> Optional[EventTracker]:
        """The event tracker issuing ``tracking_id`` (status not observed), or None. Its group's
        Interactions dataset is ``self._datasets_of(tracker.dataset_group_arn).get("INTERACTIONS")``."""
        return next((t for t in self.event_trackers if t.tracking_id == tracking_id), None)

    def _action_interactions_by_tracking_id(self, tracking_id: str) -> Optional[Dataset]:
        """The Action interactions dataset whose automatic event tracker issues ``tracking_id``, or None."""
        return next((d for d in self.datasets if d.tracking_id == tracking_id), None)

    # --- filters ----------------------------------------------------------------------------------
    def create_filter(
        self,
        name: str,
        dataset_group_arn: str,
        filter_expression: str,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        group = self._dataset_group(dataset_group_arn)
        try:
            expression = parse_filter_expression(filter_expression)
            validate_filter_expression(expression, self._group_schemas(group.arn))
        except FilterExpressionError as exc:
            raise invalid(exc.message)
        arn = self.arn(f"filter/{name}")
        if arn in self.filters:
            raise already_exists(arn)
        siblings = self.filters.where(lambda f: f.dataset_group_arn == group.arn)
        enforce_quota(
            len(siblings),
            MAX_FILTERS,
            lambda: limit_exceeded(f"More than {MAX_FILTERS} filters in dataset group {group.arn}."),
        )
        fields = set(expression.fields)
        for sibling in siblings:
            fields |= sibling.expression.fields  # type: ignore[union-attr]
        if len(fields) > MAX_FILTER_FIELDS:
            raise limit_exceeded(
                f"The filters of dataset group {group.arn} would use {len(fields)} distinct dataset fields; "
                f"the limit is {MAX_FILTER_FIELDS}."
            )
        self.filters.add(
            Filter(
                arn=arn,
                name=name,
                dataset_group_arn=group.arn,
                filter_expression=filter_expression,
                expression=expression,
                tags=tag_map,
            )
        )
        return {"filterArn": arn}

    def describe_filter(self, filter_arn: str) -> dict[str, Any]:
        found = self.filters.get(filter_arn)
        found.lifecycle.observe()
        return {"filter": {**self._filter_view(found), "filterExpression": found.filter_expression}}

    def list_filters(
        self,
        dataset_group_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        page, token = self._group_page(self.filters, dataset_group_arn, next_token, max_results)
        return self._with_next({"Filters": [self._filter_view(f) for f in page]}, token)

    def delete_filter(self, filter_arn: str) -> dict[str, Any]:
        self.filters.get(filter_arn)
        # A batch job still running uses its filter (the check reads the jobs, as every reference does).
        for kind in ("batch_inference_jobs", "batch_segment_jobs"):
            jobs = getattr(self, kind, None)
            for job in jobs.observed(lambda job: job.filter_arn == filter_arn) if jobs else ():
                if not job.lifecycle.finished:
                    label = kind[:-5].replace("_", " ")
                    raise in_use(f"Filter {filter_arn} is used by {label} job {job.arn} in progress.")
        self.filters.remove(filter_arn)
        return {}

    @staticmethod
    def _filter_view(item: Filter) -> dict[str, Any]:
        view = {
            "name": item.name,
            "filterArn": item.arn,
            "datasetGroupArn": item.dataset_group_arn,
            "status": item.lifecycle.current,
            **_times(item),
        }
        if item.lifecycle.failure_reason:
            view["failureReason"] = item.lifecycle.failure_reason
        return view

    # --- metric attributions ----------------------------------------------------------------------
    def create_metric_attribution(
        self,
        name: str,
        dataset_group_arn: str,
        metrics: list[dict[str, str]],
        metrics_output_config: dict[str, Any],
    ) -> dict[str, Any]:
        group = self._active_dataset_group(dataset_group_arn)
        arn = self.arn(f"metric-attribution/{name}")
        if arn in self.metric_attributions:
            raise already_exists(arn)
        self._check_metrics(group.arn, metrics)
        enforce_quota(
            len(self.metric_attributions.where(lambda m: m.dataset_group_arn == group.arn)),
            MAX_METRIC_ATTRIBUTIONS,
            lambda: limit_exceeded(f"Dataset group {group.arn} already has a metric attribution; the limit is 1."),
        )
        self.metric_attributions.add(
            MetricAttribution(
                arn=arn,
                name=name,
                dataset_group_arn=group.arn,
                metrics=[dict(m) for m in metrics],
                metrics_output_config=metrics_output_config,
            )
        )
        return {"metricAttributionArn": arn}

    def describe_metric_attribution(self, metric_attribution_arn: str) -> dict[str, Any]:
        found = self.metric_attributions.get(metric_attribution_arn)
        found.lifecycle.observe()
        view = self._attribution_view(found)
        view.update(datasetGroupArn=found.dataset_group_arn, metricsOutputConfig=found.metrics_output_config)
        return {"metricAttribution": view}

    def list_metric_attributions(
        self,
        dataset_group_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        page, token = self._group_page(self.metric_attributions, dataset_group_arn, next_token, max_results)
        return self._with_next({"metricAttributions": [self._attribution_view(m) for m in page]}, token)

    def list_metric_attribution_metrics(
        self,
        metric_attribution_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        if not metric_attribution_arn:
            # Not documented by AWS (the model makes it optional); there is nothing to list without it.
            raise invalid("metricAttributionArn is required.")
        # The operation models no ResourceNotFoundException; an unknown ARN has no metrics.
        found = self.metric_attributions.find(metric_attribution_arn)
        metrics = list(found.metrics) if found else []
        indexed = [_Indexed(index, metric) for index, metric in enumerate(metrics)]
        page, token = self._page(indexed, next_token, max_results, {"metricAttributionArn": metric_attribution_arn})
        return self._with_next({"metrics": [dict(item.metric) for item in page]}, token)

    def update_metric_attribution(
        self,
        add_metrics: Optional[list[dict[str, str]]] = None,
        remove_metrics: Optional[list[str]] = None,
        metrics_output_config: Optional[dict[str, Any]] = None,
        metric_attribution_arn: Optional[str] = None,
    ) -> dict[str, Any]:
        if not metric_attribution_arn:
            raise invalid("metricAttributionArn is required.")
        found = self.metric_attributions.get(metric_attribution_arn)
        status = found.lifecycle.observe()
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
        self._check_metrics(found.dataset_group_arn, updated)
        found.metrics = updated
        if metrics_output_config is not None:
            found.metrics_output_config = metrics_output_config
        # Not documented by AWS: updates reuse the create flow statuses, as campaign updates do.
        found.lifecycle.begin(found.lifecycle.steps, failed_status="CREATE FAILED")
        return {"metricAttributionArn": found.arn}

    def delete_metric_attribution(self, metric_attribution_arn: str) -> dict[str, Any]:
        self.metric_attributions.get(metric_attribution_arn)
        self.metric_attributions.remove(metric_attribution_arn)
        return {}

    @staticmethod
    def _attribution_view(item: MetricAttribution) -> dict[str, Any]:
        view = {
            "name": item.name,
            "metricAttributionArn": item.arn,
            "status": item.lifecycle.current,
            **_times(item),
        }
        if item.lifecycle.failure_reason:
            view["failureReason"] = item.lifecycle.failure_reason
        return view

    def _check_metrics(self, group_arn: str, metrics: list[dict[str, str]]) -> None:
        """metric-attribution-requirements: an Interactions dataset with EVENT_TYPE; at most 10 metrics with
        distinct names; each expression SUM(Interactions|Items.<numeric column>) or SAMPLECOUNT()."""
        if len(metrics) > MAX_METRICS:
            raise limit_exceeded(f"A metric attribution can have at most {MAX_METRICS} metrics; got {len(metrics)}.")
        names = [m["metricName"] for m in metrics]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise invalid(f"Metric names must be unique; repeated: {', '.join(repeated)}.")
        schemas = self._group_schemas(group_arn)
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


class _Indexed:
    """A metric with a position, so metrics paginate like resources (by ``seq``)."""

    def __init__(self, seq: int, metric: dict[str, str]) -> None:
        self.seq = seq
        self.metric = metric
