"""Recommenders of Domain dataset groups: CreateRecommender, DescribeRecommender, ListRecommenders,
UpdateRecommender, DeleteRecommender, StartRecommender, StopRecommender.

A recommender is trained when its creation completes, with the training side's engine
(``engines.training``) on its group's interactions, and with its use case's requirements (spec §7.2: the
event type it learns from and the datasets it needs). personalize-runtime's GetRecommendations answers
from ``Recommender.model`` through ``_recommender``.
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.resources import ResourceTable, enforce_quota
from ..core.tags import check_new_tags, tags_from_list
from .catalog import Recipe, is_domain_use_case, recipe_by_arn
from .engines import training as engine
from .errors import TAG_RULES, already_exists, in_use, invalid, limit_exceeded, not_found, wrong_status
from .recommender_config import (
    check_exploration,
    check_training_data,
    effective_config,
    training_columns,
)
from .recommender_resources import (
    START_STEPS,
    STARTING,
    STOP_STEPS,
    STOPPING,
    Recommender,
    recommender_dict,
    recommender_summary,
)
from .training_base import TrainingBase
from .training_resources import CREATING, DELETE_STEPS, DELETING, Update, new_lifecycle
from .training_versions import dataset_rows

MAX_RECOMMENDERS_PER_GROUP = 5  # limits.html: recommenders per dataset group


class RecommenderOperations(TrainingBase):
    def _setup(self) -> None:
        self.recommenders: ResourceTable[Recommender] = ResourceTable(
            not_found, name_taken=lambda name: already_exists(self.arn(f"recommender/{name}"))
        )

    def _recommender_tables(self) -> list[ResourceTable]:
        """Recommenders take tags (tagging-resources)."""
        return [self.recommenders]

    def _recommender(self, arn: str) -> Recommender:
        """The recommender as an API call reading it sees it (personalize-runtime uses this too)."""
        return self._observed(self.recommenders, arn)

    # -- operations ------------------------------------------------------------------------------------------
    def create_recommender(
        self,
        name: str,
        dataset_group_arn: str,
        recipe_arn: str,
        recommender_config: Optional[dict[str, Any]] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = tags_from_list(tags)
        check_new_tags(tag_map, TAG_RULES)
        config = dict(recommender_config or {})
        arn = self.arn(f"recommender/{name}")
        if self.recommenders.by_name(name) is not None:
            raise already_exists(arn)
        group = self._dataset_group(dataset_group_arn)
        recipe = recipe_by_arn(recipe_arn)
        if recipe is None:
            raise not_found(recipe_arn)
        # API_CreateRecommender: only Domain dataset groups have recommenders, and only domain use cases
        # make them. Not documented for a use case of the other domain; we chose InvalidInputException (§4.9).
        if not group.domain:
            raise invalid(f"Dataset group {dataset_group_arn} is not a Domain dataset group: recommenders need a "
                          "Domain dataset group. Use CreateSolution and CreateCampaign for custom resources.")
        if not is_domain_use_case(recipe):
            raise invalid(f"Recipe {recipe_arn} is not a domain use case: use it with CreateSolution.")
        if recipe.domain != group.domain:
            raise invalid(f"Recipe {recipe_arn} is a {recipe.domain} use case; dataset group {dataset_group_arn} "
                          f"is in the {group.domain} domain.")
        if group.lifecycle.current != "ACTIVE":
            raise wrong_status(dataset_group_arn, group.lifecycle.current, "ACTIVE")
        self._check_recommender_config(config, recipe, dataset_group_arn)
        # Not documented by AWS whether failed recommenders count; the quota is on recommenders, not on
        # ACTIVE ones, so every recommender not being deleted counts.
        in_group = self.recommenders.where(
            lambda r: r.dataset_group_arn == dataset_group_arn and r.lifecycle.current not in DELETING
        )
        enforce_quota(len(in_group), MAX_RECOMMENDERS_PER_GROUP, lambda: limit_exceeded(
            f"Cannot create a recommender. More than {MAX_RECOMMENDERS_PER_GROUP} recommenders in dataset group "
            f"{dataset_group_arn}. Please delete some and try again."
        ))
        recommender = Recommender(
            arn=arn,
            name=name,
            tags=tag_map,
            dataset_group_arn=dataset_group_arn,
            recipe_arn=recipe_arn,
            recommender_config=effective_config(config, recipe),
        )
        recommender.lifecycle = new_lifecycle(on_complete=lambda: self._train_recommender(recommender))
        self.recommenders.add(recommender)
        return {"recommenderArn": arn}

    def describe_recommender(self, recommender_arn: str) -> dict[str, Any]:
        return {"recommender": recommender_dict(self._recommender(recommender_arn))}

    def list_recommenders(
        self,
        dataset_group_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        # API_ListRecommenders: the recommenders of the given Domain dataset group, or every one.
        candidates = [r for r in self.recommenders
                      if dataset_group_arn is None or r.dataset_group_arn == dataset_group_arn]
        page, token = self._list_page(
            self._observe_all(self.recommenders, candidates), next_token, max_results,
            {"datasetGroupArn": dataset_group_arn},
        )
        out: dict[str, Any] = {"recommenders": [recommender_summary(r) for r in page]}
        if token:
            out["nextToken"] = token
        return out

    def update_recommender(self, recommender_arn: str, recommender_config: dict[str, Any]) -> dict[str, Any]:
        recommender = self._recommender(recommender_arn)
        status = recommender.lifecycle.current
        # Not documented by AWS which states accept an update; we chose ACTIVE only (a stopped recommender is
        # started first), and no second update while one runs, as for campaigns.
        if status != "ACTIVE":
            raise wrong_status(recommender_arn, status, "ACTIVE")
        if recommender.latest_update is not None and recommender.latest_update.lifecycle.current in CREATING:
            raise in_use(f"Resource Arn {recommender_arn} has an update in progress.")
        recipe = recipe_by_arn(recommender.recipe_arn)
        assert recipe is not None
        given = dict(recommender_config)
        self._check_recommender_config(given, recipe, recommender.dataset_group_arn)
        # Not documented by AWS whether omitted members keep their values; we chose to keep them (the
        # request's members replace the current ones), so changing one setting does not reset the others.
        old = recommender.recommender_config
        new = effective_config({**old, **given}, recipe)
        retrain = training_columns(new) != training_columns(old)
        update = Update(settings={"recommenderConfig": new})
        update.lifecycle = new_lifecycle(
            on_complete=lambda: self._apply_recommender_update(recommender, new, retrain)
        )
        recommender.latest_update = update
        return {"recommenderArn": recommender_arn}

    def delete_recommender(self, recommender_arn: str) -> dict[str, Any]:
        recommender = self._recommender(recommender_arn)
        status = recommender.lifecycle.current
        # Not documented by AWS which states refuse deletion; we chose: while being created, stopped, started
        # or already deleted (the model lists ResourceInUseException).
        if status in CREATING or status in DELETING or status in STOPPING or status in STARTING:
            raise wrong_status(recommender_arn, status, "ACTIVE, INACTIVE or CREATE FAILED")
        recommender.lifecycle.begin(DELETE_STEPS, on_complete=lambda: self._remove_recommender(recommender_arn))
        return {}

    def stop_recommender(self, recommender_arn: str) -> dict[str, Any]:
        """API_StopRecommender: an ACTIVE recommender stops billing and serving; it becomes INACTIVE."""
        recommender = self._recommender(recommender_arn)
        status = recommender.lifecycle.current
        if status != "ACTIVE":
            raise wrong_status(recommender_arn, status, "ACTIVE")
        recommender.lifecycle.begin(STOP_STEPS)
        return {"recommenderArn": recommender_arn}

    def start_recommender(self, recommender_arn: str) -> dict[str, Any]:
        """API_StartRecommender: an INACTIVE recommender starts again (its model is kept)."""
        recommender = self._recommender(recommender_arn)
        status = recommender.lifecycle.current
        if status != "INACTIVE":
            raise wrong_status(recommender_arn, status, "INACTIVE")
        recommender.lifecycle.begin(START_STEPS)
        return {"recommenderArn": recommender_arn}

    # -- helpers ---------------------------------------------------------------------------------------------
    def _check_recommender_config(self, config: dict[str, Any], recipe: Recipe, group_arn: str) -> None:
        check_exploration(config, recipe)
        datasets = self._datasets_of(group_arn)
        check_training_data(config, datasets)
        if config.get("enableMetadataWithRecommendations"):
            # Metadata comes from the Items dataset (API_RecommenderConfig). Not documented by AWS which error a
            # group without one gets; we chose InvalidInputException, as for campaigns.
            if "ITEMS" not in {kind.upper() for kind in datasets}:
                raise invalid("enableMetadataWithRecommendations requires an Items dataset in the dataset group "
                              f"{group_arn}.")

    def _train_recommender(self, recommender: Recommender) -> Optional[str]:
        """Runs when creation (or a retraining update) completes; returns the failure reason or None.

        Every use case needs the documented interaction minimums (≥1000 interactions, ≥25 users with two
        each; scaled down by the realism profile); a use case that learns from one event type also needs
        that many events of it (ECOMMERCE-use-cases / VIDEO_ON_DEMAND-use-cases) and trains on them only
        ("Most viewed" ranks by View events), with the documented message (error-messages.html).
        """
        recipe = recipe_by_arn(recommender.recipe_arn)
        assert recipe is not None and recipe.use_case is not None
        by_type = {kind.upper(): d for kind, d in self._datasets_of(recommender.dataset_group_arn).items()}
        interactions = by_type.get("INTERACTIONS")
        if interactions is None:
            return "Create failed. The dataset group has no Item interactions dataset."
        if recipe.use_case.requires_items_dataset and "ITEMS" not in by_type:
            return f"Create failed. The use case {recipe.name} requires an Items dataset."
        minimum = self.handle.data_minimum(1000, engine.SCALED_MIN_INTERACTIONS)
        every = engine.select_for_training(engine.read_interactions(dataset_rows(interactions)), None, {})
        reason = engine.check_minimums(
            every, minimum, self.handle.data_minimum(25, engine.SCALED_MIN_USERS_WITH_TWO), None
        )
        if reason is not None:
            return reason
        selected = every
        event_type = recipe.use_case.event_type
        if event_type is not None:
            selected = [(i, w) for i, w in every if i.event_type == event_type]
            if len(selected) < minimum:
                return (f"Create failed. Dataset has fewer than {minimum} interactions after filtering by event "
                        f"type: {event_type}")
        items = dataset_rows(by_type["ITEMS"]) if "ITEMS" in by_type else None
        recommender.model = engine.train(recommender.recipe_arn, selected, event_type=event_type, items=items)
        return None

    def _apply_recommender_update(self, recommender: Recommender, config: dict[str, Any],
                                  retrain: bool) -> Optional[str]:
        """API_UpdateRecommender: changing the training columns retrains the model in full; the previous
        model and configuration serve until the update is ACTIVE. A failed retraining keeps both."""
        if retrain:
            reason = self._train_recommender(recommender)
            if reason is not None:
                return reason
        recommender.recommender_config = config
        return None

    def _remove_recommender(self, recommender_arn: str) -> None:
        self.recommenders.remove(recommender_arn)
        return None
