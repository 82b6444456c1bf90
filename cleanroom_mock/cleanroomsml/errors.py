"""The errors Clean Rooms ML answers, built one way for every operation group.

Message texts follow AWS's plain sentence style; Clean Rooms ML documents no exact texts. The codes are the
ones each operation models (API reference, "Errors" section of each operation).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..core.errors import ServiceError
from ..core.tags import TagRules

# API_TagResource documents the rules but no error per rule; ValidationException is the only modelled
# candidate for each (spec §9).
TAG_RULES = TagRules(invalid="ValidationException", too_many_tags="ValidationException",
                     too_many_keys="ValidationException")


# The plain errors, each taking its message.
validation = partial(ServiceError, "ValidationException")
conflict = partial(ServiceError, "ConflictException")
access_denied = partial(ServiceError, "AccessDeniedException")


def refuse_while_used(users: list[str], message: str) -> None:
    """A Delete refused (ConflictException) while ``users`` (names) depend on the resource; ``message`` names
    the resource, ``{users}`` in it stands for their list."""
    if users:
        raise conflict(message.format(users=", ".join(users)))


def not_found(kind: str) -> Callable[[str], ServiceError]:
    def error(arn: str) -> ServiceError:
        return ServiceError("ResourceNotFoundException", f"{kind} not found: {arn}")

    return error


def name_taken(kind: str) -> Callable[[str], ServiceError]:
    """Not documented by AWS except for generation jobs (unique per account, ml-behaviors); we chose the same
    rule and error (ConflictException, which every Create of these resources models) for every type."""

    def error(name: str) -> ServiceError:
        return ServiceError("ConflictException", f"A {kind} named '{name}' already exists in this account.")

    return error


def quota_exceeded(quota_name: str, quota_value: int) -> Callable[[], ServiceError]:
    """ServiceQuotaExceededException with the modelled ``quotaName`` / ``quotaValue`` members (spec §8)."""

    def error() -> ServiceError:
        return ServiceError(
            "ServiceQuotaExceededException",
            f"Service quota exceeded: {quota_name} (limit {quota_value}).",
            quotaName=quota_name,
            quotaValue=float(quota_value),
        )

    return error
