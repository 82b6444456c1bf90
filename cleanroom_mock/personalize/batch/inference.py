"""Batch inference jobs: CreateBatchInferenceJob, DescribeBatchInferenceJob, ListBatchInferenceJobs."""

from __future__ import annotations

from typing import Any, Callable, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..catalog import Recipe
from ..engines import batch as run
from ..engines.serving import Serving
from ..errors import invalid, new_tags
from ..filter_expression import FilterExpression
from ..filter_expression.nodes import ITEM_ID
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from ..training.config import check_campaign_config, check_exploration_recipe
from .jobs import (
    DEFAULT_RESULTS,
    Answer,
    batch_version,
    check_filter,
    check_paths,
    check_pending,
    result_count,
    run_job,
    version_of,
)
from .resources import BatchInferenceJob, new_batch_lifecycle

MAX_INFERENCE_RESULTS = 500  # the runtime's maximum (API_RS_GetRecommendations)
# batch-inference-job-output-examples: no batch recommendations with Trending-Now or Next-Best-Action.
NO_BATCH_RECIPES = frozenset({"aws-trending-now", "aws-next-best-action"})
THEME_RECIPE = "aws-similar-items"  # API_CreateBatchInferenceJob: THEME_GENERATION only with Similar-Items


def _theme(job: BatchInferenceJob, serving: Serving) -> Callable[[str], str]:
    """Not documented by AWS how themes are worded (a generative model writes them); we chose a
    deterministic stand-in naming the input item by its ``itemName`` column."""
    column = (job.theme_generation_config or {})["fieldsForThemeGeneration"]["itemName"].upper()

    def theme(item_id: str) -> str:
        record = serving.data.items.by_id.get(item_id) or {}
        name = next((v for k, v in record.items() if k.upper() == column), None)
        return f"More like {name if name is not None else item_id}"

    return theme


class BatchInferenceOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateBatchInferenceJob")
    def create_batch_inference_job(
        self,
        job_name: str,
        solution_version_arn: str,
        job_input: dict[str, Any],
        job_output: dict[str, Any],
        role_arn: str,
        filter_arn: Optional[str] = None,
        num_results: Optional[int] = None,
        batch_inference_job_config: Optional[dict[str, Any]] = None,
        tags: Optional[list[dict[str, str]]] = None,
        batch_inference_job_mode: Optional[str] = None,
        theme_generation_config: Optional[dict[str, Any]] = None,
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        check_paths(job_input, job_output)
        mode = batch_inference_job_mode or "BATCH_INFERENCE"  # API_CreateBatchInferenceJob: the default
        if (mode == "THEME_GENERATION") != (theme_generation_config is not None):
            raise invalid("themeGenerationConfig is required with batchInferenceJobMode THEME_GENERATION, "
                          "and only allowed with it.")
        count = result_count(num_results, MAX_INFERENCE_RESULTS)
        config = dict(batch_inference_job_config or {})
        check_campaign_config(config, "")  # the same keys and ranges as a campaign's (API_BatchInferenceJobConfig)
        jobs = self.store.batch_inference_jobs
        arn = self.store.new_arn(jobs, f"batch-inference-job/{job_name}")
        version, recipe = batch_version(self.store, solution_version_arn)
        if recipe.name in NO_BATCH_RECIPES:
            raise invalid(f"You can't get batch recommendations with the {recipe.name} recipe.")
        if recipe.recipe_type == "USER_SEGMENTATION":
            raise invalid(f"Solution version {solution_version_arn} uses a USER_SEGMENTATION recipe: use "
                          "CreateBatchSegmentJob.")
        check_exploration_recipe(config, recipe)
        if mode == "THEME_GENERATION":
            self._check_theme(recipe, theme_generation_config or {}, version.dataset_group_arn)
        check_filter(self.store, filter_arn, version.dataset_group_arn, ITEM_ID)
        check_pending(jobs, self.store.quota("Pending or in-progress batch inference jobs"))
        job = BatchInferenceJob(
            arn=arn,
            name=job_name,
            tags=tag_map,
            solution_version_arn=solution_version_arn,
            filter_arn=filter_arn,
            num_results=count,
            job_input=job_input,
            job_output=job_output,
            role_arn=role_arn,
            batch_inference_job_config=config or None,
            mode=mode,
            theme_generation_config=theme_generation_config,
        )
        job.lifecycle = new_batch_lifecycle(on_complete=lambda: self._run(job))
        jobs.add(job)
        return {"batchInferenceJobArn": arn}

    describe_batch_inference_job = describe_operation(
        "DescribeBatchInferenceJob", lambda store: store.batch_inference_jobs
    )

    list_batch_inference_jobs = list_operation(
        "ListBatchInferenceJobs", lambda store: store.batch_inference_jobs,
        member="solutionVersionArn", of=version_of,
    )

    def _check_theme(self, recipe: Recipe, config: dict[str, Any], group_arn: str) -> None:
        if recipe.name != THEME_RECIPE:
            raise invalid(f"batchInferenceJobMode THEME_GENERATION is only supported with the {THEME_RECIPE} "
                          f"recipe, not {recipe.name}.")
        column = config["fieldsForThemeGeneration"]["itemName"]
        items = self.store.datasets_of(group_arn).get("ITEMS")
        if items is None or column.upper() not in {c.upper() for c in items.columns}:
            raise invalid(f"fieldsForThemeGeneration.itemName {column} is not a column of the Items dataset.")

    def _run(self, job: BatchInferenceJob) -> Optional[str]:
        def answerer(serving: Serving, expression: Optional[FilterExpression]) -> Answer:
            theme = _theme(job, serving) if job.mode == "THEME_GENERATION" else None
            count = job.num_results or DEFAULT_RESULTS
            return lambda uri, lines: [run.infer(serving, line, count, expression, theme) for line in lines]

        return run_job(self.store, job, answerer)
