"""Clean Rooms ML reading Clean Rooms' protected queries: a seed audience from SQL, an ML input channel."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto import mock_aws

from cleanroom_mock import mock_cleanroomsml

from ..conftest import A, B, client, configure_table, error_of

REGION = "us-east-1"
IMAGE = f"{A}.dkr.ecr.us-east-1.amazonaws.com/churn"


def role(account: str) -> str:
    return f"arn:aws:iam::{account}:role/ml"


def test_a_two_account_sql_seed_lookalike_through_boto3_alone() -> None:
    """A trains a lookalike model on two communities that never share items; B's seed is a protected query over
    its own CRM table in S3 (the hikers it knows); the segment A exports is hikers."""
    with mock_aws(), mock_cleanroomsml():
        s3, glue = boto3.client("s3", region_name=REGION), boto3.client("glue", region_name=REGION)
        for bucket in ("a-training", "a-audiences", "b-crm"):
            s3.create_bucket(Bucket=bucket)
        rows = [f"{c}{u},{c}-item{(u + k) % 20},{1_700_000_000 + 3600 * k}"
                for c in ("hiker", "gamer") for u in range(60) for k in range(4)]
        s3.put_object(Bucket="a-training", Key="interactions/part-0.csv", Body="\n".join(["user,item,ts", *rows]))
        crm = [f"{c}{u},{c}s,{u % 5}" for c in ("hiker", "gamer") for u in range(30)]
        s3.put_object(Bucket="b-crm", Key="crm/part-0.csv", Body="\n".join(["user_id,community,loyalty", *crm]))
        glue.create_database(DatabaseInput={"Name": "retail"})
        glue.create_table(DatabaseName="retail", TableInput={
            "Name": "interactions", "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {"Columns": [{"Name": "user", "Type": "string"}, {"Name": "item", "Type": "string"},
                                              {"Name": "ts", "Type": "bigint"}],
                                  "Location": "s3://a-training/interactions/"}})
        glue.create_table(DatabaseName="retail", TableInput={
            "Name": "crm", "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {"Columns": [{"Name": "user_id", "Type": "string"},
                                              {"Name": "community", "Type": "string"},
                                              {"Name": "loyalty", "Type": "int"}],
                                  "Location": "s3://b-crm/crm/"}})

        # A creates the collaboration; B, who brings the seed, is the member who can query.
        rooms_a, rooms_b = client(A), client(B)
        collaboration = rooms_a.create_collaboration(
            name="lookalikes", description="A's model, B's SQL seed", creatorDisplayName="A",
            creatorMemberAbilities=[], queryLogStatus="DISABLED",
            members=[{"accountId": B, "displayName": "B", "memberAbilities": ["CAN_QUERY"]}],
        )["collaboration"]["id"]
        membership_a = rooms_a.create_membership(collaborationIdentifier=collaboration,
                                                 queryLogStatus="DISABLED")["membership"]["id"]
        membership_b = rooms_b.create_membership(collaborationIdentifier=collaboration,
                                                 queryLogStatus="DISABLED")["membership"]["id"]

        # A's lookalike model, associated with the collaboration.
        ml_a, ml_b = client(A, "cleanroomsml"), client(B, "cleanroomsml")
        dataset = ml_a.create_training_dataset(
            name="interactions", roleArn=role(A), trainingData=[{"type": "INTERACTIONS", "inputConfig": {
                "schema": [{"columnName": "user", "columnTypes": ["USER_ID"]},
                           {"columnName": "item", "columnTypes": ["ITEM_ID"]},
                           {"columnName": "ts", "columnTypes": ["TIMESTAMP"]}],
                "dataSource": {"glueDataSource": {"databaseName": "retail", "tableName": "interactions"}}}}],
        )["trainingDatasetArn"]
        model = ml_a.create_audience_model(name="model", trainingDatasetArn=dataset)["audienceModelArn"]
        assert ml_a.get_audience_model(audienceModelArn=model)["status"] == "ACTIVE"
        configured = ml_a.create_configured_audience_model(
            name="lookalike", audienceModelArn=model, sharedAudienceMetrics=["ALL"], minMatchingSeedSize=25,
            audienceSizeConfig={"audienceSizeType": "PERCENTAGE", "audienceSizeBins": [10, 20]},
            outputConfig={"destination": {"s3Destination": {"s3Uri": "s3://a-audiences/out/"}}, "roleArn": role(A)},
        )["configuredAudienceModelArn"]
        rooms_a.create_configured_audience_model_association(
            membershipIdentifier=membership_a, configuredAudienceModelArn=configured,
            configuredAudienceModelAssociationName="lookalike", manageResourcePolicies=True)

        # B's CRM table in the collaboration, which B alone may query (CUSTOM, B as analysis provider).
        table = configure_table(rooms_b, "crm", ["user_id", "community"], database="retail", rule=(
            "CUSTOM", {"v1": {"custom": {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [B]}}}))
        rooms_b.create_configured_table_association(
            name="crm", membershipIdentifier=membership_b, configuredTableIdentifier=table, roleArn=role(B))

        job = ml_b.start_audience_generation_job(
            name="hikers", configuredAudienceModelArn=configured, collaborationId=collaboration,
            seedAudience={"sqlParameters": {"queryString": "SELECT user_id FROM crm WHERE community = 'hikers'"},
                          "sqlComputeConfiguration": {"worker": {"type": "CR.1X", "number": 4}},
                          "roleArn": role(B)},
        )["audienceGenerationJobArn"]
        generated = ml_b.get_audience_generation_job(audienceGenerationJobArn=job)
        assert generated["status"] == "ACTIVE", generated.get("statusDetails")
        query = rooms_b.get_protected_query(membershipIdentifier=membership_b,
                                            protectedQueryIdentifier=generated["protectedQueryIdentifier"])
        assert query["protectedQuery"]["status"] == "SUCCESS"
        assert query["protectedQuery"]["computeConfiguration"]["worker"]["number"] == 4

        # A exports the top 10 % and reads it with its own S3 client: lookalikes of hikers are hikers.
        job_a = job.replace(f":{B}:", f":{A}:")
        ml_a.start_audience_export_job(name="top", audienceGenerationJobArn=job_a,
                                       audienceSize={"type": "PERCENTAGE", "value": 10})
        export = ml_a.list_audience_export_jobs(audienceGenerationJobArn=job_a)["audienceExportJobs"][0]
        bucket, key = export["outputLocation"][len("s3://"):].split("/", 1)
        segment = [line for o in s3.list_objects_v2(Bucket=bucket, Prefix=key)["Contents"]
                   for line in s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read().decode().splitlines()]
        assert segment and all('"hiker' in line for line in segment)

        # A seed query Clean Rooms refuses (it names no table of the collaboration).
        refused = ml_b.start_audience_generation_job(
            name="refused", configuredAudienceModelArn=configured, collaborationId=collaboration,
            seedAudience={"sqlParameters": {"queryString": "SELECT user_id FROM orders"}, "roleArn": role(B)},
        )["audienceGenerationJobArn"]
        details = ml_b.get_audience_generation_job(audienceGenerationJobArn=refused)
        assert (details["status"], details["statusDetails"]["statusCode"]) == ("CREATE_FAILED", "SEED_QUERY_REFUSED")
        # A seed too small for the model's minimum matching seed size rules.
        small = ml_b.start_audience_generation_job(
            name="small", configuredAudienceModelArn=configured, collaborationId=collaboration,
            seedAudience={"sqlParameters": {"queryString": "SELECT user_id FROM crm WHERE user_id = 'hiker1'"},
                          "roleArn": role(B)})["audienceGenerationJobArn"]
        details = ml_b.get_audience_generation_job(audienceGenerationJobArn=small)
        assert details["statusDetails"]["statusCode"] == "SEED_AUDIENCE_TOO_SMALL"


@pytest.fixture
def channel_world(aws: Any) -> dict[str, Any]:
    """P provides a model algorithm, D (who can query) brings ``customers`` under a CUSTOM rule."""
    collaboration = aws.collaborations.add(accounts=[A, B], abilities={
        A: ["CAN_RECEIVE_MODEL_OUTPUT"], B: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"]})
    p, d = client(A, "cleanroomsml"), client(B, "cleanroomsml")
    algorithm = p.create_configured_model_algorithm(
        name="churn", roleArn=role(A), trainingContainerConfig={"imageUri": f"{IMAGE}:train"},
    )["configuredModelAlgorithmArn"]
    association = p.create_configured_model_algorithm_association(
        membershipIdentifier=aws.collaborations.membership_id(collaboration, A), configuredModelAlgorithmArn=algorithm,
        name="churn", privacyConfiguration={"policies": {"trainedModelExports": {
            "maxSize": {"unit": "GB", "value": 1.0}, "filesToExport": ["MODEL"]}}},
    )["configuredModelAlgorithmAssociationArn"]
    customers = [{"user_id": f"c{i}", "churned": i % 4 == 0, "plan": "gold" if i % 3 else "basic"} for i in range(50)]
    aws.data.put_table("db", "customers", customers)
    rooms = client(B)
    table = configure_table(rooms, "customers", ["user_id", "churned", "plan"], rule=(
        "CUSTOM", {"v1": {"custom": {"allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [B],
                                     "disallowedOutputColumns": ["plan"]}}}))
    membership = aws.collaborations.membership_id(collaboration, B)
    rooms.create_configured_table_association(name="customers", membershipIdentifier=membership,
                                              configuredTableIdentifier=table, roleArn=role(B))
    return {"d": d, "rooms": rooms, "membership": membership, "association": association, "customers": customers}


def _channel(world: dict[str, Any], query: str) -> str:
    return str(world["d"].create_ml_input_channel(
        membershipIdentifier=world["membership"], name="train", retentionInDays=7,
        configuredModelAlgorithmAssociations=[world["association"]],
        inputChannel={"dataSource": {"protectedQueryInputParameters": {"sqlParameters": {"queryString": query}}},
                      "roleArn": role(B)})["mlInputChannelArn"])


def test_an_ml_input_channel_holds_its_protected_querys_result(channel_world: dict[str, Any]) -> None:
    world = channel_world
    arn = _channel(world, "SELECT user_id, churned FROM customers WHERE plan = 'gold'")
    channel = world["d"].get_ml_input_channel(membershipIdentifier=world["membership"], mlInputChannelArn=arn)
    assert channel["status"] == "ACTIVE"
    assert channel["numberOfRecords"] == sum(1 for c in world["customers"] if c["plan"] == "gold")
    query = world["rooms"].get_protected_query(membershipIdentifier=world["membership"],
                                               protectedQueryIdentifier=channel["protectedQueryIdentifier"])
    assert query["protectedQuery"]["status"] == "SUCCESS"


def test_an_ml_input_channel_whose_query_breaks_the_rule_is_refused(channel_world: dict[str, Any]) -> None:
    error = error_of(_channel, channel_world, "SELECT user_id, plan FROM customers")
    assert error["Code"] == "ValidationException" and "plan" in error["Message"]
