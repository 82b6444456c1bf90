"""Data in, out and deleted end to end: imports, an export and a data deletion job on one dataset group, also
through moto's S3."""

from __future__ import annotations

from ..support import (
    INTERACTIONS_CSV,
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    ROLE,
    USERS_SCHEMA,
    client,
    import_csv,
    make_dataset,
    new_group,
)


def test_full_pipeline_import_export_delete(personalize_store, personalize_mock):
    pz = client()
    group = new_group(pz)
    interactions = make_dataset(pz, group, "Interactions", INTERACTIONS_SCHEMA)
    items = make_dataset(pz, group, "Items", ITEMS_SCHEMA)
    users = make_dataset(pz, group, "Users", USERS_SCHEMA)

    job = import_csv(pz, personalize_mock, interactions, INTERACTIONS_CSV, "interactions-1")
    assert job["status"] == "ACTIVE" and job["importMode"] == "FULL"
    assert (
        import_csv(pz, personalize_mock, items, "ITEM_ID,GENRE,PRICE\ni1,comedy,1.5\ni2,drama,2\n", "items-1")["status"]
        == "ACTIVE"
    )
    assert (
        import_csv(pz, personalize_mock, users, "USER_ID,AGE\nu1,30\nu2,41\nu3,25\n", "users-1")["status"] == "ACTIVE"
    )

    state = personalize_store
    stored = state.datasets.get(interactions)
    assert stored.columns == ("USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE")
    assert stored.rows == [
        ("u1", "i1", 1700000000, "click", None),
        ("u1", "i2", 1700000001, "buy", 9.5),
        ("u2", "i1", 1700000002, "click", 1.0),
        ("u3", "i3", 1700000003, "click", None),
    ]
    assert list(state.datasets.get(items).records())[1] == {"ITEM_ID": "i2", "GENRE": "drama", "PRICE": 2.0}
    assert set(state.datasets_of(group)) == {"INTERACTIONS", "ITEMS", "USERS"}

    export = pz.create_dataset_export_job(
        jobName="export-all",
        datasetArn=interactions,
        roleArn=ROLE,
        ingestionMode="BULK",
        jobOutput={"s3DataDestination": {"path": "s3://out/exports/"}},
    )["datasetExportJobArn"]
    described = pz.describe_dataset_export_job(datasetExportJobArn=export)["datasetExportJob"]
    assert described["status"] == "ACTIVE" and described["ingestionMode"] == "BULK"
    exported = personalize_mock.data.get_text("s3://out/exports/export-all/export-all_part_00000.csv")
    assert exported == INTERACTIONS_CSV.replace(",1\n", ",1.0\n")

    personalize_mock.data.put_object("s3://bucket/forget.csv", "USER_ID\nu1\nu3\n")
    deletion = pz.create_data_deletion_job(
        jobName="forget", datasetGroupArn=group, dataSource={"dataLocation": "s3://bucket/forget.csv"}, roleArn=ROLE
    )["dataDeletionJobArn"]
    job = pz.describe_data_deletion_job(dataDeletionJobArn=deletion)["dataDeletionJob"]
    assert job["status"] == "COMPLETED"
    assert job["numDeleted"] == 3 + 2  # three interactions of u1/u3, two user records
    assert state.datasets.get(interactions).rows == [("u2", "i1", 1700000002, "click", 1.0)]
    assert [r["USER_ID"] for r in state.datasets.get(users).records()] == ["u2"]
    assert len(state.datasets.get(items).rows) == 2  # items hold no users


def test_import_and_export_through_motos_s3():
    import boto3
    import moto

    from cleanroom_mock import mock_personalize

    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="data")
        s3.put_object(Bucket="data", Key="in/users.csv", Body=b"USER_ID,AGE\nu1,30\nu2,41\n")
        with mock_personalize():
            pz = client()
            group = new_group(pz)
            users = make_dataset(pz, group, "Users", USERS_SCHEMA)
            job = pz.create_dataset_import_job(
                jobName="j", datasetArn=users, dataSource={"dataLocation": "s3://data/in/"}, roleArn=ROLE
            )["datasetImportJobArn"]
            assert pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"] == "ACTIVE"
            outputs = {}
            for name, path in (("ok", "s3://data/out"), ("no-bucket", "s3://missing-bucket/out")):
                arn = pz.create_dataset_export_job(
                    jobName=name,
                    datasetArn=users,
                    roleArn=ROLE,
                    ingestionMode="ALL",
                    jobOutput={"s3DataDestination": {"path": path}},
                )["datasetExportJobArn"]
                outputs[name] = pz.describe_dataset_export_job(datasetExportJobArn=arn)["datasetExportJob"]
        assert outputs["ok"]["status"] == "ACTIVE"
        assert (outputs["no-bucket"]["status"], outputs["no-bucket"]["failureReason"]) == (
            "CREATE FAILED",
            "Invalid S3 output path",
        )
        body = s3.get_object(Bucket="data", Key="out/ok/ok_part_00000.csv")["Body"].read().decode()
        assert body == "USER_ID,AGE\nu1,30\nu2,41\n"
