"""The whole lookalike workflow across two accounts: training data in, an exported audience file out."""

from __future__ import annotations

import boto3
import moto

from cleanroom_mock import mock_cleanroomsml

from ..constants import COMMUNITY_A_SEED, REGION, A, B


def test_two_account_workflow_exports_the_seed_community(
    aws, client, community_rows, create_cam, create_dataset, put_seed, seed_audience
) -> None:
    a, b = client(A), client(B)
    aws.data.put_table("db", "interactions", community_rows())
    dataset = create_dataset(a)
    model = a.create_audience_model(name="model", trainingDatasetArn=dataset)["audienceModelArn"]
    assert a.get_audience_model(audienceModelArn=model)["status"] == "ACTIVE"
    cam = create_cam(a, model, sharedAudienceMetrics=["ALL"],
                     audienceSizeConfig={"audienceSizeType": "PERCENTAGE", "audienceSizeBins": [10, 20]})
    collaboration = aws.collaborations.add(accounts=[A, B])
    aws.collaborations.associate(collaboration, cam)  # A's CreateConfiguredAudienceModelAssociation

    seed_uri = put_seed(aws, "s3://seed-provider/seed.json", COMMUNITY_A_SEED)
    job_b = b.start_audience_generation_job(
        name="spring", configuredAudienceModelArn=cam, collaborationId=collaboration,
        seedAudience=seed_audience(seed_uri),
    )["audienceGenerationJobArn"]
    assert job_b.split(":")[4] == B

    seen_by_b = b.get_audience_generation_job(audienceGenerationJobArn=job_b)
    assert seen_by_b["status"] == "ACTIVE"
    assert seen_by_b["startedBy"] == B and seen_by_b["name"] == "spring"
    assert seen_by_b["seedAudience"]["dataSource"]["s3Uri"] == seed_uri
    metrics = seen_by_b["metrics"]
    assert [m["audienceSize"] for m in metrics["relevanceMetrics"]] == [
        {"type": "PERCENTAGE", "value": 10}, {"type": "PERCENTAGE", "value": 20}]
    scores = [m["score"] for m in metrics["relevanceMetrics"]]
    assert 0 <= scores[1] <= scores[0] <= 1
    assert 0 <= metrics["recallMetric"] <= 1

    # The owner sees the same job (same id) under its own ARN and the caller-prefixed name, without the seed.
    [in_a] = a.list_audience_generation_jobs()["audienceGenerationJobs"]
    job_a = in_a["audienceGenerationJobArn"]
    assert job_a.split("/")[-1] == job_b.split("/")[-1] and job_a.split(":")[4] == A
    assert in_a["name"] == f"{B}-spring" and in_a["startedBy"] == B
    seen_by_a = a.get_audience_generation_job(audienceGenerationJobArn=job_a)
    assert "seedAudience" not in seen_by_a
    assert seen_by_a["metrics"] == metrics

    b.start_audience_export_job(name="top-20", audienceGenerationJobArn=job_b,
                                audienceSize={"type": "PERCENTAGE", "value": 20})
    [export] = b.list_audience_export_jobs()["audienceExportJobs"]
    assert export["status"] == "ACTIVE" and export["name"] == "top-20"
    assert "outputLocation" not in export  # the owner's bucket is never shown to the seed provider
    a.start_audience_export_job(name="owner-top-10", audienceGenerationJobArn=job_a,
                                audienceSize={"type": "PERCENTAGE", "value": 10})
    [owner_export] = a.list_audience_export_jobs()["audienceExportJobs"]
    job_id = job_a.split("/")[-1]
    assert owner_export["outputLocation"] == f"s3://model-owner-out/audiences/{job_id}/owner-top-10/"

    top_20 = [r["user_id"] for r in aws.data.get_json_lines(
        f"s3://model-owner-out/audiences/{job_id}/top-20/audience.json")]
    top_10 = [r["user_id"] for r in aws.data.get_json_lines(owner_export["outputLocation"])]
    # 20 % and 10 % of the 120 training users; the seed is excluded; community A comes first.
    assert len(top_20) == 24 and len(top_10) == 12
    assert top_10 == top_20[:12]
    assert all(user.startswith("a") for user in top_20)
    assert not set(top_20) & set(COMMUNITY_A_SEED)


def test_seed_from_community_b_yields_community_b_and_seed_first_when_included(
    aws, client, community_rows, create_cam, create_dataset, put_seed, seed_audience
) -> None:
    a = client(A)
    aws.data.put_table("db", "interactions", community_rows())
    model = a.create_audience_model(name="model", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
    cam = create_cam(a, model, audienceSizeConfig={"audienceSizeType": "ABSOLUTE", "audienceSizeBins": [40]})
    seed = [f"b{u:03d}" for u in range(25)]
    uri = put_seed(aws, "s3://seeds/b.json", seed)
    job = a.start_audience_generation_job(name="b", configuredAudienceModelArn=cam, includeSeedInOutput=True,
                                          seedAudience=seed_audience(uri, A))["audienceGenerationJobArn"]
    assert a.get_audience_generation_job(audienceGenerationJobArn=job)["includeSeedInOutput"] is True
    a.start_audience_export_job(name="all", audienceGenerationJobArn=job,
                                audienceSize={"type": "ABSOLUTE", "value": 40})
    [export] = a.list_audience_export_jobs(audienceGenerationJobArn=job)["audienceExportJobs"]
    users = [r["user_id"] for r in aws.data.get_json_lines(export["outputLocation"] + "audience.json")]
    assert set(users[:25]) == set(seed)  # seed users come first with includeSeedInOutput
    assert len(users) == 40 and all(u.startswith("b") for u in users)


@moto.mock_aws
def test_glue_table_over_s3_csv_and_export_read_with_own_s3_client(
    client, community_rows, create_cam, create_dataset, output_config, role
) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    glue = boto3.client("glue", region_name=REGION)
    s3.create_bucket(Bucket="training")
    s3.create_bucket(Bucket="seeds")
    s3.create_bucket(Bucket="audiences")
    lines = ["user,item,ts"] + [f"{r['user']},{r['item']},{r['ts']}" for r in community_rows()]
    s3.put_object(Bucket="training", Key="interactions/part-0.csv", Body="\n".join(lines).encode())
    glue.create_database(DatabaseInput={"Name": "db"})
    glue.create_table(DatabaseName="db", TableInput={
        "Name": "interactions",
        "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
        "StorageDescriptor": {
            "Columns": [{"Name": "user", "Type": "string"}, {"Name": "item", "Type": "string"},
                        {"Name": "ts", "Type": "bigint"}],
            "Location": "s3://training/interactions/",
            "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                          "Parameters": {"field.delim": ","}},
        },
    })
    s3.put_object(Bucket="seeds", Key="seed.json",
                  Body="".join(f'{{"user_id": "{u}"}}\n' for u in COMMUNITY_A_SEED).encode())

    with mock_cleanroomsml():
        a = client(A)
        model = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
        assert a.get_audience_model(audienceModelArn=model)["status"] == "ACTIVE"
        cam = create_cam(a, model, outputConfig=output_config(uri="s3://audiences/out"))
        job = a.start_audience_generation_job(name="j", configuredAudienceModelArn=cam,
                                              seedAudience={"dataSource": {"s3Uri": "s3://seeds/seed.json"},
                                                            "roleArn": role(A)})["audienceGenerationJobArn"]
        assert a.get_audience_generation_job(audienceGenerationJobArn=job)["status"] == "ACTIVE"
        a.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
        [export] = a.list_audience_export_jobs()["audienceExportJobs"]
        assert export["status"] == "ACTIVE"

    key = f"out/{job.split('/')[-1]}/e/audience.json"
    body = s3.get_object(Bucket="audiences", Key=key)["Body"].read().decode()
    users = [line.split('"')[3] for line in body.splitlines()]
    assert len(users) == 12 and all(u.startswith("a") for u in users)


@moto.mock_aws
def test_under_moto_missing_glue_table_and_missing_output_bucket_fail_asynchronously(
    client, community_rows, create_cam, create_dataset, output_config, role
) -> None:
    with mock_cleanroomsml() as aws:
        a = client(A)
        missing = a.create_audience_model(name="m", trainingDatasetArn=create_dataset(a))["audienceModelArn"]
        details = a.get_audience_model(audienceModelArn=missing)["statusDetails"]
        assert details["statusCode"] == "TRAINING_DATA_NOT_FOUND"

        aws.data.put_table("db", "interactions", community_rows())  # moto's Glue + S3 now
        model = a.create_audience_model(name="ok", trainingDatasetArn=create_dataset(a, name="d2"))[
            "audienceModelArn"]
        assert a.get_audience_model(audienceModelArn=model)["status"] == "ACTIVE"
        cam = create_cam(a, model, outputConfig=output_config(uri="s3://no-such-bucket/out"))
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="seeds")
        aws.data.put_json_lines("s3://seeds/seed.json", [{"user_id": u} for u in COMMUNITY_A_SEED])
        job = a.start_audience_generation_job(name="j", configuredAudienceModelArn=cam,
                                              seedAudience={"dataSource": {"s3Uri": "s3://seeds/seed.json"},
                                                            "roleArn": role(A)})["audienceGenerationJobArn"]
        a.start_audience_export_job(name="e", audienceGenerationJobArn=job,
                                    audienceSize={"type": "PERCENTAGE", "value": 10})
        [export] = a.list_audience_export_jobs()["audienceExportJobs"]
        assert export["status"] == "CREATE_FAILED"
        assert export["statusDetails"]["statusCode"] == "OUTPUT_LOCATION_NOT_FOUND"
