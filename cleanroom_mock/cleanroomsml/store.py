"""What Clean Rooms ML keeps per account and region: every table, declared once with its type.

The operation groups of ``lookalike`` (AWS lookalike models) and ``custom`` (custom models) work on this
store; its public methods are what they share: the caller's memberships and collaborations (read from the
``cleanrooms`` service of the same region through its public ``Collaborations`` reader, the same object
``aws.collaborations`` is) and the stores of the other member accounts (cross-account reads, ml-behaviors and
custom-model-prerequisites).

Not documented by AWS (spec §11); we chose: an unknown membership or collaboration → ResourceNotFoundException
where the operation declares it, else AccessDeniedException (the List operations declare no not-found); a
membership of another account, or a collaboration the caller is not a member of → AccessDeniedException.
Membership operations (``/memberships/{id}/...``) see the caller's own resources in that membership;
Collaboration operations (``/collaborations/{id}/...``) see every member's resources in the collaboration
(spec §6), which live in the member accounts' stores of the same region.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional, TypeVar

from ..cleanrooms.shortcut import Collaborations
from ..cleanrooms.state import MembershipInfo as Membership
from ..core.arns import parse_arn
from ..core.errors import ServiceError
from ..core.ids import alphanumeric_id
from ..core.resources import ResourceTable
from ..core.store import Store
from .common import arn_account
from .custom.resources import (
    AlgorithmAssociation,
    ConfiguredModelAlgorithm,
    InferenceJob,
    InMembership,
    MLConfiguration,
    MLInputChannel,
    TrainedModel,
)
from .errors import TAG_RULES, access_denied, conflict, name_taken, not_found
from .lookalike.resources import AudienceGenerationJob, AudienceModel, ConfiguredAudienceModel, TrainingDataset

if TYPE_CHECKING:
    from ..core.state import MockHandle

M = TypeVar("M", bound=InMembership)

class CleanRoomsMLStore(Store):
    service = "cleanroomsml"
    arn_service = "cleanrooms-ml"
    tag_rules = TAG_RULES  # map-shaped tags (API_TagResource)

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        # Tagging reads a resource only where the read decides whether it is still there (audience models and
        # generation jobs, whose deletion completes on a read); the others are taken as they stand
        # (``tagging_reads=False``), so tagging never moves a channel's, a version's or a job's status.
        # AWS lookalike models. Names are unique per account (our choice, see errors.name_taken), except
        # generation jobs, whose uniqueness StartAudienceGenerationJob checks in both accounts of a job.
        self.training_datasets: ResourceTable[TrainingDataset] = self.table(
            not_found("Training dataset"), name_taken=name_taken("training dataset"),
            taggable=True, tagging_reads=False)
        self.audience_models: ResourceTable[AudienceModel] = self.table(
            not_found("Audience model"), name_taken=name_taken("audience model"), taggable=True)
        self.configured_models: ResourceTable[ConfiguredAudienceModel] = self.table(
            not_found("Configured audience model"), name_taken=name_taken("configured audience model"),
            taggable=True, tagging_reads=False)
        self.generation_jobs: ResourceTable[AudienceGenerationJob] = self.table(
            not_found("Audience generation job"), taggable=True)
        # Custom models: algorithms are account-level, everything else lives in a membership (names unique
        # per membership, checked by each Create).
        self.algorithms: ResourceTable[ConfiguredModelAlgorithm] = self.table(
            not_found("Configured model algorithm"), name_taken=name_taken("configured model algorithm"),
            taggable=True, tagging_reads=False)
        self.associations: ResourceTable[AlgorithmAssociation] = self.table(
            not_found("Configured model algorithm association"), taggable=True, tagging_reads=False)
        self.ml_configurations: dict[str, MLConfiguration] = {}  # membership id → its configuration
        self.ml_input_channels: ResourceTable[MLInputChannel] = self.table(
            not_found("ML input channel"), taggable=True, tagging_reads=False)
        self.trained_models: ResourceTable[TrainedModel] = self.table(
            not_found("Trained model"), taggable=True, tagging_reads=False)
        self.inference_jobs: ResourceTable[InferenceJob] = self.table(
            not_found("Trained model inference job"), taggable=True, tagging_reads=False)
        # ARN resource type → its table (the types TagResource accepts; membership/{id}/{type}/{id} for the
        # resources in a membership).
        self._taggable: dict[str, ResourceTable[Any]] = {
            "training-dataset": self.training_datasets,
            "audience-model": self.audience_models,
            "configured-audience-model": self.configured_models,
            "audience-generation-job": self.generation_jobs,
            "configured-model-algorithm": self.algorithms,
            "configured-model-algorithm-association": self.associations,
            "ml-input-channel": self.ml_input_channels,
            "trained-model": self.trained_models,
            "trained-model-inference-job": self.inference_jobs,
        }

    def untaggable(self, arn: str) -> ServiceError:
        """The not-found error of the ARN's resource type (any ARN of another account too: every operation
        but StartAudienceGenerationJob is own-account only); "Resource" for an ARN of no taggable type (the
        model's pattern normally refuses it first)."""
        parsed = parse_arn(arn)
        parts = parsed.resource.split("/") if parsed is not None else [""]
        table = self._taggable.get(parts[2] if len(parts) > 2 and parts[0] == "membership" else parts[0])
        return table.missing(arn) if table is not None else not_found("Resource")(arn)

    def new_arn(self, resource_type: str, membership: Optional[Membership] = None) -> str:
        """The ARN of a new resource: ``{type}/{id}``, or ``membership/{membershipId}/{type}/{id}`` for the
        custom-model resources that live in a membership (the model's ARN patterns)."""
        prefix = f"membership/{membership.membership_id}/" if membership is not None else ""
        return self.arn(f"{prefix}{resource_type}/{alphanumeric_id()}")

    def named_in_membership(self, table: ResourceTable[M], membership: Membership, name: str, kind: str) -> list[M]:
        """The membership's resources of ``table`` (for its quotas), after checking none is named ``name``.
        Not documented by AWS; we chose names unique per membership, like the other resources' per account."""
        mine = table.where(lambda resource: resource.membership_id == membership.membership_id)
        if any(resource.name == name for resource in mine):
            raise conflict(f"{kind} named '{name}' already exists in membership {membership.membership_id}.")
        return mine

    def new_in_membership(self, cls: type[M], resource_type: str, membership: Membership, **fields: Any) -> M:
        """A new resource of the membership: its ARN (``membership/{id}/{type}/{id}``), membership and
        collaboration set from ``membership``; ``fields`` are the rest (name, tags, ...)."""
        return cls(
            arn=self.new_arn(resource_type, membership),
            membership_id=membership.membership_id,
            collaboration_id=membership.collaboration_id,
            **fields,
        )

    # --- other accounts ---------------------------------------------------------------------------------
    def owner_of(self, arn: str) -> CleanRoomsMLStore:
        """The store of the account that owns ``arn`` (this one, or a peer in this region)."""
        account = arn_account(arn)
        return self if account == self.account_id else self.peer(account)

    def of_account(self, account_id: str) -> CleanRoomsMLStore:
        return self if account_id == self.account_id else self.peer(account_id)

    # --- collaborations and memberships -------------------------------------------------------------------
    @property
    def collaborations(self) -> Collaborations:
        """Clean Rooms collaborations and ACTIVE memberships in this store's region."""
        return Collaborations(self.handle, region=self.region)

    def membership(self, membership_identifier: str) -> Membership:
        """The caller's own membership (404 when unknown, 403 when it belongs to another account)."""
        membership = self.collaborations.membership(membership_identifier)
        if membership is None:
            raise ServiceError("ResourceNotFoundException", f"Membership not found: {membership_identifier}",
                               otherwise="AccessDeniedException")
        if membership.account_id != self.account_id:
            raise access_denied(
                f"Membership {membership_identifier} belongs to account {membership.account_id}, not to the "
                f"caller's account {self.account_id}."
            )
        return membership

    def membership_with(self, membership_identifier: str, ability: str, action: str) -> Membership:
        """custom-model-prerequisites: only a member with ``ability`` may ``action``."""
        membership = self.membership(membership_identifier)
        if not membership.can(ability):
            raise access_denied(
                f"Membership {membership_identifier} does not have the {ability} member ability needed to "
                f"{action}."
            )
        return membership

    def collaboration(self, collaboration_identifier: str) -> Membership:
        """The caller's membership of a collaboration (404 when unknown, 403 when the caller is no member)."""
        registry = self.collaborations
        if collaboration_identifier not in registry:
            raise ServiceError("ResourceNotFoundException", f"Collaboration not found: {collaboration_identifier}",
                               otherwise="AccessDeniedException")
        membership = registry.member(collaboration_identifier, self.account_id)
        if membership is None:
            raise access_denied(
                f"Account {self.account_id} is not a member of collaboration {collaboration_identifier}."
            )
        return membership

    def member_stores(self, collaboration_id: str) -> list[CleanRoomsMLStore]:
        """The store of every member account of a collaboration, in this region."""
        return [self.of_account(account) for account in sorted(self.collaborations.members(collaboration_id))]

    @staticmethod
    def in_membership(table: ResourceTable[M], arn: str, membership_id: str, kind: str) -> M:
        """A resource of the caller's membership, as it stands; one of another membership or account is
        not found."""
        found = table.find(arn)
        if found is None or found.membership_id != membership_id:
            raise not_found(kind)(arn)
        return found

    def mine(self, table: ResourceTable[M], arn: str, membership_identifier: str, kind: str) -> M:
        """A resource of the caller's membership ``membership_identifier`` (checked as ``membership`` does),
        as it stands; one of another membership or account is not found."""
        membership = self.membership(membership_identifier)
        return self.in_membership(table, arn, membership.membership_id, kind)

    def in_collaboration(
        self, table_of: Callable[[CleanRoomsMLStore], ResourceTable[M]], arn: str, collaboration_id: str, kind: str
    ) -> M:
        """Any member's resource of a collaboration, as it stands, found in its owner's store."""
        if not self.collaborations.is_member(collaboration_id, arn_account(arn)):
            raise not_found(kind)(arn)
        found = table_of(self.owner_of(arn)).find(arn)
        if found is None or found.collaboration_id != collaboration_id:
            raise not_found(kind)(arn)
        return found

    def collaboration_resources(
        self,
        table_of: Callable[[CleanRoomsMLStore], ResourceTable[M]],
        collaboration_id: str,
        keep: Optional[Callable[[M], bool]] = None,
    ) -> list[M]:
        """Every member's resources of one type in a collaboration, as they stand (after checking the caller is a
        member, ``collaboration``)."""
        self.collaboration(collaboration_id)
        found: list[M] = []
        for store in self.member_stores(collaboration_id):
            found.extend(table_of(store).where(
                lambda r: r.collaboration_id == collaboration_id and (keep is None or keep(r))))
        return found

