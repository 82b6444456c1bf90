"""Batch segment jobs: CreateBatchSegmentJob, DescribeBatchSegmentJob, ListBatchSegmentJobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.registry import operation
from ...core.store import OperationGroup
from ..engines import batch as run
from ..engines.serving import Serving
from ..errors import invalid, new_tags
from ..filter_expression import FilterExpression
from ..filter_expression.nodes import USER_ID
from ..standard import describe_operation, list_operation
from ..store import PersonalizeStore
from .jobs import Answer, batch_version, check_paths, result_count, start_job
from .resources import BatchJobMembers, BatchSegmentJob

if TYPE_CHECKING:
    from typing_extensions import Unpack

MAX_SEGMENT_USERS = 5_000_000  # limits.html: users per segment


class BatchSegmentOperations(OperationGroup[PersonalizeStore]):
    @operation("CreateBatchSegmentJob")
    def create_batch_segment_job(
        self,
        job_name: str,
        num_results: Optional[int] = None,
        tags: Optional[list[dict[str, str]]] = None,
        **stored: Unpack[BatchJobMembers],
    ) -> dict[str, Any]:
        tag_map = new_tags(tags)
        check_paths(stored)
        count = result_count(num_results, MAX_SEGMENT_USERS)
        jobs = self.store.batch_segment_jobs
        arn = self.store.new_arn(jobs, f"batch-segment-job/{job_name}")
        version, recipe = batch_version(self.store, stored["solution_version_arn"])
        if recipe.recipe_type != "USER_SEGMENTATION":
            # creating-batch-seg-job: batch segment jobs need a USER_SEGMENTATION recipe.
            raise invalid(f"Solution version {version.arn} uses the {recipe.name} recipe; batch segment "
                          "jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity).")
        job = BatchSegmentJob(arn=arn, name=job_name, tags=tag_map, num_results=count, **stored)
        start_job(self.store, jobs, job, version, USER_ID, _segments, "Pending or in-progress batch segment jobs")
        return {"batchSegmentJobArn": arn}

    describe_batch_segment_job = describe_operation("DescribeBatchSegmentJob", lambda store: store.batch_segment_jobs)

    list_batch_segment_jobs = list_operation(
        "ListBatchSegmentJobs", lambda store: store.batch_segment_jobs, by="solution_version_arn")


def _segments(serving: Serving, expression: Optional[FilterExpression], count: int) -> Answer:
    """A batch segment job's answers: the users most likely to interact with each input's items."""
    limit = run.MAX_SEGMENT_QUERIES.get(serving.recipe.name)
    scores = run.UserScores(serving)

    def answer(uri: str, lines: list[run.Line]) -> list[run.Line]:
        if limit is not None and len(lines) > limit:
            raise run.BatchFailure(f"The input file {uri} has {len(lines)} queries; the {serving.recipe.name} "
                                   f"recipe allows at most {limit} per file.")
        return [run.segment(serving, scores, line, count, expression) for line in lines]

    return answer
