"""What Personalize tests build on (no tests here): constants, clients, and builders that make resources
through the boto3 API as a user would — a dataset group with imported interactions, a trained solution
version, a campaign, a Domain dataset group with recommenders.

``domain_csv()``: users u0..u5 and items i0..i7 as in ``interactions_csv`` (u0, u1 saw i0..i3; u2, u3 i1..i4;
u4, u5 i2..i5), each interaction a View; u0's and u2's first two are also Purchases.

The fixtures over these live in the ``conftest.py`` files; ``test_data_support``, ``test_training_support``
and ``test_recommenders_support`` re-export them under their former names.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from cleanroom_mock.personalize.store import PersonalizeStore

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/personalize"

INTERACTIONS_SCHEMA = {
    "type": "record",
    "name": "Interactions",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "EVENT_VALUE", "type": ["null", "float"]},
    ],
    "version": "1.0",
}
ITEMS_SCHEMA = {
    "type": "record",
    "name": "Items",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "ITEM_ID", "type": "string"},
        {"name": "GENRE", "type": "string", "categorical": True},
        {"name": "PRICE", "type": "float"},
    ],
    "version": "1.0",
}
USERS_SCHEMA = {
    "type": "record",
    "name": "Users",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "AGE", "type": "int"},
    ],
    "version": "1.0",
}

# Four interactions of three users (the data-side tests): u1 clicked i1 and bought i2, u2 and u3 clicked.
INTERACTIONS_CSV = (
    "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n"
    "u1,i1,1700000000,click,\n"
    "u1,i2,1700000001,buy,9.5\n"
    "u2,i1,1700000002,click,1\n"
    "u3,i3,1700000003,click,\n"
)


def record_schema(name: str, **fields: Any) -> dict:
    """A Personalize Avro record ``name`` whose fields are ``COLUMN=type`` (a type, or a dict of the type and its
    flags: ``{"type": "string", "categorical": True}``)."""
    rendered = [{"name": column, **(kind if isinstance(kind, dict) else {"type": kind})}
                for column, kind in fields.items()]
    return {"type": "record", "name": name, "namespace": "com.amazonaws.personalize.schema", "version": "1.0",
            "fields": rendered}


def client(validate: bool = True) -> Any:
    config = None if validate else Config(parameter_validation=False)
    return boto3.client("personalize", region_name=REGION, config=config)


def store_of(aws: Any) -> PersonalizeStore:
    """The default account's Personalize store (its tables and public methods; tests only read it)."""
    return aws.store("personalize", ACCOUNT, REGION)  # type: ignore[no-any-return]


def error_of(excinfo: Any) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def tags(count: int) -> list[dict[str, str]]:
    return [{"tagKey": f"k{i}", "tagValue": f"v{i}"} for i in range(count)]


# --- data: schemas, empty dataset groups, datasets, imports -------------------------------------------------
def make_schema(pz: Any, name: str, schema: dict, domain: str | None = None) -> str:
    extra = {"domain": domain} if domain else {}
    return pz.create_schema(name=name, schema=json.dumps(schema), **extra)["schemaArn"]


def new_group(pz: Any, name: str = "movies", **kwargs: Any) -> str:
    """A dataset group and nothing in it."""
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



# --- training: a group with imported interactions, solutions, versions, campaigns ----------------------------
RECIPE = "arn:aws:personalize:::recipe/"
UP = RECIPE + "aws-user-personalization"
SIMS = RECIPE + "aws-sims"
POPULARITY = RECIPE + "aws-popularity-count"


def interactions_csv(users: int = 6, per_user: int = 4, items: int = 8, event_type: str = "click") -> str:
    """``users`` users with ``per_user`` interactions each; item ``i{k}`` is more popular the smaller k is
    (user u interacts with items 0..per_user-1 shifted by u // 2), timestamps increase with each row."""
    lines = ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE"]
    moment = 1_700_000_000
    for user in range(users):
        for step in range(per_user):
            moment += 60
            item = (step + user // 2) % items
            lines.append(f"u{user},i{item},{moment},{event_type},{1 + step % 3}")
    return "\n".join(lines) + "\n"


def make_group(pz: Any, aws: Any, name: str = "shop", csv: Optional[str] = None, items: bool = False) -> str:
    """A Custom dataset group with an interactions dataset whose import finished (ACTIVE or FAILED)."""
    group = pz.create_dataset_group(name=name)["datasetGroupArn"]
    pz.describe_dataset_group(datasetGroupArn=group)
    schema = pz.create_schema(name=f"{name}-interactions", schema=json.dumps(INTERACTIONS_SCHEMA))["schemaArn"]
    dataset = pz.create_dataset(name=f"{name}-interactions", schemaArn=schema, datasetGroupArn=group,
                                datasetType="Interactions")["datasetArn"]
    wait_dataset(pz, dataset)
    if items:
        item_schema = pz.create_schema(name=f"{name}-items", schema=json.dumps(ITEMS_SCHEMA))["schemaArn"]
        item_dataset = pz.create_dataset(name=f"{name}-items", schemaArn=item_schema, datasetGroupArn=group,
                                         datasetType="Items")["datasetArn"]
        wait_dataset(pz, item_dataset)
    if csv is not None:
        uri = f"s3://bucket/{name}/interactions.csv"
        aws.data.put_object(uri, csv)
        job = pz.create_dataset_import_job(jobName=f"{name}-import", datasetArn=dataset,
                                           dataSource={"dataLocation": uri}, roleArn=ROLE)["datasetImportJobArn"]
        for _ in range(10):
            status = pz.describe_dataset_import_job(datasetImportJobArn=job)["datasetImportJob"]["status"]
            if status in ("ACTIVE", "CREATE FAILED"):
                break
    return group


def wait_dataset(pz: Any, dataset: str) -> None:
    for _ in range(10):
        if pz.describe_dataset(datasetArn=dataset)["dataset"]["status"] == "ACTIVE":
            return


def wait(describe: Any, key: str, done: tuple[str, ...] = ("ACTIVE", "CREATE FAILED")) -> dict:
    for _ in range(10):
        resource = describe()[key]
        if resource["status"] in done:
            return resource
    raise AssertionError(f"{key} never reached {done}")


def make_solution(pz: Any, group: str, name: str = "sol", recipe: str = UP, **kwargs: Any) -> str:
    arn = pz.create_solution(name=name, datasetGroupArn=group, recipeArn=recipe, **kwargs)["solutionArn"]
    wait(lambda: pz.describe_solution(solutionArn=arn), "solution")
    return arn


def make_version(pz: Any, solution: str, **kwargs: Any) -> tuple[str, dict]:
    arn = pz.create_solution_version(solutionArn=solution, **kwargs)["solutionVersionArn"]
    return arn, wait(lambda: pz.describe_solution_version(solutionVersionArn=arn), "solutionVersion")


def trained(pz: Any, aws: Any, name: str = "shop", recipe: str = UP, items: bool = False) -> tuple[str, str, str]:
    """(group, solution, ACTIVE version) on the default interactions."""
    group = make_group(pz, aws, name, interactions_csv(), items=items)
    solution = make_solution(pz, group, f"{name}-sol", recipe)
    version, described = make_version(pz, solution)
    assert described["status"] == "ACTIVE", described
    return group, solution, version


def make_campaign(pz: Any, version: str, name: str = "camp", **kwargs: Any) -> str:
    arn = pz.create_campaign(name=name, solutionVersionArn=version, **kwargs)["campaignArn"]
    wait(lambda: pz.describe_campaign(campaignArn=arn), "campaign")
    return arn


# --- recommenders: a Domain dataset group -------------------------------------------------------------------
ECOMM_INTERACTIONS = {
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema", "version": "1.0",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "DEVICE", "type": ["null", "string"], "categorical": True},
    ],
}
ECOMM_ITEMS = {
    "type": "record", "name": "Items", "namespace": "com.amazonaws.personalize.schema", "version": "1.0",
    "fields": [
        {"name": "ITEM_ID", "type": "string"},
        {"name": "PRICE", "type": "float"},
        {"name": "CATEGORY_L1", "type": "string", "categorical": True},
    ],
}
ECOMM_ITEMS_CSV = "ITEM_ID,PRICE,CATEGORY_L1\n" + "".join(
    f"i{k},{k + 0.5},{'shoes' if k % 2 == 0 else 'hats'}\n" for k in range(8))
RECOMMENDED_FOR_YOU = RECIPE + "aws-ecomm-recommended-for-you"
MOST_VIEWED = RECIPE + "aws-ecomm-popular-items-by-views"
BEST_SELLERS = RECIPE + "aws-ecomm-popular-items-by-purchases"
ALSO_VIEWED = RECIPE + "aws-ecomm-customers-who-viewed-x-also-viewed"
VOD_TOP_PICKS = RECIPE + "aws-vod-top-picks"


def domain_csv(users: int = 6, per_user: int = 4, items: int = 8) -> str:
    lines = ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,DEVICE"]
    moment = 1_700_000_000
    for user in range(users):
        for step in range(per_user):
            moment += 60
            item = (step + user // 2) % items
            lines.append(f"u{user},i{item},{moment},View,phone")
            if user in (0, 2) and step < 2:
                lines.append(f"u{user},i{item},{moment + 1},Purchase,phone")
    return "\n".join(lines) + "\n"


def _dataset(pz: Any, aws: Any, group: str, name: str, kind: str, schema: dict, csv: Optional[str]) -> str:
    schema_arn = pz.create_schema(name=f"{name}-{kind}", schema=json.dumps(schema), domain="ECOMMERCE")["schemaArn"]
    dataset = pz.create_dataset(name=f"{name}-{kind}", schemaArn=schema_arn, datasetGroupArn=group,
                                datasetType=kind)["datasetArn"]
    wait_dataset(pz, dataset)
    if csv is not None:
        uri = f"s3://bucket/{name}/{kind}.csv"
        aws.data.put_object(uri, csv)
        job = pz.create_dataset_import_job(jobName=f"{name}-{kind}-import", datasetArn=dataset,
                                           dataSource={"dataLocation": uri}, roleArn=ROLE)["datasetImportJobArn"]
        wait(lambda: pz.describe_dataset_import_job(datasetImportJobArn=job), "datasetImportJob")
    return dataset


def domain_group(pz: Any, aws: Any, name: str = "store", csv: Optional[str] = None, items: bool = True) -> str:
    """An ECOMMERCE dataset group with ``csv`` (default ``domain_csv()``) imported, and items."""
    group = pz.create_dataset_group(name=name, domain="ECOMMERCE")["datasetGroupArn"]
    pz.describe_dataset_group(datasetGroupArn=group)
    _dataset(pz, aws, group, name, "Interactions", ECOMM_INTERACTIONS, domain_csv() if csv is None else csv)
    if items:
        _dataset(pz, aws, group, name, "Items", ECOMM_ITEMS, ECOMM_ITEMS_CSV)
    return group


def make_recommender(pz: Any, group: str, name: str, recipe: str = RECOMMENDED_FOR_YOU, **kwargs: Any) -> str:
    arn = pz.create_recommender(name=name, datasetGroupArn=group, recipeArn=recipe, **kwargs)["recommenderArn"]
    wait(lambda: pz.describe_recommender(recommenderArn=arn), "recommender")
    return arn
