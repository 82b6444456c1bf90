"""Dataset groups: CreateDatasetGroup, DescribeDatasetGroup, ListDatasetGroups, DeleteDatasetGroup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, TypedDict

from ...core.registry import operation
from ...core.store import OperationGroup
from ..errors import in_use, invalid, new_tags
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .resources import DatasetGroup

if TYPE_CHECKING:
    from typing_extensions import Unpack

# limits: "Active dataset groups" 5 per region (adjustable).


class DatasetGroupMembers(TypedDict, total=False):
    """What CreateDatasetGroup keeps as given."""

    role_arn: Optional[str]
    kms_key_arn: Optional[str]
    domain: Optional[str]


class DatasetGroupOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateDatasetGroup")
    def create_dataset_group(
        self, name: str, tags: Optional[list[dict[str, str]]] = None, **stored: Unpack[DatasetGroupMembers]
    ) -> dict[str, Any]:
        if stored.get("role_arn") and not stored.get("kms_key_arn"):
            # API_CreateDatasetGroup: "Supplying an IAM role is only valid when also specifying a KMS key."
            raise invalid("roleArn is only valid when a kmsKeyArn is also specified.")
        tag_map = new_tags(tags)
        groups = self.store.dataset_groups
        arn = self.store.new_arn(groups, f"dataset-group/{name}")
        self.store.within_quota("Active dataset groups", len(groups),
                                "More than {limit} dataset groups in this region.")
        group = groups.add(DatasetGroup(arn=arn, name=name, tags=tag_map, **stored))
        result: dict[str, Any] = {"datasetGroupArn": arn}
        if group.domain:
            result["domain"] = group.domain
        return result

    describe_dataset_group = describe_operation("DescribeDatasetGroup", lambda store: store.dataset_groups)

    list_dataset_groups = list_operation("ListDatasetGroups", lambda store: store.dataset_groups)

    @operation("DeleteDatasetGroup")
    def delete_dataset_group(self, dataset_group_arn: str) -> dict[str, Any]:
        store = self.store
        group = store.dataset_group(dataset_group_arn)
        # API_DeleteDatasetGroup: "You must first delete all event trackers, all solutions and all datasets".
        # Recommenders are solutions of domain groups, so they block as well. Not documented by AWS for
        # filters and metric attributions; we delete them with the group because they only configure it.
        blockers: list[tuple[str, Any]] = [
            ("datasets", store.datasets),
            ("event trackers", store.event_trackers),
            ("solutions", store.solutions),
            ("recommenders", store.recommenders),
        ]
        for kind, table in blockers:
            if table.read_all(lambda r: r.dataset_group_arn == dataset_group_arn):
                raise in_use(
                    f"Cannot delete dataset group {dataset_group_arn}: it still has {kind}. Delete them first."
                )
        for configuration in (store.filters, store.metric_attributions):
            for resource in configuration.where(lambda r: r.dataset_group_arn == dataset_group_arn):
                configuration.remove(resource.arn)
        store.dataset_groups.remove(group.arn)
        return {}
