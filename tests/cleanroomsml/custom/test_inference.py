"""Inference jobs: rules, lifecycle, cancel, the files they write, collaboration views."""

from __future__ import annotations

import json

import pytest

from ..constants import INFERENCE_RESOURCES, D, P


def _infer(s, model: str, name: str = "scores", receiver: str = P, **kwargs):
    kwargs.setdefault("dataSource", {"mlInputChannelArn": s.channel(f"{name}-input")})
    return s.d.start_trained_model_inference_job(
        membershipIdentifier=s.d_membership, name=name, trainedModelArn=model, resourceConfig=INFERENCE_RESOURCES,
        outputConfiguration={"members": [{"accountId": receiver}], "accept": "text/csv"}, **kwargs,
    )["trainedModelInferenceJobArn"]


def test_inference_job_writes_its_output_to_the_receivers_location(aws, make_collab) -> None:
    s = make_collab()
    model = s.active_model()
    arn = _infer(s, model, tags={"t": "1"})
    assert f":{D}:membership/{s.d_membership}/trained-model-inference-job/" in arn
    job = s.d.get_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=arn)
    assert job["status"] == "ACTIVE" and job["tags"] == {"t": "1"} and "trainedModelVersionIdentifier" not in job
    assert job["inferenceContainerImageDigest"].startswith("sha256:") and job["metricsStatus"] == "PUBLISH_SUCCEEDED"
    job_id = arn.rsplit("/", 1)[-1]
    output = json.loads(aws.data.get_object(
        f"s3://out-{P}/ml/{s.collaboration}/trained-model-inference-jobs/{job_id}/output.json"))
    assert output["trainedModelArn"] == model and output["accept"] == "text/csv"
    listed = s.d.list_trained_model_inference_jobs(membershipIdentifier=s.d_membership, trainedModelArn=model)
    assert [j["trainedModelInferenceJobArn"] for j in listed["trainedModelInferenceJobs"]] == [arn]
    assert s.d.list_trained_model_inference_jobs(
        membershipIdentifier=s.d_membership, trainedModelVersionIdentifier="00000000-0000-4000-8000-000000000000",
    )["trainedModelInferenceJobs"] == []
    seen = s.p.list_collaboration_trained_model_inference_jobs(collaborationIdentifier=s.collaboration)
    assert [j["creatorAccountId"] for j in seen["collaborationTrainedModelInferenceJobs"]] == [D]
    with pytest.raises(s.d.exceptions.ConflictException, match="only a job that is still running"):
        s.d.cancel_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=arn)


def test_cancel_inference_job(aws, make_collab) -> None:
    s = make_collab()
    model = s.active_model()
    arn = _infer(s, model)
    s.d.cancel_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=arn)
    job = s.d.get_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=arn)
    assert job["status"] == "INACTIVE" and job["statusDetails"]["statusCode"] == "CANCELLED"
    assert aws.data.memory.list_objects(f"s3://out-{P}/ml/") == []


def test_inference_rules(aws, make_collab) -> None:
    s = make_collab(abilities={P: ["CAN_RECEIVE_MODEL_OUTPUT"], D: ["CAN_QUERY"]})
    model = s.active_model()
    with pytest.raises(s.d.exceptions.ValidationException, match="CAN_RECEIVE_INFERENCE_OUTPUT"):
        _infer(s, model, "a")
    with pytest.raises(s.d.exceptions.ValidationException, match="not a member"):
        _infer(s, model, "b", receiver="333333333333")
    with pytest.raises(s.d.exceptions.ResourceNotFoundException, match="version not found"):
        _infer(s, model, "c", receiver=D, trainedModelVersionIdentifier="00000000-0000-4000-8000-000000000000")
    with pytest.raises(s.d.exceptions.ResourceNotFoundException, match="Trained model not found"):
        _infer(s, model[:-3] + "zzz", "d", receiver=D)
    with pytest.raises(s.p.exceptions.AccessDeniedException, match="CAN_QUERY"):
        s.p.start_trained_model_inference_job(
            membershipIdentifier=s.p_membership, name="x", trainedModelArn=model,
            resourceConfig=INFERENCE_RESOURCES, outputConfiguration={"members": [{"accountId": D}]},
            dataSource={"mlInputChannelArn": s.channel("x")})
    with pytest.raises(s.d.exceptions.ValidationException, match="CAN_RECEIVE_INFERENCE_OUTPUT"):
        _infer(s, model, "self", receiver=D)  # the querier itself lacks the ability here

def test_inference_needs_an_active_model_and_a_configured_receiver(aws, make_collab) -> None:
    s = make_collab()
    pending = s.train("pending")["trainedModelArn"]
    s.d.cancel_trained_model(membershipIdentifier=s.d_membership, trainedModelArn=pending)
    with pytest.raises(s.d.exceptions.ConflictException, match="must be ACTIVE"):
        _infer(s, pending, "a")
    model = s.active_model()
    s.p.delete_ml_configuration(membershipIdentifier=s.p_membership)
    with pytest.raises(s.d.exceptions.ValidationException, match="no ML configuration"):
        _infer(s, model, "b")
    _infer(s, model, "same", receiver=D)
    with pytest.raises(s.d.exceptions.ConflictException, match="already exists"):
        _infer(s, model, "same", receiver=D, dataSource={"mlInputChannelArn": s.channel("other")})


def test_inference_quota(aws, make_collab) -> None:
    s = make_collab()
    model = s.active_model()
    channel = s.channel("input")
    s.d.get_ml_input_channel(membershipIdentifier=s.d_membership, mlInputChannelArn=channel)
    _infer(s, model, "one", dataSource={"mlInputChannelArn": channel})
    aws.quotas.set("cleanroomsml", "Pending or in-progress inference jobs per account", 1)
    with pytest.raises(s.d.exceptions.ServiceQuotaExceededException, match="per account"):
        _infer(s, model, "two", dataSource={"mlInputChannelArn": channel})


def test_an_output_location_in_a_bucket_nobody_created_fails_the_job(aws, make_collab) -> None:
    """Under ``strict`` the in-memory S3 refuses a write to an uncreated bucket as moto's and AWS's do: the job
    fails with the reason (it used to crash the Get that completed it)."""
    s = make_collab()
    model = s.active_model()
    aws.strict = True
    arn = _infer(s, model)
    job = s.d.get_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=arn)
    assert job["status"] == "CREATE_FAILED"
    assert job["statusDetails"]["statusCode"] == "OUTPUT_LOCATION_NOT_FOUND"
    assert f"out-{P}" in job["statusDetails"]["message"]
    aws.strict = False
    aws.data.create_bucket(f"out-{P}")
    again = _infer(s, model, name="again")
    assert s.d.get_trained_model_inference_job(
        membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=again)["status"] == "ACTIVE"
