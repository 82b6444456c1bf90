"""Fixtures of the custom-model tests: a collaboration of a model provider and a data owner.

P provides the algorithm (configured model algorithm + association); D owns the data, queries, trains
and runs inference. Both have an ML configuration, so either can receive output.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from ..constants import EXPORTS, IMAGE, REGION, RESOURCES, D, P


@dataclass
class Collab:
    aws: Any
    sql: Callable[..., dict[str, Any]]
    p: Any
    d: Any
    collaboration: str
    p_membership: str
    d_membership: str
    algorithm: str = ""
    association: str = ""
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def channel(self, name: str = "train", association: str | None = None, **kwargs: Any) -> str:
        kwargs.setdefault("retentionInDays", 7)
        return self.d.create_ml_input_channel(  # type: ignore[no-any-return]
            membershipIdentifier=self.d_membership, name=name, inputChannel=self.sql(),
            configuredModelAlgorithmAssociations=[association or self.association], **kwargs)["mlInputChannelArn"]

    def train(self, name: str = "churn", channels: list[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        channels = channels or [self.channel(f"{name}-data-{next(self._numbers)}")]
        kwargs.setdefault("configuredModelAlgorithmAssociationArn", self.association)
        kwargs.setdefault("resourceConfig", RESOURCES)
        return self.d.create_trained_model(  # type: ignore[no-any-return]
            membershipIdentifier=self.d_membership, name=name,
            dataChannels=[{"mlInputChannelArn": arn, "channelName": f"c{i}"} for i, arn in enumerate(channels)],
            **kwargs)

    def active_model(self) -> str:
        """A trained model of D, trained (read until ACTIVE)."""
        arn: str = self.train()["trainedModelArn"]
        assert self.get_model(arn)["status"] == "ACTIVE"
        return arn

    def get_model(self, arn: str, **kwargs: Any) -> dict[str, Any]:
        return self.d.get_trained_model(  # type: ignore[no-any-return]
            membershipIdentifier=self.d_membership, trainedModelArn=arn, **kwargs)


def _make_collab(aws: Any, client: Callable[[str], Any], role: Callable[[str], str],
                 sql: Callable[..., dict[str, Any]], output_location: Callable[[str], dict[str, Any]], *,
                 abilities: dict[str, list[str]] | None = None,
                 policies: dict[str, Any] | None = None, configure: bool = True,
                 collaboration: str | None = None) -> Collab:
    # ``collaboration``: one P and D already joined (e.g. through the Clean Rooms API, to set who pays).
    collaboration = collaboration or aws.collaborations.add(accounts=[P, D], abilities=abilities or {
        P: ["CAN_RECEIVE_MODEL_OUTPUT", "CAN_RECEIVE_INFERENCE_OUTPUT"],
        D: ["CAN_QUERY", "CAN_RECEIVE_RESULTS", "CAN_RECEIVE_INFERENCE_OUTPUT"]})
    setup = Collab(aws, sql, client(P), client(D), collaboration,
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
    _customers(aws, setup)
    return setup


def _customers(aws: Any, setup: Collab) -> None:
    """D's ``customers`` table in the collaboration, under a CUSTOM rule letting D query it: the data of the
    channels' protected queries."""
    rooms = boto3.client("cleanrooms", region_name=REGION, aws_access_key_id=D, aws_secret_access_key="secret")
    aws.data.put_table("db", "customers", [{"user_id": f"c{i}", "churned": i % 4 == 0} for i in range(40)])
    table = rooms.create_configured_table(
        name="customers", tableReference={"glue": {"databaseName": "db", "tableName": "customers"}},
        allowedColumns=["user_id", "churned"], analysisMethod="DIRECT_QUERY")["configuredTable"]["id"]
    rooms.create_configured_table_analysis_rule(
        configuredTableIdentifier=table, analysisRuleType="CUSTOM",
        analysisRulePolicy={"v1": {"custom": {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [D]}}})
    rooms.create_configured_table_association(
        name="customers", membershipIdentifier=setup.d_membership, configuredTableIdentifier=table,
        roleArn=f"arn:aws:iam::{D}:role/cleanrooms")



@pytest.fixture
def sql(role: Callable[[str], str]) -> Callable[..., dict[str, Any]]:
    """``sql(query)``: an ML input channel's ``inputChannel`` running ``query`` as D."""

    def make(query: str = "SELECT * FROM customers") -> dict[str, Any]:
        return {"dataSource": {"protectedQueryInputParameters": {"sqlParameters": {"queryString": query}}},
                "roleArn": role(D)}

    return make


@pytest.fixture
def output_location(role: Callable[[str], str]) -> Callable[[str], dict[str, Any]]:
    """``output_location(account)``: a ``defaultOutputLocation`` of ``account``."""

    def make(account: str) -> dict[str, Any]:
        return {"destination": {"s3Destination": {"s3Uri": f"s3://out-{account}/ml"}}, "roleArn": role(account)}

    return make


@pytest.fixture
def make_collab(aws: Any, client: Callable[[str], Any], role: Callable[[str], str],
                sql: Callable[..., dict[str, Any]], output_location: Callable[[str], dict[str, Any]]
                ) -> Callable[..., Collab]:
    """``make_collab(abilities=..., policies=..., configure=True, collaboration=None)``: P and D in a new
    collaboration (or in ``collaboration``), P's algorithm associated with it, both with an ML configuration
    (unless ``configure=False``)."""

    def make(**kwargs: Any) -> Collab:
        return _make_collab(aws, client, role, sql, output_location, **kwargs)

    return make
