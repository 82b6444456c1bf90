"""Batch inference and batch segment jobs: the resources and their views.

Statuses as API_BatchInferenceJob / API_BatchSegmentJob write them (spec §3): ``PENDING``, ``IN PROGRESS``,
``ACTIVE``, ``CREATE FAILED``. The work (read the input, answer every line, write the output) runs when the
job reaches ACTIVE; a failure lands it in CREATE FAILED with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, TypedDict

from ...core.lifecycle import Lifecycle
from ...core.resources import member
from ..lifecycles import Job

BATCH_STEPS = ("PENDING", "IN PROGRESS", "ACTIVE")
BATCH_FAILED = "CREATE FAILED"
UNFINISHED = frozenset(BATCH_STEPS[:2])


def new_batch_lifecycle(**kwargs: Any) -> Lifecycle:
    return Lifecycle(BATCH_STEPS, failed_status=BATCH_FAILED, **kwargs)


class _RequiredBatchJobMembers(TypedDict):
    solution_version_arn: str
    job_input: dict[str, Any]
    job_output: dict[str, Any]
    role_arn: str


class BatchJobMembers(_RequiredBatchJobMembers, total=False):
    """The members both batch job types take and keep as they are (API_CreateBatchInferenceJob,
    API_CreateBatchSegmentJob): a Create method takes them as ``**stored`` and hands them to the resource."""

    filter_arn: Optional[str]


@dataclass
class BatchJob(Job):
    """What both job types share (``name`` is the jobName)."""

    solution_version_arn: str = member(default="")
    filter_arn: Optional[str] = member()
    num_results: Optional[int] = member()
    job_input: dict[str, Any] = member(factory=dict)
    job_output: dict[str, Any] = member(factory=dict)
    lifecycle: Lifecycle = field(default_factory=new_batch_lifecycle)


@dataclass
class BatchInferenceJob(BatchJob):
    """The ``BatchInferenceJob`` shape; ListBatchInferenceJobs shows its summary part."""

    batch_inference_job_config: Optional[dict[str, Any]] = member()
    mode: str = member("batchInferenceJobMode", default="BATCH_INFERENCE")
    theme_generation_config: Optional[dict[str, Any]] = member()

    SHOWN = {"batchInferenceJobArn": "arn"}


@dataclass
class BatchSegmentJob(BatchJob):
    """The ``BatchSegmentJob`` shape; ListBatchSegmentJobs shows its summary part."""

    SHOWN = {"batchSegmentJobArn": "arn"}
