"""Helpers shared by the training-side tests (no tests here): a group with imported interactions, a trained
solution version, a campaign — each built through the boto3 API, as a user would."""

from __future__ import annotations

import json
from typing import Any, Optional

from .support import ACCOUNT, INTERACTIONS_SCHEMA, ITEMS_SCHEMA, REGION, ROLE, client  # noqa: F401

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
    _wait_dataset(pz, dataset)
    if items:
        item_schema = pz.create_schema(name=f"{name}-items", schema=json.dumps(ITEMS_SCHEMA))["schemaArn"]
        item_dataset = pz.create_dataset(name=f"{name}-items", schemaArn=item_schema, datasetGroupArn=group,
                                         datasetType="Items")["datasetArn"]
        _wait_dataset(pz, item_dataset)
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


def _wait_dataset(pz: Any, dataset: str) -> None:
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


def tags(count: int) -> list[dict[str, str]]:
    return [{"tagKey": f"k{i}", "tagValue": f"v{i}"} for i in range(count)]
