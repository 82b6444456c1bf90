"""Who pays: the creator's assignment at CreateCollaboration and each member's acceptance at CreateMembership
(payment.py; botocore QueryComputePaymentConfig and MembershipQueryComputePaymentConfig)."""

from __future__ import annotations

from typing import Any

from .conftest import A, B, C, create_collaboration, error_of, join, member

PAYS = {"queryCompute": {"isResponsible": True}}
DOES_NOT_PAY = {"queryCompute": {"isResponsible": False}}


def payments(caller: Any, collaboration: str) -> dict[str, Any]:
    return {m["accountId"]: m["paymentConfiguration"]
            for m in caller.list_members(collaborationIdentifier=collaboration)["memberSummaries"]}


def test_the_member_who_can_query_pays_by_default(a: Any) -> None:
    collaboration = create_collaboration(a)["id"]
    assert payments(a, collaboration) == {A: PAYS, B: DOES_NOT_PAY}


def test_the_creator_can_make_another_member_the_payer(a: Any, b: Any) -> None:
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS", paymentConfiguration=PAYS)])["id"]
    assert payments(a, collaboration) == {A: DOES_NOT_PAY, B: PAYS}
    # B cannot query but pays: it must accept payment when joining (API_CreateMembership).
    error = error_of(join, b, collaboration)
    assert error["Code"] == "ValidationException" and error["reason"] == "INVALID_CONFIGURATION"
    assert "paymentConfiguration is required" in error["Message"]
    refused = error_of(join, b, collaboration, paymentConfiguration=DOES_NOT_PAY)
    assert refused["Code"] == "ValidationException" and "responsible" in refused["Message"]
    assert join(b, collaboration, paymentConfiguration=PAYS)["paymentConfiguration"] == PAYS


def test_a_member_cannot_accept_costs_it_was_not_given(a: Any) -> None:
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS", paymentConfiguration=PAYS)])["id"]
    error = error_of(join, a, collaboration, paymentConfiguration=PAYS)
    assert error["Code"] == "ValidationException" and "not responsible" in error["Message"]
    assert join(a, collaboration)["paymentConfiguration"] == DOES_NOT_PAY  # optional for the member who queries


def test_only_one_payer_per_cost(a: Any) -> None:
    error = error_of(create_collaboration, a, [member(B, "CAN_RECEIVE_RESULTS", paymentConfiguration=PAYS)],
                     creatorPaymentConfiguration=PAYS)
    assert error["Code"] == "ValidationException" and "Exactly one member" in error["Message"]


def test_the_member_who_can_query_cannot_be_set_false_when_nobody_else_pays(a: Any) -> None:
    error = error_of(create_collaboration, a, creatorPaymentConfiguration=DOES_NOT_PAY)
    assert error["Code"] == "ValidationException" and "default payer" in error["Message"]
    # ... but can be when another member pays
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS", paymentConfiguration=PAYS)],
                                         creatorPaymentConfiguration=DOES_NOT_PAY)["id"]
    assert payments(a, collaboration)[B] == PAYS


def test_machine_learning_and_job_costs_are_materialised_when_mentioned(a: Any, b: Any) -> None:
    ml = {"queryCompute": {"isResponsible": False},
          "machineLearning": {"modelTraining": {"isResponsible": True}}}
    collaboration = create_collaboration(a, [member(B, "CAN_RECEIVE_RESULTS", paymentConfiguration=ml),
                                             member(C, "CAN_RUN_JOB")])["id"]
    found = payments(a, collaboration)
    assert found[B] == {"queryCompute": {"isResponsible": False},
                        "machineLearning": {"modelTraining": {"isResponsible": True}}}
    assert found[A] == {"queryCompute": {"isResponsible": True},
                        "machineLearning": {"modelTraining": {"isResponsible": False}}}
    membership = join(b, collaboration, paymentConfiguration={
        "queryCompute": {"isResponsible": False}, "machineLearning": {"modelTraining": {"isResponsible": True}}})
    assert membership["paymentConfiguration"] == found[B]
    jobs = create_collaboration(a, [member(C, "CAN_RUN_JOB", paymentConfiguration={
        "queryCompute": {"isResponsible": False}, "jobCompute": {"isResponsible": True}})])["id"]
    assert payments(a, jobs)[C]["jobCompute"] == {"isResponsible": True}
    assert payments(a, jobs)[A]["jobCompute"] == {"isResponsible": False}
