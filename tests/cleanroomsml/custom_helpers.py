"""Shared setup for the custom-model tests: a collaboration of a model provider and a data owner.

P provides the algorithm (configured model algorithm + association); D owns the data, queries, trains
and runs inference. Both have an ML configuration, so either can receive output.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from .conftest import client

P = "111111111111"  # model provider
D = "222222222222"  # data owner: CAN_QUERY
X = "333333333333"  # not in the collaboration
_numbers = itertools.count(1)
IMAGE = "111111111111.dkr.ecr.us-east-1.amazonaws.com/churn"


def role(account: str) -> str:
    return f"arn:aws:iam::{account}:role/cleanrooms-ml"


def sql(query: str = "SELECT * FROM customers") -> dict[str, Any]:
    return {"dataSource": {"protectedQueryInputParameters": {"sqlParameters": {"queryString": query}}},
            "roleArn": role(D)}


def output_location(account: str) -> dict[str, Any]:
    return {"destination": {"s3Destination": {"s3Uri": f"s3://out-{account}/ml"}}, "roleArn": role(account)}


EXPORTS = {"maxSize": {"unit": "GB", "value": 1.0}, "filesToExport": ["MODEL", "OUTPUT"]}
RESOURCES = {"instanceType": "ml.m5.xlarge", "instanceCount": 1, "volumeSizeInGB": 10}
INFERENCE_RESOURCES = {"instanceType": "ml.m5.xlarge", "instanceCount": 1}


@dataclass
class Collab:
    aws: Any
    p: Any
    d: Any
    collaboration: str
    p_membership: str
    d_membership: str
    algorithm: str = ""
    association: str = ""

    def channel(self, name: str = "train", association: str | None = None, **kwargs: Any) -> str:
        kwargs.setdefault("retentionInDays", 7)
        return self.d.create_ml_input_channel(
            membershipIdentifier=self.d_membership, name=name, inputChannel=sql(),
            configuredModelAlgorithmAssociations=[association or self.association], **kwargs)["mlInputChannelArn"]

    def train(self, name: str = "churn", channels: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        channels = channels or [self.channel(f"{name}-data-{next(_numbers)}")]
        kwargs.setdefault("configuredModelAlgorithmAssociationArn", self.association)
        kwargs.setdefault("resourceConfig", RESOURCES)
        return self.d.create_trained_model(
            membershipIdentifier=self.d_membership, name=name,
            dataChannels=[{"mlInputChannelArn": arn, "channelName": f"c{i}"} for i, arn in enumerate(channels)],
            **kwargs)

    def get_model(self, arn: str, **kwargs: Any) -> dict[str, Any]:
        return self.d.get_trained_model(membershipIdentifier=self.d_membership, trainedModelArn=arn, **kwargs)


def make_collab(aws: Any, *, abilities: dict[str, list[str]] | None = None, policies: dict[str, Any] | None = None,
                configure: bool = True) -> Collab:
    collaboration = aws.collaborations.add(accounts=[P, D], abilities=abilities or {
        P: ["CAN_RECEIVE_MODEL_OUTPUT", "CAN_RECEIVE_INFERENCE_OUTPUT"],
        D: ["CAN_QUERY", "CAN_RECEIVE_RESULTS", "CAN_RECEIVE_INFERENCE_OUTPUT"]})
    setup = Collab(aws, client(P), client(D), collaboration,
                   aws.collaborations.membership_id(collaboration, P),
                   aws.collaborations.membership_id(collaboration, D))
    setup.algorithm = setup.p.create_configured_model_algorithm(
        name="churn", roleArn=role(P), trainingContainerConfig={"imageUri": f"{IMAGE}:train"},
        inferenceContainerConfig={"imageUri": f"{IMAGE}:infer"})["configuredModelAlgorithmArn"]
    setup.association = setup.p.create_configured_model_algorithm_association(
        membershipIdentifier=setup.p_membership, configuredModelAlgorithmArn=setup.algorithm, name="churn",
        privacyConfiguration={"policies": policies if policies is not None else {"trainedModelExports": EXPORTS}},
    )["configuredModelAlgorithmAssociationArn"]
    if configure:
        for c, membership, account in ((setup.p, setup.p_membership, P), (setup.d, setup.d_membership, D)):
            c.put_ml_configuration(membershipIdentifier=membership, defaultOutputLocation=output_location(account))
    return setup
