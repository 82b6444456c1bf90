"""Trained model export jobs: the files they write to the receiving member, the exports policy."""

from __future__ import annotations

import pytest

from ..constants import D, P


def test_export_job_writes_the_allowed_files(aws, make_collab) -> None:
    s = make_collab()
    model = s.active_model()
    s.d.start_trained_model_export_job(membershipIdentifier=s.d_membership, name="to-provider",
                                       trainedModelArn=model, outputConfiguration={"members": [{"accountId": P}]})
    jobs = s.p.list_collaboration_trained_model_export_jobs(collaborationIdentifier=s.collaboration,
                                                            trainedModelArn=model)
    [job] = jobs["collaborationTrainedModelExportJobs"]
    assert job["status"] == "ACTIVE" and job["creatorAccountId"] == D and job["name"] == "to-provider"
    model_id = model.rsplit("/", 1)[-1]
    prefix = f"s3://out-{P}/ml/{s.collaboration}/trained-model-exports/{model_id}/base/to-provider/"
    assert sorted(aws.data.memory.list_objects(prefix)) == [prefix + "model/manifest.json",
                                                            prefix + "output/manifest.json"]
    with pytest.raises(s.d.exceptions.ConflictException, match="already exists"):
        s.d.start_trained_model_export_job(membershipIdentifier=s.d_membership, name="to-provider",
                                           trainedModelArn=model, outputConfiguration={"members": [{"accountId": P}]})
    with pytest.raises(s.d.exceptions.ValidationException, match="CAN_RECEIVE_MODEL_OUTPUT"):
        s.d.start_trained_model_export_job(membershipIdentifier=s.d_membership, name="to-self",
                                           trainedModelArn=model, outputConfiguration={"members": [{"accountId": D}]})


def test_export_needs_an_exports_policy(aws, make_collab) -> None:
    s = make_collab(policies={})
    model = s.active_model()
    with pytest.raises(s.d.exceptions.ValidationException, match="does not allow trained model exports"):
        s.d.start_trained_model_export_job(membershipIdentifier=s.d_membership, name="x",
                                           trainedModelArn=model, outputConfiguration={"members": [{"accountId": P}]})
