"""The service shape's mechanisms: registrations, stores, table reads, one List call, tags written once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, TypedDict

import pytest

from cleanroom_mock.core.errors import ServiceError
from cleanroom_mock.core.lifecycle import Lifecycle
from cleanroom_mock.core.pagination import Listing
from cleanroom_mock.core.registry import ServiceRegistration, operation
from cleanroom_mock.core.resources import Resource, member
from cleanroom_mock.core.state import MockHandle
from cleanroom_mock.core.store import OperationGroup, Store
from cleanroom_mock.core.tags import TagOperations, TagRules

if TYPE_CHECKING:
    from typing_extensions import Unpack

LISTING = Listing("personalize", 2, ("InvalidNextTokenException", "Invalid next token."))


def not_found(arn: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"{arn} does not exist.")


@dataclass
class Widget(Resource):
    lifecycle: Lifecycle = field(default_factory=lambda: Lifecycle(("CREATE PENDING", "ACTIVE")))

    def view(self) -> dict[str, Any]:
        return {"widgetArn": self.arn, "status": self.lifecycle.current}


class WidgetStore(Store):
    service = "personalize"
    arn_service = "personalize"
    tag_rules = TagRules("InvalidInputException", "TooManyTagsException", "TooManyTagKeysException")

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        self.widgets = self.table(not_found, taggable=True)

    def untaggable(self, arn: str) -> ServiceError:
        return not_found(arn)

    @classmethod
    def new_shared_state(cls) -> Any:
        return {"collaborations": []}


def widget(store: WidgetStore, name: str) -> Widget:
    return store.widgets.add(Widget(arn=store.arn(f"widget/{name}"), name=name))


@pytest.fixture
def store() -> WidgetStore:
    return WidgetStore(MockHandle(), "111111111111", "eu-west-1")


def test_a_read_moves_the_lifecycle_and_a_look_does_not(store):
    made = widget(store, "a")
    assert store.widgets.get(made.arn).lifecycle.current == "CREATE PENDING"
    assert store.widgets.where(lambda w: True)[0].lifecycle.current == "CREATE PENDING"
    assert store.widgets.read(made.arn).lifecycle.current == "ACTIVE"


def test_read_follows_the_handles_lifecycle_mode(store):
    store.handle.lifecycle = "step"
    made = store.widgets.add(Widget(arn="w3", lifecycle=Lifecycle(("A", "B", "C"))))
    assert [store.widgets.read(made.arn).lifecycle.current for _ in range(3)] == ["B", "C", "C"]


def test_a_read_that_completes_a_deletion_is_not_found(store):
    made = widget(store, "gone")
    made.lifecycle.begin(("DELETE PENDING",), on_complete=lambda: store.widgets.remove(made.arn))
    with pytest.raises(ServiceError) as caught:
        store.widgets.read(made.arn)
    assert caught.value.code == "ResourceNotFoundException"
    assert store.widgets.read_all() == []


def test_tables_number_resources_by_the_handles_sequence(store):
    first, second = widget(store, "a"), widget(store, "b")
    other = WidgetStore(store.handle, "222222222222", "eu-west-1")
    third = widget(other, "c")
    assert first.seq < second.seq < third.seq


def test_respond_pages_reads_only_the_page_and_sets_the_token(store):
    made = [widget(store, name) for name in "abcde"]
    page = LISTING.respond("widgets", store.widgets, next_token=None, max_results=None)
    assert [w["widgetArn"] for w in page["widgets"]] == [made[0].arn, made[1].arn]
    assert {w["status"] for w in page["widgets"]} == {"ACTIVE"}
    assert made[4].lifecycle.current == "CREATE PENDING"  # not on this page: not read
    rest = LISTING.respond("widgets", store.widgets, next_token=page["nextToken"], max_results=10)
    assert [w["widgetArn"] for w in rest["widgets"]] == [w.arn for w in made[2:]]
    assert "nextToken" not in rest


def test_respond_filters_and_binds_the_token_to_the_filters(store):
    for name in "abcd":
        widget(store, name)
    page = LISTING.respond("widgets", store.widgets, next_token=None, max_results=1, filters={"name": "x"},
                           where=lambda w: w.name in "bd")
    assert [w["widgetArn"] for w in page["widgets"]] == [store.arn("widget/b")]
    with pytest.raises(ServiceError) as caught:
        LISTING.respond("widgets", store.widgets, next_token=page["nextToken"], max_results=1)
    assert caught.value.code == "InvalidNextTokenException"


def test_tag_operations_work_over_the_taggable_tables(store):
    made = widget(store, "t")
    tags = store.group(TagOperations)
    tags.tag_resource(made.arn, {"team": "ml"})
    assert tags.list_tags_for_resource(made.arn) == {"tags": {"team": "ml"}}
    tags.untag_resource(made.arn, ["team"])
    assert tags.list_tags_for_resource(made.arn) == {"tags": {}}
    with pytest.raises(ServiceError):
        tags.list_tags_for_resource(store.arn("widget/none"))


def test_shared_state_is_one_per_region_and_goes_with_a_reset(store):
    twin = WidgetStore(store.handle, "222222222222", "eu-west-1")
    elsewhere = WidgetStore(store.handle, "111111111111", "us-east-1")
    store.shared["collaborations"].append("c1")
    assert twin.shared["collaborations"] == ["c1"]
    assert elsewhere.shared["collaborations"] == []
    store.handle.reset()
    assert store.shared["collaborations"] == []


class WidgetOperations(OperationGroup[WidgetStore]):
    @operation("DescribeCampaign")
    def describe_campaign(self, campaign_arn: str) -> dict[str, Any]:
        return {"campaign": self.store.widgets.read(campaign_arn).view()}


class TwinOperations(OperationGroup[WidgetStore]):
    @operation("DescribeCampaign")
    def describe(self, campaign_arn: str) -> dict[str, Any]:
        return {}


class StrayOperations(OperationGroup[WidgetStore]):
    @operation("DescribeWidget")
    def describe_widget(self) -> dict[str, Any]:
        return {}


def _registration(*groups: str) -> ServiceRegistration:
    return ServiceRegistration("personalize", "InvalidInputException", f"{__name__}:WidgetStore", groups)


def test_the_operation_table_comes_from_the_marks():
    handlers = _registration(f"{__name__}:WidgetOperations").handlers
    assert set(handlers) == {"DescribeCampaign"}
    assert handlers["DescribeCampaign"].method == "describe_campaign"
    assert handlers["DescribeCampaign"].arguments == {"campaignArn": "campaign_arn"}


@pytest.mark.parametrize("groups, problem", [
    ((f"{__name__}:WidgetOperations", f"{__name__}:TwinOperations"), "implemented twice"),
    ((f"{__name__}:StrayOperations",), "not an operation of personalize"),
])
def test_the_operation_table_refuses_mistakes(groups, problem):
    with pytest.raises(TypeError, match=problem):
        _ = _registration(*groups).handlers


def test_paging_newest_first_and_across_deletes_skips_and_repeats_nothing(store):
    made = [widget(store, name) for name in "abcdefg"]
    seen, token = [], None
    while True:
        page = LISTING.respond("widgets", store.widgets, next_token=token, max_results=2, newest_first=True)
        seen += [w["widgetArn"] for w in page["widgets"]]
        if len(seen) == 2:
            store.widgets.remove(made[6].arn)  # already listed
            store.widgets.remove(made[3].arn)  # not yet listed: never appears
        token = page.get("nextToken")
        if not token:
            break
    assert seen == [made[i].arn for i in (6, 5, 4, 2, 1, 0)]


def test_removals_leave_no_trace_in_the_order_even_after_many(store):
    made = [widget(store, f"w{i}") for i in range(300)]
    for resource in made[:250]:
        store.widgets.remove(resource.arn)
    page = LISTING.respond("widgets", store.widgets, next_token=None, max_results=100)
    assert [w["widgetArn"] for w in page["widgets"]] == [w.arn for w in made[250:]]


class OlderOperations(OperationGroup[WidgetStore]):
    @operation("DescribeCampaign")
    def describe_campaign(self) -> dict[str, Any]:  # written before the model had campaignArn, say
        return {}


def test_a_member_the_handler_does_not_take_is_left_out_of_its_arguments():
    """The dispatcher then answers the service's validation error naming the member, never a TypeError."""
    handlers = _registration(f"{__name__}:OlderOperations").handlers
    assert handlers["DescribeCampaign"].arguments == {}


def test_every_handler_requires_only_what_its_operation_requires():
    """A member the model makes optional (as botocore's models change) must not be a required parameter:
    the call would be a TypeError instead of the operation's answer."""
    import inspect

    from botocore import xform_name

    from cleanroom_mock.core.protocol.models import service_model
    from cleanroom_mock.core.registry import SERVICES

    wrongly_required = []
    for service in SERVICES:
        model = service_model(service)
        for name, handler in SERVICES[service].handlers.items():
            shape = model.operation_model(name).input_shape
            required = {xform_name(member) for member in (shape.required_members if shape is not None else [])}
            parameters = list(inspect.signature(getattr(handler.group, handler.method)).parameters.values())[1:]
            wrongly_required += [
                f"{service}.{name}({p.name})" for p in parameters
                if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD and p.name not in required]
    assert wrongly_required == []


@dataclass
class Gadget(Resource):
    """Members declared once: fields made with ``member`` and the ``SHOWN`` map (paths allowed)."""

    role_arn: str = member(default="")
    domain: str = member(blank_as_none=True, default="")
    version_id: Optional[str] = member("versionIdentifier")
    notes: str = "kept, never shown"
    lifecycle: Lifecycle = field(default_factory=lambda: Lifecycle(("CREATE PENDING", "ACTIVE")))

    SHOWN = {"gadgetArn": "arn", "status": "lifecycle.current"}


@dataclass
class BigGadget(Gadget):
    size: int = member(default=1)

    SHOWN = {"name": "name"}


def test_a_view_shows_the_declared_members_under_their_api_names():
    gadget = Gadget(arn="arn:g", name="g", role_arn="arn:role", version_id="v1")
    assert gadget.view() == {"gadgetArn": "arn:g", "status": "CREATE PENDING", "roleArn": "arn:role",
                             "versionIdentifier": "v1"}  # empty domain, None and undeclared fields left out
    assert Gadget(arn="arn:g", domain="ECOMMERCE").view()["domain"] == "ECOMMERCE"


def test_a_subclass_view_adds_its_members_to_its_bases():
    assert BigGadget(arn="arn:b", name="b", size=3).view() == {
        "gadgetArn": "arn:b", "status": "CREATE PENDING", "name": "b", "roleArn": "", "size": 3}
    assert "name" not in Gadget(arn="arn:g", name="g").view()  # the base's view is not the subclass's


class GadgetMembers(TypedDict, total=False):
    domain: Optional[str]
    version_id: Optional[str]


class GadgetOperations(OperationGroup[WidgetStore]):
    @operation("CreateSchema")
    def create_schema(self, name: str, **stored: Unpack[GadgetMembers]) -> dict[str, Any]:
        return {}

    @operation("CreateDatasetGroup")
    def create_dataset_group(self, name: str, **anything: Any) -> dict[str, Any]:
        return {}


def test_members_unpacked_from_a_typed_dict_are_the_handlers_arguments():
    """``**stored: Unpack[GadgetMembers]`` takes the TypedDict's keys the model has (so a member the emulation
    does not know is still refused by name); ``**anything: Any`` takes every member."""
    handlers = _registration(f"{__name__}:GadgetOperations").handlers
    # CreateSchema's schema is neither named nor a key: refused; versionId is no member of CreateSchema.
    assert handlers["CreateSchema"].arguments == {"name": "name", "domain": "domain"}
    assert set(handlers["CreateDatasetGroup"].arguments) >= {"name", "roleArn", "kmsKeyArn", "domain", "tags"}


class QuietStore(WidgetStore):
    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        Store.__init__(self, handle, account_id, region)
        self.widgets = self.table(not_found, taggable=True, tagging_reads=False)


def test_a_table_may_be_tagged_without_a_read(store):
    quiet = QuietStore(MockHandle(), "111111111111", "eu-west-1")
    made = widget(quiet, "q")
    assert quiet.tagged_resource(made.arn) is made
    assert made.lifecycle.current == "CREATE PENDING"  # tagging took it as it stands
    read = widget(store, "r")
    assert store.tagged_resource(read.arn).lifecycle.current == "ACTIVE"  # the default: tagging reads


def test_read_first_reads_every_resource_before_paging(store):
    made = [widget(store, name) for name in "abc"]
    made[0].lifecycle.begin(("DELETE PENDING",), on_complete=lambda: store.widgets.remove(made[0].arn))
    page = LISTING.respond("widgets", store.widgets, max_results=2, read_first=True)
    assert [w["widgetArn"] for w in page["widgets"]] == [made[1].arn, made[2].arn]  # a full page, no gap
    assert "nextToken" not in page
