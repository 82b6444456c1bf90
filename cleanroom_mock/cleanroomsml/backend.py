"""Clean Rooms ML (boto3 ``cleanroomsml``): one method per operation.

The AWS-lookalike-model operations are grouped by resource, each group in its own module: ``training``
(training datasets, audience models), ``configured`` (configured audience models and their policies) and
``audiences`` (generation and export jobs, the two-party case). Tagging, which spans them all, is here.
The custom-model operations (everything scoped to a Clean Rooms membership, plus configured model
algorithms) are the ``custom_*`` modules: ``custom_algorithms`` (algorithms, associations, ML
configuration), ``custom_channels``, ``custom_models`` (trained models and versions), ``custom_jobs``
(inference and export jobs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.backend import Backend
from ..core.resources import Resource
from ..core.tags import TaggingOperations
from .audiences import AudienceOperations
from .common import TAG_RULES, not_found
from .configured import ConfiguredModelOperations
from .custom_algorithms import AlgorithmOperations
from .custom_channels import ChannelOperations
from .custom_jobs import JobOperations
from .custom_models import TrainedModelOperations
from .rate_limits import RATE_LIMITS
from .training import TrainingOperations

if TYPE_CHECKING:
    from ..core.state import MockHandle


class CleanRoomsMLBackend(
    TrainingOperations, ConfiguredModelOperations, AudienceOperations, AlgorithmOperations, ChannelOperations,
    TrainedModelOperations, JobOperations, TaggingOperations, Backend
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
        self._setup_algorithms()
        self._setup_channels()
        self._setup_trained_models()
        self._setup_jobs()

    # --- tagging (map-shaped tags, API_TagResource): the operations are core.tags.TaggingOperations
    def _taggable(self, arn: str) -> Resource:
        """The caller's own resource behind a taggable ARN (the model's pattern already vetted the type).

        Any ARN of another account is not found (every operation but StartAudienceGenerationJob is
        own-account only).
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
        if kind == "configured-model-algorithm":
            return self._algorithms.get(arn)
        if kind == "membership":  # membership/{membershipId}/{type}/{id}
            tables = {"configured-model-algorithm-association": self._associations,
                      "ml-input-channel": self._ml_input_channels, "trained-model": self._trained_models,
                      "trained-model-inference-job": self._inference_jobs}
            table = tables.get(arn.split(":", 5)[5].split("/")[2])
            if table is not None:
                return table.get(arn)
        raise not_found("Resource")(arn)
