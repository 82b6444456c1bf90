"""Shared setup for the Clean Rooms tests: three accounts, collaborations and memberships made through boto3.

A creates collaborations; B is invited (and receives results); C is a stranger unless a test invites it.
Configured audience models come from Clean Rooms ML (``mock_cleanroomsml`` emulates Clean Rooms too).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable, Optional

import boto3
import pytest
from botocore.exceptions import ClientError

from cleanroom_mock import mock_cleanroomsml
from cleanroom_mock.cleanrooms.shortcut import Collaborations

A = "111111111111"  # creates collaborations, can query
B = "222222222222"  # invited, receives results
C = "333333333333"  # a stranger
REGION = "us-east-1"


def _has_metrics() -> bool:
    from cleanroom_mock.core.protocol.models import service_model

    return "isMetricsEnabled" in service_model("cleanrooms").shape_for("CreateCollaborationInput").members


# isMetricsEnabled came to the cleanrooms model after the oldest botocore the package allows: tests that send
# it need a model that has it (the version matrix runs the suite on both).
requires_metrics = pytest.mark.skipif(not _has_metrics(), reason="this botocore's cleanrooms model has no metrics")


def client(account: str, service: str = "cleanrooms", region: str = REGION) -> Any:
    """A client acting as ``account`` (the mock reads the account from a 12-digit access key)."""
    return boto3.client(service, region_name=region, aws_access_key_id=account, aws_secret_access_key="secret")


def member(account: str, *abilities: str, **extra: Any) -> dict[str, Any]:
    return {"accountId": account, "memberAbilities": list(abilities), "displayName": f"member {account}", **extra}


def create_collaboration(creator: Any, members: list[dict[str, Any]] | None = None, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("name", "campaign")
    kwargs.setdefault("description", "A and B")
    kwargs.setdefault("creatorMemberAbilities", ["CAN_QUERY"])
    kwargs.setdefault("creatorDisplayName", "creator")
    kwargs.setdefault("queryLogStatus", "DISABLED")
    if members is None:
        members = [member(B, "CAN_RECEIVE_RESULTS")]
    return creator.create_collaboration(members=members, **kwargs)["collaboration"]


def error_of(call: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The error response of a call that must fail: its Code, Message and modelled members at the top."""
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    response = caught.value.response
    return {"Code": response["Error"]["Code"], "Message": response["Error"]["Message"],
            "Status": response["ResponseMetadata"]["HTTPStatusCode"],
            **{key: value for key, value in response.items() if key not in ("Error", "ResponseMetadata")}}


def join(caller: Any, collaboration_id: str, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("queryLogStatus", "DISABLED")
    return caller.create_membership(collaborationIdentifier=collaboration_id, **kwargs)["membership"]


@dataclass
class Joined:
    """A's collaboration with B invited, both joined."""

    collaboration: str
    a_membership: str
    b_membership: str


@pytest.fixture
def aws() -> Iterator[Any]:
    with mock_cleanroomsml() as handle:  # Clean Rooms, and Clean Rooms ML for configured audience models
        yield handle


@pytest.fixture
def collaborations(aws: Any) -> Collaborations:
    """The shortcut ``aws.collaborations`` will be once Clean Rooms ML reads memberships from Clean Rooms."""
    return Collaborations(aws)


@pytest.fixture
def a(aws: Any) -> Any:
    return client(A)


@pytest.fixture
def b(aws: Any) -> Any:
    return client(B)


@pytest.fixture
def c(aws: Any) -> Any:
    return client(C)


@pytest.fixture
def collaboration(a: Any) -> str:
    """A's collaboration with B invited; nobody has joined."""
    return str(create_collaboration(a)["id"])


@pytest.fixture
def joined(a: Any, b: Any, collaboration: str) -> Joined:
    return Joined(collaboration, join(a, collaboration)["id"], join(b, collaboration)["id"])


def _interactions(users: int = 12) -> list[dict[str, Any]]:
    return [{"user": f"u{user}", "item": f"i{(user + k) % 5}", "ts": 1_700_000_000 + 60 * k}
            for user in range(users) for k in range(3)]


def role(account: str) -> str:
    return f"arn:aws:iam::{account}:role/cleanrooms-ml"


@pytest.fixture
def configured_audience_model(aws: Any) -> Callable[..., str]:
    """Makes a configured audience model in an account's Clean Rooms ML (returns its ARN)."""
    models: dict[str, str] = {}
    aws.data.put_table("db", "interactions", _interactions())

    def make(account: str = B, name: str = "lookalike") -> str:
        ml = client(account, "cleanroomsml")
        if account not in models:
            dataset = ml.create_training_dataset(name="interactions", roleArn=role(account), trainingData=[{
                "type": "INTERACTIONS", "inputConfig": {"schema": [
                    {"columnName": "user", "columnTypes": ["USER_ID"]},
                    {"columnName": "item", "columnTypes": ["ITEM_ID"]},
                    {"columnName": "ts", "columnTypes": ["TIMESTAMP"]}],
                    "dataSource": {"glueDataSource": {"databaseName": "db", "tableName": "interactions"}}}}],
            )["trainingDatasetArn"]
            models[account] = ml.create_audience_model(name="model", trainingDatasetArn=dataset)["audienceModelArn"]
        return str(ml.create_configured_audience_model(
            name=name, audienceModelArn=models[account], sharedAudienceMetrics=["ALL"],
            outputConfig={"destination": {"s3Destination": {"s3Uri": f"s3://out-{account}/audiences"}},
                          "roleArn": role(account)},
        )["configuredAudienceModelArn"])

    return make


def associate(caller: Any, membership_id: str, model_arn: str, name: str = "lookalike",
              **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("manageResourcePolicies", True)
    return caller.create_configured_audience_model_association(
        membershipIdentifier=membership_id, configuredAudienceModelArn=model_arn,
        configuredAudienceModelAssociationName=name, **kwargs)["configuredAudienceModelAssociation"]


# --- configured tables, associations, protected queries ----------------------------------------------------------
def aggregation_policy(**overrides: Any) -> dict[str, Any]:
    """An AGGREGATION rule over the ``purchases`` table: COUNT_DISTINCT/SUM of ``amount`` by ``segment``, joined on
    ``user_id``, at least 3 distinct users per output row."""
    body = {"aggregateColumns": [{"columnNames": ["user_id"], "function": "COUNT_DISTINCT"},
                                 {"columnNames": ["amount"], "function": "SUM"}],
            "joinColumns": ["user_id"], "dimensionColumns": ["segment"], "scalarFunctions": [],
            "outputConstraints": [{"columnName": "user_id", "minimum": 3, "type": "COUNT_DISTINCT"}]}
    return {"v1": {"aggregation": {**body, **overrides}}}


def configure_table(caller: Any, table: str, columns: list[str], *, database: str = "db",
                    rule: Optional[tuple[str, dict[str, Any]]] = None, name: Optional[str] = None) -> str:
    """A configured table over Glue table ``database.table`` allowing ``columns`` (and its rule); its id."""
    table_id = str(caller.create_configured_table(
        name=name or table, tableReference={"glue": {"databaseName": database, "tableName": table}},
        allowedColumns=columns, analysisMethod="DIRECT_QUERY")["configuredTable"]["id"])
    if rule is not None:
        caller.create_configured_table_analysis_rule(configuredTableIdentifier=table_id, analysisRuleType=rule[0],
                                                     analysisRulePolicy=rule[1])
    return table_id


def associate_table(caller: Any, membership_id: str, table_id: str, name: str, account: str) -> str:
    return str(caller.create_configured_table_association(
        name=name, membershipIdentifier=membership_id, configuredTableIdentifier=table_id,
        roleArn=f"arn:aws:iam::{account}:role/cleanrooms")["configuredTableAssociation"]["id"])


def s3_output(bucket: str = "results", prefix: str = "queries", result_format: str = "CSV") -> dict[str, Any]:
    return {"outputConfiguration": {"s3": {"bucket": bucket, "keyPrefix": prefix, "resultFormat": result_format}}}


def read_csv_result(aws: Any, location: str) -> list[dict[str, str]]:
    """The rows of the CSV files a protected query wrote under ``location``."""
    import csv
    import io

    rows: list[dict[str, str]] = []
    for uri in aws.data.list_objects(location):
        rows += list(csv.DictReader(io.StringIO(aws.data.get_text(uri))))
    return rows


@dataclass
class DataCollaboration:
    """A (CAN_QUERY, CAN_RECEIVE_RESULTS) and B (CAN_RECEIVE_RESULTS) joined; A brings ``users`` (user_id,
    segment), B brings ``purchases`` (user_id, amount, segment), both under AGGREGATION rules; both associated."""

    collaboration: str
    a_membership: str
    b_membership: str
    users_table: str
    purchases_table: str
    users_association: str
    purchases_association: str
    users: list[dict[str, Any]]
    purchases: list[dict[str, Any]]


def _users_and_purchases() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    users = [{"user_id": f"u{i}", "segment": "hikers" if i % 3 else "gamers", "email": f"u{i}@example.com"}
             for i in range(20)]
    purchases = [{"user_id": f"u{i % 25}", "amount": 10 * (i % 7) + 1, "segment": ["a", "b", "c"][i % 3],
                  "card": f"card-{i}"} for i in range(60)]
    return users, purchases


@pytest.fixture
def data_collaboration(aws: Any, a: Any, b: Any) -> DataCollaboration:
    users, purchases = _users_and_purchases()
    aws.data.put_table("db", "users", users)
    aws.data.put_table("db", "purchases", purchases)
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS")],
                                         creatorMemberAbilities=["CAN_QUERY", "CAN_RECEIVE_RESULTS"])["id"]
    a_membership, b_membership = join(a, collaboration)["id"], join(b, collaboration)["id"]
    users_table = configure_table(a, "users", ["user_id", "segment"], rule=("AGGREGATION", {"v1": {"aggregation": {
        "aggregateColumns": [{"columnNames": ["user_id"], "function": "COUNT_DISTINCT"}], "joinColumns": ["user_id"],
        "dimensionColumns": ["segment"], "scalarFunctions": [],
        "outputConstraints": [{"columnName": "user_id", "minimum": 2, "type": "COUNT_DISTINCT"}]}}}))
    purchases_table = configure_table(b, "purchases", ["user_id", "amount", "segment"],
                                      rule=("AGGREGATION", aggregation_policy()))
    return DataCollaboration(
        collaboration, a_membership, b_membership, users_table, purchases_table,
        associate_table(a, a_membership, users_table, "users", A),
        associate_table(b, b_membership, purchases_table, "purchases", B), users, purchases)


def model_has(shape: str, member: str) -> bool:
    """Whether this botocore's cleanrooms model has ``member`` in ``shape`` (older models lack newer members)."""
    from cleanroom_mock.core.protocol.models import service_model

    return member in service_model("cleanrooms").shape_for(shape).members
