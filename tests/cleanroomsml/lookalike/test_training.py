"""Training datasets and audience models: validation, lifecycle, training failures, deletes, quotas."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.config import Config

from cleanroom_mock.cleanroomsml.lookalike.resources import AudienceModel

from ..constants import BASE_TS, A, B


def test_training_dataset_crud_and_listing(aws, client, create_dataset, role, training_data) -> None:
    a = client(A)
    arn = create_dataset(a, description="clicks", tags={"team": "ads"})
    assert arn.startswith("arn:aws:cleanrooms-ml:us-east-1:111111111111:training-dataset/")
    got = a.get_training_dataset(trainingDatasetArn=arn)
    assert got["status"] == "ACTIVE" and got["name"] == "interactions" and got["description"] == "clicks"
    assert got["trainingData"] == training_data() and got["roleArn"] == role(A)
    assert got["tags"] == {"team": "ads"}
    [summary] = a.list_training_datasets()["trainingDatasets"]
    assert summary["trainingDatasetArn"] == arn and "trainingData" not in summary
    a.delete_training_dataset(trainingDatasetArn=arn)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.get_training_dataset(trainingDatasetArn=arn)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.delete_training_dataset(trainingDatasetArn=arn)


@pytest.mark.parametrize("schema, message", [
    ([{"columnName": "u", "columnTypes": ["USER_ID"]}, {"columnName": "i", "columnTypes": ["ITEM_ID"]}],
     "exactly one TIMESTAMP column; found 0"),
    ([{"columnName": "u", "columnTypes": ["USER_ID"]}, {"columnName": "v", "columnTypes": ["USER_ID"]},
      {"columnName": "i", "columnTypes": ["ITEM_ID"]}, {"columnName": "t", "columnTypes": ["TIMESTAMP"]}],
     "exactly one USER_ID column; found 2"),
    ([{"columnName": "u", "columnTypes": ["USER_ID"]}, {"columnName": "u", "columnTypes": ["ITEM_ID"]},
      {"columnName": "t", "columnTypes": ["TIMESTAMP"]}], "repeated: u"),
    ([{"columnName": "u", "columnTypes": ["USER_ID"]}, {"columnName": "i", "columnTypes": ["ITEM_ID"]},
      {"columnName": "t", "columnTypes": ["TIMESTAMP"]}]
     + [{"columnName": f"f{n}", "columnTypes": ["CATEGORICAL_FEATURE"]} for n in range(11)],
     "at most 10 feature columns"),
])
def test_training_dataset_schema_roles(aws, schema, message, client, create_dataset, training_data) -> None:
    a = client(A)
    with pytest.raises(a.exceptions.ValidationException, match=message):
        create_dataset(a, trainingData=training_data(schema=schema))
    assert a.list_training_datasets()["trainingDatasets"] == []


def test_training_dataset_role_must_be_callers_and_names_are_unique(
    aws, client, create_dataset, role, training_data
) -> None:
    a = client(A)
    with pytest.raises(a.exceptions.AccessDeniedException, match=B):
        a.create_training_dataset(name="x", roleArn=role(B), trainingData=training_data())
    create_dataset(a, name="same")
    with pytest.raises(a.exceptions.ConflictException, match="already exists"):
        create_dataset(a, name="same")
    client(B).create_training_dataset(name="same", roleArn=role(B), trainingData=training_data())  # per account


def test_other_accounts_resources_are_not_found(setup) -> None:
    b = setup.b
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.get_training_dataset(trainingDatasetArn=setup.dataset)
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.get_audience_model(audienceModelArn=setup.model)
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.delete_audience_model(audienceModelArn=setup.model)
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.get_configured_audience_model(configuredAudienceModelArn=setup.cam)
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.create_audience_model(name="m", trainingDatasetArn=setup.dataset)


def test_audience_model_moves_through_statuses_in_step_mode(aws, client, community_rows, create_dataset) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows())
    aws.lifecycle = "step"
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a), description="d")["audienceModelArn"]
    seen = [a.get_audience_model(audienceModelArn=arn)["status"] for _ in range(3)]
    assert seen == ["CREATE_IN_PROGRESS", "ACTIVE", "ACTIVE"]
    a.delete_audience_model(audienceModelArn=arn)
    [summary] = a.list_audience_models()["audienceModels"]
    assert summary["status"] == "DELETE_IN_PROGRESS"
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.get_audience_model(audienceModelArn=arn)
    assert a.list_audience_models()["audienceModels"] == []


def test_deleting_twice_while_deletion_runs_conflicts(aws, client, community_rows, create_dataset) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows())
    aws.lifecycle = "step"
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    a.get_audience_model(audienceModelArn=arn)
    a.get_audience_model(audienceModelArn=arn)
    a.delete_audience_model(audienceModelArn=arn)  # DELETE_PENDING
    with pytest.raises(a.exceptions.ConflictException, match="already being deleted"):
        a.delete_audience_model(audienceModelArn=arn)  # this read moves it to DELETE_IN_PROGRESS


def test_audience_model_in_training_cannot_be_deleted_or_configured(
    aws, client, community_rows, create_dataset
) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows())
    aws.lifecycle = "step"
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    with pytest.raises(a.exceptions.ConflictException, match="CREATE_IN_PROGRESS"):
        a.delete_audience_model(audienceModelArn=arn)
    assert a.get_audience_model(audienceModelArn=arn)["status"] == "ACTIVE"


def test_configuring_a_model_that_is_not_active_conflicts(
    aws, client, community_rows, create_cam, create_dataset
) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows())
    aws.lifecycle = "step"
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    with pytest.raises(a.exceptions.ConflictException, match="only an ACTIVE audience model"):
        create_cam(a, arn)  # this read moves it to CREATE_IN_PROGRESS only


def test_missing_table_fails_the_model_with_status_details(aws, client, create_cam, create_dataset) -> None:
    a = client(A)
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    got = a.get_audience_model(audienceModelArn=arn)
    assert got["status"] == "CREATE_FAILED"
    assert got["statusDetails"]["statusCode"] == "TRAINING_DATA_NOT_FOUND"
    assert "db.interactions" in got["statusDetails"]["message"]
    with pytest.raises(a.exceptions.ConflictException, match="CREATE_FAILED"):
        create_cam(a, arn)
    a.delete_audience_model(audienceModelArn=arn)  # a failed model can be deleted


def test_table_without_the_schema_columns_fails_the_model(aws, client, create_dataset) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", [{"uid": "u1", "item": "i", "ts": BASE_TS}])
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    details = a.get_audience_model(audienceModelArn=arn)["statusDetails"]
    assert details["statusCode"] == "INVALID_TRAINING_DATA" and "user" in details["message"]


def test_scaled_minimums_in_default_profile(aws, client, community_rows, create_dataset) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows(per_community=4))  # 8 users, 48 records
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    details = a.get_audience_model(audienceModelArn=arn)["statusDetails"]
    assert details["statusCode"] == "INSUFFICIENT_TRAINING_USERS" and "at least 10 unique users" in details["message"]


def test_strict_profile_uses_documented_training_minimums(aws, client, community_rows, create_dataset) -> None:
    a = client(A)
    aws.strict = True
    aws.data.put_table("db", "interactions", community_rows())
    arn = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    got = a.get_audience_model(audienceModelArn=arn)
    assert got["status"] == "CREATE_FAILED"
    assert got["statusDetails"]["statusCode"] == "INSUFFICIENT_TRAINING_RECORDS"
    assert "1000000" in got["statusDetails"]["message"]


def test_training_window_validation_and_data_inside_it(aws, client, community_rows, create_dataset) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows())
    dataset = create_dataset(a)
    start = dt.datetime.fromtimestamp(BASE_TS + 3600, dt.timezone.utc)
    with pytest.raises(a.exceptions.ValidationException, match="earlier than"):
        a.create_audience_model(name="m", trainingDatasetArn=dataset, trainingDataStartTime=start,
                                trainingDataEndTime=start)
    # Every interaction is before the window: nothing left to train on.
    arn = a.create_audience_model(name="late", trainingDatasetArn=dataset, trainingDataStartTime=start)[
        "audienceModelArn"]
    got = a.get_audience_model(audienceModelArn=arn)
    assert got["trainingDataStartTime"] == start
    assert got["statusDetails"]["statusCode"] == "NO_TRAINING_DATA"
    # A window holding the first two interactions of each user still trains (2 records a user).
    end = dt.datetime.fromtimestamp(BASE_TS + 60, dt.timezone.utc)
    arn = a.create_audience_model(name="early", trainingDatasetArn=dataset, trainingDataEndTime=end)[
        "audienceModelArn"]
    assert a.get_audience_model(audienceModelArn=arn)["status"] == "ACTIVE"
    model = aws.store("cleanroomsml", A, "us-east-1").audience_models.get(arn)
    assert model.trained.record_count == 240


def test_deletes_refused_while_dependants_exist(setup) -> None:
    a = setup.a
    with pytest.raises(a.exceptions.ConflictException, match="used by audience model"):
        a.delete_training_dataset(trainingDatasetArn=setup.dataset)
    with pytest.raises(a.exceptions.ConflictException, match="used by configured audience model"):
        a.delete_audience_model(audienceModelArn=setup.model)
    a.delete_configured_audience_model(configuredAudienceModelArn=setup.cam)
    a.delete_audience_model(audienceModelArn=setup.model)
    # The dataset's dependency check reads the model, which completes its deletion (core.lifecycle), so a
    # teardown in dependency order needs no polling in the default mode.
    a.delete_training_dataset(trainingDatasetArn=setup.dataset)
    assert a.list_audience_models()["audienceModels"] == []
    assert a.list_training_datasets()["trainingDatasets"] == []


def test_a_pending_deletion_still_blocks_in_step_mode(setup) -> None:
    a = setup.a
    a.delete_configured_audience_model(configuredAudienceModelArn=setup.cam)
    setup.aws.lifecycle = "step"
    a.delete_audience_model(audienceModelArn=setup.model)
    with pytest.raises(a.exceptions.ConflictException, match="used by audience model"):
        a.delete_training_dataset(trainingDatasetArn=setup.dataset)  # the model is DELETE_IN_PROGRESS now


def test_pending_audience_model_quota(aws, client, create_dataset) -> None:
    a = client(A)
    dataset = create_dataset(a)
    for n in range(2):
        a.create_audience_model(name=f"m{n}", trainingDatasetArn=dataset)
    with pytest.raises(a.exceptions.ServiceQuotaExceededException) as caught:
        a.create_audience_model(name="m2", trainingDatasetArn=dataset)
    assert caught.value.response["quotaName"] == "Pending or in-progress audience models"
    assert caught.value.response["quotaValue"] == 2
    a.list_audience_models()  # reading them ends training (here: CREATE_FAILED, no table)
    a.create_audience_model(name="m2", trainingDatasetArn=dataset)


def test_audience_model_quota_of_500(aws, client, create_dataset) -> None:
    a = client(A)
    dataset = create_dataset(a)
    store = aws.store("cleanroomsml", A, "us-east-1")
    for n in range(499):  # filled directly (the store's public table): 500 API round trips would be slow
        model = AudienceModel(arn=store.arn(f"audience-model/m{n}"), name=f"m{n}", training_dataset_arn=dataset)
        model.lifecycle.settle(store.handle.lifecycles)
        store.audience_models.add(model)
    a.create_audience_model(name="m499", trainingDatasetArn=dataset)
    with pytest.raises(a.exceptions.ServiceQuotaExceededException) as caught:
        a.create_audience_model(name="m500", trainingDatasetArn=dataset)
    assert caught.value.response["quotaName"] == "Active audience models"
    assert caught.value.response["quotaValue"] == 500


def test_list_pagination_and_invalid_token(aws, client, create_dataset) -> None:
    a = client(A)
    arns = [create_dataset(a, name=f"d{n}") for n in range(5)]
    first = a.list_training_datasets(maxResults=2)
    second = a.list_training_datasets(maxResults=2, nextToken=first["nextToken"])
    third = a.list_training_datasets(maxResults=2, nextToken=second["nextToken"])
    listed = [d["trainingDatasetArn"] for page in (first, second, third) for d in page["trainingDatasets"]]
    assert listed == arns and "nextToken" not in third
    with pytest.raises(a.exceptions.ValidationException, match="nextToken"):
        a.list_training_datasets(nextToken="not-a-token")
    with pytest.raises(a.exceptions.ValidationException):  # a token of another listing
        a.list_audience_models(nextToken=first["nextToken"])


def test_server_side_validation_of_model_constraints(aws, client, role, training_data) -> None:
    raw = client(A, config=Config(parameter_validation=False))
    with pytest.raises(raw.exceptions.ValidationException):
        raw.create_training_dataset(name="", roleArn=role(A), trainingData=training_data())
    with pytest.raises(raw.exceptions.ValidationException):
        raw.list_training_datasets(maxResults=1000)
