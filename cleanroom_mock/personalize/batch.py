"""Batch jobs: CreateBatchInferenceJob, DescribeBatchInferenceJob, ListBatchInferenceJobs,
CreateBatchSegmentJob, DescribeBatchSegmentJob, ListBatchSegmentJobs.

A job reads its JSON-lines input from S3 and writes ``<input file>.out`` through the shared data layer
(``self.handle.data``) when its lifecycle reaches ACTIVE; ``engines.batch`` computes the lines with the
runtime's own scoring, so a batch answer equals GetRecommendations for the same input.
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.resources import ResourceTable, enforce_quota
from ..core.tags import check_new_tags, tags_from_list
from .batch_resources import (
    UNFINISHED,
    BatchInferenceJob,
    BatchJob,
    BatchSegmentJob,
    inference_job_dict,
    inference_job_summary,
    new_batch_lifecycle,
    segment_job_dict,
    segment_job_summary,
)
from .catalog import Recipe, recipe_by_arn
from .engines import batch as run
from .engines.data import DatasetViews, group_data
from .engines.scoring import build_index
from .engines.serving import Serving
from .errors import TAG_RULES, already_exists, invalid, limit_exceeded, not_found, wrong_status
from .filter_expression import FilterExpression
from .filter_expression.nodes import ITEM_ID, USER_ID
from .training_base import TrainingBase
from .training_config import check_campaign_config, check_exploration_recipe
from .training_resources import SolutionVersion

MAX_PENDING_JOBS = 5  # limits.html: pending or in-progress batch inference / batch segment jobs per region
PENDING_MESSAGE = f"More than {MAX_PENDING_JOBS} resources with PENDING or IN_PROGRESS status."  # error-messages
MAX_INFERENCE_RESULTS = 500  # the runtime's maximum (API_RS_GetRecommendations)
MAX_SEGMENT_USERS = 5_000_000  # limits.html: users per segment
# Not documented by AWS: numResults' default for batch jobs; we chose the runtime's default of 25.
DEFAULT_RESULTS = 25
# batch-inference-job-output-examples: no batch recommendations with Trending-Now or Next-Best-Action.
NO_BATCH_RECIPES = frozenset({"aws-trending-now", "aws-next-best-action"})
THEME_RECIPE = "aws-similar-items"  # API_CreateBatchInferenceJob: THEME_GENERATION only with Similar-Items


def _check_paths(job_input: dict[str, Any], job_output: dict[str, Any]) -> None:
    """The model allows http(s) URIs too; batch data lives in S3 (error-messages: "Invalid S3 input path")."""
    if not job_input["s3DataSource"]["path"].startswith("s3://"):
        raise invalid(f"{run.INVALID_INPUT_PATH}: {job_input['s3DataSource']['path']}")
    if not job_output["s3DataDestination"]["path"].startswith("s3://"):
        raise invalid(f"{run.INVALID_OUTPUT_PATH}: {job_output['s3DataDestination']['path']}")


class BatchOperations(TrainingBase):
    def _setup(self) -> None:
        self.batch_inference_jobs: ResourceTable[BatchInferenceJob] = ResourceTable(
            not_found, name_taken=lambda name: already_exists(self.arn(f"batch-inference-job/{name}"))
        )
        self.batch_segment_jobs: ResourceTable[BatchSegmentJob] = ResourceTable(
            not_found, name_taken=lambda name: already_exists(self.arn(f"batch-segment-job/{name}"))
        )

    def _batch_tables(self) -> list[ResourceTable]:
        """Both job types take tags (tagging-resources)."""
        return [self.batch_inference_jobs, self.batch_segment_jobs]

    # -- batch inference -------------------------------------------------------------------------------------
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
        tag_map = tags_from_list(tags)
        check_new_tags(tag_map, TAG_RULES)
        _check_paths(job_input, job_output)
        mode = batch_inference_job_mode or "BATCH_INFERENCE"  # API_CreateBatchInferenceJob: the default
        if (mode == "THEME_GENERATION") != (theme_generation_config is not None):
            raise invalid("themeGenerationConfig is required with batchInferenceJobMode THEME_GENERATION, "
                          "and only allowed with it.")
        count = self._results(num_results, MAX_INFERENCE_RESULTS)
        config = dict(batch_inference_job_config or {})
        check_campaign_config(config, "")  # the same keys and ranges as a campaign's (API_BatchInferenceJobConfig)
        arn = self.arn(f"batch-inference-job/{job_name}")
        if self.batch_inference_jobs.by_name(job_name) is not None:
            raise already_exists(arn)
        version, recipe = self._batch_version(solution_version_arn)
        if recipe.name in NO_BATCH_RECIPES:
            raise invalid(f"You can't get batch recommendations with the {recipe.name} recipe.")
        if recipe.recipe_type == "USER_SEGMENTATION":
            raise invalid(f"Solution version {solution_version_arn} uses a USER_SEGMENTATION recipe: use "
                          "CreateBatchSegmentJob.")
        check_exploration_recipe(config, recipe)
        if mode == "THEME_GENERATION":
            self._check_theme(recipe, theme_generation_config or {}, version.dataset_group_arn)
        self._batch_filter(filter_arn, version.dataset_group_arn, ITEM_ID)
        self._check_pending(self.batch_inference_jobs)
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
        job.lifecycle = new_batch_lifecycle(on_complete=lambda: self._run_inference(job))
        self.batch_inference_jobs.add(job)
        return {"batchInferenceJobArn": arn}

    def describe_batch_inference_job(self, batch_inference_job_arn: str) -> dict[str, Any]:
        return {"batchInferenceJob": inference_job_dict(self._observed(self.batch_inference_jobs,
                                                                       batch_inference_job_arn))}

    def list_batch_inference_jobs(
        self,
        solution_version_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        page, token = self._batch_page(self.batch_inference_jobs, solution_version_arn, next_token, max_results)
        out: dict[str, Any] = {"batchInferenceJobs": [inference_job_summary(j) for j in page]}
        if token:
            out["nextToken"] = token
        return out

    # -- batch segments --------------------------------------------------------------------------------------
    def create_batch_segment_job(
        self,
        job_name: str,
        solution_version_arn: str,
        job_input: dict[str, Any],
        job_output: dict[str, Any],
        role_arn: str,
        filter_arn: Optional[str] = None,
        num_results: Optional[int] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> dict[str, Any]:
        tag_map = tags_from_list(tags)
        check_new_tags(tag_map, TAG_RULES)
        _check_paths(job_input, job_output)
        count = self._results(num_results, MAX_SEGMENT_USERS)
        arn = self.arn(f"batch-segment-job/{job_name}")
        if self.batch_segment_jobs.by_name(job_name) is not None:
            raise already_exists(arn)
        version, recipe = self._batch_version(solution_version_arn)
        if recipe.recipe_type != "USER_SEGMENTATION":
            # creating-batch-seg-job: batch segment jobs need a USER_SEGMENTATION recipe.
            raise invalid(f"Solution version {solution_version_arn} uses the {recipe.name} recipe; batch segment "
                          "jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity).")
        self._batch_filter(filter_arn, version.dataset_group_arn, USER_ID)
        self._check_pending(self.batch_segment_jobs)
        job = BatchSegmentJob(
            arn=arn,
            name=job_name,
            tags=tag_map,
            solution_version_arn=solution_version_arn,
            filter_arn=filter_arn,
            num_results=count,
            job_input=job_input,
            job_output=job_output,
            role_arn=role_arn,
        )
        job.lifecycle = new_batch_lifecycle(on_complete=lambda: self._run_segments(job))
        self.batch_segment_jobs.add(job)
        return {"batchSegmentJobArn": arn}

    def describe_batch_segment_job(self, batch_segment_job_arn: str) -> dict[str, Any]:
        return {"batchSegmentJob": segment_job_dict(self._observed(self.batch_segment_jobs, batch_segment_job_arn))}

    def list_batch_segment_jobs(
        self,
        solution_version_arn: Optional[str] = None,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
    ) -> dict[str, Any]:
        page, token = self._batch_page(self.batch_segment_jobs, solution_version_arn, next_token, max_results)
        out: dict[str, Any] = {"batchSegmentJobs": [segment_job_summary(j) for j in page]}
        if token:
            out["nextToken"] = token
        return out

    # -- checks ----------------------------------------------------------------------------------------------
    @staticmethod
    def _results(num_results: Optional[int], maximum: int) -> int:
        """The model sets no range; Not documented by AWS below 1 or above the quota, we refuse both."""
        count = DEFAULT_RESULTS if num_results is None else num_results
        if not 1 <= count <= maximum:
            raise invalid(f"numResults must be between 1 and {maximum}, not {count}.")
        return count

    def _batch_version(self, solution_version_arn: str) -> tuple[SolutionVersion, Recipe]:
        version = self._observed(self.solution_versions, solution_version_arn)
        if version.lifecycle.current != "ACTIVE" or version.model is None:
            raise wrong_status(solution_version_arn, version.lifecycle.current, "ACTIVE")
        recipe = recipe_by_arn(version.recipe_arn or "")
        assert recipe is not None
        return version, recipe

    def _batch_filter(self, filter_arn: Optional[str], group_arn: str, target: str) -> None:
        """The filter must exist, be ACTIVE, belong to the version's dataset group (Not documented by AWS; a
        filter reads one group's data) and filter what the job returns (items, or users for segments)."""
        if filter_arn is None:
            return
        found = self.filters.get(filter_arn)
        status = found.lifecycle.observe()
        if status != "ACTIVE":
            raise wrong_status(filter_arn, status, "ACTIVE")
        if found.dataset_group_arn != group_arn:
            raise invalid(f"The filter {filter_arn} belongs to the dataset group {found.dataset_group_arn}, not to "
                          f"the solution version's dataset group {group_arn}.")
        if found.expression is None or found.expression.target != target:
            kind = found.expression.target if found.expression is not None else "nothing"
            raise invalid(f"The filter {filter_arn} filters {kind}; this job needs a filter on {target}.")

    def _check_pending(self, table: ResourceTable) -> None:
        pending = table.where(lambda job: job.lifecycle.current in UNFINISHED)
        enforce_quota(len(pending), MAX_PENDING_JOBS, lambda: limit_exceeded(PENDING_MESSAGE))

    def _check_theme(self, recipe: Recipe, config: dict[str, Any], group_arn: str) -> None:
        if recipe.name != THEME_RECIPE:
            raise invalid(f"batchInferenceJobMode THEME_GENERATION is only supported with the {THEME_RECIPE} "
                          f"recipe, not {recipe.name}.")
        column = config["fieldsForThemeGeneration"]["itemName"]
        items = {kind.upper(): d for kind, d in self._datasets_of(group_arn).items()}.get("ITEMS")
        if items is None or column.upper() not in {c.upper() for c in items.columns}:
            raise invalid(f"fieldsForThemeGeneration.itemName {column} is not a column of the Items dataset.")

    def _batch_page(self, table: ResourceTable, solution_version_arn: Optional[str], next_token: Optional[str],
                    max_results: Optional[int]) -> tuple[list[Any], Optional[str]]:
        # API_ListBatchInferenceJobs: without a solution version, every job of the account (in this region).
        candidates = [j for j in table
                      if solution_version_arn is None or j.solution_version_arn == solution_version_arn]
        return self._list_page(self._observe_all(table, candidates), next_token, max_results,
                               {"solutionVersionArn": solution_version_arn})

    # -- running ---------------------------------------------------------------------------------------------
    def _batch_serving(self, job: BatchJob) -> tuple[Serving, Optional[FilterExpression]]:
        version = self.solution_versions.find(job.solution_version_arn)
        if version is None or version.model is None:
            raise run.BatchFailure(f"Solution version {job.solution_version_arn} no longer exists.")
        expression = None
        if job.filter_arn is not None:
            found = self.filters.find(job.filter_arn)
            if found is None:
                raise run.BatchFailure(f"Filter {job.filter_arn} no longer exists.")
            expression = found.expression
        recipe = recipe_by_arn(version.recipe_arn or "")
        assert recipe is not None
        serving = Serving(
            kind="solution version",
            arn=version.arn,
            dataset_group_arn=version.dataset_group_arn,
            model=version.model,
            recipe=recipe,
            index=build_index(version.model),
            data=group_data(DatasetViews(), self._datasets_of(version.dataset_group_arn)),
        )
        return serving, expression

    def _run_inference(self, job: BatchInferenceJob) -> Optional[str]:
        try:
            serving, expression = self._batch_serving(job)
            files = run.read_input(self.handle.data, job.job_input["s3DataSource"]["path"])
            theme = self._theme(job, serving) if job.mode == "THEME_GENERATION" else None
            for uri, lines in files:
                records = [run.infer(serving, line, job.num_results or DEFAULT_RESULTS, expression, theme)
                           for line in lines]
                run.write_output(self.handle.data, job.job_output["s3DataDestination"]["path"], uri, records)
        except run.BatchFailure as failure:
            return str(failure)
        return None

    def _run_segments(self, job: BatchSegmentJob) -> Optional[str]:
        try:
            serving, expression = self._batch_serving(job)
            files = run.read_input(self.handle.data, job.job_input["s3DataSource"]["path"])
            limit = run.MAX_SEGMENT_QUERIES.get(serving.recipe.name)
            scores = run.UserScores(serving)
            for uri, lines in files:
                if limit is not None and len(lines) > limit:
                    raise run.BatchFailure(f"The input file {uri} has {len(lines)} queries; the {serving.recipe.name} "
                                           f"recipe allows at most {limit} per file.")
                records = [run.segment(serving, scores, line, job.num_results or DEFAULT_RESULTS, expression)
                           for line in lines]
                run.write_output(self.handle.data, job.job_output["s3DataDestination"]["path"], uri, records)
        except run.BatchFailure as failure:
            return str(failure)
        return None

    @staticmethod
    def _theme(job: BatchInferenceJob, serving: Serving) -> Any:
        """Not documented by AWS how themes are worded (a generative model writes them); we chose a
        deterministic stand-in naming the input item by its ``itemName`` column."""
        column = (job.theme_generation_config or {})["fieldsForThemeGeneration"]["itemName"].upper()

        def theme(item_id: str) -> str:
            record = serving.data.items.by_id.get(item_id) or {}
            name = next((v for k, v in record.items() if k.upper() == column), None)
            return f"More like {name if name is not None else item_id}"

        return theme
