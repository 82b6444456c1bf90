"""What every Clean Rooms ML resource shows, declared once for the lookalike and the custom-model resources.

Every Get shape of the service (API_GetTrainingDataset, API_GetTrainedModel, ...) has ``createTime``,
``updateTime``, ``name``, ``description`` and ``tags``; a resource with asynchronous work adds ``status`` and
``statusDetails`` from its lifecycle; a resource in a membership adds the membership, the collaboration and the
creating account; a container run (training, inference) reports the status of its metrics and logs. The
members each resource adds are ``member`` fields of its own class (``core.resources``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..core.lifecycle import Completion, Lifecycle
from ..core.resources import Resource, member
from .common import arn_account

CREATE_STEPS = ("CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE")
CREATE_FAILED = "CREATE_FAILED"


def creating() -> Lifecycle:
    return Lifecycle(CREATE_STEPS)


def working(work: Completion) -> Lifecycle:
    """The create flow of a resource whose ``work`` (training, inference, an export) runs when it reaches
    ACTIVE; a failure reason it returns lands the resource in CREATE_FAILED."""
    return Lifecycle(CREATE_STEPS, on_complete=work, failed_status=CREATE_FAILED)


@dataclass
class MLResource(Resource):
    """``createTime``, ``updateTime`` (the creation time of a resource that never changes), ``name``,
    ``description``, ``tags``."""

    description: Optional[str] = member()

    SHOWN = {"createTime": "created_at", "updateTime": "created_at", "name": "name", "tags": "tags"}


@dataclass
class MLJob(MLResource):
    """A resource with asynchronous work: ``status`` and ``updateTime`` from its lifecycle, ``statusDetails``."""

    lifecycle: Lifecycle = field(default_factory=creating)
    status_details: Optional[dict[str, str]] = member()

    SHOWN = {"status": "lifecycle.current", "updateTime": "lifecycle.updated_at"}

    def begin_deletion(self, steps: tuple[str, ...]) -> None:
        """DeleteMLInputChannelData / DeleteTrainedModelOutput: the data goes (``steps``); the statusDetails of
        the create flow no longer apply."""
        self.lifecycle.begin(steps)
        self.status_details = None


@dataclass
class InMembership(MLResource):
    """A resource that lives in a membership (and so in that membership's collaboration)."""

    membership_id: str = member("membershipIdentifier", default="")
    collaboration_id: str = member("collaborationIdentifier", default="")

    SHOWN = {"creatorAccountId": "creator_account_id"}

    @property
    def creator_account_id(self) -> str:
        return arn_account(self.arn)


@dataclass
class ContainerRun(MLJob):
    """A run of a customer's container (training a model, an inference job): its resources and environment,
    and what became of its metrics and logs."""

    resource_config: dict[str, Any] = member(factory=dict)
    environment: Optional[dict[str, str]] = member()
    kms_key_arn: Optional[str] = member()
    image_digest: Optional[str] = None  # each shape names it after its container
    metrics_status: Optional[str] = member()
    metrics_status_details: Optional[str] = member()
    logs_status: Optional[str] = member()
    logs_status_details: Optional[str] = member()
