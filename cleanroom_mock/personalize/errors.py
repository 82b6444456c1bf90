"""Personalize's errors, worded one way for every operation, and its List conventions.

Message texts: "Resource Arn <arn> does not exist." and "Another resource with Arn <arn> already exists."
are AWS's own (API_CreateCampaign and the service's answers); the others follow the same plain style.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Optional

from ..core.errors import ServiceError
from ..core.pagination import Listing
from ..core.tags import TagRules, check_new_tags, tags_from_list

# API_TagResource / personalize-managing-tags: InvalidInputException for reserved prefixes, and the two
# dedicated exceptions for the 50-tag and 50-key caps.
TAG_RULES = TagRules(
    invalid="InvalidInputException",
    too_many_tags="TooManyTagsException",
    too_many_keys="TooManyTagKeysException",
    reserved_values=True,
)
INVALID_NEXT_TOKEN = ("InvalidNextTokenException", "The nextToken is invalid or has expired.")
# Not documented by AWS (spec §12; the model allows 1-100): we chose the model's maximum as the page size.
LISTING = Listing("personalize", default_page_size=100, invalid_token_error=INVALID_NEXT_TOKEN)


def not_found(arn: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"Resource Arn {arn} does not exist.")


def already_exists(arn: str) -> ServiceError:
    """The documented CreateCampaign wording, used for every resource type (names are in the ARNs)."""
    return ServiceError("ResourceAlreadyExistsException", f"Another resource with Arn {arn} already exists.")


# The plain errors, each taking its message.
invalid = partial(ServiceError, "InvalidInputException")
in_use = partial(ServiceError, "ResourceInUseException")
limit_exceeded = partial(ServiceError, "LimitExceededException")


def not_active(kind: str, arn: str, status: str) -> ServiceError:
    """Wrong-state calls: every such operation models ResourceInUseException (spec §3.1)."""
    return in_use(f"The {kind} {arn} is not ACTIVE (status: {status}).")


def wrong_status(arn: str, status: str, wanted: str) -> ServiceError:
    return in_use(f"Resource Arn {arn} is in {status} state; it must be {wanted}.")


def new_tags(tags: Optional[Sequence[Mapping[str, str]]]) -> dict[str, str]:
    """The ``tags`` of a Create call, checked against the documented tag rules (TAG_RULES)."""
    found = tags_from_list(tags)
    check_new_tags(found, TAG_RULES)
    return found


PENDING_MESSAGE = "More than {limit} resources with PENDING or IN_PROGRESS status."  # error-messages


