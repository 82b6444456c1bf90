"""ML input channels: creation rules, lifecycle, retention, data deletion, collaboration views."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.config import Config
from freezegun import freeze_time

from ..constants import D, P


def test_channel_lifecycle_and_views(aws, make_collab) -> None:
    s = make_collab()
    aws.lifecycle = "step"
    arn = s.channel(description="customers", tags={"t": "1"})
    assert f":{D}:membership/{s.d_membership}/ml-input-channel/" in arn
    get = lambda: s.d.get_ml_input_channel(membershipIdentifier=s.d_membership, mlInputChannelArn=arn)  # noqa: E731
    assert get()["status"] == "CREATE_IN_PROGRESS"
    got = get()
    assert got["status"] == "ACTIVE" and got["retentionInDays"] == 7 and got["tags"] == {"t": "1"}
    assert got["inputChannel"]["dataSource"]["protectedQueryInputParameters"]["sqlParameters"]["queryString"]
    assert len(got["protectedQueryIdentifier"]) == 36
    listed = s.d.list_ml_input_channels(membershipIdentifier=s.d_membership)["mlInputChannelsList"]
    assert [c["mlInputChannelArn"] for c in listed] == [arn]
    # The provider sees the channel through the collaboration, without its query or role.
    seen = s.p.get_collaboration_ml_input_channel(collaborationIdentifier=s.collaboration, mlInputChannelArn=arn)
    assert seen["creatorAccountId"] == D and "inputChannel" not in seen and seen["status"] == "ACTIVE"
    every = s.p.list_collaboration_ml_input_channels(collaborationIdentifier=s.collaboration)
    assert [c["name"] for c in every["collaborationMLInputChannelsList"]] == ["train"]
    # Deleting the data: DELETE_PENDING → DELETE_IN_PROGRESS → INACTIVE; the channel stays visible.
    s.d.delete_ml_input_channel_data(membershipIdentifier=s.d_membership, mlInputChannelArn=arn)
    assert [get()["status"] for _ in range(3)] == ["DELETE_IN_PROGRESS", "INACTIVE", "INACTIVE"]
    with pytest.raises(s.d.exceptions.ConflictException, match="already deleted"):
        s.d.delete_ml_input_channel_data(membershipIdentifier=s.d_membership, mlInputChannelArn=arn)


def test_delete_data_of_a_channel_being_created_is_a_conflict(aws, make_collab) -> None:
    s = make_collab()
    arn = s.channel()
    with pytest.raises(s.d.exceptions.ConflictException, match="CREATE_PENDING"):
        s.d.delete_ml_input_channel_data(membershipIdentifier=s.d_membership, mlInputChannelArn=arn)


def test_channel_data_expires_after_retention(aws, make_collab) -> None:
    s = make_collab()
    with freeze_time("2030-01-01") as frozen:
        arn = s.channel(retentionInDays=1)
        get = lambda: s.d.get_ml_input_channel(membershipIdentifier=s.d_membership, mlInputChannelArn=arn)  # noqa: E731
        assert get()["status"] == "ACTIVE"
        frozen.tick(dt.timedelta(days=1))
        expired = get()
        assert expired["status"] == "INACTIVE"
        assert expired["statusDetails"]["statusCode"] == "DATA_RETENTION_EXPIRED"


D_ROLE = f"arn:aws:iam::{D}:role/cleanrooms-ml"
P_ROLE = f"arn:aws:iam::{P}:role/cleanrooms-ml"
QUERY = {"protectedQueryInputParameters": {"sqlParameters": {"queryString": "SELECT * FROM customers"}}}


@pytest.mark.parametrize("input_channel, error, message", [
    ({"dataSource": {"protectedQueryInputParameters": {"sqlParameters": {}}}, "roleArn": D_ROLE},
     "ValidationException", "exactly one"),
    ({"dataSource": {}, "roleArn": D_ROLE}, "ValidationException", "exactly one member set"),
    ({"dataSource": QUERY, "roleArn": P_ROLE}, "AccessDeniedException", "does not belong"),
])
def test_channel_input_rules(aws, input_channel, error, message, client, make_collab) -> None:
    s = make_collab()
    unchecked = client(D, config=Config(parameter_validation=False))  # server-side checks only
    with pytest.raises(getattr(s.d.exceptions, error), match=message):
        unchecked.create_ml_input_channel(membershipIdentifier=s.d_membership, name="c", inputChannel=input_channel,
                                    configuredModelAlgorithmAssociations=[s.association], retentionInDays=1)


def test_channel_needs_query_ability_known_association_unique_name(aws, make_collab, sql) -> None:
    s = make_collab()
    with pytest.raises(s.p.exceptions.AccessDeniedException, match="CAN_QUERY"):
        s.p.create_ml_input_channel(membershipIdentifier=s.p_membership, name="c", inputChannel=sql(),
                                    configuredModelAlgorithmAssociations=[s.association], retentionInDays=1)
    missing = s.association[:-4] + "zzzz"
    with pytest.raises(s.d.exceptions.ResourceNotFoundException, match="association not found"):
        s.channel(association=missing)
    s.channel("dup")
    with pytest.raises(s.d.exceptions.ConflictException, match="already exists"):
        s.channel("dup")


def test_channel_quota(aws, make_collab) -> None:
    aws.quotas.set("cleanroomsml", "Active ML input channels per membership", 1)
    s = make_collab()
    s.channel("one")
    with pytest.raises(s.d.exceptions.ServiceQuotaExceededException) as raised:
        s.channel("two")
    assert raised.value.response["quotaName"] == "Active ML input channels per membership"


def test_channel_of_another_membership_is_not_found(aws, make_collab) -> None:
    s = make_collab()
    arn = s.channel()
    with pytest.raises(s.d.exceptions.ResourceNotFoundException):
        s.d.get_ml_input_channel(membershipIdentifier=s.d_membership, mlInputChannelArn=arn[:-3] + "abc")
    other = aws.collaborations.add(accounts=[D])
    with pytest.raises(s.d.exceptions.ResourceNotFoundException):
        s.d.get_ml_input_channel(membershipIdentifier=aws.collaborations.membership_id(other, D),
                                 mlInputChannelArn=arn)
    with pytest.raises(s.d.exceptions.ResourceNotFoundException):
        s.d.get_collaboration_ml_input_channel(collaborationIdentifier=other, mlInputChannelArn=arn)
