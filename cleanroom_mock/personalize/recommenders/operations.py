"""Recommenders of Domain dataset groups: CreateRecommender, DescribeRecommender, ListRecommenders,
UpdateRecommender, DeleteRecommender, StartRecommender, StopRecommender.

A recommender is trained when its creation completes, with the training side's engine
(``engines.training``) on its group's interactions, and with its use case's requirements (spec §7.2: the
event type it learns from and the datasets it needs). personalize-runtime's GetRecommendations answers
from ``Recommender.model`` through ``PersonalizeStore.recommender``.
"""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import Recipe, is_domain_use_case, recipe_by_arn
from ..engines import training as engine
from ..errors import invalid, new_tags, not_found, wrong_status
from ..lifecycles import CREATING, DELETE_STEPS, DELETING, Update, new_lifecycle
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .config import check_exploration, check_training_data, effective_config, training_columns
from .resources import START_STEPS, STARTING, STOP_STEPS, STOPPING, Recommender


class RecommenderOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateRecommender")
    def create_recommender(
        self,
        name: str,
        dataset_group_arn: str,
        recipe_arn: str,
        recommender_config: Optional[dict[str, Any]] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        config = dict(recommender_config or {})
        recommenders = self.store.recommenders
        arn = self.store.new_arn(recommenders, f"recommender/{name}")
        group = self.store.dataset_group(dataset_group_arn)
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
        self._check_config(config, recipe, dataset_group_arn)
        # Not documented by AWS whether failed recommenders count; the quota is on recommenders, not on
        # ACTIVE ones, so every recommender not being deleted counts.
        in_group = recommenders.where(
            lambda r: r.dataset_group_arn == dataset_group_arn and r.lifecycle.current not in DELETING
        )
        self.store.within_quota("Recommenders per dataset group", len(in_group),
                                "Cannot create a recommender. More than {limit} recommenders in dataset group "
                                f"{dataset_group_arn}. Please delete some and try again.")
        recommender = Recommender(arn=arn, name=name, tags=tag_map, dataset_group_arn=dataset_group_arn,
                                  recipe_arn=recipe_arn, recommender_config=effective_config(config, recipe))
        recommender.lifecycle = new_lifecycle(on_complete=lambda: self._train(recommender))
        recommenders.add(recommender)
        return {"recommenderArn": arn}

    describe_recommender = describe_operation("DescribeRecommender", lambda store: store.recommenders)

    # API_ListRecommenders: the recommenders of the given Domain dataset group, or every one.
    list_recommenders = list_operation("ListRecommenders", lambda store: store.recommenders)

    @operation("UpdateRecommender")
    def update_recommender(self, recommender_arn: str, recommender_config: dict[str, Any]) -> dict[str, Any]:
        recommender = self.store.recommender(recommender_arn)
        status = recommender.lifecycle.current
        # Not documented by AWS which states accept an update; we chose ACTIVE only (a stopped recommender is
        # started first), and no second update while one runs, as for campaigns.
        if status != "ACTIVE":
            raise wrong_status(recommender_arn, status, "ACTIVE")
        recommender.refuse_while_updating()
        recipe = recipe_by_arn(recommender.recipe_arn)
        assert recipe is not None
        given = dict(recommender_config)
        self._check_config(given, recipe, recommender.dataset_group_arn)
        # Not documented by AWS whether omitted members keep their values; we chose to keep them (the
        # request's members replace the current ones), so changing one setting does not reset the others.
        old = recommender.recommender_config
        new = effective_config({**old, **given}, recipe)
        retrain = training_columns(new) != training_columns(old)
        recommender.latest_update = Update(
            settings={"recommenderConfig": new},
            lifecycle=new_lifecycle(on_complete=lambda: self._apply_update(recommender, new, retrain)),
        )
        return {"recommenderArn": recommender_arn}

    @operation("DeleteRecommender")
    def delete_recommender(self, recommender_arn: str) -> dict[str, Any]:
        recommender = self.store.recommender(recommender_arn)
        status = recommender.lifecycle.current
        # Not documented by AWS which states refuse deletion; we chose: while being created, stopped, started
        # or already deleted (the model lists ResourceInUseException).
        if status in CREATING or status in DELETING or status in STOPPING or status in STARTING:
            raise wrong_status(recommender_arn, status, "ACTIVE, INACTIVE or CREATE FAILED")
        recommender.lifecycle.begin(DELETE_STEPS, on_complete=lambda: self._remove(recommender_arn))
        return {}

    @operation("StopRecommender")
    def stop_recommender(self, recommender_arn: str) -> dict[str, Any]:
        """API_StopRecommender: an ACTIVE recommender stops billing and serving; it becomes INACTIVE."""
        return self._switch(recommender_arn, "ACTIVE", STOP_STEPS)

    @operation("StartRecommender")
    def start_recommender(self, recommender_arn: str) -> dict[str, Any]:
        """API_StartRecommender: an INACTIVE recommender starts again (its model is kept)."""
        return self._switch(recommender_arn, "INACTIVE", START_STEPS)

    def _switch(self, recommender_arn: str, wanted: str, steps: tuple[str, ...]) -> dict[str, Any]:
        """Stop or start: the recommender must be in ``wanted``; then it moves through ``steps``."""
        recommender = self.store.recommender(recommender_arn)
        status = recommender.lifecycle.current
        if status != wanted:
            raise wrong_status(recommender_arn, status, wanted)
        recommender.lifecycle.begin(steps)
        return {"recommenderArn": recommender_arn}

    def _check_config(self, config: dict[str, Any], recipe: Recipe, group_arn: str) -> None:
        check_exploration(config, recipe)
        datasets = self.store.datasets_of(group_arn)
        check_training_data(config, datasets)
        if config.get("enableMetadataWithRecommendations") and "ITEMS" not in datasets:
            # Metadata comes from the Items dataset (API_RecommenderConfig). Not documented by AWS which error a
            # group without one gets; we chose InvalidInputException, as for campaigns.
            raise invalid("enableMetadataWithRecommendations requires an Items dataset in the dataset group "
                          f"{group_arn}.")

    def _train(self, recommender: Recommender) -> Optional[str]:
        """Runs when creation (or a retraining update) completes; returns the failure reason or None.

        Every use case needs the documented interaction minimums (≥1000 interactions, ≥25 users with two
        each; scaled down by the realism profile); a use case that learns from one event type also needs
        that many events of it (ECOMMERCE-use-cases / VIDEO_ON_DEMAND-use-cases) and trains on them only
        ("Most viewed" ranks by View events), with the documented message (error-messages.html).
        """
        recipe = recipe_by_arn(recommender.recipe_arn)
        assert recipe is not None and recipe.use_case is not None
        datasets = self.store.datasets_of(recommender.dataset_group_arn)
        interactions = datasets.get("INTERACTIONS")
        if interactions is None:
            return "Create failed. The dataset group has no Item interactions dataset."
        if recipe.use_case.requires_items_dataset and "ITEMS" not in datasets:
            return f"Create failed. The use case {recipe.name} requires an Items dataset."
        handle = self.store.handle
        minimum = handle.data_minimum(1000, engine.SCALED_MIN_INTERACTIONS)
        recorded = engine.dataset_interactions(interactions.columns, interactions.rows)
        every = engine.select_for_training(recorded, None, {})
        reason = engine.check_minimums(
            every, minimum, handle.data_minimum(25, engine.SCALED_MIN_USERS_WITH_TWO), None
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
        items = list(datasets["ITEMS"].records()) if "ITEMS" in datasets else None
        recommender.model = engine.train(recommender.recipe_arn, selected, event_type=event_type, items=items)
        return None

    def _apply_update(self, recommender: Recommender, config: dict[str, Any], retrain: bool) -> Optional[str]:
        """API_UpdateRecommender: changing the training columns retrains the model in full; the previous
        model and configuration serve until the update is ACTIVE. A failed retraining keeps both."""
        if retrain:
            reason = self._train(recommender)
            if reason is not None:
                return reason
        recommender.recommender_config = config
        return None

    def _remove(self, recommender_arn: str) -> None:
        self.store.recommenders.remove(recommender_arn)
