"""Solution versions and training (training/versions.py)."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import SIMS, client, interactions_csv, make_group, make_solution, make_version, tags

METRIC_KEYS = {
    "coverage", "mean_reciprocal_rank_at_25", "normalized_discounted_cumulative_gain_at_5",
    "normalized_discounted_cumulative_gain_at_10", "normalized_discounted_cumulative_gain_at_25",
    "precision_at_5", "precision_at_10", "precision_at_25",
}


def test_training_reaches_active_and_keeps_a_model(
    personalize_store: Any, solution: str, personalize_mock: Any
) -> None:
    pz = client()
    personalize_mock.lifecycle = "step"
    arn = pz.create_solution_version(solutionArn=solution, name="v1", tags=tags(1))["solutionVersionArn"]
    assert arn.startswith(solution + "/")
    assert pz.describe_solution_version(solutionVersionArn=arn)["solutionVersion"]["status"] == "CREATE IN_PROGRESS"
    version = pz.describe_solution_version(solutionVersionArn=arn)["solutionVersion"]
    assert version["status"] == "ACTIVE"
    assert version["name"] == "v1" and version["solutionArn"] == solution
    assert version["trainingMode"] == "FULL" and version["trainingType"] == "MANUAL"
    assert version["trainingHours"] == 0.1  # 0.1 h + 24 interactions / 1e6 h, rounded to 4 places
    assert version["recipeArn"].endswith("aws-user-personalization")
    assert "failureReason" not in version and "tunedHPOParams" not in version
    assert pz.list_tags_for_resource(resourceArn=arn)["tags"] == tags(1)
    model = personalize_store.solution_versions.get(arn).model
    assert model.interaction_count == 24
    assert model.user_history["u0"] == ["i0", "i1", "i2", "i3"]  # oldest first
    assert model.popularity_order[0] == "i2" and model.item_scores["i2"] == 6.0


def test_too_few_users_fails_training_with_the_documented_reason(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv(users=12, per_user=1))
    _, version = make_version(pz, make_solution(pz, group))
    assert version["status"] == "CREATE FAILED"
    assert version["failureReason"] == (
        "Create failed. Dataset has fewer than 2 users with at least 2 interactions each.")
    assert "trainingHours" not in version


def test_too_few_interactions_fails_training(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv(users=3, per_user=3))
    _, version = make_version(pz, make_solution(pz, group))
    assert version["status"] == "CREATE FAILED"
    assert version["failureReason"] == "Create failed. Dataset has fewer than 10 interactions."


def test_event_type_filtering_happens_before_the_minimums(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv())
    _, version = make_version(pz, make_solution(pz, group, "buy", eventType="purchase"))
    assert version["failureReason"] == (
        "Create failed. Dataset has fewer than 10 interactions after filtering by event type: purchase"
    )
    _, version = make_version(pz, make_solution(pz, group, "value", solutionConfig={"eventValueThreshold": "3"}))
    assert version["status"] == "CREATE FAILED"  # only a third of the events have value 3
    _, version = make_version(pz, make_solution(pz, group, "click", eventType="click"))
    assert version["status"] == "ACTIVE"


def test_strict_mode_enforces_the_documented_minimums(personalize_mock: Any) -> None:
    personalize_mock.strict = True
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv(users=20, per_user=50, items=40))
    _, version = make_version(pz, make_solution(pz, group))
    assert version["status"] == "CREATE FAILED"
    assert version["failureReason"] == (
        "Create failed. Dataset has fewer than 25 users with at least 2 interactions each."
    )
    richer = make_group(pz, personalize_mock, "richer", csv=interactions_csv(users=25, per_user=40, items=40))
    _, version = make_version(pz, make_solution(pz, richer, "rich"))
    assert version["status"] == "ACTIVE"


def test_solution_must_be_active_and_exist(personalize_store: Any, solution: str, personalize_mock: Any) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_solution_version(solutionArn=solution + "-missing")
    group = personalize_store.solutions.get(solution).dataset_group_arn
    personalize_mock.lifecycle = "step"
    pending = pz.create_solution(name="pending", datasetGroupArn=group, recipeArn=SIMS)["solutionArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.create_solution_version(solutionArn=pending)


def test_training_modes(personalize_store: Any, solution: str, personalize_mock: Any) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException, match="ACTIVE solution version"):
        pz.create_solution_version(solutionArn=solution, trainingMode="UPDATE")
    full, _ = make_version(pz, solution)
    _, update = make_version(pz, solution, trainingMode="UPDATE")
    assert update["status"] == "ACTIVE" and update["trainingMode"] == "UPDATE"
    _, auto = make_version(pz, solution, trainingMode="AUTOTRAIN")
    assert auto["trainingMode"] == "AUTOTRAIN"
    group = personalize_store.solutions.get(solution).dataset_group_arn
    sims = make_solution(pz, group, "sims", SIMS, performAutoTraining=False)
    with pytest.raises(pz.exceptions.InvalidInputException, match="User-Personalization"):
        pz.create_solution_version(solutionArn=sims, trainingMode="UPDATE")
    with pytest.raises(pz.exceptions.InvalidInputException, match="performAutoTraining"):
        pz.create_solution_version(solutionArn=sims, trainingMode="AUTOTRAIN")


def test_version_names_are_unique_per_solution(personalize_store: Any, solution: str, personalize_mock: Any) -> None:
    pz = client()
    first, _ = make_version(pz, solution, name="v1")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as caught:
        pz.create_solution_version(solutionArn=solution, name="v1")
    assert caught.value.response["Error"]["Message"] == f"Another resource with Arn {first} already exists."
    group = personalize_store.solutions.get(solution).dataset_group_arn
    other = make_solution(pz, group, "other")
    make_version(pz, other, name="v1")
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.create_solution_version(solutionArn=solution, tags=tags(51))


def test_twenty_pending_versions_is_the_limit(solution: str) -> None:
    pz = client()
    for _ in range(20):  # never read, so they stay CREATE PENDING
        pz.create_solution_version(solutionArn=solution)
    with pytest.raises(pz.exceptions.LimitExceededException) as caught:
        pz.create_solution_version(solutionArn=solution)
    assert caught.value.response["Error"]["Message"] == "More than 20 resources with PENDING or IN_PROGRESS status."
    pz.list_solution_versions(solutionArn=solution)  # reading them finishes their training
    assert pz.create_solution_version(solutionArn=solution)["solutionVersionArn"]


def test_stop_solution_version_creation(personalize_store: Any, solution: str, personalize_mock: Any) -> None:
    pz = client()
    pending = pz.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    assert pz.stop_solution_version_creation(solutionVersionArn=pending)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert pz.describe_solution_version(solutionVersionArn=pending)["solutionVersion"]["status"] == "CREATE STOPPED"
    personalize_mock.lifecycle = "step"
    running = pz.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    pz.describe_solution_version(solutionVersionArn=running)  # CREATE IN_PROGRESS
    pz.stop_solution_version_creation(solutionVersionArn=running)
    assert personalize_store.solution_versions.get(running).lifecycle.current == "CREATE STOPPING"
    assert pz.describe_solution_version(solutionVersionArn=running)["solutionVersion"]["status"] == "CREATE STOPPED"
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE STOPPED"):
        pz.stop_solution_version_creation(solutionVersionArn=running)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.stop_solution_version_creation(solutionVersionArn=solution + "/ffffffff")
    personalize_mock.lifecycle = "next-read"
    active, _ = make_version(pz, solution)
    with pytest.raises(pz.exceptions.ResourceInUseException, match="ACTIVE"):
        pz.stop_solution_version_creation(solutionVersionArn=active)


def test_get_solution_metrics(solution: str, personalize_mock: Any) -> None:
    pz = client()
    version, _ = make_version(pz, solution)
    answer = pz.get_solution_metrics(solutionVersionArn=version)
    assert answer["solutionVersionArn"] == version
    assert set(answer["metrics"]) == METRIC_KEYS
    assert all(0.0 <= value <= 1.0 for value in answer["metrics"].values())
    again, _ = make_version(pz, solution)
    assert pz.get_solution_metrics(solutionVersionArn=again)["metrics"] == answer["metrics"]  # deterministic
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.get_solution_metrics(solutionVersionArn=solution + "/ffffffff")
    group = make_group(pz, personalize_mock, "thin", interactions_csv(users=2, per_user=2))
    failed, _ = make_version(pz, make_solution(pz, group, "thin"))
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE FAILED"):
        pz.get_solution_metrics(solutionVersionArn=failed)


def test_list_solution_versions(personalize_store: Any, solution: str, personalize_mock: Any) -> None:
    pz = client()
    group = personalize_store.solutions.get(solution).dataset_group_arn
    other = make_solution(pz, group, "other")
    made = [make_version(pz, solution)[0], make_version(pz, other)[0], make_version(pz, solution)[0]]
    listed = pz.list_solution_versions(solutionArn=solution)["solutionVersions"]
    assert [v["solutionVersionArn"] for v in listed] == [made[0], made[2]]
    assert listed[0]["status"] == "ACTIVE" and listed[0]["trainingType"] == "MANUAL"
    page = pz.list_solution_versions(maxResults=2)
    assert [v["solutionVersionArn"] for v in page["solutionVersions"]] == made[:2]
    rest = pz.list_solution_versions(maxResults=2, nextToken=page["nextToken"])
    assert [v["solutionVersionArn"] for v in rest["solutionVersions"]] == made[2:]
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.list_solution_versions(solutionArn=solution + "-missing")
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_solution_versions(nextToken="bogus")
