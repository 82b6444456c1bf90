"""Configured audience models: size bins, updates, deletes, quotas, and the resource policy's hash conditions."""

from __future__ import annotations

import hashlib
import json

import pytest

from cleanroom_mock.cleanroomsml.lookalike.resources import ConfiguredAudienceModel

from ..constants import A, B

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": B}, "Action": "cleanrooms-ml:StartAudienceGenerationJob",
    "Resource": "*"}]})


def test_create_get_list_defaults(setup, output_config) -> None:
    a = setup.a
    cam = a.create_configured_audience_model(
        name="defaults", audienceModelArn=setup.model, outputConfig=output_config(),
        sharedAudienceMetrics=["NONE"], description="d", tags={"k": "v"})["configuredAudienceModelArn"]
    got = a.get_configured_audience_model(configuredAudienceModelArn=cam)
    assert got["status"] == "ACTIVE" and got["audienceModelArn"] == setup.model
    assert got["minMatchingSeedSize"] == 500  # the documented default
    assert got["childResourceTagOnCreatePolicy"] == "NONE"
    assert "audienceSizeConfig" not in got  # only what the caller set
    assert got["sharedAudienceMetrics"] == ["NONE"] and got["tags"] == {"k": "v"}
    listed = a.list_configured_audience_models()["configuredAudienceModels"]
    assert [c["configuredAudienceModelArn"] for c in listed] == [setup.cam, cam]
    assert listed[1]["outputConfig"] == output_config() and listed[1]["description"] == "d"


@pytest.mark.parametrize("bins, message", [
    ([0, 10], None),  # 0 is outside the model's range: botocore rejects it client-side
    ([21], "between 1 and 20"),
    ([5, 5], "must not repeat"),
])
def test_percentage_bins_must_be_1_to_20(setup, bins, message, create_cam) -> None:
    a = setup.a
    config = {"audienceSizeType": "PERCENTAGE", "audienceSizeBins": bins}
    if message is None:
        with pytest.raises(Exception, match="audienceSizeBins"):
            create_cam(a, setup.model, name="x", audienceSizeConfig=config)
        return
    with pytest.raises(a.exceptions.ValidationException, match=message):
        create_cam(a, setup.model, name="x", audienceSizeConfig=config)


def test_absolute_bins_scaled_default_and_strict(setup, create_cam) -> None:
    a, aws = setup.a, setup.aws  # the model has 120 distinct users
    with pytest.raises(a.exceptions.ValidationException, match="cannot exceed the 120 distinct users"):
        create_cam(a, setup.model, name="x", audienceSizeConfig={"audienceSizeType": "ABSOLUTE",
                                                                   "audienceSizeBins": [121]})
    create_cam(a, setup.model, name="small", audienceSizeConfig={"audienceSizeType": "ABSOLUTE",
                                                                   "audienceSizeBins": [1, 100]})
    aws.strict = True
    with pytest.raises(a.exceptions.ValidationException, match="between 1% and 20%"):
        create_cam(a, setup.model, name="y", audienceSizeConfig={"audienceSizeType": "ABSOLUTE",
                                                                   "audienceSizeBins": [1, 100]})
    create_cam(a, setup.model, name="z", audienceSizeConfig={"audienceSizeType": "ABSOLUTE",
                                                               "audienceSizeBins": [2, 24]})


def test_role_and_references(setup, create_cam, output_config) -> None:
    a = setup.a
    with pytest.raises(a.exceptions.AccessDeniedException):
        create_cam(a, setup.model, name="x", outputConfig=output_config(account=B))
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        create_cam(a, setup.model.replace(setup.model.split("/")[-1], "missing"), name="x")
    with pytest.raises(a.exceptions.ConflictException, match="already exists"):
        create_cam(a, setup.model, name="lookalike")


def test_update_keeps_omitted_fields_and_checks_references(setup, output_config) -> None:
    a = setup.a
    before = a.get_configured_audience_model(configuredAudienceModelArn=setup.cam)
    a.update_configured_audience_model(configuredAudienceModelArn=setup.cam, minMatchingSeedSize=30,
                                       description="new")
    after = a.get_configured_audience_model(configuredAudienceModelArn=setup.cam)
    assert after["minMatchingSeedSize"] == 30 and after["description"] == "new"
    assert after["audienceSizeConfig"] == before["audienceSizeConfig"]
    assert after["updateTime"] >= before["updateTime"]
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.update_configured_audience_model(configuredAudienceModelArn=setup.cam,
                                           audienceModelArn=setup.model[:-3] + "xyz")
    with pytest.raises(a.exceptions.ValidationException, match="between 1 and 20"):
        a.update_configured_audience_model(configuredAudienceModelArn=setup.cam, audienceSizeConfig={
            "audienceSizeType": "PERCENTAGE", "audienceSizeBins": [50]})
    with pytest.raises(a.exceptions.AccessDeniedException):
        a.update_configured_audience_model(configuredAudienceModelArn=setup.cam,
                                           outputConfig=output_config(account=B))
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.update_configured_audience_model(configuredAudienceModelArn=setup.cam[:-3] + "xyz", description="x")


def test_update_applies_to_jobs_started_afterwards(setup) -> None:
    a = setup.a
    first = setup.start_job(a, name="before")
    a.update_configured_audience_model(configuredAudienceModelArn=setup.cam, audienceSizeConfig={
        "audienceSizeType": "PERCENTAGE", "audienceSizeBins": [5]})
    second = setup.start_job(a, name="after")
    sizes = [[m["audienceSize"]["value"] for m in
              a.get_audience_generation_job(audienceGenerationJobArn=j)["metrics"]["relevanceMetrics"]]
             for j in (first, second)]
    assert sizes == [[10, 20], [5]]
    # The first job still exports its own sizes.
    a.start_audience_export_job(name="e", audienceGenerationJobArn=first,
                                audienceSize={"type": "PERCENTAGE", "value": 20})


def test_delete_refused_while_jobs_run_then_gone(setup) -> None:
    a = setup.a
    setup.aws.lifecycle = "step"  # one status per read: the job is still running when the delete reads it
    job = setup.start_job(a)
    with pytest.raises(a.exceptions.ConflictException, match="have not finished"):
        a.delete_configured_audience_model(configuredAudienceModelArn=setup.cam)
    assert a.get_audience_generation_job(audienceGenerationJobArn=job)["status"] == "ACTIVE"
    a.delete_configured_audience_model(configuredAudienceModelArn=setup.cam)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.get_configured_audience_model(configuredAudienceModelArn=setup.cam)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.delete_configured_audience_model(configuredAudienceModelArn=setup.cam)


def test_configured_model_quota_of_10000(setup, create_cam) -> None:
    a, aws = setup.a, setup.aws
    store = aws.store("cleanroomsml", A, "us-east-1")
    for n in range(9_998):  # one exists already; filled directly (the store's public table) to keep it fast
        store.configured_models.add(ConfiguredAudienceModel(
            arn=store.arn(f"configured-audience-model/c{n}"), name=f"c{n}", audience_model_arn=setup.model))
    create_cam(a, setup.model, name="last")
    with pytest.raises(a.exceptions.ServiceQuotaExceededException) as caught:
        create_cam(a, setup.model, name="one-too-many")
    assert caught.value.response["quotaName"] == "Configured audience models"
    assert caught.value.response["quotaValue"] == 10_000


def test_policy_put_get_delete_with_hash(setup) -> None:
    a, cam = setup.a, setup.cam
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.get_configured_audience_model_policy(configuredAudienceModelArn=cam)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.delete_configured_audience_model_policy(configuredAudienceModelArn=cam)
    put = a.put_configured_audience_model_policy(configuredAudienceModelArn=cam, configuredAudienceModelPolicy=POLICY)
    assert put["policyHash"] == hashlib.sha256(POLICY.encode()).hexdigest()
    got = a.get_configured_audience_model_policy(configuredAudienceModelArn=cam)
    assert got["configuredAudienceModelPolicy"] == POLICY and got["policyHash"] == put["policyHash"]
    assert got["configuredAudienceModelArn"] == cam
    a.delete_configured_audience_model_policy(configuredAudienceModelArn=cam)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.get_configured_audience_model_policy(configuredAudienceModelArn=cam)


def test_policy_conditions(setup) -> None:
    a, cam = setup.a, setup.cam
    with pytest.raises(a.exceptions.ValidationException, match="POLICY_MUST_EXIST"):
        a.put_configured_audience_model_policy(configuredAudienceModelArn=cam, configuredAudienceModelPolicy=POLICY,
                                               policyExistenceCondition="POLICY_MUST_EXIST")
    with pytest.raises(a.exceptions.ValidationException, match="previousPolicyHash"):
        a.put_configured_audience_model_policy(configuredAudienceModelArn=cam, configuredAudienceModelPolicy=POLICY,
                                               previousPolicyHash="0" * 64)
    first = a.put_configured_audience_model_policy(
        configuredAudienceModelArn=cam, configuredAudienceModelPolicy=POLICY,
        policyExistenceCondition="POLICY_MUST_NOT_EXIST")["policyHash"]
    with pytest.raises(a.exceptions.ValidationException, match="POLICY_MUST_NOT_EXIST"):
        a.put_configured_audience_model_policy(configuredAudienceModelArn=cam, configuredAudienceModelPolicy=POLICY,
                                               policyExistenceCondition="POLICY_MUST_NOT_EXIST")
    replacement = POLICY.replace(B, "333333333333")
    with pytest.raises(a.exceptions.ValidationException, match="previousPolicyHash"):
        a.put_configured_audience_model_policy(configuredAudienceModelArn=cam,
                                               configuredAudienceModelPolicy=replacement, previousPolicyHash="a" * 64)
    second = a.put_configured_audience_model_policy(
        configuredAudienceModelArn=cam, configuredAudienceModelPolicy=replacement, previousPolicyHash=first,
        policyExistenceCondition="POLICY_MUST_EXIST")["policyHash"]
    assert second != first
    assert a.get_configured_audience_model_policy(configuredAudienceModelArn=cam)["policyHash"] == second


@pytest.mark.parametrize("text", ["not json", "[]", json.dumps({"Statement": [{"Effect": "Maybe"}]})])
def test_policy_must_be_a_policy_document(setup, text) -> None:
    a = setup.a
    with pytest.raises(a.exceptions.ValidationException):
        a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam,
                                               configuredAudienceModelPolicy=text)


def test_policy_of_unknown_model_is_not_found(setup, client) -> None:
    a = setup.a
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam[:-3] + "xyz",
                                               configuredAudienceModelPolicy=POLICY)
    b = client(B)
    with pytest.raises(b.exceptions.ResourceNotFoundException):  # only the owner manages its policy
        b.put_configured_audience_model_policy(configuredAudienceModelArn=setup.cam,
                                               configuredAudienceModelPolicy=POLICY)
