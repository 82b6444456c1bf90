"""Amazon Personalize control plane (boto3 ``personalize``): one method per operation."""

from __future__ import annotations

from ..core.backend import Backend


class PersonalizeBackend(Backend):
    service = "personalize"
    arn_service = "personalize"
