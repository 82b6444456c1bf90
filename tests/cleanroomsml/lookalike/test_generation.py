"""Audience generation jobs: seeds, two-party access, visibility, deletes, filters, quotas, tags."""

from __future__ import annotations

import json

import pytest

from ..constants import COMMUNITY_A_SEED, A, B


def allow_b(resource: str = "*", **condition: str) -> str:
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{B}:root"},
                 "Action": "cleanrooms-ml:StartAudienceGenerationJob", "Resource": resource}
    if condition:
        statement["Condition"] = {"StringEquals": condition}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


# --- seeds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed, code", [
    (COMMUNITY_A_SEED[:24], "SEED_AUDIENCE_TOO_SMALL"),
    ([f"stranger{n}" for n in range(30)], "INSUFFICIENT_MATCHING_SEED_USERS"),
])
def test_seed_problems_fail_the_job(setup, seed, code) -> None:
    job = setup.start_job(setup.a, seed=seed)
    got = setup.status(setup.a, job)
    assert got["status"] == "CREATE_FAILED" and got["statusDetails"]["statusCode"] == code
    assert "metrics" not in got


def test_min_matching_seed_size_default_of_500_is_enforced(setup, role) -> None:
    a = setup.a
    cam = a.create_configured_audience_model(
        name="default-min", audienceModelArn=setup.model, sharedAudienceMetrics=["ALL"],
        outputConfig={"destination": {"s3Destination": {"s3Uri": "s3://o/p"}}, "roleArn": role(A)},
    )["configuredAudienceModelArn"]
    job = setup.start_job(a, configuredAudienceModelArn=cam)
    details = setup.status(a, job)["statusDetails"]
    assert details["statusCode"] == "INSUFFICIENT_MATCHING_SEED_USERS" and "at least 500" in details["message"]


def test_missing_and_invalid_seed_objects(setup, seed_audience) -> None:
    a, aws = setup.a, setup.aws
    job = a.start_audience_generation_job(name="missing", configuredAudienceModelArn=setup.cam,
                                          seedAudience=seed_audience("s3://nowhere/seed.json", A),
                                          )["audienceGenerationJobArn"]
    assert setup.status(a, job)["statusDetails"]["statusCode"] == "SEED_AUDIENCE_NOT_FOUND"
    aws.data.put_object("s3://seeds/bad.json", "{not json\n")
    job = a.start_audience_generation_job(name="bad", configuredAudienceModelArn=setup.cam,
                                          seedAudience=seed_audience("s3://seeds/bad.json", A),
                                          )["audienceGenerationJobArn"]
    assert setup.status(a, job)["statusDetails"]["statusCode"] == "INVALID_SEED_AUDIENCE"
    aws.data.put_json_lines("s3://seeds/nouser.json", [{"id": "a001"}])
    job = a.start_audience_generation_job(name="nouser", configuredAudienceModelArn=setup.cam,
                                          seedAudience=seed_audience("s3://seeds/nouser.json", A),
                                          )["audienceGenerationJobArn"]
    assert "user_id" in setup.status(a, job)["statusDetails"]["message"]


def test_a_sql_seed_needs_a_collaboration(setup, role) -> None:
    """The query runs in the caller's membership (tests/cleanrooms/queries/test_clean_rooms_ml.py runs one)."""
    with pytest.raises(setup.a.exceptions.ValidationException, match="needs a collaborationId"):
        setup.a.start_audience_generation_job(name="sql", configuredAudienceModelArn=setup.cam, seedAudience={
            "sqlParameters": {"queryString": "SELECT user_id FROM seeds"}, "roleArn": role(A)})


A_ROLE = f"arn:aws:iam::{A}:role/cleanrooms-ml"


@pytest.mark.parametrize("seed, message", [
    ({"roleArn": A_ROLE}, "exactly one of"),
    ({"roleArn": A_ROLE, "dataSource": {"s3Uri": "s3://x/y"}, "sqlParameters": {"queryString": "q"}},
     "exactly one of"),
    ({"roleArn": A_ROLE, "dataSource": {"s3Uri": "s3://x/y"},
      "sqlComputeConfiguration": {"worker": {"type": "CR.1X", "number": 2}}}, "only be given with sqlParameters"),
    ({"roleArn": A_ROLE, "sqlParameters": {}}, "queryString or an analysisTemplateArn"),
])
def test_seed_audience_shape(setup, seed, message) -> None:
    a = setup.a
    with pytest.raises(a.exceptions.ValidationException, match=message):
        a.start_audience_generation_job(name="x", configuredAudienceModelArn=setup.cam, seedAudience=seed)


def test_seed_role_must_be_callers(setup, seed_audience) -> None:
    a = setup.a
    with pytest.raises(a.exceptions.AccessDeniedException):
        a.start_audience_generation_job(name="x", configuredAudienceModelArn=setup.cam,
                                        seedAudience=seed_audience("s3://x/y", B))


# --- lifecycle, names, deletes ---------------------------------------------------------------------------


def test_job_statuses_in_step_mode_and_delete(setup) -> None:
    a, aws = setup.a, setup.aws
    aws.lifecycle = "step"
    job = setup.start_job(a)
    with pytest.raises(a.exceptions.ConflictException, match="wait until it ends"):
        a.delete_audience_generation_job(audienceGenerationJobArn=job)  # this read: CREATE_IN_PROGRESS
    [summary] = a.list_audience_generation_jobs()["audienceGenerationJobs"]
    assert summary["status"] == "ACTIVE"
    a.delete_audience_generation_job(audienceGenerationJobArn=job)
    assert setup.status(a, job)["status"] == "DELETE_IN_PROGRESS"
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        setup.status(a, job)


def test_job_names_are_unique_per_account(setup) -> None:
    a, b = setup.a, setup.b
    setup.start_job(a, name="dup")
    with pytest.raises(a.exceptions.ConflictException, match="already exists"):
        setup.start_job(a, name="dup")
    collaboration = setup.aws.collaborations.add(accounts=[A, B])
    setup.aws.collaborations.associate(collaboration, setup.cam)
    setup.start_job(b, name="dup", collaborationId=collaboration)  # B's own namespace; A sees B-dup
    with pytest.raises(b.exceptions.ConflictException):
        setup.start_job(b, name="dup", collaborationId=collaboration)


def test_unknown_job_and_configured_model(setup) -> None:
    a = setup.a
    missing = setup.cam.replace("configured-audience-model", "audience-generation-job")
    for call in (a.get_audience_generation_job, a.delete_audience_generation_job):
        with pytest.raises(a.exceptions.ResourceNotFoundException):
            call(audienceGenerationJobArn=missing)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.start_audience_export_job(name="e", audienceGenerationJobArn=missing,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        setup.start_job(a, configuredAudienceModelArn=setup.cam[:-3] + "xyz")


# --- two parties -----------------------------------------------------------------------------------------


def test_other_account_needs_collaboration_or_policy(setup) -> None:
    a, b, aws = setup.a, setup.b, setup.aws
    with pytest.raises(b.exceptions.AccessDeniedException, match="resource policy does not allow"):
        setup.start_job(b)
    with pytest.raises(b.exceptions.ResourceNotFoundException, match="Collaboration"):
        setup.start_job(b, collaborationId="00000000-0000-0000-0000-000000000000")
    only_b = aws.collaborations.add(accounts=[B, "333333333333"])
    with pytest.raises(b.exceptions.AccessDeniedException, match="owner"):
        setup.start_job(b, collaborationId=only_b)
    only_a = aws.collaborations.add(accounts=[A])
    with pytest.raises(b.exceptions.AccessDeniedException, match="caller"):
        setup.start_job(b, collaborationId=only_a)
    # A policy that names another account, or only the model but not the jobs, does not help.
    a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam,
                                           configuredAudienceModelPolicy=allow_b().replace(B, "333333333333"))
    with pytest.raises(b.exceptions.AccessDeniedException):
        setup.start_job(b)
    a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam,
                                           configuredAudienceModelPolicy=allow_b(setup.cam))
    with pytest.raises(b.exceptions.AccessDeniedException):
        setup.start_job(b)
    a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam,
                                           configuredAudienceModelPolicy=allow_b())
    job = setup.start_job(b)
    assert setup.status(b, job)["status"] == "ACTIVE"


def test_policy_conditioned_on_collaboration(setup) -> None:
    a, b, aws = setup.a, setup.b, setup.aws
    collaboration = aws.collaborations.add(accounts=[A, B])
    a.put_configured_audience_model_policy(
        configuredAudienceModelArn=setup.cam,
        configuredAudienceModelPolicy=allow_b(**{"cleanrooms-ml:collaborationId": collaboration}))
    with pytest.raises(b.exceptions.AccessDeniedException, match="not associated"):
        setup.start_job(b, collaborationId=collaboration)  # the model is not in the collaboration yet
    aws.collaborations.associate(collaboration, setup.cam, manage_resource_policies=False)
    with pytest.raises(b.exceptions.AccessDeniedException):
        setup.start_job(b)  # the condition needs a collaborationId
    setup.start_job(b, collaborationId=collaboration)  # the owner's own policy allows this collaboration


def test_an_association_clean_rooms_does_not_manage_needs_the_owners_policy(setup) -> None:
    b, aws = setup.b, setup.aws
    collaboration = aws.collaborations.add(accounts=[A, B])
    aws.collaborations.associate(collaboration, setup.cam, manage_resource_policies=False)
    with pytest.raises(b.exceptions.AccessDeniedException, match="does not manage it"):
        setup.start_job(b, collaborationId=collaboration)


def test_explicit_deny_wins(setup) -> None:
    a, b = setup.a, setup.b
    allow = json.loads(allow_b())["Statement"][0]
    deny = {**allow, "Effect": "Deny", "Resource": setup.cam}
    policy = json.dumps({"Version": "2012-10-17", "Statement": [allow, deny]})
    a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam, configuredAudienceModelPolicy=policy)
    with pytest.raises(b.exceptions.AccessDeniedException):
        setup.start_job(b)


def test_cross_account_job_views(setup) -> None:
    a, b, aws = setup.a, setup.b, setup.aws
    a.update_configured_audience_model(configuredAudienceModelArn=setup.cam, sharedAudienceMetrics=["NONE"])
    collaboration = aws.collaborations.add(accounts=[A, B])
    aws.collaborations.associate(collaboration, setup.cam)
    job_b = setup.start_job(b, name="seg", collaborationId=collaboration, description="mine")
    job_a = job_b.replace(f":{B}:", f":{A}:")
    seen_by_b, seen_by_a = setup.status(b, job_b), setup.status(a, job_a)
    assert "metrics" not in seen_by_b  # sharedAudienceMetrics NONE: the seed provider gets none
    assert seen_by_a["metrics"]["relevanceMetrics"]
    assert "seedAudience" in seen_by_b and "seedAudience" not in seen_by_a
    assert seen_by_a["name"] == f"{B}-seg" and seen_by_a["description"] == "mine"
    assert seen_by_a["collaborationId"] == collaboration == seen_by_b["collaborationId"]
    # Each account reaches the job only through its own ARN.
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        setup.status(b, job_a)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        setup.status(a, job_b)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.delete_audience_generation_job(audienceGenerationJobArn=job_b)
    # A deletes through its ARN: the one execution goes for both accounts.
    a.delete_audience_generation_job(audienceGenerationJobArn=job_a)
    assert b.list_audience_generation_jobs()["audienceGenerationJobs"] == []
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        setup.status(b, job_b)


def test_cross_account_delete_by_the_starter(setup) -> None:
    a, b, aws = setup.a, setup.b, setup.aws
    collaboration = aws.collaborations.add(accounts=[A, B])
    aws.collaborations.associate(collaboration, setup.cam)
    job_b = setup.start_job(b, collaborationId=collaboration)
    setup.status(b, job_b)
    b.delete_audience_generation_job(audienceGenerationJobArn=job_b)
    assert a.list_audience_generation_jobs()["audienceGenerationJobs"] == []


def test_other_account_cannot_configure_or_export_the_owners_job(setup) -> None:
    a, b = setup.a, setup.b
    job = setup.start_job(a)
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.delete_audience_generation_job(audienceGenerationJobArn=job)


# --- lists -----------------------------------------------------------------------------------------------


def test_list_filters_and_pagination(setup, create_cam) -> None:
    a, aws = setup.a, setup.aws
    other_cam = create_cam(a, setup.model, name="other")
    collaboration = aws.collaborations.add(accounts=[A, B])
    aws.collaborations.associate(collaboration, setup.cam)
    jobs = [setup.start_job(a, name=f"j{n}") for n in range(3)]
    in_collab = setup.start_job(a, name="c", collaborationId=collaboration)
    on_other = setup.start_job(a, name="o", configuredAudienceModelArn=other_cam)

    def arns(**kwargs) -> list[str]:
        return [j["audienceGenerationJobArn"] for j in a.list_audience_generation_jobs(**kwargs)[
            "audienceGenerationJobs"]]

    assert arns() == [*jobs, in_collab, on_other]
    assert arns(configuredAudienceModelArn=other_cam) == [on_other]
    assert arns(collaborationId=collaboration) == [in_collab]
    assert arns(configuredAudienceModelArn=other_cam, collaborationId=collaboration) == []
    page = a.list_audience_generation_jobs(maxResults=2, configuredAudienceModelArn=setup.cam)
    rest = a.list_audience_generation_jobs(maxResults=2, configuredAudienceModelArn=setup.cam,
                                           nextToken=page["nextToken"])
    assert [j["audienceGenerationJobArn"] for j in page["audienceGenerationJobs"] + rest[
        "audienceGenerationJobs"]] == [*jobs, in_collab]
    with pytest.raises(a.exceptions.ValidationException):  # token of another filter
        a.list_audience_generation_jobs(nextToken=page["nextToken"])
    with pytest.raises(a.exceptions.ValidationException):
        a.list_audience_export_jobs(nextToken="garbage")


# --- quotas ----------------------------------------------------------------------------------------------


def test_pending_generation_job_quota(setup) -> None:
    a = setup.a
    for n in range(10):
        setup.start_job(a, name=f"j{n}")
    with pytest.raises(a.exceptions.ServiceQuotaExceededException) as caught:
        setup.start_job(a, name="j10")
    assert caught.value.response["quotaName"] == "Pending or in-progress audience generation jobs"
    assert caught.value.response["quotaValue"] == 10
    a.list_audience_generation_jobs()  # reading them finishes them
    setup.start_job(a, name="j10")


# --- tags on jobs ----------------------------------------------------------------------------------------


def test_child_resource_tags_copied_in_owner_account(setup, create_cam) -> None:
    a, b, aws = setup.a, setup.b, setup.aws
    cam = create_cam(a, setup.model, name="tagged", tags={"team": "ads", "env": "prod"},
                     childResourceTagOnCreatePolicy="FROM_PARENT_RESOURCE")
    own = setup.start_job(a, name="own", configuredAudienceModelArn=cam, tags={"env": "test", "x": "1"})
    assert setup.status(a, own)["tags"] == {"team": "ads", "env": "test", "x": "1"}
    collaboration = aws.collaborations.add(accounts=[A, B])
    aws.collaborations.associate(collaboration, cam)
    job_b = setup.start_job(b, name="b", configuredAudienceModelArn=cam, collaborationId=collaboration,
                            tags={"mine": "yes"})
    assert setup.status(b, job_b)["tags"] == {"mine": "yes"}
    job_a = job_b.replace(f":{B}:", f":{A}:")
    assert a.list_tags_for_resource(resourceArn=job_a)["tags"] == {"team": "ads", "env": "prod"}
    plain = setup.start_job(a, name="plain", tags={"x": "1"})  # the setup's model copies nothing
    assert setup.status(a, plain)["tags"] == {"x": "1"}


def test_seed_file_under_cross_account_is_read_from_callers_location(setup, put_seed, seed_audience) -> None:
    a, b, aws = setup.a, setup.b, setup.aws
    a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam,
                                           configuredAudienceModelPolicy=allow_b())
    uri = put_seed(aws, "s3://b-private/seed.json", [f"b{n:03d}" for n in range(30)])
    job = b.start_audience_generation_job(name="b", configuredAudienceModelArn=setup.cam,
                                          seedAudience=seed_audience(uri))["audienceGenerationJobArn"]
    b.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                audienceSize={"type": "PERCENTAGE", "value": 10})
    assert b.list_audience_export_jobs()["audienceExportJobs"][0]["status"] == "ACTIVE"
    job_id = job.split("/")[-1]
    users = aws.data.get_json_lines(f"s3://model-owner-out/audiences/{job_id}/e/audience.json")
    assert len(users) == 12 and all(u["user_id"].startswith("b") for u in users)
