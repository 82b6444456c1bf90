"""Map-shaped tags on every taggable Clean Rooms ML resource (API_TagResource rules)."""

from __future__ import annotations

import pytest

from .constants import A, B


@pytest.fixture
def arns(setup) -> dict[str, str]:
    job = setup.start_job(setup.a)
    return {"dataset": setup.dataset, "model": setup.model, "cam": setup.cam, "job": job}


@pytest.mark.parametrize("kind", ["dataset", "model", "cam", "job"])
def test_tag_list_untag_each_type(setup, arns, kind) -> None:
    a, arn = setup.a, arns[kind]
    assert a.list_tags_for_resource(resourceArn=arn)["tags"] == {}
    a.tag_resource(resourceArn=arn, tags={"team": "ads", "env": "dev"})
    a.tag_resource(resourceArn=arn, tags={"env": "prod"})
    assert a.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "ads", "env": "prod"}
    a.untag_resource(resourceArn=arn, tagKeys=["env", "absent"])
    assert a.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "ads"}


def test_tag_rules(setup) -> None:
    a, arn = setup.a, setup.cam
    with pytest.raises(a.exceptions.ValidationException, match="reserved prefix"):
        a.tag_resource(resourceArn=arn, tags={"AWS:owner": "x"})
    with pytest.raises(a.exceptions.ValidationException, match="reserved prefix"):
        a.untag_resource(resourceArn=arn, tagKeys=["aws:owner"])
    a.tag_resource(resourceArn=arn, tags={f"k{n}": "v" for n in range(50)})
    with pytest.raises(a.exceptions.ValidationException, match="limit is 50"):
        a.tag_resource(resourceArn=arn, tags={"one-more": "v"})
    with pytest.raises(a.exceptions.ValidationException, match="at most 50"):
        a.create_training_dataset(name="x", roleArn=f"arn:aws:iam::{A}:role/r",
                                  trainingData=a.get_training_dataset(trainingDatasetArn=setup.dataset)[
                                      "trainingData"], tags={f"k{n}": "v" for n in range(51)})


def test_unknown_foreign_and_custom_model_arns(setup, client) -> None:
    a, b = setup.a, client(B)
    with pytest.raises(b.exceptions.ResourceNotFoundException):
        b.list_tags_for_resource(resourceArn=setup.cam)  # another account's resource
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.tag_resource(resourceArn=setup.model[:-3] + "xyz", tags={"a": "b"})
    custom = f"arn:aws:cleanrooms-ml:us-east-1:{A}:configured-model-algorithm/abc"
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.list_tags_for_resource(resourceArn=custom)


def test_deleted_resources_lose_their_tags(setup) -> None:
    a = setup.a
    a.delete_configured_audience_model(configuredAudienceModelArn=setup.cam)
    with pytest.raises(a.exceptions.ResourceNotFoundException):
        a.list_tags_for_resource(resourceArn=setup.cam)
