"""Batch inference and batch segment jobs: the resources and their views.

Statuses as API_BatchInferenceJob / API_BatchSegmentJob write them (spec §3): ``PENDING``, ``IN PROGRESS``,
``ACTIVE``, ``CREATE FAILED``. The work (read the input, answer every line, write the output) runs when the
job reaches ACTIVE; a failure lands it in CREATE FAILED with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ...core.lifecycle import Lifecycle
from ...core.resources import Resource
from ..lifecycles import state, without_none

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

    def view(self) -> dict[str, Any]:
        """What both job shapes share; each job type adds its ARN (and inference its own members)."""
        return without_none({
            "jobName": self.name,
            "filterArn": self.filter_arn,
            **state(self, self.lifecycle),
            "solutionVersionArn": self.solution_version_arn,
            "numResults": self.num_results,
            "jobInput": self.job_input,
            "jobOutput": self.job_output,
            "roleArn": self.role_arn,
        })


@dataclass
class BatchInferenceJob(BatchJob):
    batch_inference_job_config: Optional[dict[str, Any]] = None
    mode: str = "BATCH_INFERENCE"
    theme_generation_config: Optional[dict[str, Any]] = None

    def view(self) -> dict[str, Any]:
        """The ``BatchInferenceJob`` shape; ListBatchInferenceJobs shows its summary part."""
        return without_none({
            **super().view(),
            "batchInferenceJobArn": self.arn,
            "batchInferenceJobConfig": self.batch_inference_job_config,
            "batchInferenceJobMode": self.mode,
            "themeGenerationConfig": self.theme_generation_config,
        })


@dataclass
class BatchSegmentJob(BatchJob):
    def view(self) -> dict[str, Any]:
        """The ``BatchSegmentJob`` shape; ListBatchSegmentJobs shows its summary part."""
        return {**super().view(), "batchSegmentJobArn": self.arn}
