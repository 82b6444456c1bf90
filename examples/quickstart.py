"""End to end, no AWS account: a two-party Clean Rooms ML lookalike audience, then a Personalize campaign
that recommends.

    python examples/quickstart.py
"""

from __future__ import annotations

import json

import boto3

from cleanroom_mock import mock_all

OWNER, SEED_OWNER = "111111111111", "222222222222"  # a 12-digit access key is the account
REGION = "us-east-1"


def client(service: str, account: str):
    return boto3.client(service, region_name=REGION, aws_access_key_id=account, aws_secret_access_key="x")


def lookalike_audience(aws) -> None:
    # Training data: two communities that never share items; 200 users each, 5 interactions per user.
    rows = [
        {"user_id": f"{community}{user}", "item_id": f"{community}-item{(user + k) % 40}",
         "event_time": 1_700_000_000 + k * 3600}
        for community in ("hiker", "gamer") for user in range(200) for k in range(5)
    ]
    aws.data.put_table("retail", "interactions", rows)

    # The owner creates a Clean Rooms collaboration and invites the seed owner; each joins with a membership.
    rooms, seed_rooms = client("cleanrooms", OWNER), client("cleanrooms", SEED_OWNER)
    collaboration = rooms.create_collaboration(
        name="retail-lookalike", description="lookalike audiences", creatorDisplayName="Owner",
        creatorMemberAbilities=["CAN_QUERY", "CAN_RECEIVE_RESULTS"], queryLogStatus="DISABLED",
        members=[{"accountId": SEED_OWNER, "displayName": "Seed owner", "memberAbilities": []}],
    )["collaboration"]["id"]
    membership = rooms.create_membership(collaborationIdentifier=collaboration,
                                         queryLogStatus="DISABLED")["membership"]["id"]
    seed_rooms.create_membership(collaborationIdentifier=collaboration, queryLogStatus="DISABLED")

    owner = client("cleanroomsml", OWNER)
    role = f"arn:aws:iam::{OWNER}:role/clean-rooms-ml"
    dataset = owner.create_training_dataset(
        name="retail-interactions", roleArn=role,
        trainingData=[{"type": "INTERACTIONS", "inputConfig": {
            "dataSource": {"glueDataSource": {"databaseName": "retail", "tableName": "interactions"}},
            "schema": [{"columnName": "user_id", "columnTypes": ["USER_ID"]},
                       {"columnName": "item_id", "columnTypes": ["ITEM_ID"]},
                       {"columnName": "event_time", "columnTypes": ["TIMESTAMP"]}]}}],
    )["trainingDatasetArn"]
    model = owner.create_audience_model(name="retail-lookalike", trainingDatasetArn=dataset)["audienceModelArn"]
    print("audience model:", owner.get_audience_model(audienceModelArn=model)["status"])
    configured = owner.create_configured_audience_model(
        name="retail-lookalike", audienceModelArn=model, sharedAudienceMetrics=["ALL"], minMatchingSeedSize=25,
        audienceSizeConfig={"audienceSizeType": "PERCENTAGE", "audienceSizeBins": [10, 20]},
        outputConfig={"destination": {"s3Destination": {"s3Uri": "s3://owner-audiences/lookalike/"}},
                      "roleArn": role},
    )["configuredAudienceModelArn"]
    rooms.create_configured_audience_model_association(  # the model joins the collaboration
        membershipIdentifier=membership, configuredAudienceModelArn=configured,
        configuredAudienceModelAssociationName="retail-lookalike", manageResourcePolicies=True)

    # The other party brings 30 hikers as its seed and asks for lookalikes through the collaboration.
    aws.data.put_json_lines("s3://seed-owner/seed.jsonl", [{"user_id": f"hiker{user}"} for user in range(30)])
    seed_owner = client("cleanroomsml", SEED_OWNER)
    job = seed_owner.start_audience_generation_job(
        name="hikers", configuredAudienceModelArn=configured, collaborationId=collaboration,
        seedAudience={"dataSource": {"s3Uri": "s3://seed-owner/seed.jsonl"},
                      "roleArn": f"arn:aws:iam::{SEED_OWNER}:role/seed-reader"},
    )["audienceGenerationJobArn"]
    generated = seed_owner.get_audience_generation_job(audienceGenerationJobArn=job)
    print("generation job:", generated["status"], "metrics:", json.dumps(generated.get("metrics", {})))

    owner_job = job.replace(SEED_OWNER, OWNER)  # the same job, under the owner's account
    owner.start_audience_export_job(name="hikers-10pct", audienceGenerationJobArn=owner_job,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
    export = owner.list_audience_export_jobs(audienceGenerationJobArn=owner_job)["audienceExportJobs"][0]
    audience = aws.data.get_json_lines(export["outputLocation"])
    hikers = sum(record["user_id"].startswith("hiker") for record in audience)
    print(f"exported {len(audience)} users to {export['outputLocation']}: {hikers} of them hikers")


def personalize_campaign(aws) -> None:
    personalize = boto3.client("personalize", region_name=REGION)
    group = personalize.create_dataset_group(name="movies")["datasetGroupArn"]
    schema = personalize.create_schema(name="movie-interactions", schema=json.dumps({
        "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
        "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                   {"name": "TIMESTAMP", "type": "long"}], "version": "1.0"}))["schemaArn"]
    dataset = personalize.create_dataset(name="movie-interactions", schemaArn=schema, datasetGroupArn=group,
                                         datasetType="Interactions")["datasetArn"]
    csv_rows = ["USER_ID,ITEM_ID,TIMESTAMP"] + [
        f"user{user},movie{(user * 3 + k) % 60},{1_700_000_000 + k * 60}" for user in range(50) for k in range(30)
    ]
    aws.data.put_object("s3://movie-data/interactions.csv", "\n".join(csv_rows) + "\n")
    job = personalize.create_dataset_import_job(
        jobName="movies-import", datasetArn=dataset, dataSource={"dataLocation": "s3://movie-data/interactions.csv"},
        roleArn="arn:aws:iam::123456789012:role/personalize")["datasetImportJobArn"]
    print("import job:", personalize.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"])
    solution = personalize.create_solution(name="movies", datasetGroupArn=group,
                                           recipeArn="arn:aws:personalize:::recipe/aws-user-personalization")
    version = personalize.create_solution_version(solutionArn=solution["solutionArn"])["solutionVersionArn"]
    print("solution version:",
          personalize.describe_solution_version(solutionVersionArn=version)["solutionVersion"]["status"])
    campaign = personalize.create_campaign(
        name="movies", solutionVersionArn=version, minProvisionedTPS=1,
        campaignConfig={"itemExplorationConfig": {"explorationWeight": "0.3"}},
    )["campaignArn"]
    print("campaign:", personalize.describe_campaign(campaignArn=campaign)["campaign"]["status"])
    runtime = boto3.client("personalize-runtime", region_name=REGION)
    items = runtime.get_recommendations(campaignArn=campaign, userId="user7", numResults=5)["itemList"]
    # User-Personalization scores are a softmax over the whole catalog: they sum to 1 (how-recommendation-scoring-works)
    print("recommended for user7:", ", ".join(f"{item['itemId']} ({item['score']:.4f})" for item in items))


if __name__ == "__main__":
    with mock_all() as aws:
        lookalike_audience(aws)
        personalize_campaign(aws)
