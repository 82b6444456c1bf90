"""Tag rules shared by every taggable resource, in either wire shape.

Clean Rooms ML sends tags as a map, Personalize as a list of ``{tagKey, tagValue}``; both keep a plain dict
here. The rules are the same documented ones (API_TagResource of each service): at most 50 user tags per
resource, one value per key, and no ``aws:`` prefix (reserved for AWS) on keys — and, for Personalize, values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ServiceError
from .registry import operation
from .store import OperationGroup, Store

MAX_TAGS = 50
RESERVED_PREFIX = "aws:"


@dataclass(frozen=True)
class TagRules:
    """Which error each service answers for each broken rule."""

    invalid: str
    too_many_tags: str
    too_many_keys: str
    reserved_values: bool = False  # Personalize also reserves the prefix on values (personalize-managing-tags)


def tags_from_list(tags: Iterable[Mapping[str, str]] | None) -> dict[str, str]:
    return {tag["tagKey"]: tag["tagValue"] for tag in tags or ()}


def tags_to_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"tagKey": key, "tagValue": value} for key, value in tags.items()]


def check_new_tags(tags: Mapping[str, str], rules: TagRules) -> None:
    for key, value in tags.items():
        if key.lower().startswith(RESERVED_PREFIX):
            raise ServiceError(rules.invalid, f"Tag key '{key}' uses the reserved prefix '{RESERVED_PREFIX}'.")
        if rules.reserved_values and value.lower().startswith(RESERVED_PREFIX):
            raise ServiceError(rules.invalid, f"Tag value '{value}' uses the reserved prefix '{RESERVED_PREFIX}'.")
    if len(tags) > MAX_TAGS:
        raise ServiceError(rules.too_many_tags, f"A resource can have at most {MAX_TAGS} tags.")


def merged_tags(existing: Mapping[str, str], new: Mapping[str, str], rules: TagRules) -> dict[str, str]:
    """``existing`` with ``new`` applied (a key given again takes its new value), after checking the rules."""
    check_new_tags(new, rules)
    merged = {**existing, **new}
    if len(merged) > MAX_TAGS:
        raise ServiceError(
            rules.too_many_tags,
            f"Adding {len(new)} tags would give the resource {len(merged)} tags; the limit is {MAX_TAGS}.",
        )
    return merged


def without_tags(existing: Mapping[str, str], keys: Iterable[str], rules: TagRules) -> dict[str, str]:
    """Untagging a key the resource does not have is a no-op (not documented by AWS; it is what AWS does
    for its other tagging APIs)."""
    keys = list(keys)
    if len(keys) > MAX_TAGS:
        raise ServiceError(rules.too_many_keys, f"A request can remove at most {MAX_TAGS} tag keys.")
    for key in keys:
        if key.lower().startswith(RESERVED_PREFIX):
            raise ServiceError(rules.invalid, f"Tag key '{key}' uses the reserved prefix '{RESERVED_PREFIX}'.")
    removed = set(keys)
    return {key: value for key, value in existing.items() if key not in removed}


class TaggingOperations:
    """TagResource, UntagResource and ListTagsForResource, written once for every service.

    A backend mixes this in and says three things: its ``tag_rules``, whether its wire shape is
    Personalize's list of ``{tagKey, tagValue}`` (``tags_as_list``) or a map, and ``_taggable(arn)``, the
    caller's resource behind an ARN (raising the service's own not-found error).
    """

    tag_rules: TagRules
    tags_as_list: bool = False

    def _taggable(self, arn: str) -> Any:
        raise NotImplementedError

    def tag_resource(self, resource_arn: str, tags: Any) -> dict[str, Any]:
        resource = self._taggable(resource_arn)
        given = tags_from_list(tags) if self.tags_as_list else dict(tags)
        resource.tags = merged_tags(resource.tags, given, self.tag_rules)
        return {}

    def untag_resource(self, resource_arn: str, tag_keys: list[str]) -> dict[str, Any]:
        resource = self._taggable(resource_arn)
        resource.tags = without_tags(resource.tags, tag_keys, self.tag_rules)
        return {}

    def list_tags_for_resource(self, resource_arn: str) -> dict[str, Any]:
        tags = self._taggable(resource_arn).tags
        return {"tags": tags_to_list(tags) if self.tags_as_list else dict(tags)}


class TagOperations(OperationGroup[Store]):
    """TagResource, UntagResource and ListTagsForResource over a store's taggable tables, for any service.

    A service lists ``"cleanroom_mock.core.tags:TagOperations"`` among its groups; its store says its
    ``tag_rules``, its wire shape (``tags_as_list``) and its error for an ARN that is not taggable.
    """

    @property
    def _rules(self) -> TagRules:
        rules = self.store.tag_rules
        if rules is None:
            raise TypeError(f"{type(self.store).__name__} declares no tag_rules")
        return rules

    @operation("TagResource")
    def tag_resource(self, resource_arn: str, tags: Any) -> dict[str, Any]:
        resource = self.store.tagged_resource(resource_arn)
        given = tags_from_list(tags) if self.store.tags_as_list else dict(tags)
        resource.tags = merged_tags(resource.tags, given, self._rules)
        return {}

    @operation("UntagResource")
    def untag_resource(self, resource_arn: str, tag_keys: list[str]) -> dict[str, Any]:
        resource = self.store.tagged_resource(resource_arn)
        resource.tags = without_tags(resource.tags, tag_keys, self._rules)
        return {}

    @operation("ListTagsForResource")
    def list_tags_for_resource(self, resource_arn: str) -> dict[str, Any]:
        tags = self.store.tagged_resource(resource_arn).tags
        return {"tags": tags_to_list(tags) if self.store.tags_as_list else dict(tags)}
