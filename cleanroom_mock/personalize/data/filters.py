"""Filters: CreateFilter, DescribeFilter, ListFilters, DeleteFilter.

The expression is parsed and checked against the group's schemas once, here (``filter_expression``); the
runtime and batch jobs read ``Filter.expression`` and compile it per request.
"""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import in_use, invalid, limit_exceeded, new_tags
from ..filter_expression import FilterExpressionError, parse_filter_expression, validate_filter_expression
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .resources import Filter

# limits: 30 filters per dataset group (adjustable) and 20 distinct dataset fields across them.


class FilterOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateFilter")
    def create_filter(
        self,
        name: str,
        dataset_group_arn: str,
        filter_expression: str,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        group = self.store.dataset_group(dataset_group_arn)
        try:
            # Checked against the schemas and named as they spell their fields (field names match ignoring case).
            expression = validate_filter_expression(
                parse_filter_expression(filter_expression), self.store.group_schemas(group.arn)
            )
        except FilterExpressionError as exc:
            raise invalid(exc.message)
        filters = self.store.filters
        arn = self.store.new_arn(filters, f"filter/{name}")
        siblings = filters.where(lambda f: f.dataset_group_arn == group.arn)
        self.store.within_quota("Filters per dataset group", len(siblings),
                                f"More than {{limit}} filters in dataset group {group.arn}.")
        fields = set(expression.fields)
        for sibling in siblings:
            fields |= sibling.expression.fields  # type: ignore[union-attr]
        field_limit = self.store.quota("Distinct dataset fields across all filters per dataset group")
        if len(fields) > field_limit:
            raise limit_exceeded(
                f"The filters of dataset group {group.arn} would use {len(fields)} distinct dataset fields; "
                f"the limit is {field_limit}."
            )
        filters.add(
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

    describe_filter = describe_operation("DescribeFilter", lambda store: store.filters)

    list_filters = list_operation("ListFilters", lambda store: store.filters)

    @operation("DeleteFilter")
    def delete_filter(self, filter_arn: str) -> dict[str, Any]:
        self.store.filter(filter_arn)
        # A batch job still running uses its filter (the check reads the jobs, as every reference does).
        for label, jobs in (("batch inference", self.store.batch_inference_jobs),
                            ("batch segment", self.store.batch_segment_jobs)):
            for job in jobs.read_all(lambda job: job.filter_arn == filter_arn):
                if not job.lifecycle.finished:
                    raise in_use(f"Filter {filter_arn} is used by {label} job {job.arn} in progress.")
        self.store.filters.remove(filter_arn)
        return {}
