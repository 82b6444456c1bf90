"""The AWS-lookalike-model resources of Clean Rooms ML, as the store keeps them, each with its one view.

Statuses are the model's underscored enums. A cross-account audience generation job is one execution
(:class:`AudienceRun`) seen through two resources (:class:`AudienceGenerationJob`), one per account, with
the same id and ARNs that differ only in the account (ml-behaviors).

``view()`` is what the Get operation returns; the List operations return the same dict and the serializer
keeps only the members of their summary shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar, Optional

from ...core import clock
from ...core.lifecycle import Lifecycle
from ...core.resources import member
from ..resources import CREATE_FAILED, CREATE_STEPS, MLJob, MLResource, creating
from .engine import GeneratedAudience, TrainedLookalikeModel

__all__ = ["CREATE_FAILED", "CREATE_STEPS"]

# The last step is never shown: reaching it removes the resource (its on_complete), so reads answer 404.
DELETE_STEPS = ("DELETE_PENDING", "DELETE_IN_PROGRESS", "DELETED")
IN_PROGRESS = frozenset({"CREATE_PENDING", "CREATE_IN_PROGRESS"})
DELETING = frozenset({"DELETE_PENDING", "DELETE_IN_PROGRESS", "DELETED"})

# API_CreateConfiguredAudienceModel: minMatchingSeedSize defaults to 500.
DEFAULT_MIN_MATCHING_SEED_SIZE = 500
# Not documented by AWS: the bins used when audienceSizeConfig is omitted. We chose evenly spaced
# percentages up to the 20 % quota so such a model still reports metrics and can be exported.
DEFAULT_SIZE_CONFIG: Mapping[str, Any] = MappingProxyType(
    {"audienceSizeType": "PERCENTAGE", "audienceSizeBins": (5, 10, 15, 20)})


@dataclass
class TrainingDataset(MLResource):
    """Metadata pointing at one Glue table; created ACTIVE (its only status in the model)."""

    role_arn: str = member(default="")
    training_data: list[dict[str, Any]] = member(factory=list)
    updated_at: datetime = field(default_factory=clock.now)

    SHOWN = {"trainingDatasetArn": "arn", "updateTime": "updated_at", "status": "status"}
    status: ClassVar[str] = "ACTIVE"

    @property
    def glue_source(self) -> dict[str, str]:
        return self.training_data[0]["inputConfig"]["dataSource"]["glueDataSource"]

    def column(self, role: str) -> str:
        """Name of the (single) column with ``role``; CreateTrainingDataset guarantees there is one."""
        return next(
            column["columnName"]
            for column in self.training_data[0]["inputConfig"]["schema"]
            if column["columnTypes"][0] == role
        )


@dataclass
class AudienceModel(MLJob):
    """A trained lookalike model; ``trained`` holds the engine's model object once ACTIVE (never serialized)."""

    training_dataset_arn: str = member(default="")
    training_data_start_time: Optional[datetime] = member()
    training_data_end_time: Optional[datetime] = member()
    kms_key_arn: Optional[str] = member()
    trained: Optional[TrainedLookalikeModel] = None

    SHOWN = {"audienceModelArn": "arn"}


@dataclass
class ConfiguredAudienceModel(MLResource):
    """How an audience model may be used: sizes, seed overlap, metrics sharing, output location, policy."""

    audience_model_arn: str = member(default="")
    output_config: dict[str, Any] = member(factory=dict)
    shared_audience_metrics: list[str] = member(factory=list)
    min_matching_seed_size: Optional[int] = None
    audience_size_config: Optional[dict[str, Any]] = member()
    child_resource_tag_on_create_policy: Optional[str] = None
    updated_at: datetime = field(default_factory=clock.now)
    policy: Optional[str] = None

    SHOWN = {
        "configuredAudienceModelArn": "arn",
        "updateTime": "updated_at",
        "status": "status",
        "minMatchingSeedSize": "effective_min_matching_seed_size",
        "childResourceTagOnCreatePolicy": "tag_on_create_policy",
    }
    status: ClassVar[str] = "ACTIVE"

    @property
    def effective_min_matching_seed_size(self) -> int:
        return self.min_matching_seed_size or DEFAULT_MIN_MATCHING_SEED_SIZE

    @property
    def effective_size_config(self) -> Mapping[str, Any]:
        return self.audience_size_config or DEFAULT_SIZE_CONFIG

    @property
    def tag_on_create_policy(self) -> str:
        # Not documented as a default by the model; NONE is the documented behaviour when it is absent.
        return self.child_resource_tag_on_create_policy or "NONE"


@dataclass(frozen=True)
class CamSettings:
    """The configured audience model as a job saw it when it started.

    API_UpdateConfiguredAudienceModel: updates apply to jobs started afterwards, never to running ones, so
    a job (and its exports) keep the settings of their start.
    """

    arn: str
    owner_account: str
    size_type: str
    size_bins: tuple[int, ...]
    min_matching_seed_size: int
    shares_metrics: bool
    output_uri: str
    tags: tuple[tuple[str, str], ...]
    copies_tags: bool


@dataclass(eq=False)
class AudienceRun:
    """One audience generation job execution, shared by the views of the starting and the owning account."""

    job_id: str
    starter_account: str
    cam: CamSettings
    model: TrainedLookalikeModel
    seed_audience: dict[str, Any]
    include_seed: bool
    collaboration_id: Optional[str]
    lifecycle: Lifecycle = field(default_factory=creating)
    status_details: Optional[dict[str, str]] = None
    generated: Optional[GeneratedAudience] = None
    sizes: list[int] = field(default_factory=list)  # the CAM bins as user counts, in bin order
    exports: list[AudienceExportJob] = field(default_factory=list)
    views: dict[str, AudienceGenerationJob] = field(default_factory=dict)  # account id → its resource
    protected_query_id: Optional[str] = None  # the Clean Rooms query of a seed from SQL (sql_seed)

    def metrics_for(self, account_id: str) -> Optional[dict[str, Any]]:
        if self.generated is None or self.lifecycle.current != "ACTIVE":
            return None
        if account_id != self.cam.owner_account and not self.cam.shares_metrics:
            # ml-metrics: with sharedAudienceMetrics NONE only the model owner sees the metrics.
            return None
        return {
            "relevanceMetrics": [
                {"audienceSize": {"type": self.cam.size_type, "value": value}, "score": score}
                for value, (_, score) in zip(self.cam.size_bins, self.generated.relevance_metrics)
            ],
            "recallMetric": self.generated.recall_metric,
        }


@dataclass
class AudienceGenerationJob(MLResource):
    """One account's view of an :class:`AudienceRun` (its own ARN, name and tags)."""

    account_id: str = ""
    run: Optional[AudienceRun] = None

    SHOWN = {"audienceGenerationJobArn": "arn"}

    @property
    def shared(self) -> AudienceRun:
        assert self.run is not None
        return self.run

    @property
    def lifecycle(self) -> Lifecycle:
        """The run's lifecycle: both accounts' views of a job share one execution (ml-behaviors)."""
        return self.shared.lifecycle

    def view(self) -> dict[str, Any]:
        run = self.shared
        return {
            **super().view(),
            "updateTime": run.lifecycle.updated_at,
            "status": run.lifecycle.current,
            "configuredAudienceModelArn": run.cam.arn,
            "collaborationId": run.collaboration_id,
            "startedBy": run.starter_account,
            "statusDetails": run.status_details,
            # Seed locations never cross accounts (ml-behaviors): only the account that started the job
            # sees its seedAudience.
            "seedAudience": run.seed_audience if self.account_id == run.starter_account else None,
            "includeSeedInOutput": run.include_seed,
            "metrics": run.metrics_for(self.account_id),
            "protectedQueryIdentifier": run.protected_query_id,
        }


@dataclass
class AudienceExportJob(MLJob):
    """An export of one audience size; has no ARN (identified by name and generation job, in the model)."""

    account_id: str = ""
    generation_job_arn: str = member("audienceGenerationJobArn", default="")
    audience_size: dict[str, Any] = member(factory=dict)
    output_location: str = ""
    shows_location: bool = False  # whether the exporting account owns the configured audience model

    SHOWN = {"outputLocation": "shown_location"}

    @property
    def shown_location(self) -> Optional[str]:
        # ml-behaviors: the model owner's S3 locations are never shown to the other account.
        return self.output_location if self.shows_location else None
