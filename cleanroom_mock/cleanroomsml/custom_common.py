"""Memberships and collaborations as the custom-model operations see them.

The Clean Rooms service is not emulated: memberships come from ``aws.collaborations``. Not documented by
AWS (spec §11); we chose: an unknown membership or collaboration → ResourceNotFoundException (also for the
List operations, whose model lists no such error: it is the one error that says what is wrong); a
membership of another account, or a collaboration the caller is not a member of → AccessDeniedException.

Membership operations (``/memberships/{id}/...``) see the caller's own resources in that membership;
Collaboration operations (``/collaborations/{id}/...``) see every member's resources in the collaboration
(spec §6), which live in the member accounts' backends of the same region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Optional, TypeVar, cast

from ..core.errors import ServiceError
from ..core.resources import Resource, ResourceTable
from .collaborations import Membership
from .common import access_denied, arn_account, not_found

if TYPE_CHECKING:
    from ..core.state import MockHandle

R = TypeVar("R", bound=Resource)


def membership_of(arn: str) -> str:
    """The membership id inside a membership-scoped ARN (``...:membership/{id}/{type}/{resource id}``)."""
    parts = arn.split(":", 5)[-1].split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "membership" else ""


class MembershipScope:
    handle: MockHandle
    account_id: str
    region: str

    if TYPE_CHECKING:  # provided by core.backend.Backend
        def peer(self, account_id: str, service: Optional[str] = None) -> Any: ...

    def _membership(self, membership_identifier: str) -> Membership:
        """The caller's own membership (404 when unknown, 403 when it belongs to another account)."""
        membership = self.handle.collaborations.membership(membership_identifier)
        if membership is None:
            raise ServiceError("ResourceNotFoundException", f"Membership not found: {membership_identifier}")
        if membership.account_id != self.account_id:
            raise access_denied(
                f"Membership {membership_identifier} belongs to account {membership.account_id}, not to the "
                f"caller's account {self.account_id}."
            )
        return membership

    def _membership_with(self, membership_identifier: str, ability: str, action: str) -> Membership:
        """custom-model-prerequisites: only a member with ``ability`` may ``action``."""
        membership = self._membership(membership_identifier)
        if not membership.can(ability):
            raise access_denied(
                f"Membership {membership_identifier} does not have the {ability} member ability needed to "
                f"{action}."
            )
        return membership

    def _collaboration(self, collaboration_identifier: str) -> Membership:
        """The caller's membership of a collaboration (404 when unknown, 403 when the caller is no member)."""
        registry = self.handle.collaborations
        if collaboration_identifier not in registry:
            raise ServiceError("ResourceNotFoundException", f"Collaboration not found: {collaboration_identifier}")
        membership = registry.member(collaboration_identifier, self.account_id)
        if membership is None:
            raise access_denied(
                f"Account {self.account_id} is not a member of collaboration {collaboration_identifier}."
            )
        return cast(Membership, membership)

    def _member_backends(self, collaboration_id: str) -> list[Any]:
        """The backend of every member account of a collaboration, in this region."""
        return [self if account == self.account_id else self.peer(account)
                for account in sorted(self.handle.collaborations.members(collaboration_id))]

    def _backend_of(self, arn: str) -> Any:
        account = arn_account(arn)
        return self if account == self.account_id else self.peer(account)

    @staticmethod
    def _in_membership(table: ResourceTable[R], arn: str, membership_id: str, kind: str) -> R:
        """A resource of the caller's membership; one of another membership or account is not found."""
        found = table.find(arn)
        if found is None or getattr(found, "membership_id", None) != membership_id:
            raise not_found(kind)(arn)
        return found

    def _in_collaboration(self, table_name: str, arn: str, collaboration_id: str, kind: str) -> Any:
        """Any member's resource of a collaboration, found in its owner's backend."""
        account = arn_account(arn)
        if not self.handle.collaborations.is_member(collaboration_id, account):
            raise not_found(kind)(arn)
        table = getattr(self._backend_of(arn), table_name)
        found = table.find(arn)
        if found is None or getattr(found, "collaboration_id", None) != collaboration_id:
            raise not_found(kind)(arn)
        return found

    def _collaboration_resources(
        self, table_name: str, collaboration_id: str, keep: Optional[Callable[[Any], bool]] = None
    ) -> list[Any]:
        """Every member's resources of one type in a collaboration (creation order is the caller's sort)."""
        found: list[Any] = []
        for backend in self._member_backends(collaboration_id):
            found.extend(r for r in getattr(backend, table_name)
                         if r.collaboration_id == collaboration_id and (keep is None or keep(r)))
        return found


def observe_all(resources: Iterable[Any]) -> None:
    """A List reads every resource it shows: each one's lifecycle moves on (core.lifecycle)."""
    for resource in resources:
        resource.lifecycle.observe()
