"""The shared mechanisms every backend stands on: pagination, tags, lifecycles, the clock, ARNs, tables."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from cleanroom_mock.core import clock
from cleanroom_mock.core.arns import build_arn, parse_arn
from cleanroom_mock.core.errors import ServiceError
from cleanroom_mock.core.lifecycle import Lifecycle, LifecycleSettings
from cleanroom_mock.core.pagination import paginate
from cleanroom_mock.core.resources import Resource, ResourceTable
from cleanroom_mock.core.tags import TagRules, merged_tags, tags_from_list, tags_to_list, without_tags

BAD_TOKEN = ("InvalidNextTokenException", "Invalid next token.")
RULES = TagRules("InvalidInputException", "TooManyTagsException", "TooManyTagKeysException", reserved_values=True)




def _page(items, token=None, size=2, filters=None):
    return paginate(items, sort_key=lambda n: n, next_token=token, max_results=size, default_page_size=10,
                    filters=filters or {}, invalid_token_error=BAD_TOKEN)


def test_pagination_walks_every_item_once():
    items = list(range(1, 6))
    seen, token = [], None
    while True:
        page, token = _page(items, token)
        seen += page
        if token is None:
            break
    assert seen == items


def test_pagination_is_stable_across_deletes():
    items = [1, 2, 3, 4, 5]
    page, token = _page(items)
    assert page == [1, 2]
    items.remove(3)  # deleted between pages: nothing skipped, nothing repeated
    page, token = _page(items, token)
    assert page == [4, 5] and token is None


def test_pagination_default_page_size():
    page, token = paginate(list(range(25)), sort_key=lambda n: n, next_token=None, max_results=None,
                           default_page_size=10, filters={}, invalid_token_error=BAD_TOKEN)
    assert len(page) == 10 and token


def test_invalid_or_foreign_tokens_are_rejected():
    with pytest.raises(ServiceError) as caught:
        _page([1, 2, 3], token="garbage!")
    assert caught.value.code == "InvalidNextTokenException"
    _, token = _page([1, 2, 3], filters={"datasetGroupArn": "a"})
    with pytest.raises(ServiceError):
        _page([1, 2, 3], token=token, filters={"datasetGroupArn": "b"})


def test_tags_merge_overwrite_and_limits():
    tags = merged_tags({"a": "1"}, {"a": "2", "b": "3"}, RULES)
    assert tags == {"a": "2", "b": "3"}
    with pytest.raises(ServiceError) as caught:
        merged_tags({f"k{i}": "v" for i in range(49)}, {"x": "1", "y": "2"}, RULES)
    assert caught.value.code == "TooManyTagsException"
    with pytest.raises(ServiceError) as caught:
        merged_tags({}, {"AWS:secret": "v"}, RULES)
    assert caught.value.code == "InvalidInputException"
    with pytest.raises(ServiceError):
        merged_tags({}, {"k": "aws:value"}, RULES)
    crml = TagRules("ValidationException", "ValidationException", "ValidationException")
    assert merged_tags({}, {"k": "aws:value"}, crml) == {"k": "aws:value"}  # only Personalize reserves values


def test_untag_removes_and_ignores_absent_keys():
    assert without_tags({"a": "1", "b": "2"}, ["a", "zzz"], RULES) == {"b": "2"}
    with pytest.raises(ServiceError) as caught:
        without_tags({}, [f"k{i}" for i in range(51)], RULES)
    assert caught.value.code == "TooManyTagKeysException"


def test_tag_shapes_round_trip():
    listed = [{"tagKey": "team", "tagValue": "ml"}]
    assert tags_to_list(tags_from_list(listed)) == listed


def test_lifecycle_next_read_reaches_the_final_status_and_runs_the_work():
    work = []
    status = Lifecycle(["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"], on_complete=lambda: work.append(1))
    assert status.current == "CREATE PENDING"
    assert status.observe() == "ACTIVE"
    assert status.observe() == "ACTIVE" and work == [1]


def test_lifecycle_failure_lands_in_the_failed_status_with_a_reason():
    status = Lifecycle(["CREATE PENDING", "ACTIVE"], on_complete=lambda: "Not enough data.",
                       failed_status="CREATE FAILED")
    assert status.observe() == "CREATE FAILED"
    assert status.failure_reason == "Not enough data."


def test_lifecycle_step_mode_moves_one_status_per_read():
    settings = LifecycleSettings()
    settings.configure(mode="step")
    status = Lifecycle(["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"])
    assert [status.observe(settings), status.observe(settings), status.observe(settings)] == [
        "CREATE IN_PROGRESS", "ACTIVE", "ACTIVE"]


def test_lifecycle_timed_mode_follows_freezegun():
    settings = LifecycleSettings()
    settings.configure(mode="timed", step_seconds=30)
    with freeze_time("2026-11-22 10:00:00") as frozen:
        status = Lifecycle(["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"])
        assert status.observe(settings) == "CREATE PENDING"
        frozen.tick(dt.timedelta(seconds=31))
        assert status.observe(settings) == "CREATE IN_PROGRESS"
        frozen.tick(dt.timedelta(seconds=30))
        assert status.observe(settings) == "ACTIVE"
        assert status.updated_at == dt.datetime(2026, 11, 22, 10, 1, tzinfo=dt.timezone.utc)


def test_a_new_phase_starts_from_its_first_status():
    status = Lifecycle(["CREATE PENDING", "ACTIVE"])
    status.observe()
    status.begin(["DELETE PENDING", "DELETED"])
    assert status.current == "DELETE PENDING"


def test_clock_is_frozen_by_freezegun_and_utc_aware():
    with freeze_time("2030-01-02 03:04:05.678901"):
        now = clock.now()
    assert now == dt.datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc)


def test_arns_build_and_parse():
    arn = build_arn("personalize", "eu-west-1", "111111111111", "solution/s/abc")
    parsed = parse_arn(arn)
    assert (parsed.service, parsed.region, parsed.account, parsed.resource_type, parsed.resource_id) == (
        "personalize", "eu-west-1", "111111111111", "solution", "s/abc")
    assert str(parsed) == arn
    assert parse_arn("not-an-arn") is None


def test_resource_table_lookup_names_order_and_quota():
    table: ResourceTable[Resource] = ResourceTable(
        lambda arn: ServiceError("ResourceNotFoundException", f"Resource Arn {arn} does not exist."),
        name_taken=lambda name: ServiceError("ResourceAlreadyExistsException", name),
    )
    first = table.add(Resource(arn="arn:1", name="one"))
    table.add(Resource(arn="arn:2", name="two"))
    assert [r.name for r in table] == ["one", "two"] and table.get("arn:1") is first
    with pytest.raises(ServiceError, match="does not exist"):
        table.get("arn:3")
    with pytest.raises(ServiceError) as caught:
        table.add(Resource(arn="arn:4", name="one"))
    assert caught.value.code == "ResourceAlreadyExistsException"


def test_a_name_is_free_again_once_its_resource_is_removed():
    table: ResourceTable[Resource] = ResourceTable(
        lambda arn: ServiceError("ResourceNotFoundException", arn),
        name_taken=lambda name: ServiceError("ResourceAlreadyExistsException", name),
    )
    table.add(Resource(arn="arn:1", name="one"))
    table.remove("arn:1")
    assert table.by_name("one") is None
    again = table.add(Resource(arn="arn:2", name="one"))
    assert table.by_name("one") is again


def test_a_resource_added_again_under_its_arn_is_listed_once_at_its_new_place():
    table: ResourceTable[Resource] = ResourceTable(lambda arn: ServiceError("ResourceNotFoundException", arn))
    first = table.add(Resource(arn="arn:1", name="one"))
    table.add(Resource(arn="arn:2", name="two"))
    table.add(first)
    assert [r.name for r in table.page(None, 10)[0]] == ["two", "one"]
    table.add(Resource(arn="arn:1", name="replacement"))
    assert [r.name for r in table.page(None, 10)[0]] == ["two", "replacement"]


def test_untagged_resources_share_one_empty_read_only_mapping_that_tagging_replaces():
    one, two = Resource(arn="arn:1"), Resource(arn="arn:2")
    assert one.tags == {} and dict(one.tags) == {} and one.tags is two.tags
    with pytest.raises(TypeError):
        one.tags["k"] = "v"  # type: ignore[index]
    one.tags = merged_tags(one.tags, {"k": "v"}, RULES)
    assert one.tags == {"k": "v"} and two.tags == {}


def test_names_may_repeat_where_the_service_allows_it():
    table: ResourceTable[Resource] = ResourceTable(lambda arn: ServiceError("ResourceNotFoundException", arn))
    first = table.add(Resource(arn="arn:1", name="same"))
    second = table.add(Resource(arn="arn:2", name="same"))
    assert table.by_name("same") is first
    table.remove("arn:1")
    assert table.by_name("same") is second
