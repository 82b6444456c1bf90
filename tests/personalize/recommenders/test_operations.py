"""Recommenders (recommenders/operations.py): creation and training, configuration, stop/start, update,
deletion."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import (
    BEST_SELLERS,
    MOST_VIEWED,
    RECOMMENDED_FOR_YOU,
    UP,
    VOD_TOP_PICKS,
    domain_csv,
    domain_group,
    interactions_csv,
    make_group,
    make_recommender,
    tags,
    wait,
)


def test_create_trains_and_describes_the_recommender(pz: Any, store: str) -> None:
    arn = pz.create_recommender(name="recs", datasetGroupArn=store, recipeArn=RECOMMENDED_FOR_YOU,
                                tags=tags(2))["recommenderArn"]
    assert arn == "arn:aws:personalize:us-east-1:123456789012:recommender/recs"
    described = pz.describe_recommender(recommenderArn=arn)["recommender"]
    assert described["status"] == "ACTIVE"
    assert described["recommenderConfig"] == {
        "itemExplorationConfig": {"explorationWeight": "0.3", "explorationItemAgeCutOff": "30"},
        "minRecommendationRequestsPerSecond": 1, "enableMetadataWithRecommendations": False}
    assert set(described["modelMetrics"]) >= {"coverage", "precision_at_5", "mean_reciprocal_rank_at_25"}
    assert "latestRecommenderUpdate" not in described
    listed = pz.list_recommenders(datasetGroupArn=store)["recommenders"]
    assert [(r["name"], r["status"], r["recipeArn"]) for r in listed] == [("recs", "ACTIVE", RECOMMENDED_FOR_YOU)]
    assert pz.list_recommenders(datasetGroupArn=store + "-other")["recommenders"] == []
    assert pz.list_tags_for_resource(resourceArn=arn)["tags"] == tags(2)
    pz.tag_resource(resourceArn=arn, tags=[{"tagKey": "team", "tagValue": "ml"}])
    assert {"tagKey": "team", "tagValue": "ml"} in pz.list_tags_for_resource(resourceArn=arn)["tags"]


def test_creation_is_pending_and_has_no_metrics_until_trained(pz: Any, store: str, personalize_mock: Any) -> None:
    personalize_mock.lifecycle = "step"
    arn = pz.create_recommender(name="recs", datasetGroupArn=store, recipeArn=MOST_VIEWED)["recommenderArn"]
    first = pz.describe_recommender(recommenderArn=arn)["recommender"]
    assert first["status"] == "CREATE IN_PROGRESS" and "modelMetrics" not in first
    assert "recommenderConfig" in first and "itemExplorationConfig" not in first["recommenderConfig"]
    assert pz.describe_recommender(recommenderArn=arn)["recommender"]["status"] == "ACTIVE"


def test_recommenders_need_a_domain_group_and_a_use_case_of_its_domain(pz: Any, store: str,
                                                                        personalize_mock: Any) -> None:
    custom = make_group(pz, personalize_mock, "custom", interactions_csv())
    with pytest.raises(pz.exceptions.InvalidInputException, match="is not a Domain dataset group"):
        pz.create_recommender(name="r1", datasetGroupArn=custom, recipeArn=RECOMMENDED_FOR_YOU)
    with pytest.raises(pz.exceptions.InvalidInputException, match="is not a domain use case"):
        pz.create_recommender(name="r1", datasetGroupArn=store, recipeArn=UP)
    with pytest.raises(pz.exceptions.InvalidInputException, match="is a VIDEO_ON_DEMAND use case"):
        pz.create_recommender(name="r1", datasetGroupArn=store, recipeArn=VOD_TOP_PICKS)
    unknown = "arn:aws:personalize:::recipe/aws-ecomm-nothing"
    with pytest.raises(pz.exceptions.ResourceNotFoundException, match=f"Resource Arn {unknown} does not exist"):
        pz.create_recommender(name="r1", datasetGroupArn=store, recipeArn=unknown)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_recommender(name="r1", datasetGroupArn=store + "x", recipeArn=RECOMMENDED_FOR_YOU)


def test_config_rules(pz: Any, store: str, personalize_mock: Any) -> None:
    with pytest.raises(pz.exceptions.InvalidInputException, match="itemExplorationConfig is only supported"):
        pz.create_recommender(name="r", datasetGroupArn=store, recipeArn=MOST_VIEWED,
                              recommenderConfig={"itemExplorationConfig": {"explorationWeight": "0.5"}})
    with pytest.raises(pz.exceptions.InvalidInputException, match="explorationWeight must be between"):
        pz.create_recommender(name="r", datasetGroupArn=store, recipeArn=RECOMMENDED_FOR_YOU,
                              recommenderConfig={"itemExplorationConfig": {"explorationWeight": "2"}})
    for columns, message in (({"INTERACTIONS": ["NOPE"]}, "column NOPE does not exist"),
                             ({"INTERACTIONS": ["USER_ID"]}, "required column USER_ID cannot be excluded"),
                             ({"USERS": ["AGE"]}, "does not have")):
        with pytest.raises(pz.exceptions.InvalidInputException, match=message):
            pz.create_recommender(name="r", datasetGroupArn=store, recipeArn=RECOMMENDED_FOR_YOU,
                                  recommenderConfig={"trainingDataConfig": {"excludedDatasetColumns": columns}})
    no_items = domain_group(pz, personalize_mock, "bare", items=False)
    with pytest.raises(pz.exceptions.InvalidInputException, match="requires an Items dataset"):
        pz.create_recommender(name="r", datasetGroupArn=no_items, recipeArn=RECOMMENDED_FOR_YOU,
                              recommenderConfig={"enableMetadataWithRecommendations": True})
    arn = make_recommender(pz, store, "r", recommenderConfig={
        "minRecommendationRequestsPerSecond": 3, "itemExplorationConfig": {"explorationWeight": "0.9"},
        "trainingDataConfig": {"excludedDatasetColumns": {"INTERACTIONS": ["DEVICE"]}}})
    config = pz.describe_recommender(recommenderArn=arn)["recommender"]["recommenderConfig"]
    assert config["minRecommendationRequestsPerSecond"] == 3
    assert config["itemExplorationConfig"] == {"explorationWeight": "0.9", "explorationItemAgeCutOff": "30"}
    assert config["trainingDataConfig"] == {"excludedDatasetColumns": {"INTERACTIONS": ["DEVICE"]}}


def test_names_are_unique_and_a_group_holds_five(pz: Any, store: str) -> None:
    for k in range(5):
        make_recommender(pz, store, f"r{k}", MOST_VIEWED)
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException, match="recommender/r0 already exists"):
        pz.create_recommender(name="r0", datasetGroupArn=store, recipeArn=MOST_VIEWED)
    with pytest.raises(pz.exceptions.LimitExceededException, match="More than 5 recommenders"):
        pz.create_recommender(name="r5", datasetGroupArn=store, recipeArn=MOST_VIEWED)
    page = pz.list_recommenders(maxResults=2)
    assert [r["name"] for r in page["recommenders"]] == ["r0", "r1"]
    rest = pz.list_recommenders(maxResults=10, nextToken=page["nextToken"])["recommenders"]
    assert [r["name"] for r in rest] == ["r2", "r3", "r4"]
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_recommenders(nextToken="garbage")


def test_training_fails_without_enough_events_of_the_use_case_type(pz: Any, store: str) -> None:
    arn = make_recommender(pz, store, "sellers", BEST_SELLERS)  # 4 Purchases, the scaled minimum is 10
    described = pz.describe_recommender(recommenderArn=arn)["recommender"]
    assert described["status"] == "CREATE FAILED"
    assert described["failureReason"] == ("Create failed. Dataset has fewer than 10 interactions after "
                                          "filtering by event type: Purchase")
    assert "modelMetrics" not in described


def test_training_fails_on_too_little_data(pz: Any, personalize_mock: Any) -> None:
    tiny = domain_group(pz, personalize_mock, "tiny", csv=domain_csv(users=2, per_user=3), items=False)
    arn = make_recommender(pz, tiny, "recs")
    assert pz.describe_recommender(recommenderArn=arn)["recommender"]["failureReason"] == (
        "Create failed. Dataset has fewer than 10 interactions.")


def test_stop_and_start(pz: Any, store: str, personalize_mock: Any) -> None:
    arn = make_recommender(pz, store, "recs")
    with pytest.raises(pz.exceptions.ResourceInUseException, match="is in ACTIVE state; it must be INACTIVE"):
        pz.start_recommender(recommenderArn=arn)
    personalize_mock.lifecycle = "step"
    assert pz.stop_recommender(recommenderArn=arn)["recommenderArn"] == arn
    assert pz.describe_recommender(recommenderArn=arn)["recommender"]["status"] == "STOP IN_PROGRESS"
    stopped = pz.describe_recommender(recommenderArn=arn)["recommender"]
    assert stopped["status"] == "INACTIVE" and "modelMetrics" in stopped
    with pytest.raises(pz.exceptions.ResourceInUseException, match="it must be ACTIVE"):
        pz.stop_recommender(recommenderArn=arn)
    pz.start_recommender(recommenderArn=arn)
    assert pz.describe_recommender(recommenderArn=arn)["recommender"]["status"] == "START IN_PROGRESS"
    assert pz.describe_recommender(recommenderArn=arn)["recommender"]["status"] == "ACTIVE"


def test_update_records_the_latest_update_and_applies_it(pz: Any, store: str, personalize_mock: Any) -> None:
    arn = make_recommender(pz, store, "recs")
    personalize_mock.lifecycle = "timed"  # nothing moves until the clock does
    pz.update_recommender(recommenderArn=arn, recommenderConfig={"minRecommendationRequestsPerSecond": 4})
    described = pz.describe_recommender(recommenderArn=arn)["recommender"]
    assert described["latestRecommenderUpdate"]["status"] == "CREATE PENDING"
    assert described["recommenderConfig"]["minRecommendationRequestsPerSecond"] == 1  # the old one serves
    with pytest.raises(pz.exceptions.ResourceInUseException, match="update in progress"):
        pz.update_recommender(recommenderArn=arn, recommenderConfig={"minRecommendationRequestsPerSecond": 5})
    personalize_mock.lifecycle = "next-read"
    described = pz.describe_recommender(recommenderArn=arn)["recommender"]
    assert described["latestRecommenderUpdate"]["status"] == "ACTIVE"
    assert described["latestRecommenderUpdate"]["recommenderConfig"]["minRecommendationRequestsPerSecond"] == 4
    assert described["recommenderConfig"]["minRecommendationRequestsPerSecond"] == 4
    assert described["recommenderConfig"]["itemExplorationConfig"]["explorationWeight"] == "0.3"  # kept
    with pytest.raises(pz.exceptions.InvalidInputException, match="column NOPE"):
        pz.update_recommender(recommenderArn=arn, recommenderConfig={
            "trainingDataConfig": {"excludedDatasetColumns": {"INTERACTIONS": ["NOPE"]}}})


def test_delete_removes_it(pz: Any, store: str, personalize_mock: Any) -> None:
    arn = make_recommender(pz, store, "recs")
    personalize_mock.lifecycle = "timed"
    assert pz.delete_recommender(recommenderArn=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert pz.describe_recommender(recommenderArn=arn)["recommender"]["status"] == "DELETE PENDING"
    with pytest.raises(pz.exceptions.ResourceInUseException, match="DELETE PENDING"):
        pz.delete_recommender(recommenderArn=arn)
    personalize_mock.lifecycle = "next-read"
    with pytest.raises(pz.exceptions.ResourceNotFoundException, match=f"Resource Arn {arn} does not exist"):
        pz.describe_recommender(recommenderArn=arn)
    assert pz.list_recommenders()["recommenders"] == []
    for operation in (pz.delete_recommender, pz.start_recommender, pz.stop_recommender):
        with pytest.raises(pz.exceptions.ResourceNotFoundException):
            operation(recommenderArn=arn)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.update_recommender(recommenderArn=arn, recommenderConfig={})
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.list_tags_for_resource(resourceArn=arn)


def test_delete_is_refused_while_creating(pz: Any, store: str, personalize_mock: Any) -> None:
    personalize_mock.lifecycle = "step"
    arn = pz.create_recommender(name="recs", datasetGroupArn=store, recipeArn=MOST_VIEWED)["recommenderArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.delete_recommender(recommenderArn=arn)
    assert wait(lambda: pz.describe_recommender(recommenderArn=arn), "recommender")["status"] == "ACTIVE"
