"""Helpers shared by the Personalize data-side tests (no tests here): clients, schemas, a ready group."""

from __future__ import annotations

import json
from typing import Any

from .support import INTERACTIONS_SCHEMA, ITEMS_SCHEMA, REGION, ROLE, USERS_SCHEMA, client  # noqa: F401


def backend(aws: Any) -> Any:
    return aws.backend("personalize", "123456789012", REGION)


def make_schema(pz: Any, name: str, schema: dict, domain: str | None = None) -> str:
    extra = {"domain": domain} if domain else {}
    return pz.create_schema(name=name, schema=json.dumps(schema), **extra)["schemaArn"]


def make_group(pz: Any, name: str = "movies", **kwargs: Any) -> str:
    return pz.create_dataset_group(name=name, **kwargs)["datasetGroupArn"]


def make_dataset(pz: Any, group: str, dataset_type: str, schema: dict, name: str | None = None) -> str:
    schema_arn = make_schema(pz, f"{name or dataset_type.lower()}-schema-{group.rsplit('/', 1)[-1]}", schema)
    return pz.create_dataset(
        name=name or f"{dataset_type.lower()}-{group.rsplit('/', 1)[-1]}",
        schemaArn=schema_arn,
        datasetGroupArn=group,
        datasetType=dataset_type,
    )["datasetArn"]


def import_csv(pz: Any, aws: Any, dataset: str, body: str, name: str, mode: str = "FULL") -> dict:
    """Put ``body`` in S3, import it, and return the job as DescribeDatasetImportJob shows it."""
    uri = f"s3://bucket/{name}.csv"
    aws.data.put_object(uri, body)
    arn = pz.create_dataset_import_job(
        jobName=name, datasetArn=dataset, dataSource={"dataLocation": uri}, roleArn=ROLE, importMode=mode
    )["datasetImportJobArn"]
    return pz.describe_dataset_import_job(datasetImportJobArn=arn)["datasetImportJob"]


def error_of(excinfo: Any) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]
