"""Every emulated operation against botocore's model: a well-formed request gets a response whose every member
fits the output shape (required members present, enums respected, types right) or an error the operation
declares, with the members its shape requires; a request breaking a server-side constraint (a pattern, a
maximum) gets ValidationException."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.model import Shape

from cleanroom_mock.core.protocol.models import service_model

from .conftest import B, C, aggregation_policy, associate, associate_table, client, configure_table

OPERATIONS = [
    "CreateCollaboration", "GetCollaboration", "ListCollaborations", "UpdateCollaboration", "DeleteCollaboration",
    "ListMembers", "DeleteMember", "CreateMembership", "GetMembership", "ListMemberships", "UpdateMembership",
    "DeleteMembership", "CreateConfiguredAudienceModelAssociation", "GetConfiguredAudienceModelAssociation",
    "ListConfiguredAudienceModelAssociations", "UpdateConfiguredAudienceModelAssociation",
    "DeleteConfiguredAudienceModelAssociation", "GetCollaborationConfiguredAudienceModelAssociation",
    "ListCollaborationConfiguredAudienceModelAssociations", "ListTagsForResource", "TagResource", "UntagResource",
    "CreateConfiguredTable", "GetConfiguredTable", "ListConfiguredTables", "UpdateConfiguredTable",
    "DeleteConfiguredTable", "CreateConfiguredTableAnalysisRule", "GetConfiguredTableAnalysisRule",
    "UpdateConfiguredTableAnalysisRule", "DeleteConfiguredTableAnalysisRule", "CreateConfiguredTableAssociation",
    "GetConfiguredTableAssociation", "ListConfiguredTableAssociations", "UpdateConfiguredTableAssociation",
    "DeleteConfiguredTableAssociation", "CreateConfiguredTableAssociationAnalysisRule",
    "GetConfiguredTableAssociationAnalysisRule", "UpdateConfiguredTableAssociationAnalysisRule",
    "DeleteConfiguredTableAssociationAnalysisRule", "GetSchema", "ListSchemas", "BatchGetSchema",
    "GetSchemaAnalysisRule", "BatchGetSchemaAnalysisRule", "CreateAnalysisTemplate", "GetAnalysisTemplate",
    "ListAnalysisTemplates", "UpdateAnalysisTemplate", "DeleteAnalysisTemplate", "GetCollaborationAnalysisTemplate",
    "ListCollaborationAnalysisTemplates", "BatchGetCollaborationAnalysisTemplate", "StartProtectedQuery",
    "GetProtectedQuery", "ListProtectedQueries", "UpdateProtectedQuery",
]
NOT_A_UUID = "z" * 36  # the right length (checked by botocore) but not the pattern (checked by the service)
UNKNOWN = "00000000-0000-4000-8000-000000000000"
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "long": (int,), "boolean": (bool,),
                                       "double": (int, float), "float": (int, float), "timestamp": (dt.datetime,),
                                       "structure": (dict,), "list": (list,), "map": (dict,)}


def problems(shape: Shape, value: Any, path: str = "") -> list[str]:
    """Where ``value`` does not fit ``shape``."""
    if not isinstance(value, _TYPES[shape.type_name]):
        return [f"{path}: {type(value).__name__} is not a {shape.type_name}"]
    found: list[str] = []
    if shape.type_name == "structure":
        found += [f"{path}.{name}: required, missing" for name in shape.required_members if name not in value]
        for name, member in value.items():
            if name == "ResponseMetadata" and not path:
                continue
            if name not in shape.members:
                found.append(f"{path}.{name}: not in {shape.name}")
            else:
                found += problems(shape.members[name], member, f"{path}.{name}")
    elif shape.type_name == "list":
        for index, item in enumerate(value):
            found += problems(shape.member, item, f"{path}[{index}]")
    elif shape.type_name == "map":
        for key, item in value.items():
            found += problems(shape.value, item, f"{path}[{key}]")
    elif shape.type_name == "string" and shape.enum and value not in shape.enum:
        found.append(f"{path}: {value!r} not in {shape.enum}")
    return found


@dataclass
class World:
    """A's collaboration with B, both joined; B has associated a configured audience model."""

    a: Any
    b: Any
    c: Any
    collaboration: str
    collaboration_arn: str
    a_membership: str
    b_membership: str
    b_membership_arn: str
    association: str
    model: str
    table: str = ""  # B's configured table "purchases" (AGGREGATION rule), associated with a collaboration rule
    spare_table: str = ""  # B's configured table "spare" (no rule, not associated)
    table_association: str = ""  # "purchases"
    bare_association: str = ""  # "visits": B's table associated without a collaboration rule
    template: str = ""  # A's analysis template (id) and its ARN
    template_arn: str = ""
    query: str = ""  # A's protected query (held SUBMITTED: lifecycle manual)


@pytest.fixture
def world(aws: Any, a: Any, b: Any, c: Any, joined: Any, configured_audience_model: Callable[..., str]) -> World:
    model = configured_audience_model(B)
    association = associate(b, joined.b_membership, model)["id"]
    second_model = configured_audience_model(B, name="second")
    collaboration_arn = a.get_collaboration(collaborationIdentifier=joined.collaboration)["collaboration"]["arn"]
    membership_arn = b.get_membership(membershipIdentifier=joined.b_membership)["membership"]["arn"]
    world = World(a, b, c, joined.collaboration, collaboration_arn, joined.a_membership, joined.b_membership,
                  membership_arn, association, second_model)
    rows = [{"user_id": f"u{i}", "amount": i, "segment": "s"} for i in range(5)]
    for name in ("purchases", "visits", "spare"):
        aws.data.put_table("db", name, rows)
    world.table = configure_table(b, "purchases", ["user_id", "amount", "segment"],
                                  rule=("AGGREGATION", aggregation_policy()))
    visits = configure_table(b, "visits", ["user_id", "amount", "segment"], rule=("AGGREGATION", aggregation_policy()))
    world.spare_table = configure_table(b, "spare", ["user_id", "amount", "segment"])
    world.table_association = associate_table(b, joined.b_membership, world.table, "purchases", B)
    world.bare_association = associate_table(b, joined.b_membership, visits, "visits", B)
    b.create_configured_table_association_analysis_rule(
        membershipIdentifier=joined.b_membership, configuredTableAssociationIdentifier=world.table_association,
        analysisRuleType="AGGREGATION", analysisRulePolicy={"v1": {"aggregation": {"allowedResultReceivers": [B]}}})
    template = a.create_analysis_template(
        membershipIdentifier=joined.a_membership, name="by_segment", format="SQL",
        source={"text": "SELECT segment, SUM(amount) FROM purchases WHERE amount > :least GROUP BY segment"},
        analysisParameters=[{"name": "least", "type": "INTEGER", "defaultValue": "0"}])["analysisTemplate"]
    world.template, world.template_arn = template["id"], template["arn"]
    aws.lifecycle.mode("manual", kind="protected-query")
    world.query = a.start_protected_query(
        type="SQL", membershipIdentifier=joined.a_membership, sqlParameters={"queryString": SQL},
        resultConfiguration=TO_B)["protectedQuery"]["id"]
    return world


SQL = "SELECT segment, COUNT(DISTINCT user_id) FROM purchases GROUP BY segment"
TO_B = {"outputConfiguration": {"member": {"accountId": B}}}


def well_formed(w: World) -> dict[str, tuple[Any, dict[str, Any]]]:
    """One request per operation that should succeed, with its caller."""
    cama = {"membershipIdentifier": w.b_membership, "configuredAudienceModelAssociationIdentifier": w.association}
    return {
        "CreateCollaboration": (w.a, {"members": [{"accountId": C, "memberAbilities": [], "displayName": "c"}],
                                      "name": "n", "description": "d", "creatorMemberAbilities": ["CAN_QUERY"],
                                      "creatorDisplayName": "a", "queryLogStatus": "ENABLED"}),
        "GetCollaboration": (w.b, {"collaborationIdentifier": w.collaboration}),
        "ListCollaborations": (w.b, {"memberStatus": "ACTIVE", "maxResults": 5}),
        "UpdateCollaboration": (w.a, {"collaborationIdentifier": w.collaboration, "name": "renamed"}),
        "DeleteCollaboration": (w.a, {"collaborationIdentifier": w.collaboration}),
        "ListMembers": (w.b, {"collaborationIdentifier": w.collaboration}),
        "DeleteMember": (w.a, {"collaborationIdentifier": w.collaboration, "accountId": B}),
        "CreateMembership": (w.c, {"collaborationIdentifier": _invite_c(w), "queryLogStatus": "DISABLED"}),
        "GetMembership": (w.b, {"membershipIdentifier": w.b_membership}),
        "ListMemberships": (w.b, {"status": "ACTIVE"}),
        "UpdateMembership": (w.b, {"membershipIdentifier": w.b_membership, "queryLogStatus": "ENABLED"}),
        "DeleteMembership": (w.a, {"membershipIdentifier": w.a_membership}),  # the creator: a declared Conflict
        "CreateConfiguredAudienceModelAssociation": (w.b, {
            "membershipIdentifier": w.b_membership, "configuredAudienceModelArn": w.model,
            "configuredAudienceModelAssociationName": "second", "manageResourcePolicies": False}),
        "GetConfiguredAudienceModelAssociation": (w.b, cama),
        "ListConfiguredAudienceModelAssociations": (w.b, {"membershipIdentifier": w.b_membership}),
        "UpdateConfiguredAudienceModelAssociation": (w.b, {**cama, "description": "new"}),
        "DeleteConfiguredAudienceModelAssociation": (w.b, cama),
        "GetCollaborationConfiguredAudienceModelAssociation": (w.a, {
            "collaborationIdentifier": w.collaboration,
            "configuredAudienceModelAssociationIdentifier": w.association}),
        "ListCollaborationConfiguredAudienceModelAssociations": (w.a, {"collaborationIdentifier": w.collaboration}),
        "ListTagsForResource": (w.b, {"resourceArn": w.b_membership_arn}),
        "TagResource": (w.a, {"resourceArn": w.collaboration_arn, "tags": {"k": "v"}}),
        "UntagResource": (w.a, {"resourceArn": w.collaboration_arn, "tagKeys": ["k"]}),
        **_data_requests(w),
    }


def _data_requests(w: World) -> dict[str, tuple[Any, dict[str, Any]]]:
    table = {"configuredTableIdentifier": w.table}
    rule = {**table, "analysisRuleType": "AGGREGATION"}
    cta = {"membershipIdentifier": w.b_membership, "configuredTableAssociationIdentifier": w.table_association}
    cta_rule = {**cta, "analysisRuleType": "AGGREGATION"}
    receivers = {"v1": {"aggregation": {"allowedResultReceivers": [B]}}}
    schema = {"collaborationIdentifier": w.collaboration}
    template = {"membershipIdentifier": w.a_membership, "analysisTemplateIdentifier": w.template}
    query = {"membershipIdentifier": w.a_membership, "protectedQueryIdentifier": w.query}
    return {
        "CreateConfiguredTable": (w.a, {"name": "t", "analysisMethod": "DIRECT_QUERY", "allowedColumns": ["user_id"],
                                        "tableReference": {"glue": {"databaseName": "db", "tableName": "spare"}}}),
        "GetConfiguredTable": (w.b, table),
        "ListConfiguredTables": (w.b, {"maxResults": 5}),
        "UpdateConfiguredTable": (w.b, {**table, "description": "d"}),
        "DeleteConfiguredTable": (w.b, {"configuredTableIdentifier": w.spare_table}),
        "CreateConfiguredTableAnalysisRule": (w.b, {"configuredTableIdentifier": w.spare_table,
                                                    "analysisRuleType": "AGGREGATION",
                                                    "analysisRulePolicy": aggregation_policy()}),
        "GetConfiguredTableAnalysisRule": (w.b, rule),
        "UpdateConfiguredTableAnalysisRule": (w.b, {**rule, "analysisRulePolicy": aggregation_policy()}),
        "DeleteConfiguredTableAnalysisRule": (w.b, rule),
        "CreateConfiguredTableAssociation": (w.b, {"name": "spare", "membershipIdentifier": w.b_membership,
                                                   "configuredTableIdentifier": w.spare_table,
                                                   "roleArn": f"arn:aws:iam::{B}:role/r"}),
        "GetConfiguredTableAssociation": (w.b, cta),
        "ListConfiguredTableAssociations": (w.b, {"membershipIdentifier": w.b_membership}),
        "UpdateConfiguredTableAssociation": (w.b, {**cta, "description": "d"}),
        "DeleteConfiguredTableAssociation": (w.b, cta),
        "CreateConfiguredTableAssociationAnalysisRule": (w.b, {
            "membershipIdentifier": w.b_membership, "configuredTableAssociationIdentifier": w.bare_association,
            "analysisRuleType": "AGGREGATION", "analysisRulePolicy": receivers}),
        "GetConfiguredTableAssociationAnalysisRule": (w.b, cta_rule),
        "UpdateConfiguredTableAssociationAnalysisRule": (w.b, {**cta_rule, "analysisRulePolicy": receivers}),
        "DeleteConfiguredTableAssociationAnalysisRule": (w.b, cta_rule),
        "GetSchema": (w.a, {**schema, "name": "purchases"}),
        "ListSchemas": (w.a, {**schema, "schemaType": "TABLE"}),
        "BatchGetSchema": (w.a, {**schema, "names": ["purchases", "unknown"]}),
        "GetSchemaAnalysisRule": (w.a, {**schema, "name": "purchases", "type": "AGGREGATION"}),
        "BatchGetSchemaAnalysisRule": (w.a, {**schema, "schemaAnalysisRuleRequests": [
            {"name": "purchases", "type": "AGGREGATION"}, {"name": "purchases", "type": "LIST"}]}),
        "CreateAnalysisTemplate": (w.a, {"membershipIdentifier": w.a_membership, "name": "t", "format": "SQL",
                                         "source": {"text": "SELECT 1"}}),
        "GetAnalysisTemplate": (w.a, template),
        "ListAnalysisTemplates": (w.a, {"membershipIdentifier": w.a_membership}),
        "UpdateAnalysisTemplate": (w.a, {**template, "description": "d"}),
        "DeleteAnalysisTemplate": (w.a, template),
        "GetCollaborationAnalysisTemplate": (w.b, {**schema, "analysisTemplateArn": w.template_arn}),
        "ListCollaborationAnalysisTemplates": (w.b, schema),
        "BatchGetCollaborationAnalysisTemplate": (w.b, {**schema, "analysisTemplateArns": [
            w.template_arn, w.template_arn.replace(w.template, UNKNOWN)]}),
        "StartProtectedQuery": (w.a, {"type": "SQL", "membershipIdentifier": w.a_membership,
                                      "sqlParameters": {"queryString": SQL}, "resultConfiguration": TO_B}),
        "GetProtectedQuery": (w.a, query),
        "ListProtectedQueries": (w.a, {"membershipIdentifier": w.a_membership, "status": "SUBMITTED"}),
        "UpdateProtectedQuery": (w.a, {**query, "targetStatus": "CANCELLED"}),
    }


def _invite_c(w: World) -> str:
    return str(w.a.create_collaboration(
        members=[{"accountId": C, "memberAbilities": ["CAN_RECEIVE_RESULTS"], "displayName": "c"}], name="with c",
        description="d", creatorMemberAbilities=["CAN_QUERY"], creatorDisplayName="a",
        queryLogStatus="DISABLED")["collaboration"]["id"])


def from_a_stranger(w: World) -> dict[str, tuple[Any, dict[str, Any]]]:
    """Each request again, well-formed but naming what the caller may not see or what does not exist."""
    requests = well_formed(w)
    found: dict[str, tuple[Any, dict[str, Any]]] = {}
    for name, (_, kwargs) in requests.items():
        found[name] = (w.c, {key: (UNKNOWN if key.endswith("Identifier") else value)
                             for key, value in kwargs.items()})
    return found


def broken(w: World) -> dict[str, tuple[Any, dict[str, Any]]]:
    """Each request breaking one constraint only the service checks (a pattern or a maximum)."""
    requests = well_formed(w)
    found: dict[str, tuple[Any, dict[str, Any]]] = {}
    for name, (caller, kwargs) in requests.items():
        changed = {key: (NOT_A_UUID if key.endswith("Identifier") else value) for key, value in kwargs.items()}
        if "resourceArn" in changed:
            changed["resourceArn"] = "arn:aws:s3:::not-a-clean-rooms-resource"
        if changed == kwargs and "maxResults" in service_model("cleanrooms").operation_model(name).input_shape.members:
            changed["maxResults"] = 101
        found[name] = (caller, changed)
    found["CreateCollaboration"][1]["members"] = [{"accountId": "abcdefghijkl", "memberAbilities": [],
                                                   "displayName": "c"}]
    found["DeleteMember"][1]["collaborationIdentifier"] = w.collaboration
    found["DeleteMember"][1]["accountId"] = "abcdefghijkl"
    found["CreateConfiguredAudienceModelAssociation"][1]["membershipIdentifier"] = w.b_membership
    found["CreateConfiguredAudienceModelAssociation"][1]["configuredAudienceModelArn"] = "arn:aws:s3:::some-bucket"
    found["CreateConfiguredTable"][1]["allowedColumns"] = ["Not Lower Case"]
    return found


def call(caller: Any, operation: str, kwargs: dict[str, Any]) -> tuple[dict[str, Any] | None, ClientError | None]:
    try:
        return getattr(caller, xform_name(operation))(**kwargs), None
    except ClientError as error:
        return None, error


def check_answer(operation: str, response: dict[str, Any] | None, error: ClientError | None) -> None:
    model = service_model("cleanrooms").operation_model(operation)
    if error is None:
        assert response is not None
        if model.output_shape is None:
            assert set(response) == {"ResponseMetadata"}
        else:
            assert problems(model.output_shape, response) == []
        return
    declared = {shape.name: shape for shape in model.error_shapes}
    code = error.response["Error"]["Code"]
    assert code in declared, f"{operation} answered {code}, which it does not declare"
    body = {key: value for key, value in error.response.items() if key not in ("Error", "ResponseMetadata")}
    assert problems(declared[code], body) == []
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == declared[code].metadata["error"]["httpStatusCode"]


def test_the_operation_list_is_what_the_coverage_page_marks_emulated() -> None:
    from cleanroom_mock.coverage import implemented_operations

    assert sorted(name for name, done in implemented_operations("cleanrooms").items() if done) == sorted(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_well_formed_request_gets_a_shape_valid_answer(world: World, operation: str) -> None:
    caller, kwargs = well_formed(world)[operation]
    response, error = call(caller, operation, kwargs)
    check_answer(operation, response, error)
    if operation != "DeleteMembership":
        assert error is None, error


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_stranger_or_unknown_resource_gets_a_declared_error(world: World, operation: str) -> None:
    caller, kwargs = from_a_stranger(world)[operation]
    response, error = call(caller, operation, kwargs)
    check_answer(operation, response, error)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_breaking_a_server_side_constraint_is_a_validation_error(world: World, operation: str) -> None:
    caller, kwargs = broken(world)[operation]
    response, error = call(caller, operation, kwargs)
    assert error is not None, f"{operation} accepted {kwargs}"
    assert error.response["Error"]["Code"] == "ValidationException"
    check_answer(operation, response, error)


def test_operations_without_a_handler_name_themselves(world: World) -> None:
    error = call(client(C), "ListPrivacyBudgetTemplates", {"membershipIdentifier": UNKNOWN})[1]
    assert error is not None and error.response["Error"]["Code"] == "NotImplementedException"
    assert "cleanrooms.ListPrivacyBudgetTemplates" in error.response["Error"]["Message"]


def test_model_validation_errors_carry_the_reason_member(cleanrooms_mock) -> None:
    import boto3

    client = boto3.client("cleanrooms", region_name="us-east-1")
    with pytest.raises(client.exceptions.ValidationException) as caught:
        client.get_collaboration(collaborationIdentifier="not-a-uuid-but-thirty-six-characters!")  # pattern
    assert caught.value.response["reason"] == "FIELD_VALIDATION_FAILED"
