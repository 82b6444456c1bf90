"""Configured model algorithms, their associations, memberships and tags."""

from __future__ import annotations

import pytest

from ..constants import IMAGE, D, P, X


def test_algorithm_create_get_list_delete(aws, client, role) -> None:
    p = client(P)
    arn = p.create_configured_model_algorithm(
        name="algo", roleArn=role(P), description="d", tags={"team": "ml"},
        trainingContainerConfig={"imageUri": f"{IMAGE}:v1", "metricDefinitions": [{"name": "loss", "regex": "l=(.*)"}]},
    )["configuredModelAlgorithmArn"]
    assert arn.startswith(f"arn:aws:cleanrooms-ml:us-east-1:{P}:configured-model-algorithm/")
    got = p.get_configured_model_algorithm(configuredModelAlgorithmArn=arn)
    assert got["name"] == "algo" and got["roleArn"] == role(P) and got["tags"] == {"team": "ml"}
    assert got["trainingContainerConfig"]["imageUri"] == f"{IMAGE}:v1" and "inferenceContainerConfig" not in got
    listed = p.list_configured_model_algorithms()["configuredModelAlgorithms"]
    assert [a["configuredModelAlgorithmArn"] for a in listed] == [arn]
    assert client(D).list_configured_model_algorithms()["configuredModelAlgorithms"] == []
    p.delete_configured_model_algorithm(configuredModelAlgorithmArn=arn)
    with pytest.raises(p.exceptions.ResourceNotFoundException, match="Configured model algorithm not found"):
        p.get_configured_model_algorithm(configuredModelAlgorithmArn=arn)


@pytest.mark.parametrize("kwargs, message", [
    ({}, "needs a trainingContainerConfig"),
    ({"trainingContainerConfig": {"imageUri": "just-a-name"}}, "registry/repository"),
    ({"inferenceContainerConfig": {"imageUri": f"{IMAGE}@sha256:abc"}}, "registry/repository"),
    ({"trainingContainerConfig": {"imageUri": IMAGE, "metricDefinitions": [
        {"name": "m", "regex": "a"}, {"name": "m", "regex": "b"}]}}, "unique"),
])
def test_algorithm_validation(aws, kwargs, message, client, role) -> None:
    p = client(P)
    with pytest.raises(p.exceptions.ValidationException, match=message):
        p.create_configured_model_algorithm(name="algo", roleArn=role(P), **kwargs)


def test_algorithm_role_of_another_account_and_duplicate_name(aws, client, role) -> None:
    p = client(P)
    with pytest.raises(p.exceptions.AccessDeniedException):
        p.create_configured_model_algorithm(name="a", roleArn=role(D), inferenceContainerConfig={"imageUri": IMAGE})
    p.create_configured_model_algorithm(name="a", roleArn=role(P), inferenceContainerConfig={"imageUri": IMAGE})
    with pytest.raises(p.exceptions.ConflictException, match="already exists"):
        p.create_configured_model_algorithm(name="a", roleArn=role(P), inferenceContainerConfig={"imageUri": IMAGE})


def test_algorithm_quota(aws, client, role) -> None:
    aws.quotas.set("cleanroomsml", "Active configured model algorithms", 1)
    p = client(P)
    p.create_configured_model_algorithm(name="a", roleArn=role(P), inferenceContainerConfig={"imageUri": IMAGE})
    with pytest.raises(p.exceptions.ServiceQuotaExceededException) as raised:
        p.create_configured_model_algorithm(name="b", roleArn=role(P), inferenceContainerConfig={"imageUri": IMAGE})
    assert raised.value.response["quotaValue"] == 1


def test_association_lifecycle_and_collaboration_views(aws, make_collab) -> None:
    s = make_collab()
    assert f":membership/{s.p_membership}/configured-model-algorithm-association/" in s.association
    got = s.p.get_configured_model_algorithm_association(
        membershipIdentifier=s.p_membership, configuredModelAlgorithmAssociationArn=s.association)
    assert got["collaborationIdentifier"] == s.collaboration and got["configuredModelAlgorithmArn"] == s.algorithm
    assert got["privacyConfiguration"]["policies"]["trainedModelExports"]["filesToExport"] == ["MODEL", "OUTPUT"]
    listed = s.p.list_configured_model_algorithm_associations(membershipIdentifier=s.p_membership)
    assert [a["name"] for a in listed["configuredModelAlgorithmAssociations"]] == ["churn"]
    # The data owner sees the provider's association through the collaboration, never through a membership.
    seen = s.d.get_collaboration_configured_model_algorithm_association(
        collaborationIdentifier=s.collaboration, configuredModelAlgorithmAssociationArn=s.association)
    assert seen["creatorAccountId"] == P
    every = s.d.list_collaboration_configured_model_algorithm_associations(collaborationIdentifier=s.collaboration)
    assert [a["creatorAccountId"] for a in every["collaborationConfiguredModelAlgorithmAssociations"]] == [P]
    assert s.d.list_configured_model_algorithm_associations(
        membershipIdentifier=s.d_membership)["configuredModelAlgorithmAssociations"] == []
    with pytest.raises(s.d.exceptions.ResourceNotFoundException):
        s.d.get_configured_model_algorithm_association(
            membershipIdentifier=s.d_membership, configuredModelAlgorithmAssociationArn=s.association)
    # An algorithm with an association cannot be deleted; once the association goes, it can.
    with pytest.raises(s.p.exceptions.ConflictException, match="delete them first"):
        s.p.delete_configured_model_algorithm(configuredModelAlgorithmArn=s.algorithm)
    s.p.delete_configured_model_algorithm_association(
        membershipIdentifier=s.p_membership, configuredModelAlgorithmAssociationArn=s.association)
    s.p.delete_configured_model_algorithm(configuredModelAlgorithmArn=s.algorithm)


def test_membership_errors(aws, client, make_collab) -> None:
    s = make_collab()
    unknown = "00000000-0000-4000-8000-000000000000"
    # An unknown membership or collaboration is not found where the operation declares that error, and
    # access denied where it does not (the List operations): each answers only errors it declares.
    with pytest.raises(s.p.exceptions.ResourceNotFoundException, match="Membership not found"):
        s.p.get_ml_configuration(membershipIdentifier=unknown)
    with pytest.raises(s.p.exceptions.AccessDeniedException, match="Membership not found"):
        s.p.list_configured_model_algorithm_associations(membershipIdentifier=unknown)
    with pytest.raises(s.p.exceptions.AccessDeniedException, match="belongs to account"):
        s.p.list_ml_input_channels(membershipIdentifier=s.d_membership)
    with pytest.raises(s.p.exceptions.ResourceNotFoundException, match="Collaboration not found"):
        s.p.get_collaboration_trained_model(collaborationIdentifier=unknown,
                                            trainedModelArn=f"arn:aws:cleanrooms-ml:us-east-1:{P}:membership/"
                                                            f"{unknown}/trained-model/{unknown}")
    with pytest.raises(s.p.exceptions.AccessDeniedException, match="Collaboration not found"):
        s.p.list_collaboration_trained_models(collaborationIdentifier=unknown)
    with pytest.raises(s.p.exceptions.AccessDeniedException, match="not a member"):
        client(X).list_collaboration_ml_input_channels(collaborationIdentifier=s.collaboration)


def test_association_rules(aws, make_collab) -> None:
    s = make_collab()
    create = s.p.create_configured_model_algorithm_association

    def logs(**redaction):
        return {"policies": {"trainedModels": {"containerLogs": [
            {"allowedAccountIds": [P], "logRedactionConfiguration": redaction}]}}}

    with pytest.raises(s.p.exceptions.ValidationException, match="customEntityConfig is required"):
        create(membershipIdentifier=s.p_membership, configuredModelAlgorithmArn=s.algorithm, name="x",
               privacyConfiguration=logs(entitiesToRedact=["CUSTOM"]))
    with pytest.raises(s.p.exceptions.ValidationException, match="only allowed"):
        create(membershipIdentifier=s.p_membership, configuredModelAlgorithmArn=s.algorithm, name="x",
               privacyConfiguration=logs(entitiesToRedact=["NUMBERS"],
                                         customEntityConfig={"customDataIdentifiers": ["id"]}))
    with pytest.raises(s.p.exceptions.ValidationException, match="must be members"):
        create(membershipIdentifier=s.p_membership, configuredModelAlgorithmArn=s.algorithm, name="x",
               privacyConfiguration={"policies": {"trainedModelInferenceJobs": {"containerLogs": [
                   {"allowedAccountIds": [X]}]}}})
    with pytest.raises(s.p.exceptions.ConflictException, match="already exists"):
        create(membershipIdentifier=s.p_membership, configuredModelAlgorithmArn=s.algorithm, name="churn")
    # Another account's algorithm is not found (own-account only).
    with pytest.raises(s.d.exceptions.ResourceNotFoundException):
        s.d.create_configured_model_algorithm_association(
            membershipIdentifier=s.d_membership, configuredModelAlgorithmArn=s.algorithm, name="x")
    ok = create(membershipIdentifier=s.p_membership, configuredModelAlgorithmArn=s.algorithm, name="custom",
                privacyConfiguration=logs(entitiesToRedact=["CUSTOM"],
                                          customEntityConfig={"customDataIdentifiers": ["id"]}))
    assert ok["configuredModelAlgorithmAssociationArn"]


def test_association_quota(aws, make_collab) -> None:
    s = make_collab()
    aws.quotas.set("cleanroomsml", "Active configured model algorithm associations", 1)
    with pytest.raises(s.p.exceptions.ServiceQuotaExceededException):
        s.p.create_configured_model_algorithm_association(
            membershipIdentifier=s.p_membership, configuredModelAlgorithmArn=s.algorithm, name="second")


def test_tags_on_custom_model_resources(aws, make_collab) -> None:
    s = make_collab()
    for c, arn in ((s.p, s.algorithm), (s.p, s.association), (s.d, s.channel()), (s.d, s.train()["trainedModelArn"])):
        c.tag_resource(resourceArn=arn, tags={"k": "v"})
        assert c.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v"}
        c.untag_resource(resourceArn=arn, tagKeys=["k"])
        assert c.list_tags_for_resource(resourceArn=arn)["tags"] == {}
    # Another account's resource is not found, even inside a shared collaboration.
    with pytest.raises(s.d.exceptions.ResourceNotFoundException):
        s.d.list_tags_for_resource(resourceArn=s.association)
