"""Batch inference jobs: CreateBatchInferenceJob, DescribeBatchInferenceJob, ListBatchInferenceJobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import Recipe
from ..engines import batch as run
from ..engines.serving import Serving
from ..engines.themes import ThemeGenerator
from ..errors import invalid, new_tags
from ..filter_expression import FilterExpression
from ..filter_expression.nodes import ITEM_ID
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from ..training.config import check_campaign_config, check_exploration_recipe
from .jobs import Answer, Answerer, batch_version, check_paths, result_count, start_job
from .resources import BatchInferenceJob, BatchJobMembers

if TYPE_CHECKING:
    from typing_extensions import Unpack

MAX_INFERENCE_RESULTS = 500  # the runtime's maximum (API_RS_GetRecommendations)
# batch-inference-job-output-examples: no batch recommendations with Trending-Now or Next-Best-Action.
NO_BATCH_RECIPES = frozenset({"aws-trending-now", "aws-next-best-action"})
THEME_RECIPE = "aws-similar-items"  # API_CreateBatchInferenceJob: THEME_GENERATION only with Similar-Items


def _themes(store: PersonalizeStore, job: BatchInferenceJob, serving: Serving) -> Optional[ThemeGenerator]:
    """THEME_GENERATION's themes from the itemName column and the Items schema's textual fields (themed-batch-
    recommendations: "based on the item description and item name data in your Items dataset")."""
    if job.mode != "THEME_GENERATION":
        return None
    schema = store.group_schemas(serving.dataset_group_arn).get("Items")
    text_columns = [f.name for f in schema.fields if f.textual] if schema is not None else []
    name_column = (job.theme_generation_config or {})["fieldsForThemeGeneration"]["itemName"]
    return ThemeGenerator(serving.data.items.by_id, name_column, text_columns)


class BatchInferenceOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateBatchInferenceJob")
    def create_batch_inference_job(
        self,
        job_name: str,
        num_results: Optional[int] = None,
        batch_inference_job_config: Optional[dict[str, Any]] = None,
        tags: Optional[list[dict[str, str]]] = None,
        batch_inference_job_mode: Optional[str] = None,
        theme_generation_config: Optional[dict[str, Any]] = None,
        **stored: Unpack[BatchJobMembers],
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        check_paths(stored)
        mode = batch_inference_job_mode or "BATCH_INFERENCE"  # API_CreateBatchInferenceJob: the default
        if (mode == "THEME_GENERATION") != (theme_generation_config is not None):
            raise invalid("themeGenerationConfig is required with batchInferenceJobMode THEME_GENERATION, "
                          "and only allowed with it.")
        count = result_count(num_results, MAX_INFERENCE_RESULTS)
        config = dict(batch_inference_job_config or {})
        check_campaign_config(config, "")  # the same keys and ranges as a campaign's (API_BatchInferenceJobConfig)
        jobs = self.store.batch_inference_jobs
        arn = self.store.new_arn(jobs, f"batch-inference-job/{job_name}")
        version, recipe = batch_version(self.store, stored["solution_version_arn"])
        if recipe.name in NO_BATCH_RECIPES:
            raise invalid(f"You can't get batch recommendations with the {recipe.name} recipe.")
        if recipe.recipe_type == "USER_SEGMENTATION":
            raise invalid(f"Solution version {version.arn} uses a USER_SEGMENTATION recipe: use "
                          "CreateBatchSegmentJob.")
        check_exploration_recipe(config, recipe)
        if mode == "THEME_GENERATION":
            self._check_theme(recipe, theme_generation_config or {}, version.dataset_group_arn)
        job = BatchInferenceJob(
            arn=arn, name=job_name, tags=tag_map, num_results=count, batch_inference_job_config=config or None,
            mode=mode, theme_generation_config=theme_generation_config, **stored)
        start_job(self.store, jobs, job, version, ITEM_ID, _recommendations(self.store, job),
                  "Pending or in-progress batch inference jobs")
        return {"batchInferenceJobArn": arn}

    describe_batch_inference_job = describe_operation(
        "DescribeBatchInferenceJob", lambda store: store.batch_inference_jobs
    )

    list_batch_inference_jobs = list_operation(
        "ListBatchInferenceJobs", lambda store: store.batch_inference_jobs, by="solution_version_arn")

    def _check_theme(self, recipe: Recipe, config: dict[str, Any], group_arn: str) -> None:
        if recipe.name != THEME_RECIPE:
            raise invalid(f"batchInferenceJobMode THEME_GENERATION is only supported with the {THEME_RECIPE} "
                          f"recipe, not {recipe.name}.")
        column = config["fieldsForThemeGeneration"]["itemName"]
        items = self.store.datasets_of(group_arn).get("ITEMS")
        if items is None or column.upper() not in {c.upper() for c in items.columns}:
            raise invalid(f"fieldsForThemeGeneration.itemName {column} is not a column of the Items dataset.")


def _recommendations(store: PersonalizeStore, job: BatchInferenceJob) -> Answerer:
    """A batch inference job's answers: recommendations for each input line (with a theme in
    THEME_GENERATION mode)."""

    def answerer(serving: Serving, expression: Optional[FilterExpression], count: int) -> Answer:
        themes = _themes(store, job, serving)
        return lambda uri, lines: [run.infer(serving, line, count, expression, themes) for line in lines]

    return answerer
