"""Helpers shared by the recommender and batch tests (no tests here): a Domain dataset group with imported
interactions, items and users, and recommenders on it — each built through the boto3 API, as a user would.

``domain_csv()``: users u0..u5 and items i0..i7 as in ``interactions_csv`` (u0, u1 saw i0..i3; u2, u3 i1..i4;
u4, u5 i2..i5), each interaction a View; u0's and u2's first two are also Purchases.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from .support import ROLE
from .test_training_support import RECIPE, _wait_dataset, wait

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
ITEMS_CSV = "ITEM_ID,PRICE,CATEGORY_L1\n" + "".join(
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
    _wait_dataset(pz, dataset)
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
        _dataset(pz, aws, group, name, "Items", ECOMM_ITEMS, ITEMS_CSV)
    return group


def make_recommender(pz: Any, group: str, name: str, recipe: str = RECOMMENDED_FOR_YOU, **kwargs: Any) -> str:
    arn = pz.create_recommender(name=name, datasetGroupArn=group, recipeArn=recipe, **kwargs)["recommenderArn"]
    wait(lambda: pz.describe_recommender(recommenderArn=arn), "recommender")
    return arn
