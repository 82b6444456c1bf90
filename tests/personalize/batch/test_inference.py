"""Batch inference jobs (batch/inference.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..support import ROLE, SIMS, UP, make_solution, tags
from ..test_runtime_support import NBA, RANKING, TRENDING, campaign_on, make_filter, nba_group, runtime, shop


def job(pz: Any, name: str, version: str, source: str = "s3://in/users.json", **kwargs: Any) -> str:
    """A job, read once (in the default next-read mode that runs it)."""
    arn = pz.create_batch_inference_job(
        jobName=name, solutionVersionArn=version, roleArn=ROLE, jobInput={"s3DataSource": {"path": source}},
        jobOutput={"s3DataDestination": {"path": "s3://out/results/"}}, **kwargs)["batchInferenceJobArn"]
    pz.describe_batch_inference_job(batchInferenceJobArn=arn)
    return arn


def output(aws: Any, name: str = "users.json") -> list[dict]:
    return [json.loads(line) for line in aws.data.get_object(f"s3://out/results/{name}.out").decode().splitlines()]


def version_of(pz: Any, campaign: str) -> str:
    return pz.describe_campaign(campaignArn=campaign)["campaign"]["solutionVersionArn"]


def test_batch_answers_equal_get_recommendations(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock)
    campaign = campaign_on(pz, group, UP, "up")
    comedies = make_filter(pz, group, "genre", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    lines = [{"userId": "u0"}, {"userId": "newcomer"}, {"userId": "u3", "filterValues": {"GENRE": '"comedy"'}}]
    personalize_mock.data.put_object("s3://in/users.json", "".join(json.dumps(x) + "\n" for x in lines))
    arn = job(pz, "batch", version_of(pz, campaign), filterArn=comedies, numResults=3, tags=tags(1))
    described = pz.describe_batch_inference_job(batchInferenceJobArn=arn)["batchInferenceJob"]
    assert described["status"] == "ACTIVE" and described["numResults"] == 3
    assert described["batchInferenceJobMode"] == "BATCH_INFERENCE" and described["filterArn"] == comedies
    records = output(personalize_mock)
    assert [r["input"] for r in records] == lines
    rt = runtime()
    for record in records[2:]:
        real = rt.get_recommendations(campaignArn=campaign, userId=record["input"]["userId"], numResults=3,
                                      filterArn=comedies, filterValues=record["input"]["filterValues"])
        assert record["output"] == {"recommendedItems": [i["itemId"] for i in real["itemList"]],
                                    "scores": [i["score"] for i in real["itemList"]]}
        assert record["error"] is None
    # A line missing its placeholder value cannot use the INCLUDE filter: it gets an error, the others answer.
    assert records[0]["output"] is None and "GENRE" in records[0]["error"]
    assert pz.list_tags_for_resource(resourceArn=arn)["tags"] == tags(1)


def test_related_items_and_ranking_inputs(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock, items=False)
    sims = version_of(pz, campaign_on(pz, group, SIMS, "sims"))
    ranking = version_of(pz, campaign_on(pz, group, RANKING, "rank"))
    personalize_mock.data.put_object("s3://in/items.json", '{"itemId": "i0"}\n{"userId": "u0"}\n')
    job(pz, "related", sims, "s3://in/items.json", numResults=2)
    assert output(personalize_mock, "items.json") == [
        {"input": {"itemId": "i0"}, "output": {"recommendedItems": ["i2", "i3"], "scores": [None, None]},
         "error": None},
        {"input": {"userId": "u0"}, "output": None, "error": "Each line needs an itemId for a RELATED_ITEMS recipe."}]
    personalize_mock.data.put_object("s3://in/rank/a.json", '{"userId": "u0", "itemList": ["i5", "zz", "i4"]}\n')
    job(pz, "ranked", ranking, "s3://in/rank/")
    [record] = output(personalize_mock, "a.json")
    real = runtime().get_personalized_ranking(campaignArn=campaign_on(pz, group, RANKING, "rank2"), userId="u0",
                                              inputList=["i5", "zz", "i4"])["personalizedRanking"]
    assert record["output"]["recommendedItems"] == [i["itemId"] for i in real] == ["i4", "i5", "zz"]
    assert record["output"]["scores"][2] is None


def test_recipes_without_batch_and_bad_inputs(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock, items=False)
    trending = version_of(pz, campaign_on(pz, group, TRENDING, "trend"))
    with pytest.raises(pz.exceptions.InvalidInputException, match="with the aws-trending-now recipe"):
        job(pz, "j", trending)
    up = version_of(pz, campaign_on(pz, group, UP, "up"))
    with pytest.raises(pz.exceptions.InvalidInputException, match="Invalid S3 input path"):
        job(pz, "j", up, "https://example.com/in.json")
    with pytest.raises(pz.exceptions.InvalidInputException, match="numResults must be between 1 and 500"):
        job(pz, "j", up, numResults=501)
    with pytest.raises(pz.exceptions.InvalidInputException, match="THEME_GENERATION is only supported"):
        job(pz, "j", up, batchInferenceJobMode="THEME_GENERATION",
            themeGenerationConfig={"fieldsForThemeGeneration": {"itemName": "GENRE"}})
    with pytest.raises(pz.exceptions.InvalidInputException, match="themeGenerationConfig is required"):
        job(pz, "j", up, batchInferenceJobMode="THEME_GENERATION")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        job(pz, "j", up + "x")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        job(pz, "j", up, filterArn=up.replace("solution", "filter"))
    arn = job(pz, "missing", up, "s3://in/nothing.json")
    described = pz.describe_batch_inference_job(batchInferenceJobArn=arn)["batchInferenceJob"]
    assert described["status"] == "CREATE FAILED" and described["failureReason"].startswith("Invalid S3 input path")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException, match="batch-inference-job/missing"):
        job(pz, "missing", up)


def test_next_best_action_has_no_batch(pz: Any, personalize_mock: Any) -> None:
    _, campaign = nba_group(pz, personalize_mock)
    with pytest.raises(pz.exceptions.InvalidInputException, match="aws-next-best-action"):
        job(pz, "j", version_of(pz, campaign))
    assert NBA.endswith("aws-next-best-action")


def test_version_must_be_active_and_five_jobs_may_wait(pz: Any, personalize_mock: Any) -> None:
    group = shop(pz, personalize_mock, items=False)
    up = version_of(pz, campaign_on(pz, group, UP, "up"))
    other = make_solution(pz, group, "other")
    personalize_mock.lifecycle = "timed"
    pending = pz.create_solution_version(solutionArn=other)["solutionVersionArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE PENDING state; it must be ACTIVE"):
        job(pz, "j", pending)
    arns = [job(pz, f"j{k}", up) for k in range(5)]
    assert pz.describe_batch_inference_job(batchInferenceJobArn=arns[0])["batchInferenceJob"]["status"] == "PENDING"
    with pytest.raises(pz.exceptions.LimitExceededException, match="More than 5 resources with PENDING"):
        job(pz, "j5", up)
    personalize_mock.lifecycle = "next-read"
    listed = pz.list_batch_inference_jobs(solutionVersionArn=up, maxResults=3)
    assert [j["jobName"] for j in listed["batchInferenceJobs"]] == ["j0", "j1", "j2"]
    assert {j["status"] for j in listed["batchInferenceJobs"]} == {"CREATE FAILED"}  # no input was written
    rest = pz.list_batch_inference_jobs(solutionVersionArn=up, nextToken=listed["nextToken"])
    assert [j["jobName"] for j in rest["batchInferenceJobs"]] == ["j3", "j4"]
    assert pz.list_batch_inference_jobs(solutionVersionArn=pending)["batchInferenceJobs"] == []
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_batch_inference_jobs(nextToken="nope")
