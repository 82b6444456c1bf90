"""A rich state of every service, and everything a test can see of it: what the snapshot round trip compares.

``python -m tests.core.control.snapshot_probe <snapshot>`` restores the snapshot in a fresh process and prints
what it sees (JSON), after completing the work the snapshot left pending.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import boto3

from cleanroom_mock import mock_all
from cleanroom_mock.core.registry import SERVICES
from cleanroom_mock.core.resources import ResourceTable

from ...personalize.support import record_schema

REGION = "us-east-1"
ACCOUNTS = ("123456789012", "111111111111", "222222222222")
BUCKETS = ("s3://movie-data/", "s3://owner-audiences/", "s3://seed-owner/")
QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart.py"
EVENTS_SCHEMA = record_schema("Interactions", USER_ID="string", ITEM_ID="string", EVENT_TYPE="string",
                              TIMESTAMP="long")


def _quickstart() -> Any:
    spec = importlib.util.spec_from_file_location("quickstart", QUICKSTART)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(aws: Any) -> dict[str, str]:
    """Every service's resources (the quickstart's two parties and campaign), plus a filter, an event tracker
    with events, tags, a raised quota, and a solution version whose training is still pending."""
    quickstart = _quickstart()
    quickstart.lookalike_audience(aws)
    quickstart.personalize_campaign(aws)
    personalize = boto3.client("personalize", region_name=REGION)
    aws.quotas.set("personalize", "Active dataset groups", 8)
    group = personalize.create_dataset_group(name="clicks", tags=[{"tagKey": "team", "tagValue": "recs"}])
    group_arn = group["datasetGroupArn"]
    schema = personalize.create_schema(name="click-events", schema=json.dumps(EVENTS_SCHEMA))["schemaArn"]
    dataset = personalize.create_dataset(
        name="clicks", schemaArn=schema, datasetGroupArn=group_arn, datasetType="Interactions"
    )["datasetArn"]
    rows = ["USER_ID,ITEM_ID,EVENT_TYPE,TIMESTAMP"] + [
        f"u{user},i{(user * 7 + k) % 90},{'watch' if k % 3 else 'click'},{1_700_000_000 + k}"
        for user in range(40)
        for k in range(30)
    ]
    aws.data.put_object("s3://movie-data/clicks.csv", "\n".join(rows) + "\n")
    imported = personalize.create_dataset_import_job(
        jobName="clicks",
        datasetArn=dataset,
        dataSource={"dataLocation": "s3://movie-data/clicks.csv"},
        roleArn="arn:aws:iam::123456789012:role/personalize",
    )["datasetImportJobArn"]
    job = personalize.describe_dataset_import_job(datasetImportJobArn=imported)["datasetImportJob"]
    assert job["status"] == "ACTIVE"
    tracker = personalize.create_event_tracker(name="clicks", datasetGroupArn=group_arn)
    personalize.describe_event_tracker(eventTrackerArn=tracker["eventTrackerArn"])
    events = boto3.client("personalize-events", region_name=REGION)
    events.put_events(
        trackingId=tracker["trackingId"],
        userId="u1",
        sessionId="s1",
        eventList=[
            {"eventId": f"e{k}", "eventType": "click", "itemId": f"i{k}", "sentAt": 1_700_100_000 + k} for k in range(3)
        ],
    )
    filter_arn = personalize.create_filter(
        name="no-clicks",
        datasetGroupArn=group_arn,
        filterExpression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
    )["filterArn"]
    solution = personalize.create_solution(
        name="clicks", datasetGroupArn=group_arn, recipeArn="arn:aws:personalize:::recipe/aws-user-personalization"
    )
    version = personalize.create_solution_version(solutionArn=solution["solutionArn"])["solutionVersionArn"]
    personalize.describe_solution_version(solutionVersionArn=version)
    campaign = personalize.create_campaign(name="clicks", solutionVersionArn=version)["campaignArn"]
    personalize.describe_campaign(campaignArn=campaign)
    personalize.describe_filter(filterArn=filter_arn)
    aws.lifecycle.mode("manual", kind="solution-version")
    pending = personalize.create_solution_version(solutionArn=solution["solutionArn"], trainingMode="FULL")[
        "solutionVersionArn"
    ]
    return {"campaign": campaign, "filter": filter_arn, "pending": pending}


def observe(aws: Any, arns: dict[str, str]) -> dict[str, Any]:
    """What a test can see: every resource's view and tags in every store, every data-layer object and table,
    the Lists and Describes of the API, and recommendations with and without the filter."""
    seen: dict[str, Any] = {"resources": {}, "objects": {}, "api": {}}
    for service in SERVICES:
        for account in ACCOUNTS:
            store = aws.store(service, account, REGION)
            places = [store] + ([store.shared] if service == "cleanrooms" else [])
            for place in places:
                for name, table in sorted(vars(place).items()):
                    if isinstance(table, ResourceTable):
                        for resource in table:
                            seen["resources"][f"{service}/{account}/{name}/{resource.arn}"] = {
                                "view": resource.view(),
                                "tags": resource.tags,
                                "seq": resource.seq,
                                "rows": [list(row) for row in getattr(resource, "rows", [])],
                            }
    for bucket in BUCKETS:
        for uri in aws.data.list_objects(bucket):
            seen["objects"][uri] = aws.data.get_object(uri).decode()
    seen["objects"]["glue://retail/interactions"] = aws.data.get_table_rows("retail", "interactions")
    personalize = boto3.client("personalize", region_name=REGION)
    runtime = boto3.client("personalize-runtime", region_name=REGION)
    api = seen["api"]
    for group in personalize.list_dataset_groups()["datasetGroups"]:
        arn = group["datasetGroupArn"]
        api[arn] = {
            "group": personalize.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"],
            "datasets": personalize.list_datasets(datasetGroupArn=arn)["datasets"],
            "solutions": personalize.list_solutions(datasetGroupArn=arn)["solutions"],
            "filters": personalize.list_filters(datasetGroupArn=arn)["Filters"],
            "trackers": personalize.list_event_trackers(datasetGroupArn=arn)["eventTrackers"],
            "tags": personalize.list_tags_for_resource(resourceArn=arn)["tags"],
        }
    api["campaigns"] = personalize.list_campaigns()["campaigns"]
    api["versions"] = personalize.list_solution_versions()["solutionVersions"]
    api["imports"] = personalize.list_dataset_import_jobs()["datasetImportJobs"]
    api["recommendations"] = runtime.get_recommendations(campaignArn=arns["campaign"], userId="u3")["itemList"]
    api["filtered"] = runtime.get_recommendations(campaignArn=arns["campaign"], userId="u3", filterArn=arns["filter"])[
        "itemList"
    ]
    owner = boto3.client(
        "cleanroomsml", region_name=REGION, aws_access_key_id="111111111111", aws_secret_access_key="x"
    )
    api["audience-models"] = owner.list_audience_models()["audienceModels"]
    api["generation-jobs"] = owner.list_audience_generation_jobs()["audienceGenerationJobs"]
    rooms = boto3.client("cleanrooms", region_name=REGION, aws_access_key_id="111111111111", aws_secret_access_key="x")
    api["collaborations"] = rooms.list_collaborations()["collaborationList"]
    api["memberships"] = rooms.list_memberships()["membershipSummaries"]
    api["quota"] = aws.quotas.get("personalize", "Active dataset groups")
    return json.loads(json.dumps(seen, default=str))


def finish_pending(aws: Any, arns: dict[str, str]) -> str:
    """Complete the training the snapshot left pending; the status it ends in."""
    return aws.lifecycle.complete(arns["pending"])


if __name__ == "__main__":
    snapshot, names = sys.argv[1], json.loads(sys.argv[2])
    with mock_all() as handle:
        handle.restore(snapshot)
        print(json.dumps({"seen": observe(handle, names), "pending": finish_pending(handle, names)}))
