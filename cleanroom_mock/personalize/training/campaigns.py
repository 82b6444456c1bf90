"""Campaigns: CreateCampaign, DescribeCampaign, ListCampaigns, UpdateCampaign, DeleteCampaign.

personalize-runtime answers from the version ``PersonalizeStore.serving_version`` picks for a campaign.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.lifecycle import LifecycleSettings
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import recipe_by_arn
from ..errors import (
    LISTING,
    in_use,
    invalid,
    new_tags,
    not_found,
    wrong_status,
)
from ..lifecycles import CREATE_FAILED, CREATING, DELETE_STEPS, DELETING, Update, new_lifecycle
from ..standard import describe_operation
from ..store import LATEST, PersonalizeStore
from .config import check_campaign_config, check_exploration_recipe, effective_campaign_config
from .resources import Campaign, SolutionVersion

if TYPE_CHECKING:
    from typing_extensions import Unpack

# error-messages.html, verbatim
TOO_MANY_CAMPAIGNS = ("Cannot create a campaign. More than {limit} resources in ACTIVE state. "
                      "Please delete some and try again.")
# Metadata-recipes: campaigns on them get metadata without enabling it (campaigns.html).
_METADATA_BUILT_IN = frozenset({"aws-user-personalization-v2", "aws-personalized-ranking-v2"})


def _apply_update(campaign: Campaign, settings: dict[str, Any], lifecycles: Optional[LifecycleSettings]) -> None:
    """The old version and configuration serve until the update is ACTIVE (API_UpdateCampaign); a campaign
    whose creation failed is ACTIVE once an update deploys."""
    campaign.solution_version_arn = settings["solutionVersionArn"]
    campaign.min_provisioned_tps = settings["minProvisionedTPS"]
    campaign.campaign_config = settings["campaignConfig"]
    if campaign.lifecycle.current == CREATE_FAILED:
        campaign.lifecycle = new_lifecycle()
        campaign.lifecycle.settle(lifecycles)


class CampaignOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateCampaign")
    def create_campaign(
        self,
        name: str,
        solution_version_arn: str,
        min_provisioned_tps: Optional[int] = None,
        campaign_config: Optional[dict[str, Any]] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        config = dict(campaign_config or {})
        check_campaign_config(config, solution_version_arn)
        campaigns = self.store.campaigns
        # API_CreateCampaign: the name must be unique within the account (and region: ARNs embed both).
        arn = self.store.new_arn(campaigns, f"campaign/{name}")
        version = self._deployable_version(solution_version_arn)
        effective = self._check_config_for(config, version)
        group_arn = version.dataset_group_arn
        live = campaigns.where(
            lambda c: c.dataset_group_arn == group_arn and c.lifecycle.current not in DELETING
            and c.lifecycle.current != CREATE_FAILED
        )
        self.store.within_quota("Active campaigns per dataset group", len(live), TOO_MANY_CAMPAIGNS)
        campaigns.add(Campaign(
            arn=arn,
            name=name,
            tags=tag_map,
            solution_version_arn=solution_version_arn,
            dataset_group_arn=group_arn,
            min_provisioned_tps=1 if min_provisioned_tps is None else min_provisioned_tps,  # documented default
            campaign_config=effective,
        ))
        return {"campaignArn": arn}

    describe_campaign = describe_operation("DescribeCampaign", lambda store: store.campaigns)

    @operation("ListCampaigns")
    def list_campaigns(self, solution_arn: Optional[str] = None, **page: Unpack[Page]) -> dict[str, Any]:
        # API_ListCampaigns: without a solution, every campaign of the account (in this region).
        prefix = f"{solution_arn}/" if solution_arn else None
        return LISTING.respond(
            "campaigns",
            self.store.campaigns,
            **page,
            filters={"solutionArn": solution_arn},
            where=lambda c: prefix is None or c.solution_version_arn.startswith(prefix),
        )

    @operation("UpdateCampaign")
    def update_campaign(
        self,
        campaign_arn: str,
        solution_version_arn: Optional[str] = None,
        min_provisioned_tps: Optional[int] = None,
        campaign_config: Optional[dict[str, Any]] = None,
    ) -> dict[str, Any]:
        campaign = self.store.campaign(campaign_arn)
        status = campaign.lifecycle.current
        if status not in ("ACTIVE", CREATE_FAILED):
            raise wrong_status(campaign_arn, status, "ACTIVE or CREATE FAILED")
        campaign.refuse_while_updating()  # while the previous update is still deploying
        target_arn = solution_version_arn or campaign.solution_version_arn
        # Not documented by AWS whether an omitted campaignConfig keeps the old one; we chose to keep it
        # (as an omitted minProvisionedTPS keeps its value), and a given one replaces it whole.
        config = dict(campaign_config) if campaign_config is not None else {
            key: value for key, value in campaign.campaign_config.items()
            if key != "itemExplorationConfig" or solution_version_arn is None
        }
        check_campaign_config(config, target_arn)
        version = self._deployable_version(target_arn)
        settings = {
            "solutionVersionArn": target_arn,
            "minProvisionedTPS": min_provisioned_tps or campaign.min_provisioned_tps,
            "campaignConfig": self._check_config_for(config, version),
        }
        lifecycles = self.store.campaigns.settings
        campaign.latest_update = Update(
            settings=settings,
            lifecycle=new_lifecycle(on_complete=lambda: _apply_update(campaign, settings, lifecycles)),
        )
        return {"campaignArn": campaign_arn}

    @operation("DeleteCampaign")
    def delete_campaign(self, campaign_arn: str) -> dict[str, Any]:
        campaign = self.store.campaign(campaign_arn)
        status = campaign.lifecycle.current
        # Not documented by AWS which states refuse deletion; we chose: while being created, while an update
        # deploys, or while already being deleted (the model lists ResourceInUseException).
        if status in CREATING or status in DELETING:
            raise wrong_status(campaign_arn, status, "ACTIVE or CREATE FAILED")
        campaign.refuse_while_updating()
        campaign.lifecycle.begin(DELETE_STEPS, on_complete=lambda: self._remove(campaign_arn))
        return {}

    def _remove(self, campaign_arn: str) -> None:
        self.store.campaigns.remove(campaign_arn)

    def _deployable_version(self, solution_version_arn: str) -> SolutionVersion:
        """The ACTIVE version a campaign may deploy (ResourceNotFound / ResourceInUse otherwise)."""
        store = self.store
        if solution_version_arn.endswith(LATEST):
            solution_arn = solution_version_arn[: -len(LATEST)]
            store.solution(solution_arn)
            if not store.versions_of(solution_arn):
                raise not_found(solution_version_arn)
            latest = store.latest_active_version(solution_arn)
            if latest is None:
                raise in_use(f"Solution {solution_arn} has no ACTIVE solution version to deploy.")
            return latest
        version = store.solution_version(solution_version_arn)
        if version.lifecycle.current != "ACTIVE":
            raise wrong_status(solution_version_arn, version.lifecycle.current, "ACTIVE")
        return version

    def _check_config_for(self, config: dict[str, Any], version: SolutionVersion) -> dict[str, Any]:
        recipe = recipe_by_arn(version.recipe_arn or "")
        check_exploration_recipe(config, recipe)
        built_in = recipe is not None and recipe.name in _METADATA_BUILT_IN
        if config.get("enableMetadataWithRecommendations") and not built_in:
            # campaigns.html: metadata comes from an Items dataset with at least one metadata column. Not
            # documented by AWS which error a group without one gets; we chose InvalidInputException.
            if "ITEMS" not in self.store.datasets_of(version.dataset_group_arn):
                raise invalid("enableMetadataWithRecommendations requires an Items dataset in the dataset group "
                              f"{version.dataset_group_arn}.")
        return effective_campaign_config(config, recipe)
