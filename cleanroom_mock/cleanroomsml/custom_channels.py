"""ML input channels: the result of a protected query, kept for a while, feeding training and inference.

The Clean Rooms service, which runs the protected query, is not emulated: a channel "runs" through its
lifecycle (CREATE_PENDING → CREATE_IN_PROGRESS → ACTIVE) and holds no rows. Its data expires after
``retentionInDays`` (the channel becomes INACTIVE, statusCode DATA_RETENTION_EXPIRED), or goes earlier
through DeleteMLInputChannelData (DELETE_PENDING → DELETE_IN_PROGRESS → INACTIVE).
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import TYPE_CHECKING, Any, Optional

from ..core import clock
from ..core.ids import alphanumeric_id
from ..core.resources import ResourceTable, enforce_quota
from .collaborations import CAN_QUERY
from .common import (
    check_role_account,
    conflict,
    new_tags,
    not_found,
    page,
    quota_exceeded,
    status_details,
    validation,
)
from .custom_common import MembershipScope, membership_of
from .custom_resources import CREATE_FAILED, CREATING, DELETE_STEPS, DELETING, INACTIVE, MLInputChannel

if TYPE_CHECKING:
    from .custom_resources import InferenceJob, TrainedModel

MAX_ACTIVE_CHANNELS = 100  # per membership (clean-rooms-ml-quotas)


class ChannelOperations(MembershipScope):
    if TYPE_CHECKING:  # provided by core.backend.Backend and the other custom-model groups
        def arn(self, resource: str) -> str: ...
        _trained_models: ResourceTable[TrainedModel]
        _inference_jobs: ResourceTable[InferenceJob]

    def _setup_channels(self) -> None:
        self._ml_input_channels: ResourceTable[MLInputChannel] = ResourceTable(not_found("ML input channel"))

    def create_ml_input_channel(
        self,
        membership_identifier: str,
        configured_model_algorithm_associations: list[str],
        input_channel: dict[str, Any],
        name: str,
        retention_in_days: int,
        description: Optional[str] = None,
        kms_key_arn: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        _check_input_channel(input_channel)
        tags = new_tags(tags)
        # create-ml-input-channel: the channel is a protected query's result, so its creator must query.
        membership = self._membership_with(membership_identifier, CAN_QUERY, "create an ML input channel")
        check_role_account(input_channel["roleArn"], self.account_id)
        for association_arn in configured_model_algorithm_associations:
            # The association may be any member's (the model provider associates, the data owner queries).
            self._in_collaboration("_associations", association_arn, membership.collaboration_id,
                                   "Configured model algorithm association")
        mine = self._ml_input_channels.where(lambda c: c.membership_id == membership.membership_id)
        if any(c.name == name for c in mine):
            # Not documented by AWS; names are unique per membership.
            raise conflict(f"An ML input channel named '{name}' already exists in membership "
                           f"{membership.membership_id}.")
        active = [c for c in mine if c.lifecycle.current not in (INACTIVE, CREATE_FAILED)]
        enforce_quota(len(active), MAX_ACTIVE_CHANNELS,
                      quota_exceeded("Active ML input channels per membership", MAX_ACTIVE_CHANNELS))
        channel = MLInputChannel(
            arn=self.arn(f"membership/{membership.membership_id}/ml-input-channel/{alphanumeric_id()}"),
            name=name,
            tags=tags,
            membership_id=membership.membership_id,
            collaboration_id=membership.collaboration_id,
            association_arns=list(configured_model_algorithm_associations),
            input_channel=input_channel,
            retention_in_days=retention_in_days,
            description=description,
            kms_key_arn=kms_key_arn,
            protected_query_id=str(uuid.uuid4()),
        )
        self._ml_input_channels.add(channel)
        return {"mlInputChannelArn": channel.arn}

    def get_ml_input_channel(self, ml_input_channel_arn: str, membership_identifier: str) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        channel = self._in_membership(self._ml_input_channels, ml_input_channel_arn, membership.membership_id,
                                      "ML input channel")
        self._observe_channel(channel)
        return {
            **_channel_detail(channel),
            "inputChannel": channel.input_channel,
            "protectedQueryIdentifier": channel.protected_query_id,
            "kmsKeyArn": channel.kms_key_arn,
            "tags": channel.tags,
        }

    def list_ml_input_channels(
        self, membership_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        mine = self._ml_input_channels.where(lambda c: c.membership_id == membership.membership_id)
        found, token = page(mine, next_token=next_token, max_results=max_results,
                            filters={"op": "ListMLInputChannels", "membership": membership.membership_id})
        for channel in found:
            self._observe_channel(channel)
        return {"mlInputChannelsList": [{**_channel_summary(c), "protectedQueryIdentifier": c.protected_query_id}
                                        for c in found], "nextToken": token}

    def get_collaboration_ml_input_channel(
        self, ml_input_channel_arn: str, collaboration_identifier: str
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        channel = self._in_collaboration("_ml_input_channels", ml_input_channel_arn, collaboration_identifier,
                                         "ML input channel")
        self._observe_channel(channel)
        # Query text, role, keys and tags stay with the channel's owner (ml-behaviors: locations never shown).
        return {**_channel_detail(channel), "creatorAccountId": channel.arn.split(":")[4]}

    def list_collaboration_ml_input_channels(
        self, collaboration_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        every = self._collaboration_resources("_ml_input_channels", collaboration_identifier)
        found, token = page(every, next_token=next_token, max_results=max_results,
                            filters={"op": "ListCollaborationMLInputChannels",
                                     "collaboration": collaboration_identifier})
        for channel in found:
            self._observe_channel(channel)
        return {"collaborationMLInputChannelsList": [
            {**_channel_summary(c), "creatorAccountId": c.arn.split(":")[4]} for c in found], "nextToken": token}

    def delete_ml_input_channel_data(self, ml_input_channel_arn: str, membership_identifier: str
                                     ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        channel = self._in_membership(self._ml_input_channels, ml_input_channel_arn, membership.membership_id,
                                      "ML input channel")
        status = self._channel_status_now(channel)
        # Not documented by AWS (spec §10); we chose: the data of a channel still being created, already
        # being deleted or already gone cannot be deleted, nor while a training or inference job reads it.
        if status in CREATING:
            raise conflict(f"ML input channel {channel.arn} is {status}; wait until it is ACTIVE.")
        if status in DELETING or status == INACTIVE:
            raise conflict(f"The data of ML input channel {channel.arn} is already deleted ({status}).")
        readers = self._channel_readers(channel.arn)
        if readers:
            raise conflict(f"ML input channel {channel.arn} is being read by {', '.join(readers)}; "
                           "wait until they finish or cancel them.")
        channel.lifecycle.begin(DELETE_STEPS)
        channel.status_details = None
        return {}

    # --- helpers ----------------------------------------------------------------------------------------
    def _observe_channel(self, channel: MLInputChannel) -> str:
        """Read the channel's status; ACTIVE data past its retention period expires (INACTIVE)."""
        status = channel.lifecycle.observe()
        if status == "ACTIVE" and clock.now() >= _expiry(channel):
            channel.lifecycle.begin((INACTIVE,))
            channel.status_details = status_details(
                "DATA_RETENTION_EXPIRED", f"The channel's data was deleted after {channel.retention_in_days} days.")
            status = INACTIVE
        return status

    def _channel_status_now(self, channel: MLInputChannel) -> str:
        """The status without a read (a cancel or delete acts on the status the caller last saw)."""
        status = channel.lifecycle.current
        if status == "ACTIVE":
            return self._observe_channel(channel)
        return status

    def _usable_channel(self, membership_id: str, arn: str) -> MLInputChannel:
        """A channel of the caller's membership whose data can be read now (ACTIVE), for training/inference."""
        if membership_of(arn) != membership_id:
            raise not_found("ML input channel")(arn)
        channel = self._in_membership(self._ml_input_channels, arn, membership_id, "ML input channel")
        status = self._observe_channel(channel)
        if status != "ACTIVE":
            # Not documented by AWS; a channel without data (yet, or any more) cannot feed a job.
            raise conflict(f"ML input channel {channel.arn} is {status}; it must be ACTIVE.")
        return channel

    def _channel_readers(self, channel_arn: str) -> list[str]:
        readers = [f"trained model {m.name}" for m in self._trained_models for v in m.versions
                   if v.lifecycle.current in CREATING
                   and any(c["mlInputChannelArn"] == channel_arn for c in v.data_channels)]
        readers += [f"inference job {j.name}" for j in self._inference_jobs
                    if j.lifecycle.current in CREATING and j.data_source["mlInputChannelArn"] == channel_arn]
        return readers


def _expiry(channel: MLInputChannel) -> _dt.datetime:
    return channel.created_at + _dt.timedelta(days=channel.retention_in_days)


def _check_input_channel(input_channel: dict[str, Any]) -> None:
    source = input_channel["dataSource"]["protectedQueryInputParameters"]  # a union with one member (model)
    sql = source["sqlParameters"]
    given = [key for key in ("queryString", "analysisTemplateArn") if sql.get(key)]
    if len(given) != 1:
        # API_ProtectedQuerySQLParameters: a query is either SQL text or an analysis template.
        raise validation("sqlParameters needs exactly one of queryString and analysisTemplateArn.")
    if sql.get("parameters") and not sql.get("analysisTemplateArn"):
        raise validation("sqlParameters.parameters can only be given with an analysisTemplateArn.")


def _channel_summary(channel: MLInputChannel) -> dict[str, Any]:
    return {
        "createTime": channel.created_at,
        "updateTime": channel.lifecycle.updated_at,
        "membershipIdentifier": channel.membership_id,
        "collaborationIdentifier": channel.collaboration_id,
        "name": channel.name,
        "configuredModelAlgorithmAssociations": channel.association_arns,
        "mlInputChannelArn": channel.arn,
        "status": channel.lifecycle.current,
        "description": channel.description,
    }


def _channel_detail(channel: MLInputChannel) -> dict[str, Any]:
    return {**_channel_summary(channel), "statusDetails": channel.status_details,
            "retentionInDays": channel.retention_in_days}
