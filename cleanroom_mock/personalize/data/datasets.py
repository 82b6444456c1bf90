"""Datasets: CreateDataset, DescribeDataset, ListDatasets, UpdateDataset, DeleteDataset."""

from __future__ import annotations

from typing import Any, Optional

from ...core.ids import uuid_id
from ...core.registry import operation
from ...core.store import OperationGroup
from ..avro_schema import SchemaError, canonical_dataset_type, check_schema_for_dataset, check_schema_update
from ..errors import in_use, invalid, new_tags, not_active
from ..lifecycles import ACTIVE, Update, new_lifecycle
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .resources import DATASET_TYPE_KEYS, RUNNING, Dataset, DatasetGroup, DatasetSchema

# updating-dataset-schema: only Items and Users datasets can get a new schema.
UPDATABLE_TYPES = ("ITEMS", "USERS")


def check_schema_fits(schema: DatasetSchema, canonical: str, group: DatasetGroup) -> None:
    """API_CreateSchema / API_CreateDataset: a domain group takes schemas made for its domain, a custom
    group takes schemas made without one; the schema's record name and fields fit the dataset type."""
    if schema.domain != group.domain:
        made_for = f"the {schema.domain} domain" if schema.domain else "custom dataset groups"
        group_kind = f"a {group.domain} domain dataset group" if group.domain else "a custom dataset group"
        raise invalid(f"Schema {schema.arn} was created for {made_for}; {group.arn} is {group_kind}.")
    try:
        check_schema_for_dataset(schema.parsed, canonical, group.domain)
    except SchemaError as exc:
        raise invalid(exc.message)


class DatasetOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateDataset")
    def create_dataset(
        self,
        name: str,
        schema_arn: str,
        dataset_group_arn: str,
        dataset_type: str,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        canonical = canonical_dataset_type(dataset_type)
        if canonical is None:
            raise invalid(
                f"Invalid datasetType {dataset_type}; valid types are Interactions, Items, Users, Actions and "
                "Action_Interactions."
            )
        tag_map = new_tags(tags)
        group = self.store.active_dataset_group(dataset_group_arn)
        schema = self.store.schemas.read(schema_arn)
        check_schema_fits(schema, canonical, group)
        type_key = DATASET_TYPE_KEYS[canonical]
        # Spec §2: dataset ARNs are dataset/<group name>/<TYPE>, so a second dataset of a type in the group
        # is the same ARN (API_DatasetGroup: one dataset of each type).
        arn = self.store.new_arn(self.store.datasets, f"dataset/{group.name}/{type_key}")
        dataset = Dataset(
            arn=arn,
            name=name,
            dataset_type=type_key,
            dataset_group_arn=group.arn,
            schema_arn=schema.arn,
            columns=schema.parsed.field_names,
            tags=tag_map,
            # API_UBS_PutActionInteractions: the action interaction event tracker comes with the dataset.
            tracking_id=uuid_id() if type_key == "ACTION_INTERACTIONS" else None,
        )
        self.store.datasets.add(dataset)
        return {"datasetArn": arn}

    describe_dataset = describe_operation("DescribeDataset", lambda store: store.datasets)

    list_datasets = list_operation("ListDatasets", lambda store: store.datasets)

    @operation("UpdateDataset")
    def update_dataset(self, dataset_arn: str, schema_arn: str) -> dict[str, Any]:
        dataset = self.store.dataset(dataset_arn)
        if dataset.dataset_type not in UPDATABLE_TYPES:
            raise invalid(
                f"Only Items and Users datasets can be updated; {dataset_arn} is a {dataset.dataset_type} dataset."
            )
        if dataset.lifecycle.current != ACTIVE:
            raise not_active("dataset", dataset_arn, dataset.lifecycle.current)
        if dataset.latest_update is not None and dataset.latest_update.lifecycle.current in RUNNING:
            raise in_use(f"Dataset {dataset_arn} already has an update in progress.")
        new_schema = self.store.schemas.read(schema_arn)
        group = self.store.dataset_group(dataset.dataset_group_arn)
        canonical = next(c for c, key in DATASET_TYPE_KEYS.items() if key == dataset.dataset_type)
        check_schema_fits(new_schema, canonical, group)
        try:
            check_schema_update(self.store.schema_of(dataset), new_schema.parsed)
        except SchemaError as exc:
            raise invalid(exc.message)

        def apply() -> None:
            dataset.schema_arn = new_schema.arn
            dataset.widen_to(new_schema.parsed.field_names)

        dataset.latest_update = Update(settings={"schemaArn": new_schema.arn}, lifecycle=new_lifecycle(apply))
        return {"datasetArn": dataset_arn}

    @operation("DeleteDataset")
    def delete_dataset(self, dataset_arn: str) -> dict[str, Any]:
        dataset = self.store.dataset(dataset_arn)
        # API_DeleteDataset: not while an import job or a solution version on it is pending or in progress.
        # Referencing the jobs and versions reads them (core.lifecycle): work that finishes on this read no
        # longer blocks.
        for job in self.store.import_jobs.read_all(lambda job: job.dataset_arn == dataset_arn):
            if job.lifecycle.current in RUNNING:
                raise in_use(f"Dataset {dataset_arn} has a dataset import job in progress: {job.arn}.")
        group_arn = dataset.dataset_group_arn
        for version in self.store.solution_versions.read_all(lambda v: v.dataset_group_arn == group_arn):
            if version.lifecycle.current in RUNNING:
                raise in_use(f"Dataset {dataset_arn} is used by a solution version in progress: {version.arn}.")
        self.store.datasets.remove(dataset_arn)
        return {}
