"""The errors Clean Rooms answers, with the members its error shapes require, and the List conventions.

Error shapes (botocore ``cleanrooms``; https://docs.aws.amazon.com/clean-rooms/latest/apireference/CommonErrors.html
and each operation's page): ResourceNotFoundException needs ``resourceId`` and ``resourceType``;
ConflictException carries ``resourceId``, ``resourceType`` and ``reason``; ServiceQuotaExceededException (HTTP
402) needs ``quotaName`` and ``quotaValue``; ValidationException and AccessDeniedException carry a ``reason``.

AWS is silent on message texts; we write plain sentences. The model's ``ResourceType`` enum only knows
CONFIGURED_TABLE, COLLABORATION, MEMBERSHIP and CONFIGURED_TABLE_ASSOCIATION: for a missing thing without a
type of its own (a member account, a configured audience model association) we chose to name the resource
it was looked up in (COLLABORATION or MEMBERSHIP) as ``resourceType`` and the missing thing's id as
``resourceId``, so every error stays inside the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import ServiceError
from ..core.pagination import Listing
from ..core.tags import TagRules

if TYPE_CHECKING:
    from ..core.store import Store

COLLABORATION = "COLLABORATION"
MEMBERSHIP = "MEMBERSHIP"
CONFIGURED_TABLE = "CONFIGURED_TABLE"
CONFIGURED_TABLE_ASSOCIATION = "CONFIGURED_TABLE_ASSOCIATION"

# ConflictException reasons (botocore ConflictExceptionReason)
ALREADY_EXISTS = "ALREADY_EXISTS"
SUBRESOURCES_EXIST = "SUBRESOURCES_EXIST"
INVALID_STATE = "INVALID_STATE"

# ValidationException reasons (botocore ValidationExceptionReason)
FIELD_VALIDATION_FAILED = "FIELD_VALIDATION_FAILED"
INVALID_CONFIGURATION = "INVALID_CONFIGURATION"
INVALID_QUERY = "INVALID_QUERY"

# API_TagResource names no error per tag rule; ValidationException is the only modelled candidate.
TAG_RULES = TagRules(invalid="ValidationException", too_many_tags="ValidationException",
                     too_many_keys="ValidationException")

# AWS: "The service chooses a default number if you don't set one" (every List operation's maxResults); we
# chose the model's maximum, 100, so a plain List shows what a small test holds.
LISTING = Listing("cleanrooms", default_page_size=100,
                  invalid_token_error=("ValidationException", "The nextToken is not valid for this request."))


def not_found(resource_type: str, resource_id: str, what: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"{what} {resource_id} not found.",
                        resourceId=resource_id, resourceType=resource_type)


def conflict(resource_type: str, resource_id: str, reason: str, message: str) -> ServiceError:
    return ServiceError("ConflictException", message, resourceId=resource_id, resourceType=resource_type,
                        reason=reason)


def access_denied(message: str) -> ServiceError:
    return ServiceError("AccessDeniedException", message, reason="INSUFFICIENT_PERMISSIONS")


def invalid(message: str, reason: str = FIELD_VALIDATION_FAILED) -> ServiceError:
    return ServiceError("ValidationException", message, reason=reason)


def quota_exceeded(name: str, value: int) -> ServiceError:
    """ServiceQuotaExceededException; where an operation's model declares none (UpdateConfiguredTableAnalysisRule
    in older botocore models), the same message as a ValidationException."""
    return ServiceError("ServiceQuotaExceededException", f"Service quota exceeded: {name} (limit {value}).",
                        otherwise="ValidationException", quotaName=name, quotaValue=float(value))


def check_quota(store: Store, count: int, name: str) -> None:
    """ServiceQuotaExceededException when one more would pass quota ``name`` (``count`` is how many exist now)."""
    store.check_quota(name, count, quota_exceeded)
