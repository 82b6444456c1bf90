"""Clean Rooms ML (boto3 ``cleanroomsml``): one method per operation."""

from __future__ import annotations

from ..core.backend import Backend


class CleanRoomsMLBackend(Backend):
    service = "cleanroomsml"
    arn_service = "cleanrooms-ml"
