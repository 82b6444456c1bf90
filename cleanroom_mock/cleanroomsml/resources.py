"""The AWS-lookalike-model resources of Clean Rooms ML, as the backend keeps them.

Statuses are the model's underscored enums. A cross-account audience generation job is one execution
(:class:`AudienceRun`) seen through two resources (:class:`AudienceGenerationJob`), one per account, with
the same id and ARNs that differ only in the account (ml-behaviors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from ..core import clock
from ..core.lifecycle import Lifecycle
from ..core.resources import Resource
from .lookalike import GeneratedAudience, TrainedLookalikeModel

CREATE_STEPS = ("CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE")
# The last step is never shown: reaching it removes the resource (its on_complete), so reads answer 404.
DELETE_STEPS = ("DELETE_PENDING", "DELETE_IN_PROGRESS", "DELETED")
CREATE_FAILED = "CREATE_FAILED"
IN_PROGRESS = frozenset({"CREATE_PENDING", "CREATE_IN_PROGRESS"})
DELETING = frozenset({"DELETE_PENDING", "DELETE_IN_PROGRESS", "DELETED"})


def _lifecycle() -> Lifecycle:
    return Lifecycle(CREATE_STEPS)


@dataclass
class TrainingDataset(Resource):
    """Metadata pointing at one Glue table; created ACTIVE (its only status in the model)."""

    role_arn: str = ""
    training_data: list[dict[str, Any]] = field(default_factory=list)
    description: Optional[str] = None
    updated_at: datetime = field(default_factory=clock.now)

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
class AudienceModel(Resource):
    """A trained lookalike model; ``trained`` holds the engine's model object once ACTIVE (never serialized)."""

    training_dataset_arn: str = ""
    training_data_start_time: Optional[datetime] = None
    training_data_end_time: Optional[datetime] = None
    kms_key_arn: Optional[str] = None
    description: Optional[str] = None
    lifecycle: Lifecycle = field(default_factory=_lifecycle)
    status_details: Optional[dict[str, str]] = None
    trained: Optional[TrainedLookalikeModel] = None
    deleted: bool = False


@dataclass
class ConfiguredAudienceModel(Resource):
    """How an audience model may be used: sizes, seed overlap, metrics sharing, output location, policy."""

    audience_model_arn: str = ""
    output_config: dict[str, Any] = field(default_factory=dict)
    description: Optional[str] = None
    shared_audience_metrics: list[str] = field(default_factory=list)
    min_matching_seed_size: Optional[int] = None
    audience_size_config: Optional[dict[str, Any]] = None
    child_resource_tag_on_create_policy: Optional[str] = None
    updated_at: datetime = field(default_factory=clock.now)
    policy: Optional[str] = None
    deleted: bool = False


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
    lifecycle: Lifecycle = field(default_factory=_lifecycle)
    status_details: Optional[dict[str, str]] = None
    generated: Optional[GeneratedAudience] = None
    sizes: list[int] = field(default_factory=list)  # the CAM bins as user counts, in bin order
    exports: list[AudienceExportJob] = field(default_factory=list)
    views: dict[str, AudienceGenerationJob] = field(default_factory=dict)  # account id → its resource
    deleted: bool = False


@dataclass
class AudienceGenerationJob(Resource):
    """One account's view of an :class:`AudienceRun` (its own ARN, name and tags)."""

    account_id: str = ""
    description: Optional[str] = None
    run: Optional[AudienceRun] = None

    @property
    def shared(self) -> AudienceRun:
        assert self.run is not None
        return self.run

    @property
    def lifecycle(self) -> Any:
        """The run's lifecycle: both accounts' views of a job share one execution (ml-behaviors)."""
        return self.shared.lifecycle


@dataclass
class AudienceExportJob(Resource):
    """An export of one audience size; has no ARN (identified by name and generation job, in the model)."""

    account_id: str = ""
    generation_job_arn: str = ""
    audience_size: dict[str, Any] = field(default_factory=dict)
    description: Optional[str] = None
    output_location: str = ""
    lifecycle: Lifecycle = field(default_factory=_lifecycle)
    status_details: Optional[dict[str, str]] = None
