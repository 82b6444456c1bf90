"""Errors, checks and listing shared by the Clean Rooms ML operation groups.

Message texts follow AWS's plain sentence style; Clean Rooms ML documents no exact texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Optional, TypeVar

from ..core.errors import ServiceError
from ..core.pagination import Listing
from ..core.resources import Resource
from ..core.tags import TagRules, merged_tags

# API_TagResource documents the rules but no error per rule; ValidationException is the only modelled
# candidate for each (spec §9).
TAG_RULES = TagRules(invalid="ValidationException", too_many_tags="ValidationException",
                     too_many_keys="ValidationException")
# Not documented by AWS (spec §6); we chose the model's maximum maxResults so a plain List shows everything
# a small account holds, while larger ones still exercise nextToken.
LISTING = Listing(default_page_size=100,
                  invalid_token_error=("ValidationException", "The nextToken is not valid for this request."))

R = TypeVar("R", bound=Resource)


def validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


def conflict(message: str) -> ServiceError:
    return ServiceError("ConflictException", message)


def access_denied(message: str) -> ServiceError:
    return ServiceError("AccessDeniedException", message)


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


def check_role_account(role_arn: str, account_id: str) -> None:
    """API_CreateTrainingDataset (and every other roleArn): passing a role from another account is denied."""
    parts = role_arn.split(":")
    if len(parts) < 5 or parts[4] != account_id:
        raise access_denied(
            f"The role {role_arn} does not belong to the caller's account {account_id}; "
            "Clean Rooms ML only accepts roles from the caller's own account."
        )


def arn_account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 else ""


def page(
    items: Sequence[R],
    *,
    next_token: Optional[str],
    max_results: Optional[int],
    filters: dict[str, Any],
) -> tuple[list[R], Optional[str]]:
    """One page in creation order; a token we did not issue (or for another filter) is a ValidationException."""
    return LISTING.page(items, next_token, max_results, filters)


def status_details(code: str, message: str) -> dict[str, str]:
    return {"statusCode": code, "message": message}


def new_tags(tags: Optional[dict[str, str]]) -> dict[str, str]:
    """The ``tags`` of a Create/Start call, checked against the tag rules (API_TagResource)."""
    return merged_tags({}, tags or {}, TAG_RULES)
