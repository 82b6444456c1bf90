"""Helpers shared by the runtime tests (no tests here): campaigns of each recipe type on one known data set,
items with genres and prices, filters, and a Next-Best-Action group — all built through the boto3 API.

The interactions are ``interactions_csv()``: users u0..u5, items i0..i5 with popularity
i2 = i3 (6) > i1 = i4 (4) > i0 = i5 (2); u0 and u1 saw i0..i3, u2 and u3 i1..i4, u4 and u5 i2..i5.
"""

from __future__ import annotations

import json
import time
from typing import Any, Optional

import boto3
from botocore.config import Config

from .support import ITEMS_SCHEMA, ROLE
from .test_training_support import (
    RECIPE,
    _wait_dataset,
    interactions_csv,
    make_campaign,
    make_group,
    make_solution,
    make_version,
    wait,
)

UP_V2 = RECIPE + "aws-user-personalization-v2"
RANKING = RECIPE + "aws-personalized-ranking"
TRENDING = RECIPE + "aws-trending-now"
NBA = RECIPE + "aws-next-best-action"

# i0..i5 by genre: the comedies are i0, i2, i4.
ITEMS_CSV = "ITEM_ID,GENRE,PRICE\ni0,comedy,1.5\ni1,drama,2\ni2,comedy,3\ni3,drama,4\ni4,comedy,5\ni5,horror,6\n"
ACTIONS_SCHEMA = {
    "type": "record", "name": "Actions", "namespace": "com.amazonaws.personalize.schema", "version": "1.0",
    "fields": [
        {"name": "ACTION_ID", "type": "string"},
        {"name": "CATEGORY", "type": "string", "categorical": True},
        {"name": "EXPIRATION_TIMESTAMP", "type": ["null", "long"]},
        {"name": "REPEAT_FREQUENCY", "type": ["null", "long"]},
    ],
}
ACTION_INTERACTIONS_SCHEMA = {
    "type": "record", "name": "Action_Interactions", "namespace": "com.amazonaws.personalize.schema",
    "version": "1.0",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ACTION_ID", "type": "string"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
    ],
}


def runtime(validate: bool = True) -> Any:
    config = None if validate else Config(parameter_validation=False)
    return boto3.client("personalize-runtime", region_name="us-east-1", config=config)


def add_dataset(pz: Any, aws: Any, group: str, kind: str, schema: dict, csv: str, name: str) -> str:
    """A dataset of ``kind`` in ``group`` with ``csv`` imported (the import is ACTIVE)."""
    schema_arn = pz.create_schema(name=f"{name}-{kind}", schema=json.dumps(schema))["schemaArn"]
    dataset = pz.create_dataset(name=f"{name}-{kind}", schemaArn=schema_arn, datasetGroupArn=group,
                                datasetType=kind)["datasetArn"]
    _wait_dataset(pz, dataset)
    uri = f"s3://bucket/{name}/{kind}.csv"
    aws.data.put_object(uri, csv)
    job = pz.create_dataset_import_job(jobName=f"{name}-{kind}-import", datasetArn=dataset,
                                       dataSource={"dataLocation": uri}, roleArn=ROLE)["datasetImportJobArn"]
    status = wait(lambda: pz.describe_dataset_import_job(datasetImportJobArn=job), "datasetImportJob")["status"]
    assert status == "ACTIVE"
    return dataset


def shop(pz: Any, aws: Any, name: str = "shop", items: bool = True) -> str:
    """A group with the known interactions and (by default) the genre/price items."""
    group = make_group(pz, aws, name, interactions_csv())
    if items:
        add_dataset(pz, aws, group, "Items", ITEMS_SCHEMA, ITEMS_CSV, name)
    return group


def campaign_on(pz: Any, group: str, recipe: str, name: str, config: Optional[dict] = None) -> str:
    """An ACTIVE campaign of a freshly trained solution version of ``recipe`` in ``group``."""
    solution = make_solution(pz, group, f"{name}-sol", recipe)
    version, described = make_version(pz, solution)
    assert described["status"] == "ACTIVE", described
    extra = {"campaignConfig": config} if config else {}
    return make_campaign(pz, version, f"{name}-camp", **extra)


def make_filter(pz: Any, group: str, name: str, expression: str) -> str:
    arn = pz.create_filter(name=name, datasetGroupArn=group, filterExpression=expression)["filterArn"]
    pz.describe_filter(filterArn=arn)
    return arn


def nba_group(pz: Any, aws: Any, name: str = "nba") -> tuple[str, str]:
    """(group, Next-Best-Action campaign). Actions: a1 (x), a2 (y, expired), a3 (x, repeat every 7 days),
    a4 (y), a5 (x, expires in a day). Taken events: a1 ×3, a3 ×2, a4 ×1, a5 ×1 — u0 took a3 an hour ago;
    u1 took a4 and has Not taken a1."""
    now = int(time.time())
    actions = ("ACTION_ID,CATEGORY,EXPIRATION_TIMESTAMP,REPEAT_FREQUENCY\n"
               f"a1,x,,\na2,y,100,\na3,x,,7\na4,y,,\na5,x,{now + 86_400},\n")
    events = ["USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP"]
    events += [f"u{k},a1,Taken,1700000000" for k in (2, 3, 4)]
    events += [f"u0,a3,Taken,{now - 3600}", "u5,a3,taken,1700000000", "u1,a4,Taken,1700000000",
               "u1,a1,Not taken,1700000000", "u4,a5,Taken,1700000000", "u5,a2,Taken,1700000000"]
    group = make_group(pz, aws, name, interactions_csv())
    add_dataset(pz, aws, group, "Actions", ACTIONS_SCHEMA, actions, name)
    add_dataset(pz, aws, group, "Action_Interactions", ACTION_INTERACTIONS_SCHEMA, "\n".join(events) + "\n", name)
    return group, campaign_on(pz, group, NBA, name)


def item_ids(answer: dict, key: str = "itemList") -> list[str]:
    return [entry["itemId"] for entry in answer[key]]
