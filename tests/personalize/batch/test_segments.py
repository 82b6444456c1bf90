"""Batch segment jobs (batch/segments.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..support import RECIPE, ROLE, UP, USERS_SCHEMA, make_solution, make_version, tags
from ..test_runtime_support import add_dataset, campaign_on, make_filter, shop

ITEM_AFFINITY = RECIPE + "aws-item-affinity"


ATTRIBUTE_AFFINITY = RECIPE + "aws-item-attribute-affinity"


def segment_job(pz: Any, name: str, version: str, source: str = "s3://in/q.json", **kwargs: Any) -> str:
    arn = pz.create_batch_segment_job(
        jobName=name, solutionVersionArn=version, roleArn=ROLE, jobInput={"s3DataSource": {"path": source}},
        jobOutput={"s3DataDestination": {"path": "s3://out/seg"}}, **kwargs)["batchSegmentJobArn"]
    pz.describe_batch_segment_job(batchSegmentJobArn=arn)
    return arn


def trained_on(pz: Any, group: str, recipe: str, name: str) -> str:
    version, described = make_version(pz, make_solution(pz, group, name, recipe))
    assert described["status"] == "ACTIVE", described
    return version


def segments(aws: Any, name: str = "q.json") -> list[dict]:
    return [json.loads(line) for line in aws.data.get_object(f"s3://out/seg/{name}.out").decode().splitlines()]


def test_item_affinity_ranks_the_users_closest_to_the_item(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock)
    version = trained_on(pz, group, ITEM_AFFINITY, "aff")
    personalize_mock.data.put_object("s3://in/q.json", '{"itemId": "i0"}\n{"itemId": "i5"}\n{"userId": "u1"}\n')
    arn = segment_job(pz, "seg", version, numResults=3, tags=tags(1))
    described = pz.describe_batch_segment_job(batchSegmentJobArn=arn)["batchSegmentJob"]
    assert described["status"] == "ACTIVE" and described["numResults"] == 3
    first, last, wrong = segments(personalize_mock)
    # i0 was seen by u0 and u1 (and is close to u2, u3 through i1..i3); i5 by u4 and u5.
    assert first["input"] == {"itemId": "i0"} and first["error"] is None
    users = first["output"]["usersList"]
    assert set(users[:2]) == {"u0", "u1"} and users[2] in ("u2", "u3")
    assert set(last["output"]["usersList"][:2]) == {"u4", "u5"}
    assert wrong["output"] is None and "itemId" in wrong["error"]
    assert pz.list_tags_for_resource(resourceArn=arn)["tags"] == tags(1)
    listed = pz.list_batch_segment_jobs(solutionVersionArn=version)["batchSegmentJobs"]
    assert [(j["jobName"], j["status"]) for j in listed] == [("seg", "ACTIVE")]


def test_user_filters_apply_to_the_segment(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock)
    version = trained_on(pz, group, ITEM_AFFINITY, "aff")
    add_dataset(pz, personalize_mock, group, "Users", USERS_SCHEMA,
                "USER_ID,AGE\nu0,20\nu1,25\nu2,40\nu3,41\nu4,42\nu5,43\n", "shop")
    no_u0 = make_filter(pz, group, "skip", 'EXCLUDE UserID WHERE Users.AGE < 30')
    personalize_mock.data.put_object("s3://in/q.json", '{"itemId": "i0"}\n')
    segment_job(pz, "seg", version, numResults=2, filterArn=no_u0)
    assert set(segments(personalize_mock)[0]["output"]["usersList"]) == {"u2", "u3"}
    items_filter = make_filter(pz, group, "items", 'EXCLUDE ItemID WHERE Items.GENRE IN ("comedy")')
    with pytest.raises(pz.exceptions.InvalidInputException, match="this job needs a filter on UserID"):
        segment_job(pz, "seg2", version, filterArn=items_filter)


def test_item_attribute_affinity(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock)
    version = trained_on(pz, group, ATTRIBUTE_AFFINITY, "attr")
    personalize_mock.data.put_object("s3://in/q.json", '{"itemAttributes": "ITEMS.GENRE = \\"horror\\""}\n'
                                     '{"itemAttributes": "GENRE is scary"}\n')
    segment_job(pz, "seg", version, numResults=2)
    horror, broken = segments(personalize_mock)
    assert set(horror["output"]["usersList"]) == {"u4", "u5"}  # i5, the only horror item
    assert broken["output"] is None and broken["error"].startswith("Invalid itemAttributes expression")


def test_segment_jobs_need_a_segmentation_recipe_and_valid_inputs(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock)
    up = pz.describe_campaign(campaignArn=campaign_on(pz, group, UP, "up"))["campaign"]["solutionVersionArn"]
    with pytest.raises(pz.exceptions.InvalidInputException, match="need a USER_SEGMENTATION recipe"):
        segment_job(pz, "seg", up)
    version = trained_on(pz, group, ITEM_AFFINITY, "aff")
    with pytest.raises(pz.exceptions.InvalidInputException, match="numResults must be between 1 and 5000000"):
        segment_job(pz, "seg", version, numResults=5_000_001)
    with pytest.raises(pz.exceptions.InvalidInputException, match="Invalid S3 output path"):
        pz.create_batch_segment_job(jobName="seg", solutionVersionArn=version, roleArn=ROLE,
                                    jobInput={"s3DataSource": {"path": "s3://in/q.json"}},
                                    jobOutput={"s3DataDestination": {"path": "http://out/"}})
    personalize_mock.data.put_object("s3://in/many.json", "".join(f'{{"itemId": "i{k}"}}\n' for k in range(501)))
    arn = segment_job(pz, "many", version, "s3://in/many.json")
    described = pz.describe_batch_segment_job(batchSegmentJobArn=arn)["batchSegmentJob"]
    assert described["status"] == "CREATE FAILED" and "at most 500 per file" in described["failureReason"]
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        segment_job(pz, "many", version)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_batch_segment_job(batchSegmentJobArn=arn + "x")
    personalize_mock.lifecycle = "timed"
    for k in range(4):
        segment_job(pz, f"wait{k}", version)
    segment_job(pz, "wait4", version)
    with pytest.raises(pz.exceptions.LimitExceededException, match="More than 5 resources"):
        segment_job(pz, "wait5", version)
