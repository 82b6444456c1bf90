"""What both batch job types check and run: paths, numResults, the solution version, the filter, the
pending-jobs quota, and the model a job answers with.

Sources: API_CreateBatchInferenceJob, API_CreateBatchSegmentJob, limits.html, error-messages.html.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from ...core.resources import ResourceTable
from ..catalog import Recipe, recipe_by_arn
from ..engines import batch as run
from ..engines.data import DatasetViews, group_data
from ..engines.scoring import build_index
from ..engines.serving import Serving
from ..errors import PENDING_MESSAGE, invalid, wrong_status
from ..filter_expression import FilterExpression
from ..store import PersonalizeStore
from ..training.resources import SolutionVersion
from .resources import UNFINISHED, BatchJob, BatchJobMembers, new_batch_lifecycle

# Not documented by AWS: numResults' default for batch jobs; we chose the runtime's default of 25.
DEFAULT_RESULTS = 25


def check_paths(stored: BatchJobMembers) -> None:
    """The model allows http(s) URIs too; batch data lives in S3 (error-messages: "Invalid S3 input path")."""
    if not stored["job_input"]["s3DataSource"]["path"].startswith("s3://"):
        raise invalid(f"{run.INVALID_INPUT_PATH}: {stored['job_input']['s3DataSource']['path']}")
    if not stored["job_output"]["s3DataDestination"]["path"].startswith("s3://"):
        raise invalid(f"{run.INVALID_OUTPUT_PATH}: {stored['job_output']['s3DataDestination']['path']}")


def result_count(num_results: Optional[int], maximum: int) -> int:
    """The model sets no range; Not documented by AWS below 1 or above the quota, we refuse both."""
    count = DEFAULT_RESULTS if num_results is None else num_results
    if not 1 <= count <= maximum:
        raise invalid(f"numResults must be between 1 and {maximum}, not {count}.")
    return count


def batch_version(store: PersonalizeStore, solution_version_arn: str) -> tuple[SolutionVersion, Recipe]:
    """The ACTIVE, trained solution version a job answers with, and its recipe."""
    version = store.solution_version(solution_version_arn)
    if version.lifecycle.current != "ACTIVE" or version.model is None:
        raise wrong_status(solution_version_arn, version.lifecycle.current, "ACTIVE")
    recipe = recipe_by_arn(version.recipe_arn or "")
    assert recipe is not None
    return version, recipe


def check_filter(store: PersonalizeStore, filter_arn: Optional[str], group_arn: str, target: str) -> None:
    """The filter must exist, be ACTIVE, belong to the version's dataset group (Not documented by AWS; a
    filter reads one group's data) and filter what the job returns (items, or users for segments)."""
    if filter_arn is None:
        return
    found = store.filter(filter_arn)
    status = found.lifecycle.current
    if status != "ACTIVE":
        raise wrong_status(filter_arn, status, "ACTIVE")
    store.check_filter_fits(found, group_arn, target, owner="solution version", user="job")


def check_pending(store: PersonalizeStore, table: ResourceTable[Any], quota: str) -> None:
    pending = table.where(lambda job: job.lifecycle.current in UNFINISHED)
    store.within_quota(quota, len(pending), PENDING_MESSAGE)


def start_job(
    store: PersonalizeStore, table: ResourceTable[Any], job: BatchJob, version: SolutionVersion, target: str,
    answerer: Answerer, quota: str,
) -> None:
    """What every Create of a batch job ends with: the filter checked against the version's dataset group
    and what the job returns (``target``), the pending-jobs quota, then the job starts (its work runs when
    it reaches ACTIVE, ``run_job``)."""
    check_filter(store, job.filter_arn, version.dataset_group_arn, target)
    check_pending(store, table, quota)
    job.lifecycle = new_batch_lifecycle(on_complete=lambda: run_job(store, job, answerer))
    table.add(job)


Answer = Callable[[str, list[run.Line]], list[run.Line]]  # one input file (URI, lines) → its output lines
# What a job type answers with: (model, filter, numResults) → its answering function, made once per job.
Answerer = Callable[[Serving, Optional[FilterExpression], int], Answer]


def run_job(store: PersonalizeStore, job: BatchJob, answerer: Answerer) -> Optional[str]:
    """A job's work, when it reaches ACTIVE: read every input file, answer it (``answerer`` makes the
    answering function once per job), write ``<file>.out``. The failure reason, or None."""
    data = store.handle.data.in_region(store.region)
    try:
        serving, expression = serving_of(store, job)
        files = run.read_input(data, job.job_input["s3DataSource"]["path"])
        answer = answerer(serving, expression, job.num_results or DEFAULT_RESULTS)
        for uri, lines in files:
            run.write_output(data, job.job_output["s3DataDestination"]["path"], uri, answer(uri, lines))
    except run.BatchFailure as failure:
        return str(failure)
    return None


def serving_of(store: PersonalizeStore, job: BatchJob) -> tuple[Serving, Optional[FilterExpression]]:
    """What a running job answers with: its version's model over its group's data, and its filter."""
    version = store.solution_versions.find(job.solution_version_arn)
    if version is None or version.model is None:
        raise run.BatchFailure(f"Solution version {job.solution_version_arn} no longer exists.")
    expression = None
    if job.filter_arn is not None:
        found = store.filters.find(job.filter_arn)
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
        data=group_data(DatasetViews(), store.datasets_of(version.dataset_group_arn)),
    )
    return serving, expression
