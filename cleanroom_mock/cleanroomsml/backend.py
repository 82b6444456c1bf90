"""Clean Rooms ML (boto3 ``cleanroomsml``): one method per operation.

The AWS-lookalike-model operations are grouped by resource, each group in its own module: ``training``
(training datasets, audience models), ``configured`` (configured audience models and their policies) and
``audiences`` (generation and export jobs, the two-party case). Tagging, which spans them all, is here.
The custom-model operations have no method and answer NotImplementedException.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.backend import Backend
from ..core.resources import Resource
from ..core.tags import TaggingOperations
from .audiences import AudienceOperations
from .common import TAG_RULES, not_found
from .configured import ConfiguredModelOperations
from .rate_limits import RATE_LIMITS
from .training import TrainingOperations

if TYPE_CHECKING:
    from ..core.state import MockHandle


class CleanRoomsMLBackend(
    TrainingOperations, ConfiguredModelOperations, AudienceOperations, TaggingOperations, Backend
):
    service = "cleanroomsml"
    arn_service = "cleanrooms-ml"
    tag_rules = TAG_RULES
    rate_limits = RATE_LIMITS  # enforced under the strict profile only (core.throttle)

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        self._setup_training()
        self._setup_configured()
        self._setup_audiences()

    # --- tagging (map-shaped tags, API_TagResource): the operations are core.tags.TaggingOperations
    def _taggable(self, arn: str) -> Resource:
        """The caller's own resource behind a taggable ARN (the model's pattern already vetted the type).

        The custom-model types (membership/...) are never created here, so they are always not found, as is
        any ARN of another account (every operation but StartAudienceGenerationJob is own-account only).
        """
        kind = arn.split(":", 5)[5].split("/", 1)[0]
        if kind == "training-dataset":
            return self._training_datasets.get(arn)
        if kind == "audience-model":
            return self._audience_model(arn)
        if kind == "configured-audience-model":
            return self._configured_models.get(arn)
        if kind == "audience-generation-job":
            return self._generation_job(arn)
        raise not_found("Resource")(arn)
