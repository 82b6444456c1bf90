"""Analysis templates and their collaboration variants."""

from __future__ import annotations

from typing import Any

from ..conftest import A, DataCollaboration, error_of

TEXT = "SELECT segment, SUM(amount) FROM purchases WHERE amount >= :least GROUP BY segment"
PARAMETERS = [{"name": "least", "type": "INTEGER", "defaultValue": "5"}]


def create(caller: Any, membership: str, name: str = "spend", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("source", {"text": TEXT})
    kwargs.setdefault("analysisParameters", PARAMETERS)
    return dict(caller.create_analysis_template(membershipIdentifier=membership, name=name, format="SQL",
                                                **kwargs)["analysisTemplate"])


def test_a_template_is_kept_with_its_parameters(a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    template = create(a, d.a_membership, description="spend per segment")
    assert template["arn"] == (f"arn:aws:cleanrooms:us-east-1:{A}:membership/{d.a_membership}/analysistemplate/"
                               f"{template['id']}")
    assert (template["source"], template["analysisParameters"], template["collaborationId"]) == (
        {"text": TEXT}, PARAMETERS, d.collaboration)
    ids = {"membershipIdentifier": d.a_membership, "analysisTemplateIdentifier": template["id"]}
    assert a.get_analysis_template(**ids)["analysisTemplate"] == template
    updated = a.update_analysis_template(**ids, description="changed")["analysisTemplate"]
    assert updated["description"] == "changed" and updated["source"] == {"text": TEXT}
    summaries = a.list_analysis_templates(membershipIdentifier=d.a_membership)["analysisTemplateSummaries"]
    assert [s["name"] for s in summaries] == ["spend"]
    a.delete_analysis_template(**ids)
    assert error_of(a.get_analysis_template, **ids)["Code"] == "ResourceNotFoundException"


def test_every_referenced_parameter_must_be_declared(a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    error = error_of(create, a, d.a_membership, source={"text": TEXT + " HAVING SUM(amount) > :most"})
    assert error["Code"] == "ValidationException" and "most" in error["Message"] and "least" not in error["Message"]
    error = error_of(create, a, d.a_membership, analysisParameters=PARAMETERS * 2)
    assert "more than once" in error["Message"]
    assert error_of(create, a, d.a_membership, source={"artifacts": {
        "entryPoint": {"location": {"bucket": "code", "key": "main.py"}}, "roleArn": f"arn:aws:iam::{A}:role/r"}})[
        "Code"] == "ValidationException"


def test_names_are_unique_in_a_membership_and_25_at_most(a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    create(a, d.a_membership)
    assert error_of(create, a, d.a_membership)["reason"] == "ALREADY_EXISTS"
    for number in range(24):
        create(a, d.a_membership, name=f"t{number}")
    error = error_of(create, a, d.a_membership, name="one_too_many")
    assert (error["Code"], error["quotaValue"]) == ("ServiceQuotaExceededException", 25.0)


def test_every_member_sees_the_collaborations_templates(a: Any, b: Any, c: Any,
                                                        data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    template = create(a, d.a_membership)
    seen = b.get_collaboration_analysis_template(collaborationIdentifier=d.collaboration,
                                                 analysisTemplateArn=template["arn"])["collaborationAnalysisTemplate"]
    assert seen["creatorAccountId"] == A and "membershipId" not in seen and seen["source"] == {"text": TEXT}
    summaries = b.list_collaboration_analysis_templates(collaborationIdentifier=d.collaboration)
    assert [s["arn"] for s in summaries["collaborationAnalysisTemplateSummaries"]] == [template["arn"]]
    unknown = template["arn"].replace(template["id"], "00000000-0000-4000-8000-000000000000")
    batch = b.batch_get_collaboration_analysis_template(collaborationIdentifier=d.collaboration,
                                                        analysisTemplateArns=[template["arn"], unknown])
    assert [t["id"] for t in batch["collaborationAnalysisTemplates"]] == [template["id"]]
    assert [(e["arn"], e["code"]) for e in batch["errors"]] == [(unknown, "ResourceNotFoundException")]
    assert error_of(c.list_collaboration_analysis_templates, collaborationIdentifier=d.collaboration)[
        "Code"] == "AccessDeniedException"
    # Another member's template is not in the caller's own membership.
    assert error_of(b.get_analysis_template, membershipIdentifier=d.b_membership,
                    analysisTemplateIdentifier=template["id"])["Code"] == "ResourceNotFoundException"
