"""Training datasets and audience models: Glue training data in, a trained lookalike model out.

ml-training-data-requirements says what a dataset's schema and data must hold; clean-rooms-ml-quotas gives
the audience model quotas. Training itself is the completion of the model's lifecycle (``train``): a data
problem fails the model (CREATE_FAILED with statusDetails), never the call.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional, TypedDict

from ...core.data import DataError, DataNotFound
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import AWS_REFUSALS, check_role_account, fail, new_tags
from ..errors import conflict, validation
from ..quotas import check_quota
from ..resources import working
from ..standard import delete_operation, get_operation, list_operation
from ..store import CleanRoomsMLStore
from . import engine
from .resources import DELETE_STEPS, DELETING, IN_PROGRESS, AudienceModel, TrainingDataset

if TYPE_CHECKING:
    from typing_extensions import Unpack

REQUIRED_ROLES = ("USER_ID", "ITEM_ID", "TIMESTAMP")
FEATURE_ROLES = ("CATEGORICAL_FEATURE", "NUMERICAL_FEATURE")
MAX_FEATURE_COLUMNS = 10  # ml-training-data-requirements
# clean-rooms-ml-quotas
# ml-training-data-requirements: 100,000 users with >= 2 interactions and 1 million records. Scaled down
# unless aws.strict (data-volume minimums, see the realism profile in docs/architecture.md).
DOCUMENTED_MIN_USERS, SCALED_MIN_USERS = 100_000, 10
DOCUMENTED_MIN_RECORDS, SCALED_MIN_RECORDS = 1_000_000, 20


class AudienceModelMembers(TypedDict, total=False):
    """What CreateAudienceModel keeps as given."""

    training_data_start_time: Optional[datetime]
    training_data_end_time: Optional[datetime]
    kms_key_arn: Optional[str]
    description: Optional[str]


class TrainingDatasetOperations(OperationGroup[CleanRoomsMLStore]):
    """CreateTrainingDataset, GetTrainingDataset, ListTrainingDatasets, DeleteTrainingDataset."""

    @operation("CreateTrainingDataset")
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
        check_role_account(role_arn, self.store.account_id)
        dataset = TrainingDataset(arn=self.store.new_arn("training-dataset"), name=name, tags=tags,
                                  role_arn=role_arn, training_data=training_data, description=description)
        dataset.updated_at = dataset.created_at
        self.store.training_datasets.add(dataset)
        return {"trainingDatasetArn": dataset.arn}

    get_training_dataset = get_operation("GetTrainingDataset", lambda store: store.training_datasets)

    list_training_datasets = list_operation("ListTrainingDatasets", lambda store: store.training_datasets)

    # API_DeleteTrainingDataset: refused while any audience model depends on it. Referencing the models reads
    # them: one whose deletion completes now does not block.
    delete_training_dataset = delete_operation(
        "DeleteTrainingDataset", lambda store: store.training_datasets,
        users=lambda store, dataset: [m.name for m in store.audience_models.read_all(
            lambda m: m.training_dataset_arn == dataset.arn)],
        refusal="Training dataset {arn} is used by audience model(s) {users}; delete them first.",
    )


class AudienceModelOperations(OperationGroup[CleanRoomsMLStore]):
    """CreateAudienceModel, GetAudienceModel, ListAudienceModels, DeleteAudienceModel."""

    @operation("CreateAudienceModel")
    def create_audience_model(
        self,
        name: str,
        training_dataset_arn: str,
        tags: Optional[dict[str, str]] = None,
        **stored: Unpack[AudienceModelMembers],
    ) -> dict[str, Any]:
        start, end = stored.get("training_data_start_time"), stored.get("training_data_end_time")
        if start is not None and end is not None and start >= end:
            # Not documented by AWS (spec §4.2); an empty or inverted window can hold no data.
            raise validation("trainingDataStartTime must be earlier than trainingDataEndTime.")
        tags = new_tags(tags)
        store = self.store
        dataset = store.training_datasets.read(training_dataset_arn)
        models = store.audience_models.where(lambda m: m.lifecycle.current not in DELETING)
        pending = sum(1 for m in models if m.lifecycle.current in IN_PROGRESS)
        check_quota(store, "Pending or in-progress audience models", pending)
        check_quota(store, "Active audience models", len(models))
        model = AudienceModel(arn=store.new_arn("audience-model"), name=name, tags=tags,
                              training_dataset_arn=dataset.arn, **stored)
        model.lifecycle = working(lambda: train(store, model, dataset))
        store.audience_models.add(model)
        return {"audienceModelArn": model.arn}

    get_audience_model = get_operation("GetAudienceModel", lambda store: store.audience_models)

    list_audience_models = list_operation("ListAudienceModels", lambda store: store.audience_models, read_first=True)

    @operation("DeleteAudienceModel")
    def delete_audience_model(self, audience_model_arn: str) -> dict[str, Any]:
        store = self.store
        model = store.audience_models.read(audience_model_arn)
        status = model.lifecycle.current
        if status in IN_PROGRESS:
            # Not documented by AWS; we chose to refuse, like every other delete of a resource at work.
            raise conflict(f"Audience model {model.arn} is {status}; wait until training ends to delete it.")
        if status in DELETING:
            raise conflict(f"Audience model {model.arn} is already being deleted ({status}).")
        in_use = [c.name for c in store.configured_models.read_all(lambda c: c.audience_model_arn == model.arn)]
        if in_use:
            # API_DeleteAudienceModel: refused while configured audience models depend on it.
            raise conflict(
                f"Audience model {model.arn} is used by configured audience model(s) {', '.join(in_use)}; "
                "delete them first."
            )
        model.lifecycle.begin(DELETE_STEPS, on_complete=lambda: _forget(store, model))
        return {}


def _forget(store: CleanRoomsMLStore, model: AudienceModel) -> None:
    model.trained = None
    store.audience_models.remove(model.arn)


def train(store: CleanRoomsMLStore, model: AudienceModel, dataset: TrainingDataset) -> Optional[str]:
    """Lifecycle completion: read the Glue table and train; a data problem fails the model, never the call."""
    source = dataset.glue_source
    database, table = source["databaseName"], source["tableName"]
    columns = {role: dataset.column(role) for role in REQUIRED_ROLES}
    handle = store.handle
    try:
        rows = handle.data.in_region(store.region).get_table_rows(database, table)
    except DataError as exc:
        code = "TRAINING_DATA_NOT_FOUND" if isinstance(exc, DataNotFound) else "INVALID_TRAINING_DATA"
        return fail(model, code, f"Cannot read Glue table {database}.{table}: {exc.message}")
    except AWS_REFUSALS as exc:  # moto's Glue/S3 refusing for another reason
        return fail(model, "INVALID_TRAINING_DATA", f"Cannot read Glue table {database}.{table}: {exc}")
    if rows:
        # ml-training-data-requirements: the dataset's schema must match the Glue table's.
        present = set().union(*(row.keys() for row in rows[:100]))
        missing = [name for name in columns.values() if name not in present]
        if missing:
            return fail(
                model, "INVALID_TRAINING_DATA",
                f"Glue table {database}.{table} has no column(s) {', '.join(missing)} named in the schema.",
            )
    try:
        model.trained = engine.train_audience_model(
            rows,
            user_column=columns["USER_ID"],
            item_column=columns["ITEM_ID"],
            timestamp_column=columns["TIMESTAMP"],
            start_time=model.training_data_start_time,
            end_time=model.training_data_end_time,
            min_users=handle.data_minimum(DOCUMENTED_MIN_USERS, SCALED_MIN_USERS),
            min_records=handle.data_minimum(DOCUMENTED_MIN_RECORDS, SCALED_MIN_RECORDS),
        )
    except engine.LookalikeError as exc:
        return fail(model, exc.status_code, exc.message)
    return None


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
