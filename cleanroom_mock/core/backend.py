"""What every service backend has: its place (account, region), ARNs in its service's form, the handle."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .arns import build_arn, partition_for

if TYPE_CHECKING:
    from .state import MockHandle


class Backend:
    """Base of a service backend: one instance per account and region, one method per operation.

    A method takes the operation's input members as snake_case keyword arguments (nested values keep the
    API's member names) and returns the output as a dict with the API's member names. It raises
    ``ServiceError`` with the service's documented error codes. Input has already passed the model's
    constraints; a method checks only what the model cannot express.
    """

    service: ClassVar[str]
    arn_service: ClassVar[str]  # the service part of this service's ARNs, e.g. "cleanrooms-ml"

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        self.handle = handle
        self.account_id = account_id
        self.region = region
        self.partition = partition_for(region)

    def arn(self, resource: str) -> str:
        return build_arn(self.arn_service, self.region, self.account_id, resource, self.partition)

    def peer(self, account_id: str, service: str | None = None) -> Backend:
        """The same service's backend for another account in this region (cross-account operations)."""
        return self.handle.backend(service or self.service, account_id, self.region)
