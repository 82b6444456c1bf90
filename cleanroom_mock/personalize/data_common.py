"""What every data-side operation group shares: AWS's error messages, list pages, tag checks, lookups.

The operation groups (``data_groups``, ``data_jobs``, ``data_tracking``, ``data_tags``) are mixins of
``PersonalizeBackend``; they read the tables ``DataOperations._setup`` creates. This base declares those
attributes for type checkers and holds the helpers, so each group reads like its API reference pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, TypeVar

from ..core.errors import ServiceError
from ..core.resources import Resource, ResourceTable
from ..core.tags import check_new_tags, tags_from_list
from .errors import (  # noqa: F401 - re-exported for the data-side groups
    LISTING,
    TAG_RULES,
    already_exists,
    in_use,
    invalid,
    limit_exceeded,
    not_active,
    not_found,
)

if TYPE_CHECKING:
    from ..core.state import MockHandle
    from .data_resources import (
        DataDeletionJob,
        Dataset,
        DatasetExportJob,
        DatasetGroup,
        DatasetImportJob,
        DatasetSchema,
        EventTracker,
        Filter,
        MetricAttribution,
    )

R = TypeVar("R", bound=Resource)

def new_tags(tags: Optional[Sequence[Mapping[str, str]]]) -> dict[str, str]:
    """The ``tags`` of a Create call, checked against the documented tag rules."""
    found = tags_from_list(tags)
    check_new_tags(found, TAG_RULES)
    return found


class DataBase:
    """Attributes and helpers the data-side mixins share (the tables come from ``DataOperations._setup``)."""

    handle: MockHandle
    account_id: str
    region: str
    dataset_groups: ResourceTable[DatasetGroup]
    schemas: ResourceTable[DatasetSchema]
    datasets: ResourceTable[Dataset]
    import_jobs: ResourceTable[DatasetImportJob]
    export_jobs: ResourceTable[DatasetExportJob]
    deletion_jobs: ResourceTable[DataDeletionJob]
    event_trackers: ResourceTable[EventTracker]
    filters: ResourceTable[Filter]
    metric_attributions: ResourceTable[MetricAttribution]

    if TYPE_CHECKING:  # provided by core.backend.Backend, which comes after the mixins in the MRO

        def arn(self, resource: str) -> str: ...

    @staticmethod
    def _table(unique_names: bool = True) -> ResourceTable[Any]:
        """A table answering AWS's not-found and name-taken messages (names are unique per account and
        region for each resource type: spec §2, suggestion, since the ARNs embed the names)."""
        holder: list[ResourceTable[Any]] = []

        def name_taken(name: str) -> ServiceError:
            return already_exists(holder[0].by_name(name).arn)  # type: ignore[union-attr]

        holder.append(ResourceTable(not_found, name_taken=name_taken if unique_names else None))
        return holder[0]

    def _dataset_group(self, arn: str) -> DatasetGroup:
        """The dataset group (its status observed), or ResourceNotFoundException."""
        group = self.dataset_groups.get(arn)
        group.lifecycle.observe()
        return group

    def _active_dataset_group(self, arn: str) -> DatasetGroup:
        group = self._dataset_group(arn)
        if group.lifecycle.current != "ACTIVE":
            raise not_active("dataset group", arn, group.lifecycle.current)
        return group

    def _datasets_of(self, group_arn: str) -> dict[str, Dataset]:
        """The group's datasets keyed by upper-case dataset type (at most one per type)."""
        return {d.dataset_type: d for d in self.datasets if d.dataset_group_arn == group_arn}

    def _group_schemas(self, group_arn: str) -> dict[str, Any]:
        """Parsed schemas of the group's datasets keyed by avro_schema's canonical type ("Items", ...)."""
        from .data_resources import DATASET_TYPE_KEYS

        by_key = {key: canonical for canonical, key in DATASET_TYPE_KEYS.items()}
        return {
            by_key[d.dataset_type]: self.schemas.get(d.schema_arn).parsed
            for d in self._datasets_of(group_arn).values()
            if d.schema_arn in self.schemas
        }

    @staticmethod
    def _page(
        items: Sequence[R],
        next_token: Optional[str],
        max_results: Optional[int],
        filters: Mapping[str, Any],
        *,
        newest_first: bool = False,
    ) -> tuple[list[R], Optional[str]]:
        return LISTING.page(items, next_token, max_results, filters, newest_first=newest_first)

    def _group_page(
        self,
        table: ResourceTable[R],
        dataset_group_arn: Optional[str],
        next_token: Optional[str],
        max_results: Optional[int],
        *,
        newest_first: bool = False,
    ) -> tuple[list[R], Optional[str]]:
        """One page of ``table``'s resources in ``dataset_group_arn`` (all groups when None), each read as a
        List reads it. Not documented by AWS: an unknown group (these Lists model no ResourceNotFound)
        lists nothing."""
        found = table.where(lambda r: dataset_group_arn is None or r.dataset_group_arn == dataset_group_arn)
        page, token = self._page(
            found, next_token, max_results, {"datasetGroupArn": dataset_group_arn}, newest_first=newest_first
        )
        for resource in page:
            resource.lifecycle.observe()  # type: ignore[attr-defined]
        return page, token

    @staticmethod
    def _with_next(result: dict[str, Any], token: Optional[str]) -> dict[str, Any]:
        if token:
            result["nextToken"] = token
        return result
