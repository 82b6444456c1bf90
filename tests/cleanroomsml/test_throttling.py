"""API rate limits: off by default, the documented ones under the strict profile (core.throttle)."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.config import Config
from freezegun import freeze_time

from cleanroom_mock import mock_cleanroomsml

from .constants import COMMUNITY_A_SEED, A

NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})  # see the 429 itself


def _dataset(ml, role, training_data) -> str:
    return ml.create_training_dataset(name="td", roleArn=role(A), trainingData=training_data())["trainingDatasetArn"]


def _model(ml, dataset: str, n: int) -> str:
    arn = ml.create_audience_model(name=f"m{n}", trainingDatasetArn=dataset)["audienceModelArn"]
    ml.get_audience_model(audienceModelArn=arn)  # reading it ends training, so the pending quota stays free
    return arn


def test_create_audience_model_is_throttled_past_its_burst_and_refills_with_the_clock(
    client, community_rows, role, training_data
):
    with freeze_time("2026-11-22 10:00:00") as frozen, mock_cleanroomsml(strict=True) as aws:
        aws.data.put_table("db", "interactions", community_rows())
        ml = client(A, config=NO_RETRIES)
        dataset = _dataset(ml, role, training_data)
        for n in range(3):  # CreateAudienceModel: 1 request per second, burst 3 (clean-rooms-ml-quotas)
            _model(ml, dataset, n)
        with pytest.raises(ml.exceptions.ThrottlingException) as caught:
            ml.create_audience_model(name="m3", trainingDatasetArn=dataset)
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
        assert "CreateAudienceModel" in caught.value.response["Error"]["Message"]
        frozen.tick(dt.timedelta(seconds=1))
        _model(ml, dataset, 3)


def test_accounts_have_their_own_buckets(client, community_rows, role, training_data):
    with freeze_time("2026-11-22 10:00:00"), mock_cleanroomsml(strict=True) as aws:
        aws.data.put_table("db", "interactions", community_rows())
        for account in (A, "333333333333"):  # six creates in one frozen second: three per account's bucket
            ml = client(account, config=NO_RETRIES)
            dataset = ml.create_training_dataset(name="td", roleArn=role(account), trainingData=training_data())
            for n in range(3):
                _model(ml, dataset["trainingDatasetArn"], n)


def test_no_rate_limits_by_default(client, community_rows, role, training_data):
    with freeze_time("2026-11-22 10:00:00"), mock_cleanroomsml() as aws:
        aws.data.put_table("db", "interactions", community_rows())
        ml = client(A, config=NO_RETRIES)
        dataset = _dataset(ml, role, training_data)
        for n in range(6):
            _model(ml, dataset, n)
        for _ in range(60):  # Get*: 50 per second when strict
            ml.list_training_datasets()



def test_start_audience_generation_job_throttles_at_its_documented_rate(setup, client, put_seed, seed_audience):
    """The seed operation whose model lists ThrottlingException: 1 request per second, burst 5."""
    setup.aws.strict = True
    owner = client(A, config=NO_RETRIES)
    seed = seed_audience(put_seed(setup.aws, "s3://seeds/seed.json", COMMUNITY_A_SEED), A)

    def start(name: str) -> None:
        owner.start_audience_generation_job(name=name, configuredAudienceModelArn=setup.cam, seedAudience=seed)

    with freeze_time("2026-11-22 10:00:00") as frozen:
        for n in range(5):
            start(f"job{n}")
        with pytest.raises(owner.exceptions.ThrottlingException) as caught:
            start("job5")
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
        frozen.tick(dt.timedelta(seconds=1))
        start("job5")
