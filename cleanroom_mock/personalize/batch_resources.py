"""Batch inference and batch segment jobs: the resources and their API output shapes.

Statuses as API_BatchInferenceJob / API_BatchSegmentJob write them (spec §3): ``PENDING``, ``IN PROGRESS``,
``ACTIVE``, ``CREATE FAILED``. The work (read the input, answer every line, write the output) runs when the
job reaches ACTIVE; a failure lands it in CREATE FAILED with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.lifecycle import Lifecycle
from ..core.resources import Resource

BATCH_STEPS = ("PENDING", "IN PROGRESS", "ACTIVE")
BATCH_FAILED = "CREATE FAILED"
UNFINISHED = frozenset(BATCH_STEPS[:2])


def new_batch_lifecycle(**kwargs: Any) -> Lifecycle:
    return Lifecycle(BATCH_STEPS, failed_status=BATCH_FAILED, **kwargs)


@dataclass
class BatchJob(Resource):
    """What both job types share (``name`` is the jobName)."""

    solution_version_arn: str = ""
    filter_arn: Optional[str] = None
    num_results: Optional[int] = None
    job_input: dict[str, Any] = field(default_factory=dict)
    job_output: dict[str, Any] = field(default_factory=dict)
    role_arn: str = ""
    lifecycle: Lifecycle = field(default_factory=new_batch_lifecycle)


@dataclass
class BatchInferenceJob(BatchJob):
    batch_inference_job_config: Optional[dict[str, Any]] = None
    mode: str = "BATCH_INFERENCE"
    theme_generation_config: Optional[dict[str, Any]] = None


@dataclass
class BatchSegmentJob(BatchJob):
    pass


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _common(job: BatchJob) -> dict[str, Any]:
    return {
        "jobName": job.name,
        "filterArn": job.filter_arn,
        "failureReason": job.lifecycle.failure_reason,
        "solutionVersionArn": job.solution_version_arn,
        "numResults": job.num_results,
        "jobInput": job.job_input,
        "jobOutput": job.job_output,
        "roleArn": job.role_arn,
        "status": job.lifecycle.current,
        "creationDateTime": job.created_at,
        "lastUpdatedDateTime": job.lifecycle.updated_at,
    }


def inference_job_dict(job: BatchInferenceJob) -> dict[str, Any]:
    return _without_none({
        **_common(job),
        "batchInferenceJobArn": job.arn,
        "batchInferenceJobConfig": job.batch_inference_job_config,
        "batchInferenceJobMode": job.mode,
        "themeGenerationConfig": job.theme_generation_config,
    })


def inference_job_summary(job: BatchInferenceJob) -> dict[str, Any]:
    return _without_none({
        "batchInferenceJobArn": job.arn,
        "jobName": job.name,
        "status": job.lifecycle.current,
        "creationDateTime": job.created_at,
        "lastUpdatedDateTime": job.lifecycle.updated_at,
        "failureReason": job.lifecycle.failure_reason,
        "solutionVersionArn": job.solution_version_arn,
        "batchInferenceJobMode": job.mode,
    })


def segment_job_dict(job: BatchSegmentJob) -> dict[str, Any]:
    return _without_none({**_common(job), "batchSegmentJobArn": job.arn})


def segment_job_summary(job: BatchSegmentJob) -> dict[str, Any]:
    return _without_none({
        "batchSegmentJobArn": job.arn,
        "jobName": job.name,
        "status": job.lifecycle.current,
        "creationDateTime": job.created_at,
        "lastUpdatedDateTime": job.lifecycle.updated_at,
        "failureReason": job.lifecycle.failure_reason,
        "solutionVersionArn": job.solution_version_arn,
    })
