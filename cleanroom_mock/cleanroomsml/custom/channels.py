"""ML input channels: the result of a protected query, kept for a while, feeding training and inference.

The protected query runs in Clean Rooms (``query_input``): started when the channel is created, run when the
channel's lifecycle (CREATE_PENDING → CREATE_IN_PROGRESS → ACTIVE) completes. Its data expires after
``retentionInDays`` (the channel becomes INACTIVE, statusCode DATA_RETENTION_EXPIRED; see
``MLInputChannel.advance``), or goes earlier through DeleteMLInputChannelData (DELETE_PENDING →
DELETE_IN_PROGRESS → INACTIVE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...cleanrooms.resources import CAN_QUERY
from ...core.lifecycle import Lifecycle
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import LISTING, check_role_account, new_tags, reading_view
from ..errors import conflict, refuse_while_used, validation
from ..quotas import check_quota
from ..standard import membership_list_operation
from ..store import CleanRoomsMLStore
from .common import association_in
from .payer import QUERY_COMPUTE, SYNTHETIC_DATA, check_payer
from .query_input import fill_channel, start_channel_query
from .resources import CREATE_FAILED, CREATE_STEPS, CREATING, DELETE_STEPS, DELETING, INACTIVE, MLInputChannel

if TYPE_CHECKING:
    from typing_extensions import Unpack

CHANNEL = "ML input channel"


class MLInputChannelOperations(OperationGroup[CleanRoomsMLStore]):
    """Create/Get/ListMLInputChannel(s), their Collaboration variants, DeleteMLInputChannelData."""

    @operation("CreateMLInputChannel")
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
        payer_configuration: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        _check_input_channel(input_channel)
        tags = new_tags(tags)
        store = self.store
        # create-ml-input-channel: the channel is a protected query's result, so its creator must query.
        membership = store.membership_with(membership_identifier, CAN_QUERY, "create an ML input channel")
        check_role_account(input_channel["roleArn"], store.account_id)
        payers = payer_configuration or {}
        check_payer(store, membership.collaboration_id, payers.get("computePayerAccountId"), QUERY_COMPUTE,
                    "payerConfiguration.computePayerAccountId")
        check_payer(store, membership.collaboration_id, payers.get("syntheticDataPayerAccountId"), SYNTHETIC_DATA,
                    "payerConfiguration.syntheticDataPayerAccountId")
        for association_arn in configured_model_algorithm_associations:
            # The association may be any member's (the model provider associates, the data owner queries).
            association_in(store, association_arn, membership.collaboration_id)
        mine = store.named_in_membership(store.ml_input_channels, membership, name, "An ML input channel")
        active = [c for c in mine if c.lifecycle.current not in (INACTIVE, CREATE_FAILED)]
        check_quota(store, "Active ML input channels per membership", len(active))
        channel = store.new_in_membership(
            MLInputChannel, "ml-input-channel", membership,
            name=name,
            tags=tags,
            association_arns=list(configured_model_algorithm_associations),
            input_channel=input_channel,
            retention_in_days=retention_in_days,
            description=description,
            kms_key_arn=kms_key_arn,
            protected_query_id=start_channel_query(store, membership.membership_id, input_channel),
            payer_configuration=payer_configuration,
        )
        channel.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: fill_channel(store, channel),
                                      failed_status=CREATE_FAILED)
        store.ml_input_channels.add(channel)
        return {"mlInputChannelArn": channel.arn}

    @operation("GetMLInputChannel")
    def get_ml_input_channel(self, ml_input_channel_arn: str, membership_identifier: str) -> dict[str, Any]:
        channel = self._mine(ml_input_channel_arn, membership_identifier)
        self.store.ml_input_channels.observe(channel)
        return channel.view()

    list_ml_input_channels = membership_list_operation("ListMLInputChannels", lambda store: store.ml_input_channels)

    @operation("GetCollaborationMLInputChannel")
    def get_collaboration_ml_input_channel(
        self, ml_input_channel_arn: str, collaboration_identifier: str
    ) -> dict[str, Any]:
        store = self.store
        store.collaboration(collaboration_identifier)
        channel = store.in_collaboration(lambda s: s.ml_input_channels, ml_input_channel_arn,
                                         collaboration_identifier, CHANNEL)
        store.owner_of(channel.arn).ml_input_channels.observe(channel)
        return channel.view()

    @operation("ListCollaborationMLInputChannels")
    def list_collaboration_ml_input_channels(
        self, collaboration_identifier: str, **page: Unpack[Page]
    ) -> dict[str, Any]:
        store = self.store
        every = store.collaboration_resources(lambda s: s.ml_input_channels, collaboration_identifier)
        settings = store.handle.lifecycles
        return LISTING.respond(
            "collaborationMLInputChannelsList", every, **page,
            filters={"op": "ListCollaborationMLInputChannels", "collaboration": collaboration_identifier},
            view=reading_view(settings))

    @operation("DeleteMLInputChannelData")
    def delete_ml_input_channel_data(self, ml_input_channel_arn: str, membership_identifier: str
                                     ) -> dict[str, Any]:
        channel = self._mine(ml_input_channel_arn, membership_identifier)
        # The status as the caller last saw it; only ACTIVE data is read again (it may have expired).
        if channel.lifecycle.current == "ACTIVE":
            self.store.ml_input_channels.observe(channel)
        status = channel.lifecycle.current
        # Not documented by AWS (spec §10); we chose: the data of a channel still being created, already
        # being deleted or already gone cannot be deleted, nor while a training or inference job reads it.
        if status in CREATING:
            raise conflict(f"ML input channel {channel.arn} is {status}; wait until it is ACTIVE.")
        if status in DELETING or status == INACTIVE:
            raise conflict(f"The data of ML input channel {channel.arn} is already deleted ({status}).")
        refuse_while_used(self._readers(channel.arn), f"ML input channel {channel.arn} is being read by {{users}}; "
                                                      "wait until they finish or cancel them.")
        channel.begin_deletion(DELETE_STEPS)
        return {}

    def _mine(self, arn: str, membership_identifier: str) -> MLInputChannel:
        return self.store.mine(self.store.ml_input_channels, arn, membership_identifier, CHANNEL)

    def _readers(self, channel_arn: str) -> list[str]:
        readers = [f"trained model {m.name}" for m in self.store.trained_models for v in m.versions
                   if v.lifecycle.current in CREATING
                   and any(c["mlInputChannelArn"] == channel_arn for c in v.data_channels)]
        readers += [f"inference job {j.name}" for j in self.store.inference_jobs
                    if j.lifecycle.current in CREATING and j.data_source["mlInputChannelArn"] == channel_arn]
        return readers


def _check_input_channel(input_channel: dict[str, Any]) -> None:
    source = input_channel["dataSource"]["protectedQueryInputParameters"]  # a union with one member (model)
    sql = source["sqlParameters"]
    given = [key for key in ("queryString", "analysisTemplateArn") if sql.get(key)]
    if len(given) != 1:
        # API_ProtectedQuerySQLParameters: a query is either SQL text or an analysis template.
        raise validation("sqlParameters needs exactly one of queryString and analysisTemplateArn.")
    if sql.get("parameters") and not sql.get("analysisTemplateArn"):
        raise validation("sqlParameters.parameters can only be given with an analysisTemplateArn.")
