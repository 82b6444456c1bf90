"""``aws.quotas``: every service declares its quotas once, by AWS's names, and a test raises them."""

from __future__ import annotations

import boto3
import pytest

from cleanroom_mock import mock_all

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/cleanrooms-ml"
TRAINING_DATA = [
    {
        "type": "INTERACTIONS",
        "inputConfig": {
            "schema": [
                {"columnName": "user", "columnTypes": ["USER_ID"]},
                {"columnName": "item", "columnTypes": ["ITEM_ID"]},
                {"columnName": "ts", "columnTypes": ["TIMESTAMP"]},
            ],
            "dataSource": {"glueDataSource": {"databaseName": "db", "tableName": "interactions"}},
        },
    }
]


def test_a_raised_personalize_quota_lets_a_test_create_past_the_default_and_holds_at_the_new_value():
    with mock_all() as aws:
        personalize = boto3.client("personalize", region_name=REGION)
        aws.quotas.set("personalize", "Active dataset groups", 7)
        for n in range(7):
            personalize.create_dataset_group(name=f"g{n}")
        with pytest.raises(personalize.exceptions.LimitExceededException, match="More than 7 dataset groups"):
            personalize.create_dataset_group(name="g7")
        listed = {quota["name"]: quota for quota in aws.quotas.list("personalize")}
    assert listed["Active dataset groups"] == {
        "name": "Active dataset groups",
        "value": 7,
        "default": 5,
        "adjustable": True,
        "description": "Dataset groups per Region.",
    }
    assert listed["Active schemas"]["adjustable"] is False


def test_the_strict_profile_keeps_aws_defaults_and_a_fresh_mock_forgets_raised_values():
    with mock_all() as aws:
        aws.quotas.set("personalize", "Active dataset groups", 50)
    with mock_all() as aws:
        aws.strict = True
        personalize = boto3.client("personalize", region_name=REGION)
        for n in range(5):
            personalize.create_dataset_group(name=f"g{n}")
        with pytest.raises(personalize.exceptions.LimitExceededException, match="More than 5 dataset groups"):
            personalize.create_dataset_group(name="g5")
        assert aws.quotas.get("personalize", "Active dataset groups") == 5


def test_a_raised_clean_rooms_ml_quota_answers_its_new_quota_value():
    with mock_all() as aws:
        aws.lifecycle.mode("manual", kind="audience-model")  # the models stay CREATE_PENDING
        ml = boto3.client("cleanroomsml", region_name=REGION)
        dataset = ml.create_training_dataset(name="d", roleArn=ROLE, trainingData=TRAINING_DATA)["trainingDatasetArn"]
        aws.quotas.set("cleanroomsml", "Pending or in-progress audience models", 3)
        for n in range(3):  # AWS's default is 2
            ml.create_audience_model(name=f"m{n}", trainingDatasetArn=dataset)
        with pytest.raises(ml.exceptions.ServiceQuotaExceededException) as caught:
            ml.create_audience_model(name="m3", trainingDatasetArn=dataset)
    answer = caught.value.response
    assert (answer["quotaName"], answer["quotaValue"]) == ("Pending or in-progress audience models", 3)


def test_a_raised_clean_rooms_quota_admits_more_invited_members():
    def member(account: str) -> dict:
        return {"accountId": account, "memberAbilities": [], "displayName": account}

    with mock_all() as aws:
        rooms = boto3.client("cleanrooms", region_name=REGION)

        def create(count: int) -> dict:
            return rooms.create_collaboration(
                name="c",
                description="d",
                creatorDisplayName="me",
                creatorMemberAbilities=["CAN_QUERY"],
                queryLogStatus="DISABLED",
                members=[member(f"40000000000{i}") for i in range(count)],
            )

        aws.quotas.set("cleanrooms", "Invited members per collaboration", 6)
        assert create(6)["collaboration"]["id"]  # AWS's default is 5
        with pytest.raises(rooms.exceptions.ServiceQuotaExceededException) as caught:
            create(7)
    assert (caught.value.response["quotaName"], caught.value.response["quotaValue"]) == (
        "Invited members per collaboration",
        6,
    )


@pytest.mark.parametrize("service", ["personalize", "cleanroomsml", "cleanrooms"])
def test_every_service_lists_its_quotas_with_aws_defaults(service):
    with mock_all() as aws:
        quotas = aws.quotas.list(service)
    assert quotas and all(quota["value"] == quota["default"] > 0 for quota in quotas)
    assert any(quota["adjustable"] for quota in quotas)


def test_an_unknown_or_fixed_quota_cannot_be_set():
    with mock_all() as aws:
        with pytest.raises(KeyError, match="no quota named"):
            aws.quotas.set("personalize", "Dataset groups", 10)
        with pytest.raises(ValueError, match="not adjustable"):
            aws.quotas.set("personalize", "Active schemas", 1000)


def test_a_store_checks_a_quota_with_the_services_own_error() -> None:
    """``Store.check_quota``: the one place a count meets the quota in force (each service passes its error)."""
    from cleanroom_mock.core.errors import ServiceError

    def refuse(name: str, limit: int) -> ServiceError:
        return ServiceError("LimitExceededException", f"{name}: {limit}")

    with mock_all() as aws:
        store = aws.store("personalize", "123456789012", "us-east-1")
        store.check_quota("Active dataset groups", 4, refuse)  # a fifth still fits AWS's default of 5
        with pytest.raises(ServiceError, match="Active dataset groups: 5"):
            store.check_quota("Active dataset groups", 5, refuse)
        aws.quotas.set("personalize", "Active dataset groups", 6)
        store.check_quota("Active dataset groups", 5, refuse)
