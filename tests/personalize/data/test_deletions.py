"""Data deletion jobs (data/deletions.py)."""

from __future__ import annotations

import pytest

from ..support import INTERACTIONS_SCHEMA, ROLE, USERS_SCHEMA, client, make_dataset, new_group


def test_data_deletion_failures_quota_and_order(personalize_mock):
    pz = client()
    group = new_group(pz)
    make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/wrong.csv", "CUSTOMER\nu1\n")

    def start(name, location="s3://bucket/wrong.csv"):
        return pz.create_data_deletion_job(
            jobName=name, datasetGroupArn=group, dataSource={"dataLocation": location}, roleArn=ROLE
        )["dataDeletionJobArn"]

    for index in range(5):
        start(f"d{index}")
    with pytest.raises(pz.exceptions.LimitExceededException):
        start("d5")
    jobs = pz.list_data_deletion_jobs(datasetGroupArn=group)["dataDeletionJobs"]
    assert [j["jobName"] for j in jobs] == ["d4", "d3", "d2", "d1", "d0"]  # newest first
    assert {j["status"] for j in jobs} == {"FAILED"}
    failed = pz.describe_data_deletion_job(dataDeletionJobArn=jobs[0]["dataDeletionJobArn"])["dataDeletionJob"]
    assert failed["failureReason"] == "Input CSV is missing the following columns: [USER_ID]"
    nowhere = pz.describe_data_deletion_job(dataDeletionJobArn=start("d5", "s3://bucket/absent/"))["dataDeletionJob"]
    assert (nowhere["status"], nowhere["failureReason"]) == ("FAILED", "Invalid Data location.")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_data_deletion_job(
            jobName="x", datasetGroupArn=group + "x", dataSource={"dataLocation": "s3://b/k"}, roleArn=ROLE
        )


def test_data_deletion_statuses_step(personalize_mock):
    pz = client()
    group = new_group(pz)
    make_dataset(pz, group, "Users", USERS_SCHEMA)
    personalize_mock.data.put_object("s3://bucket/forget/a.csv", "USER_ID\nu1\n")
    personalize_mock.lifecycle = "step"
    arn = pz.create_data_deletion_job(
        jobName="d", datasetGroupArn=group, dataSource={"dataLocation": "s3://bucket/forget/"}, roleArn=ROLE
    )["dataDeletionJobArn"]
    seen = [pz.describe_data_deletion_job(dataDeletionJobArn=arn)["dataDeletionJob"]["status"] for _ in range(2)]
    assert seen == ["IN_PROGRESS", "COMPLETED"]
    assert pz.describe_data_deletion_job(dataDeletionJobArn=arn)["dataDeletionJob"]["numDeleted"] == 0
