"""Trained models: training rules, versions through incremental training, cancel, output deletion, quotas."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from ..constants import IMAGE, RESOURCES, D, P


def test_train_get_list_and_collaboration_view(aws, make_collab) -> None:
    s = make_collab()
    channel = s.channel()
    aws.lifecycle = "step"
    s.d.get_ml_input_channel(membershipIdentifier=s.d_membership, mlInputChannelArn=channel)
    created = s.train(channels=[channel], hyperparameters={"epochs": "3"}, tags={"t": "1"})
    arn = created["trainedModelArn"]
    assert f":{D}:membership/{s.d_membership}/trained-model/" in arn and "versionIdentifier" not in created
    assert s.get_model(arn)["status"] == "CREATE_IN_PROGRESS"
    got = s.get_model(arn)
    assert got["status"] == "ACTIVE" and "versionIdentifier" not in got
    assert got["hyperparameters"] == {"epochs": "3"} and got["tags"] == {"t": "1"}
    assert got["trainingContainerImageDigest"].startswith("sha256:")
    assert got["metricsStatus"] == got["logsStatus"] == "PUBLISH_SUCCEEDED"
    mine = s.d.list_trained_models(membershipIdentifier=s.d_membership)["trainedModels"]
    assert [(m["name"], m["status"]) for m in mine] == [("churn", "ACTIVE")]
    seen = s.p.get_collaboration_trained_model(collaborationIdentifier=s.collaboration, trainedModelArn=arn)
    assert seen["creatorAccountId"] == D and "hyperparameters" not in seen
    every = s.p.list_collaboration_trained_models(collaborationIdentifier=s.collaboration)["collaborationTrainedModels"]
    assert [m["trainedModelArn"] for m in every] == [arn]
    assert s.p.list_trained_models(membershipIdentifier=s.p_membership)["trainedModels"] == []


def test_without_ml_configuration_metrics_and_logs_are_not_published(aws, make_collab) -> None:
    s = make_collab(configure=False)
    got = s.get_model(s.train()["trainedModelArn"])
    assert got["status"] == "ACTIVE" and got["metricsStatus"] == "PUBLISH_FAILED"
    assert "ML configuration" in got["logsStatusDetails"]


def test_versions_through_incremental_training(aws, make_collab) -> None:
    s = make_collab()
    arn = s.train()["trainedModelArn"]
    assert s.get_model(arn)["status"] == "ACTIVE"
    incremental = [{"trainedModelArn": arn, "channelName": "base"}]
    second = s.train(incrementalTrainingDataChannels=incremental)
    assert second["trainedModelArn"] == arn and len(second["versionIdentifier"]) == 36
    latest = s.get_model(arn)
    assert latest["versionIdentifier"] == second["versionIdentifier"]
    assert latest["incrementalTrainingDataChannels"] == [{"channelName": "base", "modelName": "churn"}]
    third = s.train(incrementalTrainingDataChannels=[
        {"trainedModelArn": arn, "channelName": "base", "versionIdentifier": second["versionIdentifier"]}])
    versions = s.d.list_trained_model_versions(membershipIdentifier=s.d_membership, trainedModelArn=arn)
    assert [v.get("versionIdentifier") for v in versions["trainedModels"]] == [
        None, second["versionIdentifier"], third["versionIdentifier"]]
    assert s.get_model(arn, versionIdentifier=second["versionIdentifier"])["versionIdentifier"] == \
        second["versionIdentifier"]
    # The list shows each model once, with its latest version.
    assert [m["versionIdentifier"] for m in s.d.list_trained_models(
        membershipIdentifier=s.d_membership)["trainedModels"]] == [third["versionIdentifier"]]
    # Warm-starting a model of another name creates a new trained model (base version).
    other = s.train("churn-v2", incrementalTrainingDataChannels=incremental)
    assert other["trainedModelArn"] != arn and "versionIdentifier" not in other
    with pytest.raises(s.d.exceptions.ResourceNotFoundException, match="version not found"):
        s.get_model(arn, versionIdentifier="00000000-0000-4000-8000-000000000000")
    paged = s.d.list_trained_model_versions(membershipIdentifier=s.d_membership, trainedModelArn=arn,
                                            maxResults=2)
    assert len(paged["trainedModels"]) == 2 and paged["nextToken"]
    active = s.d.list_trained_model_versions(membershipIdentifier=s.d_membership, trainedModelArn=arn,
                                             status="CREATE_FAILED")
    assert active["trainedModels"] == []


def test_same_name_without_incremental_training_is_a_conflict(aws, make_collab) -> None:
    s = make_collab()
    s.train()
    with pytest.raises(s.d.exceptions.ConflictException, match="already exists"):
        s.train()


def test_cancel_and_delete_output_target_the_base_version(aws, make_collab) -> None:
    s = make_collab()
    arn = s.train()["trainedModelArn"]  # cancelled before anything read it
    aws.lifecycle = "step"
    s.d.cancel_trained_model(membershipIdentifier=s.d_membership, trainedModelArn=arn)
    statuses = [s.get_model(arn)["status"] for _ in range(3)]
    assert statuses == ["CANCEL_IN_PROGRESS", "INACTIVE", "INACTIVE"]
    assert s.get_model(arn)["statusDetails"]["statusCode"] == "CANCELLED"
    with pytest.raises(s.d.exceptions.ConflictException, match="only a model that is still training"):
        s.d.cancel_trained_model(membershipIdentifier=s.d_membership, trainedModelArn=arn)
    with pytest.raises(s.d.exceptions.ConflictException, match="already deleted"):
        s.d.delete_trained_model_output(membershipIdentifier=s.d_membership, trainedModelArn=arn)


def test_delete_output(aws, make_collab) -> None:
    s = make_collab()
    arn = s.train()["trainedModelArn"]
    with pytest.raises(s.d.exceptions.ConflictException, match="cancel it or wait"):
        s.d.delete_trained_model_output(membershipIdentifier=s.d_membership, trainedModelArn=arn)
    assert s.get_model(arn)["status"] == "ACTIVE"
    s.d.delete_trained_model_output(membershipIdentifier=s.d_membership, trainedModelArn=arn)
    assert s.get_model(arn)["status"] == "INACTIVE"
    # With its output deleted, the model no longer blocks deleting the association... but the channel does.
    with pytest.raises(s.p.exceptions.ConflictException, match="ML input channel"):
        s.p.delete_configured_model_algorithm_association(
            membershipIdentifier=s.p_membership, configuredModelAlgorithmAssociationArn=s.association)


def test_training_rules(aws, make_collab, role) -> None:
    s = make_collab()
    aws.lifecycle = "step"
    pending = s.channel("pending")
    with pytest.raises(s.d.exceptions.ConflictException, match="must be ACTIVE"):
        s.train(channels=[pending])
    aws.lifecycle = "next-read"
    ready = s.channel("ready")
    base = ready.replace("ml-input-channel", "trained-model")
    with pytest.raises(s.d.exceptions.ValidationException, match="at most 20 channels"):
        s.train(channels=[ready] * 20, incrementalTrainingDataChannels=[{"trainedModelArn": base,
                                                                          "channelName": "base"}])
    with pytest.raises(s.d.exceptions.ValidationException, match="unique within the training job"):
        s.d.create_trained_model(membershipIdentifier=s.d_membership, name="m", resourceConfig=RESOURCES,
                                 configuredModelAlgorithmAssociationArn=s.association,
                                 dataChannels=[{"mlInputChannelArn": ready, "channelName": "same"}] * 2)
    with pytest.raises(s.d.exceptions.ResourceNotFoundException, match="association not found"):
        s.train(channels=[ready], configuredModelAlgorithmAssociationArn=s.association[:-3] + "zzz")
    inference_only = s.p.create_configured_model_algorithm(
        name="infer-only", roleArn=role(P), inferenceContainerConfig={"imageUri": f"{IMAGE}:i"})
    other = s.p.create_configured_model_algorithm_association(
        membershipIdentifier=s.p_membership, name="infer-only",
        configuredModelAlgorithmArn=inference_only["configuredModelAlgorithmArn"],
    )["configuredModelAlgorithmAssociationArn"]
    with pytest.raises(s.d.exceptions.ValidationException, match="no trainingContainerConfig"):
        s.train(channels=[ready], configuredModelAlgorithmAssociationArn=other)
    second_algorithm = s.p.create_configured_model_algorithm(
        name="two", roleArn=role(P), trainingContainerConfig={"imageUri": f"{IMAGE}:t"})
    second = s.p.create_configured_model_algorithm_association(
        membershipIdentifier=s.p_membership, name="two",
        configuredModelAlgorithmArn=second_algorithm["configuredModelAlgorithmArn"],
    )["configuredModelAlgorithmAssociationArn"]
    with pytest.raises(s.d.exceptions.ValidationException, match="was not created for"):
        s.train(channels=[ready], configuredModelAlgorithmAssociationArn=second)


def test_training_fails_when_the_channel_data_is_gone(aws, make_collab) -> None:
    with freeze_time("2026-11-22 10:00:00") as frozen:
        s = make_collab()
        channel = s.channel(retentionInDays=1)
        aws.lifecycle = "step"
        get_channel = lambda: s.d.get_ml_input_channel(  # noqa: E731
            membershipIdentifier=s.d_membership, mlInputChannelArn=channel)
        get_channel()
        get_channel()
        arn = s.train(channels=[channel])["trainedModelArn"]
        with pytest.raises(s.d.exceptions.ConflictException, match="being read by trained model"):
            s.d.delete_ml_input_channel_data(membershipIdentifier=s.d_membership, mlInputChannelArn=channel)
        # Expire the data behind training's back (its retention ends; reading the channel notices): training
        # then fails when it completes.
        frozen.tick(dt.timedelta(days=1))
        assert get_channel()["status"] == "INACTIVE"
        statuses = [s.get_model(arn)["status"] for _ in range(2)]
        assert statuses == ["CREATE_IN_PROGRESS", "CREATE_FAILED"]
        assert s.get_model(arn)["statusDetails"]["statusCode"] == "INPUT_CHANNEL_NOT_ACTIVE"


def test_training_quotas(aws, make_collab) -> None:
    s = make_collab()
    channel = s.channel()
    s.d.get_ml_input_channel(membershipIdentifier=s.d_membership, mlInputChannelArn=channel)
    s.train("one", channels=[channel])  # nothing reads it: it stays CREATE_PENDING
    aws.quotas.set("cleanroomsml", "Pending or in-progress training jobs per membership", 1)
    with pytest.raises(s.d.exceptions.ServiceQuotaExceededException, match="per membership"):
        s.train("two", channels=[channel])
    aws.quotas.set("cleanroomsml", "Pending or in-progress training jobs per membership", 5)
    s.train("big", channels=[channel], resourceConfig={**RESOURCES, "instanceCount": 5})  # 1 + 5 instances
    with pytest.raises(s.d.exceptions.ServiceQuotaExceededException, match="training instances"):
        s.train("bigger", channels=[channel], resourceConfig={**RESOURCES, "instanceCount": 5})  # 11 > 10


def test_training_needs_the_query_ability(aws, make_collab) -> None:
    s = make_collab(abilities={P: ["CAN_QUERY"], D: ["CAN_RECEIVE_RESULTS"]})
    with pytest.raises(s.d.exceptions.AccessDeniedException, match="CAN_QUERY"):
        s.d.create_trained_model(membershipIdentifier=s.d_membership, name="m",
                                 configuredModelAlgorithmAssociationArn=s.association,
                                 resourceConfig={"instanceType": "ml.m5.xlarge", "volumeSizeInGB": 1},
                                 dataChannels=[{"mlInputChannelArn": s.association.replace(
                                     "configured-model-algorithm-association", "ml-input-channel"),
                                     "channelName": "c"}])
