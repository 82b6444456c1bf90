"""Campaigns (training/campaigns.py)."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import (
    ACCOUNT,
    REGION,
    SIMS,
    client,
    interactions_csv,
    make_campaign,
    make_group,
    make_solution,
    make_version,
    tags,
    trained,
    wait,
)

CAMPAIGN_ARN = f"arn:aws:personalize:{REGION}:{ACCOUNT}:campaign/"


# -- CreateCampaign / DescribeCampaign -----------------------------------------------------------------------
def test_create_campaign_returns_arn_and_describe_has_the_campaign_shape(chain: Any) -> None:
    aws, pz, _, _, version = chain
    arn = pz.create_campaign(name="camp", solutionVersionArn=version, tags=tags(2))["campaignArn"]
    assert arn == CAMPAIGN_ARN + "camp"
    campaign = pz.describe_campaign(campaignArn=arn)["campaign"]
    assert campaign["name"] == "camp"
    assert campaign["campaignArn"] == arn
    assert campaign["solutionVersionArn"] == version
    assert campaign["minProvisionedTPS"] == 1  # the documented default
    assert campaign["status"] == "ACTIVE"
    assert campaign["campaignConfig"] == {
        "itemExplorationConfig": {"explorationWeight": "0.3", "explorationItemAgeCutOff": "30.0"},
        "enableMetadataWithRecommendations": False,
        "syncWithLatestSolutionVersion": False,
    }
    assert "latestCampaignUpdate" not in campaign
    assert "failureReason" not in campaign
    assert campaign["creationDateTime"] <= campaign["lastUpdatedDateTime"]
    assert pz.list_tags_for_resource(resourceArn=arn)["tags"] == tags(2)


def test_campaign_lifecycle_is_visible_in_step_mode(chain: Any) -> None:
    aws, pz, _, _, version = chain
    aws.lifecycle = "step"
    arn = pz.create_campaign(name="camp", solutionVersionArn=version, minProvisionedTPS=7)["campaignArn"]
    assert pz.describe_campaign(campaignArn=arn)["campaign"]["status"] == "CREATE IN_PROGRESS"
    campaign = pz.describe_campaign(campaignArn=arn)["campaign"]
    assert campaign["status"] == "ACTIVE"
    assert campaign["minProvisionedTPS"] == 7


def test_exploration_config_is_kept_and_completed_for_user_personalization(chain: Any) -> None:
    _, pz, _, _, version = chain
    arn = make_campaign(pz, version, campaignConfig={"itemExplorationConfig": {"explorationWeight": "0.9"}})
    config = pz.describe_campaign(campaignArn=arn)["campaign"]["campaignConfig"]
    assert config["itemExplorationConfig"] == {"explorationWeight": "0.9", "explorationItemAgeCutOff": "30.0"}


def test_ranking_influence_and_metadata_are_stored(personalize_mock: Any) -> None:
    pz = client()
    _, _, version = trained(pz, personalize_mock, items=True)
    arn = make_campaign(pz, version, campaignConfig={
        "rankingInfluence": {"POPULARITY": 0.5, "FRESHNESS": 1.0},
        "enableMetadataWithRecommendations": True,
    })
    config = pz.describe_campaign(campaignArn=arn)["campaign"]["campaignConfig"]
    assert config["rankingInfluence"] == {"POPULARITY": 0.5, "FRESHNESS": 1.0}
    assert config["enableMetadataWithRecommendations"] is True


def test_metadata_needs_an_items_dataset(chain: Any) -> None:
    _, pz, group, _, version = chain
    with pytest.raises(pz.exceptions.InvalidInputException, match="Items dataset"):
        pz.create_campaign(name="camp", solutionVersionArn=version,
                           campaignConfig={"enableMetadataWithRecommendations": True})


def test_unknown_solution_version_is_not_found(chain: Any) -> None:
    _, pz, _, solution, _ = chain
    missing = solution + "/00000000"
    with pytest.raises(pz.exceptions.ResourceNotFoundException) as caught:
        pz.create_campaign(name="camp", solutionVersionArn=missing)
    assert caught.value.response["Error"]["Message"] == f"Resource Arn {missing} does not exist."
    # A solution ARN is not a solution version (aws-sdk-js-v3#4982: ResourceNotFoundException).
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_campaign(name="camp", solutionVersionArn=solution)


def test_version_not_active_is_in_use(chain: Any) -> None:
    aws, pz, _, solution, _ = chain
    aws.lifecycle = "step"
    training = pz.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.create_campaign(name="camp", solutionVersionArn=training)


def test_failed_version_is_in_use(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv(users=1, per_user=3))
    solution = make_solution(pz, group)
    version, described = make_version(pz, solution)
    assert described["status"] == "CREATE FAILED"
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE FAILED"):
        pz.create_campaign(name="camp", solutionVersionArn=version)


def test_duplicate_name_already_exists(chain: Any) -> None:
    _, pz, _, _, version = chain
    make_campaign(pz, version, "camp")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as caught:
        pz.create_campaign(name="camp", solutionVersionArn=version)
    assert caught.value.response["Error"]["Message"] == f"Another resource with Arn {CAMPAIGN_ARN}camp already exists."


def test_sixth_active_campaign_in_a_group_exceeds_the_limit(chain: Any) -> None:
    _, pz, _, _, version = chain
    arns = [make_campaign(pz, version, f"camp{i}") for i in range(5)]
    with pytest.raises(pz.exceptions.LimitExceededException) as caught:
        pz.create_campaign(name="camp5", solutionVersionArn=version)
    assert caught.value.response["Error"]["Message"] == (
        "Cannot create a campaign. More than 5 resources in ACTIVE state. Please delete some and try again."
    )
    pz.delete_campaign(campaignArn=arns[0])
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_campaign(campaignArn=arns[0])
    assert make_campaign(pz, version, "camp5") == CAMPAIGN_ARN + "camp5"


def test_campaigns_of_another_group_do_not_count(personalize_mock: Any) -> None:
    pz = client()
    _, _, first = trained(pz, personalize_mock, "one")
    _, _, second = trained(pz, personalize_mock, "two")
    for i in range(5):
        make_campaign(pz, first, f"a{i}")
    assert make_campaign(pz, second, "b0") == CAMPAIGN_ARN + "b0"


def test_more_than_fifty_tags_is_too_many(chain: Any) -> None:
    _, pz, _, _, version = chain
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.create_campaign(name="camp", solutionVersionArn=version, tags=tags(51))
    with pytest.raises(pz.exceptions.InvalidInputException, match="reserved"):
        pz.create_campaign(name="camp", solutionVersionArn=version, tags=[{"tagKey": "aws:x", "tagValue": "v"}])
    assert pz.list_campaigns()["campaigns"] == []


def test_exploration_config_only_for_user_personalization(personalize_mock: Any) -> None:
    pz = client()
    _, _, version = trained(pz, personalize_mock, recipe=SIMS)
    with pytest.raises(pz.exceptions.InvalidInputException, match="User-Personalization"):
        pz.create_campaign(name="camp", solutionVersionArn=version,
                           campaignConfig={"itemExplorationConfig": {"explorationWeight": "0.5"}})
    config = pz.describe_campaign(campaignArn=make_campaign(pz, version))["campaign"]["campaignConfig"]
    assert "itemExplorationConfig" not in config


@pytest.mark.parametrize("config, text", [
    ({"itemExplorationConfig": {"explorationWeight": "1.5"}}, "explorationWeight"),
    ({"itemExplorationConfig": {"explorationItemAgeCutOff": "0"}}, "explorationItemAgeCutOff"),
    ({"itemExplorationConfig": {"explorationWeight": "lots"}}, "number"),
    ({"itemExplorationConfig": {"novelty": "0.5"}}, "novelty"),
    ({"rankingInfluence": {"POPULARITY": 1.5}}, "POPULARITY"),
    ({"rankingInfluence": {"FRESHNESS": -0.1}}, "FRESHNESS"),
    ({"rankingInfluence": {"NOVELTY": 0.5}}, "NOVELTY"),
    ({"syncWithLatestSolutionVersion": True}, r"\$LATEST"),
])
def test_invalid_campaign_config(chain: Any, config: dict, text: str) -> None:
    _, _, _, _, version = chain
    pz = client(validate=False)
    with pytest.raises(pz.exceptions.InvalidInputException, match=text):
        pz.create_campaign(name="camp", solutionVersionArn=version, campaignConfig=config)


def test_latest_form_requires_sync_and_follows_the_newest_active_version(personalize_store: Any, chain: Any) -> None:
    aws, pz, _, solution, version = chain
    with pytest.raises(pz.exceptions.InvalidInputException, match="syncWithLatestSolutionVersion"):
        pz.create_campaign(name="camp", solutionVersionArn=f"{solution}/$LATEST")
    arn = make_campaign(pz, f"{solution}/$LATEST", campaignConfig={"syncWithLatestSolutionVersion": True})
    campaign = pz.describe_campaign(campaignArn=arn)["campaign"]
    assert campaign["solutionVersionArn"] == f"{solution}/$LATEST"
    assert campaign["campaignConfig"]["syncWithLatestSolutionVersion"] is True
    assert personalize_store.serving_version(personalize_store.campaigns.get(arn)).arn == version
    newer, _ = make_version(pz, solution)
    assert personalize_store.serving_version(personalize_store.campaigns.get(arn)).arn == newer
    assert [c["campaignArn"] for c in pz.list_campaigns(solutionArn=solution)["campaigns"]] == [arn]


def test_latest_form_needs_a_solution_with_an_active_version(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv())
    solution = make_solution(pz, group)
    sync = {"syncWithLatestSolutionVersion": True}
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_campaign(name="c", solutionVersionArn=f"{solution}-missing/$LATEST", campaignConfig=sync)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_campaign(name="c", solutionVersionArn=f"{solution}/$LATEST", campaignConfig=sync)
    personalize_mock.lifecycle = "step"
    pz.create_solution_version(solutionArn=solution)
    with pytest.raises(pz.exceptions.ResourceInUseException, match="no ACTIVE solution version"):
        pz.create_campaign(name="c", solutionVersionArn=f"{solution}/$LATEST", campaignConfig=sync)


# -- ListCampaigns -------------------------------------------------------------------------------------------
def test_list_campaigns_filters_by_solution_and_paginates(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, csv=interactions_csv())
    first = make_solution(pz, group, "first")
    second = make_solution(pz, group, "second")
    first_version, _ = make_version(pz, first)
    second_version, _ = make_version(pz, second)
    made = [make_campaign(pz, first_version, "a"), make_campaign(pz, second_version, "b"),
            make_campaign(pz, first_version, "c")]
    listed = pz.list_campaigns(solutionArn=first)["campaigns"]
    assert [c["campaignArn"] for c in listed] == [made[0], made[2]]
    assert set(listed[0]) == {"name", "campaignArn", "status", "creationDateTime", "lastUpdatedDateTime"}
    page = pz.list_campaigns(maxResults=2)
    assert [c["name"] for c in page["campaigns"]] == ["a", "b"]
    rest = pz.list_campaigns(maxResults=2, nextToken=page["nextToken"])
    assert [c["name"] for c in rest["campaigns"]] == ["c"]
    assert "nextToken" not in rest
    assert pz.list_campaigns(solutionArn=first + "x")["campaigns"] == []
    with pytest.raises(pz.exceptions.InvalidNextTokenException):
        pz.list_campaigns(nextToken="garbage")
    with pytest.raises(pz.exceptions.InvalidNextTokenException):  # a token of another listing
        pz.list_campaigns(solutionArn=first, nextToken=page["nextToken"])


# -- UpdateCampaign ------------------------------------------------------------------------------------------
def test_update_campaign_deploys_a_new_version_and_reports_the_update(chain: Any) -> None:
    aws, pz, _, solution, version = chain
    arn = make_campaign(pz, version)
    newer, _ = make_version(pz, solution)
    aws.lifecycle = "step"
    assert pz.update_campaign(campaignArn=arn, solutionVersionArn=newer, minProvisionedTPS=3)["campaignArn"] == arn
    campaign = pz.describe_campaign(campaignArn=arn)["campaign"]
    update = campaign["latestCampaignUpdate"]
    assert update["status"] == "CREATE IN_PROGRESS"
    assert update["solutionVersionArn"] == newer and update["minProvisionedTPS"] == 3
    # the old version keeps serving until the update is ACTIVE (API_UpdateCampaign)
    assert campaign["solutionVersionArn"] == version and campaign["minProvisionedTPS"] == 1
    assert campaign["status"] == "ACTIVE"
    campaign = pz.describe_campaign(campaignArn=arn)["campaign"]
    assert campaign["latestCampaignUpdate"]["status"] == "ACTIVE"
    assert campaign["solutionVersionArn"] == newer and campaign["minProvisionedTPS"] == 3


def test_a_second_update_waits_for_the_first(chain: Any) -> None:
    aws, pz, _, _, version = chain
    arn = make_campaign(pz, version)
    aws.lifecycle = "step"
    pz.update_campaign(campaignArn=arn, minProvisionedTPS=3)
    with pytest.raises(pz.exceptions.ResourceInUseException, match="update in progress"):
        pz.update_campaign(campaignArn=arn, minProvisionedTPS=4)  # this read moves the first one to IN_PROGRESS
    pz.update_campaign(campaignArn=arn, minProvisionedTPS=4)  # the first one is ACTIVE now
    wait(lambda: pz.describe_campaign(campaignArn=arn)["campaign"], "latestCampaignUpdate")
    assert pz.describe_campaign(campaignArn=arn)["campaign"]["minProvisionedTPS"] == 4
    pz.update_campaign(campaignArn=arn, minProvisionedTPS=5)
    with pytest.raises(pz.exceptions.ResourceInUseException, match="update in progress"):
        pz.delete_campaign(campaignArn=arn)


def test_update_campaign_config_is_validated_like_create(chain: Any) -> None:
    _, pz, _, solution, version = chain
    arn = make_campaign(pz, version)
    with pytest.raises(pz.exceptions.InvalidInputException, match=r"\$LATEST"):
        pz.update_campaign(campaignArn=arn, campaignConfig={"syncWithLatestSolutionVersion": True})
    pz.update_campaign(campaignArn=arn, solutionVersionArn=f"{solution}/$LATEST",
                       campaignConfig={"syncWithLatestSolutionVersion": True})
    campaign = pz.describe_campaign(campaignArn=arn)["campaign"]
    assert campaign["solutionVersionArn"] == f"{solution}/$LATEST"
    assert campaign["campaignConfig"]["syncWithLatestSolutionVersion"] is True
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.update_campaign(campaignArn=arn, solutionVersionArn=solution + "/00000000", campaignConfig={})
    with pytest.raises(pz.exceptions.InvalidInputException, match="syncWithLatestSolutionVersion"):
        pz.update_campaign(campaignArn=arn, solutionVersionArn=version)  # the kept config still syncs


def test_update_campaign_needs_an_active_campaign(chain: Any) -> None:
    aws, pz, _, _, version = chain
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.update_campaign(campaignArn=CAMPAIGN_ARN + "missing", minProvisionedTPS=2)
    aws.lifecycle = "step"
    arn = pz.create_campaign(name="camp", solutionVersionArn=version)["campaignArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException, match="CREATE IN_PROGRESS"):
        pz.update_campaign(campaignArn=arn, minProvisionedTPS=2)


# -- DeleteCampaign ------------------------------------------------------------------------------------------
def test_delete_campaign_passes_through_delete_states_then_is_gone(chain: Any) -> None:
    aws, pz, _, _, version = chain
    arn = make_campaign(pz, version)
    aws.lifecycle = "step"
    pz.delete_campaign(campaignArn=arn)
    assert pz.describe_campaign(campaignArn=arn)["campaign"]["status"] == "DELETE IN_PROGRESS"
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_campaign(campaignArn=arn)
    assert pz.list_campaigns()["campaigns"] == []
    # the solution version stays (API_DeleteCampaign)
    assert pz.describe_solution_version(solutionVersionArn=version)["solutionVersion"]["status"] == "ACTIVE"


def test_delete_campaign_errors(chain: Any) -> None:
    aws, pz, _, _, version = chain
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.delete_campaign(campaignArn=CAMPAIGN_ARN + "missing")
    aws.lifecycle = "step"
    arn = pz.create_campaign(name="camp", solutionVersionArn=version)["campaignArn"]
    with pytest.raises(pz.exceptions.ResourceInUseException):
        pz.delete_campaign(campaignArn=arn)
    wait(lambda: pz.describe_campaign(campaignArn=arn), "campaign")
    pz.delete_campaign(campaignArn=arn)
    with pytest.raises(pz.exceptions.ResourceInUseException, match="DELETE IN_PROGRESS"):
        pz.delete_campaign(campaignArn=arn)
