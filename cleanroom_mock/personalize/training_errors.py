"""The errors the training side answers, worded one way (AWS's Personalize message style)."""

from __future__ import annotations

from ..core.errors import ServiceError
from ..core.tags import TagRules

TAG_RULES = TagRules(
    invalid="InvalidInputException",
    too_many_tags="TooManyTagsException",
    too_many_keys="TooManyTagKeysException",
    reserved_values=True,
)
INVALID_NEXT_TOKEN = ("InvalidNextTokenException", "The next token is invalid or has expired.")


def not_found(arn: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Resource Arn {arn} does not exist.")


def already_exists(arn: str) -> ServiceError:
    """The documented CreateCampaign wording, used for every resource type (names are in the ARNs)."""
    return ServiceError("ResourceAlreadyExistsException", f"Another resource with Arn {arn} already exists.")


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidInputException", message)


def in_use(message: str) -> ServiceError:
    return ServiceError("ResourceInUseException", message)


def wrong_status(arn: str, status: str, wanted: str) -> ServiceError:
    return in_use(f"Resource Arn {arn} is in {status} state; it must be {wanted}.")


def limit(message: str) -> ServiceError:
    return ServiceError("LimitExceededException", message)
