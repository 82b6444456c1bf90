"""Who pays for custom-model jobs (custom/payer.py): CreateMLInputChannel ``payerConfiguration``,
CreateTrainedModel ``mlModelTrainingPayerAccountId``, StartTrainedModelInferenceJob
``mlModelInferencePayerAccountId`` — checked against the collaboration's payer, stored, echoed."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import botocore.session
import pytest

from ..constants import REGION, D, P, X
from .test_inference import _infer

_MODEL = botocore.session.get_session().get_service_model("cleanroomsml")
NEWER_MEMBERS = pytest.mark.skipif(
    "mlModelTrainingPayerAccountId" not in _MODEL.shape_for("CreateTrainedModelRequest").members,
    reason="this botocore's model has no payer members",
)
pytestmark = NEWER_MEMBERS


def test_by_default_the_member_who_can_query_pays(aws: Any, make_collab: Callable[..., Any]) -> None:
    s = make_collab()  # D can query: the default payer of query compute, model training and model inference
    channel = s.channel("paid", payerConfiguration={"computePayerAccountId": D})
    described = s.d.get_ml_input_channel(mlInputChannelArn=channel, membershipIdentifier=s.d_membership)
    assert described["payerConfiguration"] == {"computePayerAccountId": D}
    listed = s.p.list_collaboration_ml_input_channels(collaborationIdentifier=s.collaboration)
    assert [c["payerConfiguration"] for c in listed["collaborationMLInputChannelsList"]] == [
        {"computePayerAccountId": D}
    ]

    model = s.train("paid", [channel], mlModelTrainingPayerAccountId=D)["trainedModelArn"]
    assert s.get_model(model)["mlModelTrainingPayerAccountId"] == D
    seen = s.p.get_collaboration_trained_model(collaborationIdentifier=s.collaboration, trainedModelArn=model)
    assert seen["mlModelTrainingPayerAccountId"] == D
    assert s.get_model(model)["status"] == "ACTIVE"

    job = _infer(s, model, mlModelInferencePayerAccountId=D)
    got = s.d.get_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=job)
    assert got["mlModelInferencePayerAccountId"] == D


def test_omitted_payers_are_not_echoed(aws: Any, make_collab: Callable[..., Any]) -> None:
    s = make_collab()
    channel = s.channel()
    assert "payerConfiguration" not in s.d.get_ml_input_channel(
        mlInputChannelArn=channel, membershipIdentifier=s.d_membership
    )
    assert "mlModelTrainingPayerAccountId" not in s.get_model(s.train("plain", [channel])["trainedModelArn"])


@pytest.mark.parametrize(
    "call, member, payer, fragment",
    [
        ("channel", "computePayerAccountId", P, f"query compute costs in collaboration .*: member {D} is the payer"),
        ("channel", "syntheticDataPayerAccountId", D, "no member is configured as the payer"),
        ("train", "mlModelTrainingPayerAccountId", P, f"model training costs .*member {D} is the payer"),
        ("train", "mlModelTrainingPayerAccountId", X, f"{X} is not an active member"),
        ("infer", "mlModelInferencePayerAccountId", P, f"model inference costs .*member {D} is the payer"),
    ],
)
def test_a_payer_who_is_not_responsible_is_refused(
    aws: Any, make_collab: Callable[..., Any], call: str, member: str, payer: str, fragment: str
) -> None:
    s = make_collab()
    with pytest.raises(s.d.exceptions.ValidationException, match=fragment):
        if call == "channel":
            s.channel("refused", payerConfiguration={member: payer})
        elif call == "train":
            s.train("refused", **{member: payer})
        else:
            _infer(s, s.active_model(), **{member: payer})
    if call == "channel":  # refused before anything was created
        assert s.d.list_ml_input_channels(membershipIdentifier=s.d_membership)["mlInputChannelsList"] == []


def test_the_payer_the_collaboration_creator_chose(aws: Any, make_collab: Callable[..., Any]) -> None:
    """D creates the collaboration and makes P responsible for model training and inference (P accepts when it
    joins): then P, not the member who can query, is the payer of those costs."""
    rooms = {
        account: boto3.client(
            "cleanrooms", region_name=REGION, aws_access_key_id=account, aws_secret_access_key="secret"
        )
        for account in (P, D)
    }
    pays_ml = {"machineLearning": {"modelTraining": {"isResponsible": True}, "modelInference": {"isResponsible": True}}}
    collaboration = rooms[D].create_collaboration(
        name="paid-by-provider",
        description="P pays for ML",
        creatorDisplayName="data owner",
        creatorMemberAbilities=["CAN_QUERY", "CAN_RECEIVE_RESULTS"],
        queryLogStatus="DISABLED",
        creatorMLMemberAbilities={"customMLMemberAbilities": ["CAN_RECEIVE_INFERENCE_OUTPUT"]},
        members=[
            {
                "accountId": P,
                "displayName": "provider",
                "memberAbilities": [],
                "mlMemberAbilities": {
                    "customMLMemberAbilities": ["CAN_RECEIVE_MODEL_OUTPUT", "CAN_RECEIVE_INFERENCE_OUTPUT"]
                },
                "paymentConfiguration": {"queryCompute": {"isResponsible": False}, **pays_ml},
            }
        ],
    )["collaboration"]["id"]
    rooms[P].create_membership(
        collaborationIdentifier=collaboration,
        queryLogStatus="DISABLED",
        paymentConfiguration={"queryCompute": {"isResponsible": False}, **pays_ml},
    )
    rooms[D].create_membership(collaborationIdentifier=collaboration, queryLogStatus="DISABLED")
    s = make_collab(collaboration=collaboration)

    with pytest.raises(s.d.exceptions.ValidationException, match=f"member {P} is the payer"):
        s.train("by-owner", mlModelTrainingPayerAccountId=D)
    model = s.train("by-provider", mlModelTrainingPayerAccountId=P)["trainedModelArn"]
    assert s.get_model(model)["mlModelTrainingPayerAccountId"] == P
    assert s.get_model(model)["status"] == "ACTIVE"
    job = _infer(s, model, mlModelInferencePayerAccountId=P)
    assert (
        s.d.get_trained_model_inference_job(membershipIdentifier=s.d_membership, trainedModelInferenceJobArn=job)[
            "mlModelInferencePayerAccountId"
        ]
        == P
    )
    # Query compute stays with the member who can query (the creator set P FALSE for it).
    s.channel("compute", payerConfiguration={"computePayerAccountId": D})
