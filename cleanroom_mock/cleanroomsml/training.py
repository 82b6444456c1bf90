"""Training datasets and audience models: Glue training data in, a trained lookalike model out."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

from botocore.exceptions import BotoCoreError, ClientError

from ..core.data import DataError, DataNotFound
from ..core.ids import alphanumeric_id
from ..core.lifecycle import Lifecycle
from ..core.resources import ResourceTable, enforce_quota
from . import lookalike
from .common import (
    check_role_account,
    conflict,
    name_taken,
    new_tags,
    not_found,
    page,
    quota_exceeded,
    status_details,
    validation,
)
from .resources import CREATE_FAILED, CREATE_STEPS, DELETE_STEPS, DELETING, IN_PROGRESS, AudienceModel, TrainingDataset

if TYPE_CHECKING:
    from ..core.state import MockHandle

REQUIRED_ROLES = ("USER_ID", "ITEM_ID", "TIMESTAMP")
FEATURE_ROLES = ("CATEGORICAL_FEATURE", "NUMERICAL_FEATURE")
MAX_FEATURE_COLUMNS = 10  # ml-training-data-requirements
# clean-rooms-ml-quotas
MAX_PENDING_AUDIENCE_MODELS = 2
MAX_AUDIENCE_MODELS = 500
# ml-training-data-requirements: 100,000 users with >= 2 interactions and 1 million records. Scaled down
# unless aws.strict (data-volume minimums, see the realism profile in docs/architecture.md).
DOCUMENTED_MIN_USERS, SCALED_MIN_USERS = 100_000, 10
DOCUMENTED_MIN_RECORDS, SCALED_MIN_RECORDS = 1_000_000, 20


class TrainingOperations:
    handle: MockHandle
    account_id: str
    region: str

    if TYPE_CHECKING:  # provided by core.backend.Backend and ConfiguredModelOperations
        def arn(self, resource: str) -> str: ...
        def _configured_models_using(self, audience_model_arn: str) -> list[str]: ...


    def _setup_training(self) -> None:
        self._training_datasets: ResourceTable[TrainingDataset] = ResourceTable(
            not_found("Training dataset"), name_taken=name_taken("training dataset")
        )
        self._audience_models: ResourceTable[AudienceModel] = ResourceTable(
            not_found("Audience model"), name_taken=name_taken("audience model")
        )

    # --- training datasets ------------------------------------------------------------------------------
    def create_training_dataset(
        self,
        name: str,
        role_arn: str,
        training_data: list[dict[str, Any]],
        tags: Optional[dict[str, str]] = None,
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        _check_schema(training_data[0]["inputConfig"]["schema"])
        tags = new_tags(tags)
        check_role_account(role_arn, self.account_id)
        dataset = TrainingDataset(
            arn=self.arn(f"training-dataset/{alphanumeric_id()}"),
            name=name,
            tags=tags,
            role_arn=role_arn,
            training_data=training_data,
            description=description,
        )
        dataset.updated_at = dataset.created_at
        self._training_datasets.add(dataset)
        return {"trainingDatasetArn": dataset.arn}

    def get_training_dataset(self, training_dataset_arn: str) -> dict[str, Any]:
        dataset = self._training_datasets.get(training_dataset_arn)
        return {
            **_dataset_summary(dataset),
            "trainingData": dataset.training_data,
            "roleArn": dataset.role_arn,
            "tags": dataset.tags,
        }

    def list_training_datasets(
        self, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        found, token = page(list(self._training_datasets), next_token=next_token, max_results=max_results,
                            filters={"op": "ListTrainingDatasets"})
        return {"trainingDatasets": [_dataset_summary(d) for d in found], "nextToken": token}

    def delete_training_dataset(self, training_dataset_arn: str) -> dict[str, Any]:
        dataset = self._training_datasets.get(training_dataset_arn)
        # Referencing the models reads them (core.lifecycle): one whose deletion completes now does not block.
        users = [m.name for m in self._audience_models.observed(lambda m: m.training_dataset_arn == dataset.arn)]
        if users:
            # API_DeleteTrainingDataset: refused while any audience model depends on it.
            raise conflict(
                f"Training dataset {dataset.arn} is used by audience model(s) {', '.join(users)}; "
                "delete them first."
            )
        self._training_datasets.remove(dataset.arn)
        return {}

    # --- audience models --------------------------------------------------------------------------------
    def create_audience_model(
        self,
        name: str,
        training_dataset_arn: str,
        training_data_start_time: Optional[datetime] = None,
        training_data_end_time: Optional[datetime] = None,
        kms_key_arn: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        start, end = training_data_start_time, training_data_end_time
        if start is not None and end is not None and start >= end:
            # Not documented by AWS (spec §4.2); an empty or inverted window can hold no data.
            raise validation("trainingDataStartTime must be earlier than trainingDataEndTime.")
        tags = new_tags(tags)
        dataset = self._training_datasets.get(training_dataset_arn)
        models = [m for m in self._audience_models if m.lifecycle.current not in DELETING]
        pending = sum(1 for m in models if m.lifecycle.current in IN_PROGRESS)
        enforce_quota(pending, MAX_PENDING_AUDIENCE_MODELS,
                      quota_exceeded("Pending or in-progress audience models", MAX_PENDING_AUDIENCE_MODELS))
        enforce_quota(len(models), MAX_AUDIENCE_MODELS,
                      quota_exceeded("Active audience models", MAX_AUDIENCE_MODELS))
        model = AudienceModel(
            arn=self.arn(f"audience-model/{alphanumeric_id()}"),
            name=name,
            tags=tags,
            training_dataset_arn=dataset.arn,
            training_data_start_time=start,
            training_data_end_time=end,
            kms_key_arn=kms_key_arn,
            description=description,
        )
        model.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: self._train(model, dataset),
                                    failed_status=CREATE_FAILED)
        self._audience_models.add(model)
        return {"audienceModelArn": model.arn}

    def get_audience_model(self, audience_model_arn: str) -> dict[str, Any]:
        model = self._audience_model(audience_model_arn)
        return {
            **_model_summary(model),
            "trainingDataStartTime": model.training_data_start_time,
            "trainingDataEndTime": model.training_data_end_time,
            "statusDetails": model.status_details,
            "kmsKeyArn": model.kms_key_arn,
            "tags": model.tags,
        }

    def list_audience_models(
        self, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        models = self._observed_models()
        found, token = page(models, next_token=next_token, max_results=max_results,
                            filters={"op": "ListAudienceModels"})
        return {"audienceModels": [_model_summary(m) for m in found], "nextToken": token}

    def delete_audience_model(self, audience_model_arn: str) -> dict[str, Any]:
        model = self._audience_model(audience_model_arn)
        status = model.lifecycle.current
        if status in IN_PROGRESS:
            # Not documented by AWS; we chose to refuse, like every other delete of a resource at work.
            raise conflict(f"Audience model {model.arn} is {status}; wait until training ends to delete it.")
        if status in DELETING:
            raise conflict(f"Audience model {model.arn} is already being deleted ({status}).")
        in_use = self._configured_models_using(model.arn)
        if in_use:
            # API_DeleteAudienceModel: refused while configured audience models depend on it.
            raise conflict(
                f"Audience model {model.arn} is used by configured audience model(s) {', '.join(in_use)}; "
                "delete them first."
            )
        model.lifecycle.begin(DELETE_STEPS, on_complete=lambda: self._forget_model(model))
        return {}

    # --- helpers ------------------------------------------------------------------------------------------

    def _audience_model(self, arn: str) -> AudienceModel:
        """The model, its status moved on by this read; a model whose deletion finished is not found."""
        model = self._audience_models.get(arn)
        model.lifecycle.observe()
        if model.deleted:
            raise not_found("Audience model")(arn)
        return model

    def _observed_models(self) -> list[AudienceModel]:
        models = list(self._audience_models)
        for model in models:
            model.lifecycle.observe()
        return [m for m in models if not m.deleted]

    def _forget_model(self, model: AudienceModel) -> None:
        model.deleted = True
        model.trained = None
        self._audience_models.remove(model.arn)

    def _train(self, model: AudienceModel, dataset: TrainingDataset) -> Optional[str]:
        """Lifecycle completion: read the Glue table and train; a data problem fails the model, never the call."""
        source = dataset.glue_source
        database, table = source["databaseName"], source["tableName"]
        columns = {role: dataset.column(role) for role in REQUIRED_ROLES}
        try:
            rows = self.handle.data.in_region(self.region).get_table_rows(database, table)
        except DataError as exc:
            code = "TRAINING_DATA_NOT_FOUND" if isinstance(exc, DataNotFound) else "INVALID_TRAINING_DATA"
            return self._fail_model(model, code, f"Cannot read Glue table {database}.{table}: {exc.message}")
        except (ClientError, BotoCoreError) as exc:  # moto's Glue/S3 refusing for another reason
            return self._fail_model(model, "INVALID_TRAINING_DATA", f"Cannot read Glue table {database}.{table}: {exc}")
        if rows:
            # ml-training-data-requirements: the dataset's schema must match the Glue table's.
            present = set().union(*(row.keys() for row in rows[:100]))
            missing = [name for name in columns.values() if name not in present]
            if missing:
                return self._fail_model(
                    model, "INVALID_TRAINING_DATA",
                    f"Glue table {database}.{table} has no column(s) {', '.join(missing)} named in the schema.",
                )
        try:
            model.trained = lookalike.train_audience_model(
                rows,
                user_column=columns["USER_ID"],
                item_column=columns["ITEM_ID"],
                timestamp_column=columns["TIMESTAMP"],
                start_time=model.training_data_start_time,
                end_time=model.training_data_end_time,
                min_users=self.handle.data_minimum(DOCUMENTED_MIN_USERS, SCALED_MIN_USERS),
                min_records=self.handle.data_minimum(DOCUMENTED_MIN_RECORDS, SCALED_MIN_RECORDS),
            )
        except lookalike.LookalikeError as exc:
            return self._fail_model(model, exc.status_code, exc.message)
        return None

    @staticmethod
    def _fail_model(model: AudienceModel, code: str, message: str) -> str:
        model.status_details = status_details(code, message)
        return message


def _check_schema(schema: list[dict[str, Any]]) -> None:
    """ml-training-data-requirements: USER_ID, ITEM_ID and TIMESTAMP once each, at most 10 feature columns."""
    names = Counter(column["columnName"] for column in schema)
    repeated = sorted(name for name, count in names.items() if count > 1)
    if repeated:
        raise validation(f"Column names must be unique in the schema; repeated: {', '.join(repeated)}.")
    roles = Counter(column["columnTypes"][0] for column in schema)
    for role in REQUIRED_ROLES:
        if roles[role] != 1:
            raise validation(f"The schema must have exactly one {role} column; found {roles[role]}.")
    features = sum(roles[role] for role in FEATURE_ROLES)
    if features > MAX_FEATURE_COLUMNS:
        raise validation(f"The schema can have at most {MAX_FEATURE_COLUMNS} feature columns; found {features}.")


def _dataset_summary(dataset: TrainingDataset) -> dict[str, Any]:
    return {
        "createTime": dataset.created_at,
        "updateTime": dataset.updated_at,
        "trainingDatasetArn": dataset.arn,
        "name": dataset.name,
        "status": "ACTIVE",
        "description": dataset.description,
    }


def _model_summary(model: AudienceModel) -> dict[str, Any]:
    return {
        "createTime": model.created_at,
        "updateTime": model.lifecycle.updated_at,
        "audienceModelArn": model.arn,
        "name": model.name,
        "trainingDatasetArn": model.training_dataset_arn,
        "status": model.lifecycle.current,
        "description": model.description,
    }
