"""Batch segment jobs: CreateBatchSegmentJob, DescribeBatchSegmentJob, ListBatchSegmentJobs."""

from __future__ import annotations

from typing import Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..engines import batch as run
from ..engines.serving import Serving
from ..errors import invalid, new_tags
from ..filter_expression import FilterExpression
from ..filter_expression.nodes import USER_ID
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
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
from .resources import BatchSegmentJob, new_batch_lifecycle

MAX_SEGMENT_USERS = 5_000_000  # limits.html: users per segment


class BatchSegmentOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateBatchSegmentJob")
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
        tag_map = new_tags(tags)
        check_paths(job_input, job_output)
        count = result_count(num_results, MAX_SEGMENT_USERS)
        jobs = self.store.batch_segment_jobs
        arn = self.store.new_arn(jobs, f"batch-segment-job/{job_name}")
        version, recipe = batch_version(self.store, solution_version_arn)
        if recipe.recipe_type != "USER_SEGMENTATION":
            # creating-batch-seg-job: batch segment jobs need a USER_SEGMENTATION recipe.
            raise invalid(f"Solution version {solution_version_arn} uses the {recipe.name} recipe; batch segment "
                          "jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity).")
        check_filter(self.store, filter_arn, version.dataset_group_arn, USER_ID)
        check_pending(jobs, self.store.quota("Pending or in-progress batch segment jobs"))
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
        job.lifecycle = new_batch_lifecycle(on_complete=lambda: self._run(job))
        jobs.add(job)
        return {"batchSegmentJobArn": arn}

    describe_batch_segment_job = describe_operation("DescribeBatchSegmentJob", lambda store: store.batch_segment_jobs)

    list_batch_segment_jobs = list_operation(
        "ListBatchSegmentJobs", lambda store: store.batch_segment_jobs,
        member="solutionVersionArn", of=version_of,
    )

    def _run(self, job: BatchSegmentJob) -> Optional[str]:
        def answerer(serving: Serving, expression: Optional[FilterExpression]) -> Answer:
            limit = run.MAX_SEGMENT_QUERIES.get(serving.recipe.name)
            scores = run.UserScores(serving)
            count = job.num_results or DEFAULT_RESULTS

            def answer(uri: str, lines: list[run.Line]) -> list[run.Line]:
                if limit is not None and len(lines) > limit:
                    raise run.BatchFailure(f"The input file {uri} has {len(lines)} queries; the {serving.recipe.name} "
                                           f"recipe allows at most {limit} per file.")
                return [run.segment(serving, scores, line, count, expression) for line in lines]

            return answer

        return run_job(self.store, job, answerer)
