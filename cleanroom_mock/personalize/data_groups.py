"""Dataset groups, schemas and datasets (API_CreateDatasetGroup, API_CreateSchema, API_CreateDataset, ...)."""

from __future__ import annotations

from typing import Any, Optional

from ..core import clock
from ..core.ids import uuid_id
from ..core.resources import enforce_quota
from .avro_schema import (
    SchemaError,
    canonical_dataset_type,
    check_schema_for_dataset,
    check_schema_update,
    parse_schema,
)
from .data_common import (
    DataBase,
    already_exists,
    in_use,
    invalid,
    limit_exceeded,
    new_tags,
    not_active,
)
from .data_resources import (
    ACTIVE,
    DATASET_TYPE_KEYS,
    RUNNING,
    Dataset,
    DatasetGroup,
    DatasetSchema,
    DatasetUpdate,
    create_lifecycle,
)

# limits: "Active dataset groups" 5 per region (adjustable), "Active schemas" 500 per region.
MAX_DATASET_GROUPS = 5
MAX_SCHEMAS = 500
# updating-dataset-schema: only Items and Users datasets can get a new schema.
UPDATABLE_TYPES = ("ITEMS", "USERS")


def _times(resource: Any) -> dict[str, Any]:
    return {"creationDateTime": resource.created_at, "lastUpdatedDateTime": resource.lifecycle.updated_at}


class DatasetGroupOperations(DataBase):
    # --- dataset groups ---------------------------------------------------------------------------
    def create_dataset_group(
        self,
        name: str,
        role_arn: Optional[str] = None,
        kms_key_arn: Optional[str] = None,
        domain: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        if role_arn and not kms_key_arn:
            # API_CreateDatasetGroup: "Supplying an IAM role is only valid when also specifying a KMS key."
            raise invalid("roleArn is only valid when a kmsKeyArn is also specified.")
        tag_map = new_tags(tags)
        arn = self.arn(f"dataset-group/{name}")
        if arn in self.dataset_groups:
            raise already_exists(arn)
        enforce_quota(
            len(self.dataset_groups),
            MAX_DATASET_GROUPS,
            lambda: limit_exceeded(f"More than {MAX_DATASET_GROUPS} dataset groups in this region."),
        )
        self.dataset_groups.add(
            DatasetGroup(arn=arn, name=name, domain=domain, role_arn=role_arn, kms_key_arn=kms_key_arn, tags=tag_map)
        )
        result: dict[str, Any] = {"datasetGroupArn": arn}
        if domain:
            result["domain"] = domain
        return result

    def describe_dataset_group(self, dataset_group_arn: str) -> dict[str, Any]:
        return {"datasetGroup": self._dataset_group_view(self._dataset_group(dataset_group_arn), full=True)}

    def list_dataset_groups(
        self, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        page, token = self._page(list(self.dataset_groups), next_token, max_results, {})
        for group in page:
            group.lifecycle.observe()
        return self._with_next({"datasetGroups": [self._dataset_group_view(g) for g in page]}, token)

    def delete_dataset_group(self, dataset_group_arn: str) -> dict[str, Any]:
        group = self._dataset_group(dataset_group_arn)
        # API_DeleteDatasetGroup: "You must first delete all event trackers, all solutions and all datasets".
        # Recommenders are solutions of domain groups, so they block as well. Not documented by AWS for
        # filters and metric attributions; we delete them with the group because they only configure it.
        blockers = [
            ("datasets", self.datasets),
            ("event trackers", self.event_trackers),
            ("solutions", getattr(self, "solutions", ())),
            ("recommenders", getattr(self, "recommenders", ())),
        ]
        for kind, table in blockers:
            if table and table.observed(lambda r: getattr(r, "dataset_group_arn", None) == dataset_group_arn):
                raise in_use(
                    f"Cannot delete dataset group {dataset_group_arn}: it still has {kind}. Delete them first."
                )
        for table in (self.filters, self.metric_attributions):
            for resource in table.where(lambda r: r.dataset_group_arn == dataset_group_arn):
                table.remove(resource.arn)
        self.dataset_groups.remove(group.arn)
        return {}

    @staticmethod
    def _dataset_group_view(group: DatasetGroup, full: bool = False) -> dict[str, Any]:
        view: dict[str, Any] = {
            "name": group.name,
            "datasetGroupArn": group.arn,
            "status": group.lifecycle.current,
            **_times(group),
        }
        if group.domain:
            view["domain"] = group.domain
        if full:
            if group.role_arn:
                view["roleArn"] = group.role_arn
            if group.kms_key_arn:
                view["kmsKeyArn"] = group.kms_key_arn
        if group.lifecycle.failure_reason:
            view["failureReason"] = group.lifecycle.failure_reason
        return view

    # --- schemas ----------------------------------------------------------------------------------
    def create_schema(self, name: str, schema: str, domain: Optional[str] = None) -> dict[str, Any]:
        try:
            parsed = parse_schema(schema, domain)
        except SchemaError as exc:
            raise invalid(exc.message)
        arn = self.arn(f"schema/{name}")
        if arn in self.schemas:
            raise already_exists(arn)
        enforce_quota(
            len(self.schemas), MAX_SCHEMAS, lambda: limit_exceeded(f"More than {MAX_SCHEMAS} schemas in this region.")
        )
        self.schemas.add(DatasetSchema(arn=arn, name=name, schema_json=schema, parsed=parsed, domain=domain))
        return {"schemaArn": arn}

    def describe_schema(self, schema_arn: str) -> dict[str, Any]:
        found = self.schemas.get(schema_arn)
        return {"schema": {**self._schema_view(found), "schema": found.schema_json}}

    def list_schemas(self, next_token: Optional[str] = None, max_results: Optional[int] = None) -> dict[str, Any]:
        page, token = self._page(list(self.schemas), next_token, max_results, {})
        return self._with_next({"schemas": [self._schema_view(s) for s in page]}, token)

    def delete_schema(self, schema_arn: str) -> dict[str, Any]:
        self.schemas.get(schema_arn)
        # API_DeleteSchema: a schema used by a dataset cannot be deleted (a pending update uses it too).
        for dataset in self.datasets:
            update = dataset.latest_update
            if dataset.schema_arn == schema_arn or (update and update.schema_arn == schema_arn):
                raise in_use(f"Schema {schema_arn} is used by dataset {dataset.arn}. Delete the dataset first.")
        self.schemas.remove(schema_arn)
        return {}

    @staticmethod
    def _schema_view(schema: DatasetSchema) -> dict[str, Any]:
        view: dict[str, Any] = {
            "name": schema.name,
            "schemaArn": schema.arn,
            "creationDateTime": schema.created_at,
            "lastUpdatedDateTime": schema.created_at,  # schemas are immutable (data-prep-creating-datasets)
        }
        if schema.domain:
            view["domain"] = schema.domain
        return view

    # --- datasets ---------------------------------------------------------------------------------
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
        group = self._active_dataset_group(dataset_group_arn)
        schema = self.schemas.get(schema_arn)
        self._check_schema_fits(schema, canonical, group)
        type_key = DATASET_TYPE_KEYS[canonical]
        # Spec §2: dataset ARNs are dataset/<group name>/<TYPE>, so a second dataset of a type in the group
        # is the same ARN (API_DatasetGroup: one dataset of each type).
        arn = self.arn(f"dataset/{group.name}/{type_key}")
        if arn in self.datasets:
            raise already_exists(arn)
        dataset = Dataset(
            arn=arn,
            name=name,
            dataset_type=type_key,
            dataset_group_arn=group.arn,
            schema_arn=schema.arn,
            columns=schema.parsed.field_names,  # type: ignore[union-attr]
            tags=tag_map,
            # API_UBS_PutActionInteractions: the action interaction event tracker comes with the dataset.
            tracking_id=uuid_id() if type_key == "ACTION_INTERACTIONS" else None,
        )
        self.datasets.add(dataset)
        return {"datasetArn": arn}

    def describe_dataset(self, dataset_arn: str) -> dict[str, Any]:
        dataset = self.datasets.get(dataset_arn)
        dataset.lifecycle.observe()
        view = self._dataset_view(dataset)
        view.update(datasetGroupArn=dataset.dataset_group_arn, schemaArn=dataset.schema_arn)
        update = dataset.latest_update
        if update is not None:
            update.lifecycle.observe()
            view["schemaArn"] = dataset.schema_arn
            summary: dict[str, Any] = {
                "schemaArn": update.schema_arn,
                "status": update.lifecycle.current,
                "creationDateTime": update.created_at,
                "lastUpdatedDateTime": update.lifecycle.updated_at,
            }
            if update.lifecycle.failure_reason:
                summary["failureReason"] = update.lifecycle.failure_reason
            view["latestDatasetUpdate"] = summary
        if dataset.tracking_id:
            view["trackingId"] = dataset.tracking_id
        return {"dataset": view}

    def list_datasets(
        self,
        dataset_group_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        page, token = self._group_page(self.datasets, dataset_group_arn, next_token, max_results)
        return self._with_next({"datasets": [self._dataset_view(d) for d in page]}, token)

    def update_dataset(self, dataset_arn: str, schema_arn: str) -> dict[str, Any]:
        dataset = self.datasets.get(dataset_arn)
        if dataset.dataset_type not in UPDATABLE_TYPES:
            raise invalid(
                f"Only Items and Users datasets can be updated; {dataset_arn} is a {dataset.dataset_type} dataset."
            )
        status = dataset.lifecycle.observe()
        if status != ACTIVE:
            raise not_active("dataset", dataset_arn, status)
        if dataset.latest_update is not None and dataset.latest_update.lifecycle.observe() in RUNNING:
            raise in_use(f"Dataset {dataset_arn} already has an update in progress.")
        new_schema = self.schemas.get(schema_arn)
        group = self._dataset_group(dataset.dataset_group_arn)
        canonical = next(c for c, key in DATASET_TYPE_KEYS.items() if key == dataset.dataset_type)
        self._check_schema_fits(new_schema, canonical, group)
        try:
            check_schema_update(self.schemas.get(dataset.schema_arn).parsed, new_schema.parsed)  # type: ignore[arg-type]
        except SchemaError as exc:
            raise invalid(exc.message)

        def apply() -> None:
            dataset.schema_arn = new_schema.arn
            dataset.widen_to(new_schema.parsed.field_names)  # type: ignore[union-attr]

        dataset.latest_update = DatasetUpdate(
            schema_arn=new_schema.arn, lifecycle=create_lifecycle(on_complete=apply), created_at=clock.now()
        )
        return {"datasetArn": dataset_arn}

    def delete_dataset(self, dataset_arn: str) -> dict[str, Any]:
        dataset = self.datasets.get(dataset_arn)
        # API_DeleteDataset: not while an import job or a solution version on it is pending or in progress.
        # Referencing the jobs and versions reads them (core.lifecycle): work that finishes on this read no
        # longer blocks.
        for job in self.import_jobs.observed(lambda job: job.dataset_arn == dataset_arn):
            if job.lifecycle.current in RUNNING:
                raise in_use(f"Dataset {dataset_arn} has a dataset import job in progress: {job.arn}.")
        versions = getattr(self, "solution_versions", None)
        group_arn = dataset.dataset_group_arn
        for version in versions.observed(lambda v: v.dataset_group_arn == group_arn) if versions else ():
            if version.lifecycle.current in RUNNING:
                raise in_use(f"Dataset {dataset_arn} is used by a solution version in progress: {version.arn}.")
        self.datasets.remove(dataset_arn)
        return {}

    @staticmethod
    def _dataset_view(dataset: Dataset) -> dict[str, Any]:
        return {
            "name": dataset.name,
            "datasetArn": dataset.arn,
            "datasetType": dataset.dataset_type,
            "status": dataset.lifecycle.current,
            **_times(dataset),
        }

    @staticmethod
    def _check_schema_fits(schema: DatasetSchema, canonical: str, group: DatasetGroup) -> None:
        """API_CreateSchema / API_CreateDataset: a domain group takes schemas made for its domain, a custom
        group takes schemas made without one; the schema's record name and fields fit the dataset type."""
        if schema.domain != group.domain:
            made_for = f"the {schema.domain} domain" if schema.domain else "custom dataset groups"
            group_kind = f"a {group.domain} domain dataset group" if group.domain else "a custom dataset group"
            raise invalid(f"Schema {schema.arn} was created for {made_for}; {group.arn} is {group_kind}.")
        try:
            check_schema_for_dataset(schema.parsed, canonical, group.domain)  # type: ignore[arg-type]
        except SchemaError as exc:
            raise invalid(exc.message)
