"""Audience export jobs: only ACTIVE jobs, sizes, the strict minimum, statuses, list filters, quotas."""

from __future__ import annotations

import pytest

from ..constants import COMMUNITY_A_SEED


def test_export_needs_an_active_job(setup) -> None:
    a, aws = setup.a, setup.aws
    aws.lifecycle = "step"
    job = setup.start_job(a)
    with pytest.raises(a.exceptions.ConflictException, match="only an ACTIVE job"):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    failed = setup.start_job(a, name="failed", seed=COMMUNITY_A_SEED[:3])
    setup.status(a, failed), setup.status(a, failed)
    with pytest.raises(a.exceptions.ConflictException, match="CREATE_FAILED"):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=failed,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})


def test_export_list_filter_and_validation(setup) -> None:
    a = setup.a
    first, second = setup.start_job(a, name="one"), setup.start_job(a, name="two")
    for job in (first, second):
        setup.status(a, job)
    with pytest.raises(a.exceptions.ValidationException, match="not one of"):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=first,
                                    audienceSize={"type": "PERCENTAGE", "value": 15})
    with pytest.raises(a.exceptions.ValidationException, match="not one of"):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=first,
                                    audienceSize={"type": "ABSOLUTE", "value": 10})
    a.start_audience_export_job(name="e", audienceGenerationJobArn=first, description="x",
                                audienceSize={"type": "PERCENTAGE", "value": 10})
    with pytest.raises(a.exceptions.ConflictException, match="already exists"):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=first,
                                    audienceSize={"type": "PERCENTAGE", "value": 20})
    a.start_audience_export_job(name="e", audienceGenerationJobArn=second,
                                audienceSize={"type": "PERCENTAGE", "value": 20})
    [only] = a.list_audience_export_jobs(audienceGenerationJobArn=second)["audienceExportJobs"]
    assert only["audienceSize"] == {"type": "PERCENTAGE", "value": 20}
    assert len(a.list_audience_export_jobs()["audienceExportJobs"]) == 2


def test_export_minimum_is_strict_only(setup) -> None:
    a, aws = setup.a, setup.aws
    job = setup.start_job(a)
    setup.status(a, job)
    aws.strict = True
    with pytest.raises(a.exceptions.ValidationException, match="at least 10000 users"):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                    audienceSize={"type": "PERCENTAGE", "value": 20})
    aws.strict = False
    a.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                audienceSize={"type": "PERCENTAGE", "value": 20})


def test_export_statuses_in_step_mode(setup) -> None:
    a, aws = setup.a, setup.aws
    job = setup.start_job(a)
    setup.status(a, job)
    aws.lifecycle = "step"
    a.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                audienceSize={"type": "PERCENTAGE", "value": 10})
    statuses = [a.list_audience_export_jobs()["audienceExportJobs"][0]["status"] for _ in range(2)]
    assert statuses == ["CREATE_IN_PROGRESS", "ACTIVE"]


def test_export_quotas(setup) -> None:
    a, aws = setup.a, setup.aws
    jobs = [setup.start_job(a, name=f"j{n}") for n in range(2)]
    a.list_audience_generation_jobs()
    for n in range(20):
        a.start_audience_export_job(name=f"e{n}", audienceGenerationJobArn=jobs[0],
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    with pytest.raises(a.exceptions.ServiceQuotaExceededException) as caught:
        a.start_audience_export_job(name="e20", audienceGenerationJobArn=jobs[1],
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    assert caught.value.response["quotaName"] == "Pending or in-progress audience export jobs"
    assert caught.value.response["quotaValue"] == 20
    a.list_audience_export_jobs()  # finishes them
    for n in range(20, 25):
        a.start_audience_export_job(name=f"e{n}", audienceGenerationJobArn=jobs[0],
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    with pytest.raises(a.exceptions.ServiceQuotaExceededException) as caught:
        a.start_audience_export_job(name="e25", audienceGenerationJobArn=jobs[0],
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    assert caught.value.response["quotaName"] == "Audience export jobs per audience generation job"
    assert caught.value.response["quotaValue"] == 25
    users = aws.data.get_json_lines(a.list_audience_export_jobs(maxResults=1)["audienceExportJobs"][0][
        "outputLocation"])
    assert len(users) == 12
