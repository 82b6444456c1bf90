"""What the training operation groups share: reading resources as an API call does, and list pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional, TypeVar

from ..core.resources import Resource, ResourceTable
from .errors import LISTING, not_found

R = TypeVar("R", bound=Resource)



class TrainingBase:
    """Helpers of the training mixins; the tables themselves are created by ``TrainingOperations._setup``."""

    @staticmethod
    def _advance(resource: Resource) -> None:
        """Let the resource's lifecycle, and that of a pending update, move on as a read does."""
        resource.lifecycle.observe()  # type: ignore[attr-defined]
        update = getattr(resource, "latest_update", None)
        if update is not None:
            update.lifecycle.observe()

    def _observed(self, table: ResourceTable[R], arn: str) -> R:
        """The resource as an API call reading it sees it. A deletion whose last phase completes on this
        read removes the resource: it is then not found."""
        resource = table.get(arn)
        self._advance(resource)
        if arn not in table:
            raise not_found(arn)
        return resource

    def _observe_all(self, table: ResourceTable[R], resources: Optional[Iterable[R]] = None) -> list[R]:
        """Every (given) resource of ``table`` still there after being read, in creation order."""
        present = []
        for resource in list(resources if resources is not None else table):
            self._advance(resource)
            if resource.arn in table:
                present.append(resource)
        return present

    def _list_page(
        self,
        resources: list[R],
        next_token: Optional[str],
        max_results: Optional[int],
        filters: Mapping[str, Any],
    ) -> tuple[list[R], Optional[str]]:
        return LISTING.page(resources, next_token, max_results, filters)
