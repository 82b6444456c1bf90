"""Solutions (training/solutions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import (
    ACCOUNT,
    RECIPE,
    REGION,
    SIMS,
    UP,
    client,
    interactions_csv,
    make_campaign,
    make_group,
    make_solution,
    make_version,
    tags,
    trained,
)

SOLUTION_ARN = f"arn:aws:personalize:{REGION}:{ACCOUNT}:solution/"


def test_create_solution_and_describe_it(group: str) -> None:
    pz = client()
    arn = pz.create_solution(name="sol", datasetGroupArn=group, recipeArn=UP, eventType="click",
                             solutionConfig={"algorithmHyperParameters": {"hidden_dimension": "64"}},
                             tags=tags(1))["solutionArn"]
    assert arn == SOLUTION_ARN + "sol"
    solution = pz.describe_solution(solutionArn=arn)["solution"]
    assert solution["status"] == "ACTIVE"
    assert solution["recipeArn"] == UP and solution["datasetGroupArn"] == group
    assert solution["performAutoTraining"] is True  # API_CreateSolution: on by default
    assert solution["performHPO"] is False and solution["performAutoML"] is False
    assert solution["eventType"] == "click"
    assert solution["solutionConfig"] == {"algorithmHyperParameters": {"hidden_dimension": "64"}}
    assert "latestSolutionVersion" not in solution and "latestSolutionUpdate" not in solution
    assert pz.list_tags_for_resource(resourceArn=arn)["tags"] == tags(1)
    version, _ = make_version(pz, arn)
    latest = pz.describe_solution(solutionArn=arn)["solution"]["latestSolutionVersion"]
    assert latest["solutionVersionArn"] == version and latest["status"] == "ACTIVE"
    assert latest["trainingMode"] == "FULL" and latest["trainingType"] == "MANUAL"


def test_solution_lifecycle_in_step_mode(group: str, personalize_mock: Any) -> None:
    pz = client()
    personalize_mock.lifecycle = "step"
    arn = pz.create_solution(name="sol", datasetGroupArn=group, recipeArn=SIMS)["solutionArn"]
    assert pz.describe_solution(solutionArn=arn)["solution"]["status"] == "CREATE IN_PROGRESS"
    assert pz.describe_solution(solutionArn=arn)["solution"]["status"] == "ACTIVE"


def test_auto_ml_picks_a_user_personalization_recipe(group: str) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException, match="must not be specified"):
        pz.create_solution(name="s", datasetGroupArn=group, recipeArn=UP, performAutoML=True)
    with pytest.raises(pz.exceptions.InvalidInputException, match="recipeArn is required"):
        pz.create_solution(name="s", datasetGroupArn=group)
    with pytest.raises(pz.exceptions.InvalidInputException, match="USER_PERSONALIZATION"):
        pz.create_solution(name="s", datasetGroupArn=group, performAutoML=True,
                           solutionConfig={"autoMLConfig": {"recipeList": [SIMS]}})
    with pytest.raises(pz.exceptions.InvalidInputException, match="performAutoML"):
        pz.create_solution(name="s", datasetGroupArn=group, recipeArn=UP,
                           solutionConfig={"autoMLConfig": {"recipeList": [UP]}})
    arn = pz.create_solution(name="s", datasetGroupArn=group, performAutoML=True)["solutionArn"]
    solution = pz.describe_solution(solutionArn=arn)["solution"]
    assert "recipeArn" not in solution
    assert solution["autoMLResult"] == {"bestRecipeArn": UP}
    _, version = make_version(pz, arn)
    assert version["status"] == "ACTIVE" and version["recipeArn"] == UP
    assert version["tunedHPOParams"]["algorithmHyperParameters"]["hidden_dimension"] == "149"


@pytest.mark.parametrize("recipe, error, text", [
    (RECIPE + "aws-nothing", "ResourceNotFoundException", "does not exist"),
    (RECIPE + "aws-ecomm-recommended-for-you", "InvalidInputException", "CreateRecommender"),
    (RECIPE + "aws-hrnn", "InvalidInputException", "legacy"),
])
def test_recipe_must_be_a_current_custom_recipe(group: str, recipe: str, error: str, text: str) -> None:
    pz = client()
    with pytest.raises(getattr(pz.exceptions, error), match=text):
        pz.create_solution(name="s", datasetGroupArn=group, recipeArn=recipe)


def test_dataset_group_must_exist_be_active_and_hold_the_recipe_datasets(personalize_mock: Any) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_solution(name="s", recipeArn=UP,
                           datasetGroupArn=f"arn:aws:personalize:{REGION}:{ACCOUNT}:dataset-group/none")
    empty = pz.create_dataset_group(name="empty")["datasetGroupArn"]
    with pytest.raises(pz.exceptions.InvalidInputException, match="INTERACTIONS"):
        pz.create_solution(name="s", datasetGroupArn=empty, recipeArn=UP)
    group = make_group(pz, personalize_mock, "shop")  # interactions dataset, no Items dataset
    with pytest.raises(pz.exceptions.InvalidInputException, match="ITEMS"):
        pz.create_solution(name="s", datasetGroupArn=group, recipeArn=RECIPE + "aws-semantic-similarity")
    personalize_mock.lifecycle = "step"
    pending = pz.create_dataset_group(name="pending")["datasetGroupArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.create_solution(name="s", datasetGroupArn=pending, recipeArn=UP)


@pytest.mark.parametrize("kwargs, text", [
    ({"solutionConfig": {"autoTrainingConfig": {"schedulingExpression": "rate(31 days)"}}}, "between 1 and 30"),
    ({"solutionConfig": {"autoTrainingConfig": {"schedulingExpression": "rate(0 days)"}}}, "between 1 and 30"),
    ({"performIncrementalUpdate": True}, "aws-semantic-similarity"),
    ({"solutionConfig": {"hpoConfig": {"hpoObjective": {"type": "Maximize", "metricName": "m"}}}}, "hpoObjective"),
    ({"solutionConfig": {"hpoConfig": {"hpoResourceConfig": {"maxNumberOfTrainingJobs": "41"}}}}, "40"),
    ({"solutionConfig": {"hpoConfig": {"hpoResourceConfig": {"maxParallelTrainingJobs": "11"}}}}, "10"),
    ({"solutionConfig": {"hpoConfig": {"algorithmHyperParameterRanges": {
        "continuousHyperParameterRanges": [{"name": "exploration_weight", "minValue": 0, "maxValue": 1}]}}}},
     "not tunable"),
    ({"solutionConfig": {"algorithmHyperParameters": {"hidden_dimension": "999"}}}, "between"),
    ({"solutionConfig": {"algorithmHyperParameters": {"recency_mask": "maybe"}}}, "one of"),
    ({"solutionConfig": {"algorithmHyperParameters": {"depth": "3"}}}, "Unknown algorithm hyperparameter"),
    ({"solutionConfig": {"featureTransformationParameters": {"max_user_history_length_percentile": "2"}}},
     "between"),
    ({"solutionConfig": {"eventValueThreshold": "high"}}, "number"),
])
def test_invalid_solution_settings(group: str, kwargs: dict, text: str) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException, match=text):
        pz.create_solution(name="s", datasetGroupArn=group, recipeArn=UP, **kwargs)
    assert pz.list_solutions()["solutions"] == []


def test_valid_schedule_and_hpo_are_accepted(group: str) -> None:
    pz = client()
    config = {"autoTrainingConfig": {"schedulingExpression": "rate(30 days)"},
              "hpoConfig": {"hpoResourceConfig": {"maxNumberOfTrainingJobs": "40", "maxParallelTrainingJobs": "10"}}}
    arn = make_solution(pz, group, recipe=UP, performHPO=True, solutionConfig=config)
    assert pz.describe_solution(solutionArn=arn)["solution"]["solutionConfig"] == config


def test_duplicate_name_quota_and_tags(group: str, personalize_mock: Any) -> None:
    pz = client()
    make_solution(pz, group, "s0", SIMS)
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as caught:
        pz.create_solution(name="s0", datasetGroupArn=group, recipeArn=SIMS)
    assert caught.value.response["Error"]["Message"] == f"Another resource with Arn {SOLUTION_ARN}s0 already exists."
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.create_solution(name="s1", datasetGroupArn=group, recipeArn=SIMS, tags=tags(51))
    for i in range(1, 10):
        make_solution(pz, group, f"s{i}", SIMS)
    with pytest.raises(pz.exceptions.LimitExceededException, match="More than 10"):
        pz.create_solution(name="s10", datasetGroupArn=group, recipeArn=SIMS)
    other = make_group(pz, personalize_mock, "other", interactions_csv())
    assert make_solution(pz, other, "s10", SIMS) == SOLUTION_ARN + "s10"


def test_list_solutions_filters_and_paginates(group: str, personalize_mock: Any) -> None:
    pz = client()
    other = make_group(pz, personalize_mock, "other", interactions_csv())
    made = [make_solution(pz, group, "a"), make_solution(pz, other, "b"), make_solution(pz, group, "c")]
    listed = pz.list_solutions(datasetGroupArn=group)["solutions"]
    assert [s["solutionArn"] for s in listed] == [made[0], made[2]]
    assert set(listed[0]) == {"name", "solutionArn", "status", "creationDateTime", "lastUpdatedDateTime", "recipeArn"}
    first = pz.list_solutions(maxResults=2)
    assert [s["name"] for s in first["solutions"]] == ["a", "b"]
    assert [s["name"] for s in pz.list_solutions(nextToken=first["nextToken"])["solutions"]] == ["c"]
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_solutions(nextToken="not-a-token")


def test_update_solution(group: str, personalize_mock: Any) -> None:
    pz = client()
    arn = make_solution(pz, group)
    with pytest.raises(pz.exceptions.InvalidInputException, match="between 1 and 30"):
        pz.update_solution(solutionArn=arn, solutionUpdateConfig={
            "autoTrainingConfig": {"schedulingExpression": "rate(45 days)"}})
    with pytest.raises(pz.exceptions.InvalidInputException, match="semantic"):
        pz.update_solution(solutionArn=arn, performIncrementalUpdate=True)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.update_solution(solutionArn=SOLUTION_ARN + "none", performAutoTraining=False)
    personalize_mock.lifecycle = "step"
    update = {"autoTrainingConfig": {"schedulingExpression": "rate(3 days)"}}
    assert pz.update_solution(solutionArn=arn, performAutoTraining=False,
                              solutionUpdateConfig=update)["solutionArn"] == arn
    solution = pz.describe_solution(solutionArn=arn)["solution"]
    assert solution["latestSolutionUpdate"]["status"] == "CREATE IN_PROGRESS"
    assert solution["latestSolutionUpdate"]["performAutoTraining"] is False
    assert solution["latestSolutionUpdate"]["solutionUpdateConfig"] == update
    assert solution["performAutoTraining"] is True  # applied when the update is ACTIVE
    solution = pz.describe_solution(solutionArn=arn)["solution"]
    assert solution["latestSolutionUpdate"]["status"] == "ACTIVE"
    assert solution["performAutoTraining"] is False
    assert solution["solutionConfig"]["autoTrainingConfig"] == {"schedulingExpression": "rate(3 days)"}
    pending = pz.create_solution(name="pending", datasetGroupArn=group, recipeArn=UP)["solutionArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.update_solution(solutionArn=pending, performAutoTraining=False)


def test_delete_solution_refuses_while_used_then_deletes_its_versions(group: str, personalize_mock: Any) -> None:
    pz = client()
    arn = make_solution(pz, group)
    version, _ = make_version(pz, arn)
    campaign = make_campaign(pz, version)
    with pytest.raises(pz.exceptions.ResourceInUseException, match="campaign"):
        pz.delete_solution(solutionArn=arn)
    pz.delete_campaign(campaignArn=campaign)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_campaign(campaignArn=campaign)
    personalize_mock.lifecycle = "step"
    training = pz.create_solution_version(solutionArn=arn)["solutionVersionArn"]
    # the delete reads the version (one step in this mode): CREATE PENDING → CREATE IN_PROGRESS
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.delete_solution(solutionArn=arn)
    pz.stop_solution_version_creation(solutionVersionArn=training)
    pz.delete_solution(solutionArn=arn)
    assert pz.describe_solution(solutionArn=arn)["solution"]["status"] == "DELETE IN_PROGRESS"
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_solution(solutionArn=arn)
    for gone in (version, training):
        with pytest.raises(pz.exceptions.ResourceNotFoundException):
            pz.describe_solution_version(solutionVersionArn=gone)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.delete_solution(solutionArn=arn)
    personalize_mock.lifecycle = "next-read"
    assert make_solution(pz, group) == arn  # the name is free again


def test_teardown_in_dependency_order_needs_no_polling(personalize_mock: Any) -> None:
    """campaign → solution → datasets → group, each deleted right after the last: every parent's dependency
    check reads its children, which completes their pending deletions in the default lifecycle mode."""
    pz = client()
    group, solution, version = trained(pz, personalize_mock)
    campaign = make_campaign(pz, version)
    pz.delete_campaign(campaignArn=campaign)
    pz.delete_solution(solutionArn=solution)
    for dataset in pz.list_datasets(datasetGroupArn=group)["datasets"]:
        pz.delete_dataset(datasetArn=dataset["datasetArn"])
    pz.delete_dataset_group(datasetGroupArn=group)
    assert pz.list_dataset_groups()["datasetGroups"] == []
    assert pz.list_solutions()["solutions"] == []
