"""ML configurations: a membership's default output location."""

from __future__ import annotations

import pytest

from ..constants import D, P


def test_ml_configuration_put_get_replace_delete(aws, make_collab, output_location, role) -> None:
    s = make_collab(configure=False)
    with pytest.raises(s.p.exceptions.ResourceNotFoundException, match="ML configuration not found"):
        s.p.get_ml_configuration(membershipIdentifier=s.p_membership)
    with pytest.raises(s.p.exceptions.ResourceNotFoundException):
        s.p.delete_ml_configuration(membershipIdentifier=s.p_membership)
    with pytest.raises(s.p.exceptions.AccessDeniedException):
        s.p.put_ml_configuration(membershipIdentifier=s.p_membership, defaultOutputLocation=output_location(D))
    s.p.put_ml_configuration(membershipIdentifier=s.p_membership, defaultOutputLocation=output_location(P))
    first = s.p.get_ml_configuration(membershipIdentifier=s.p_membership)
    assert first["defaultOutputLocation"]["destination"]["s3Destination"]["s3Uri"] == f"s3://out-{P}/ml"
    replacement = {"destination": {"s3Destination": {"s3Uri": "s3://elsewhere/x"}}, "roleArn": role(P)}
    s.p.put_ml_configuration(membershipIdentifier=s.p_membership, defaultOutputLocation=replacement)
    second = s.p.get_ml_configuration(membershipIdentifier=s.p_membership)
    assert second["defaultOutputLocation"] == replacement and second["createTime"] == first["createTime"]
    s.p.delete_ml_configuration(membershipIdentifier=s.p_membership)
    with pytest.raises(s.p.exceptions.ResourceNotFoundException):
        s.p.get_ml_configuration(membershipIdentifier=s.p_membership)
