"""personalize-runtime: recommendations served from the ``personalize`` state of the same account/region."""

from __future__ import annotations

from ..core.backend import Backend


class PersonalizeRuntimeBackend(Backend):
    service = "personalize-runtime"
    arn_service = "personalize"
