"""Configured model algorithms and their associations with collaborations.

A configured model algorithm (API_CreateConfiguredModelAlgorithm) points at the training and/or inference
container images; it is account-level. Associating it with a collaboration (associate-model-algorithm,
API_CreateConfiguredModelAlgorithmAssociation) makes it usable by the collaboration's members, under the
association's privacy configuration.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional, TypedDict

from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import LISTING, check_role_account, new_tags
from ..errors import conflict, validation
from ..quotas import check_quota
from ..standard import delete_operation, get_operation, list_operation, membership_list_operation
from ..store import CleanRoomsMLStore
from .common import ASSOCIATION, association_in
from .resources import CREATE_FAILED, INACTIVE, AlgorithmAssociation, ConfiguredModelAlgorithm

if TYPE_CHECKING:
    from typing_extensions import Unpack

# clean-rooms-ml-quotas: 1,000 active configured model algorithms "per membership". A configured model
# algorithm is account-level (it has no membership), so we count it per account.
# API_ContainerConfig: only the registry/repository[:tag] image form is supported (no @digest form).
_IMAGE_URI = re.compile(r"^[^/\s@]+(/[^/\s:@]+)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")
_CUSTOM = "CUSTOM"


class AlgorithmMembers(TypedDict, total=False):
    """What CreateConfiguredModelAlgorithm keeps as given."""

    description: Optional[str]
    training_container_config: Optional[dict[str, Any]]
    inference_container_config: Optional[dict[str, Any]]
    kms_key_arn: Optional[str]


class AssociationMembers(TypedDict, total=False):
    """What CreateConfiguredModelAlgorithmAssociation keeps as given."""

    description: Optional[str]
    privacy_configuration: Optional[dict[str, Any]]


class ConfiguredModelAlgorithmOperations(OperationGroup[CleanRoomsMLStore]):
    """Create/Get/List/DeleteConfiguredModelAlgorithm."""

    @operation("CreateConfiguredModelAlgorithm")
    def create_configured_model_algorithm(
        self, name: str, role_arn: str, tags: Optional[dict[str, str]] = None, **stored: Unpack[AlgorithmMembers]
    ) -> dict[str, Any]:
        training_container_config = stored.get("training_container_config")
        inference_container_config = stored.get("inference_container_config")
        if training_container_config is None and inference_container_config is None:
            # Not documented by AWS; an algorithm without any container can neither train nor infer.
            raise validation("A configured model algorithm needs a trainingContainerConfig, an "
                             "inferenceContainerConfig or both.")
        for config in (training_container_config, inference_container_config):
            if config is not None:
                _check_image(config["imageUri"])
        if training_container_config is not None:
            _check_metric_names(training_container_config.get("metricDefinitions") or [])
        tags = new_tags(tags)
        store = self.store
        check_role_account(role_arn, store.account_id)
        check_quota(store, "Active configured model algorithms", len(store.algorithms))
        algorithm = ConfiguredModelAlgorithm(
            arn=store.new_arn("configured-model-algorithm"), name=name, tags=tags, role_arn=role_arn, **stored)
        store.algorithms.add(algorithm)
        return {"configuredModelAlgorithmArn": algorithm.arn}

    get_configured_model_algorithm = get_operation("GetConfiguredModelAlgorithm", lambda store: store.algorithms)

    list_configured_model_algorithms = list_operation("ListConfiguredModelAlgorithms", lambda store: store.algorithms)

    # Not documented by AWS (spec §5.2); we chose to refuse, like every delete of a resource in use.
    delete_configured_model_algorithm = delete_operation(
        "DeleteConfiguredModelAlgorithm", lambda store: store.algorithms,
        users=lambda store, algorithm: [a.name for a in store.associations.where(
            lambda a: a.algorithm_arn == algorithm.arn)],
        refusal="Configured model algorithm {arn} is associated with collaborations through association(s) "
                "{users}; delete them first.",
    )


class AlgorithmAssociationOperations(OperationGroup[CleanRoomsMLStore]):
    """Create/Get/List/DeleteConfiguredModelAlgorithmAssociation and their Collaboration variants."""

    @operation("CreateConfiguredModelAlgorithmAssociation")
    def create_configured_model_algorithm_association(
        self,
        membership_identifier: str,
        configured_model_algorithm_arn: str,
        name: str,
        tags: Optional[dict[str, str]] = None,
        **stored: Unpack[AssociationMembers],
    ) -> dict[str, Any]:
        privacy_configuration = stored.get("privacy_configuration")
        tags = new_tags(tags)
        store = self.store
        membership = store.membership(membership_identifier)
        if privacy_configuration is not None:
            _check_privacy_configuration(privacy_configuration,
                                         store.collaborations.members(membership.collaboration_id))
        # Every API but StartAudienceGenerationJob is own-account only (ml-behaviors): another account's
        # algorithm is not found.
        algorithm = store.algorithms.read(configured_model_algorithm_arn)
        mine = store.named_in_membership(store.associations, membership, name,
                                         "A configured model algorithm association")
        check_quota(store, "Active configured model algorithm associations", len(mine))
        association = store.new_in_membership(
            AlgorithmAssociation, "configured-model-algorithm-association", membership,
            name=name, tags=tags, algorithm_arn=algorithm.arn, **stored)
        store.associations.add(association)
        return {"configuredModelAlgorithmAssociationArn": association.arn}

    @operation("GetConfiguredModelAlgorithmAssociation")
    def get_configured_model_algorithm_association(
        self, configured_model_algorithm_association_arn: str, membership_identifier: str
    ) -> dict[str, Any]:
        membership = self.store.membership(membership_identifier)
        return self.store.in_membership(self.store.associations, configured_model_algorithm_association_arn,
                                        membership.membership_id, ASSOCIATION).view()

    list_configured_model_algorithm_associations = membership_list_operation(
        "ListConfiguredModelAlgorithmAssociations", lambda store: store.associations,
    )

    @operation("GetCollaborationConfiguredModelAlgorithmAssociation")
    def get_collaboration_configured_model_algorithm_association(
        self, configured_model_algorithm_association_arn: str, collaboration_identifier: str
    ) -> dict[str, Any]:
        self.store.collaboration(collaboration_identifier)
        return association_in(self.store, configured_model_algorithm_association_arn,
                              collaboration_identifier).view()

    @operation("ListCollaborationConfiguredModelAlgorithmAssociations")
    def list_collaboration_configured_model_algorithm_associations(
        self, collaboration_identifier: str, **page: Unpack[Page]
    ) -> dict[str, Any]:
        every = self.store.collaboration_resources(lambda store: store.associations, collaboration_identifier)
        return LISTING.respond(
            "collaborationConfiguredModelAlgorithmAssociations", every, **page,
            filters={"op": "ListCollaborationConfiguredModelAlgorithmAssociations",
                                              "collaboration": collaboration_identifier})

    @operation("DeleteConfiguredModelAlgorithmAssociation")
    def delete_configured_model_algorithm_association(
        self, configured_model_algorithm_association_arn: str, membership_identifier: str
    ) -> dict[str, Any]:
        membership = self.store.membership(membership_identifier)
        association = self.store.in_membership(self.store.associations, configured_model_algorithm_association_arn,
                                               membership.membership_id, ASSOCIATION)
        users = self._users(association)
        if users:
            # Not documented by AWS (spec §10); we chose to refuse while any member's ML input channel still
            # holds data for it, or any trained model version made with it still has output.
            raise conflict(f"Configured model algorithm association {association.arn} is used by "
                           f"{', '.join(users)}; delete their data or output first.")
        self.store.associations.remove(association.arn)
        return {}

    def _users(self, association: AlgorithmAssociation) -> list[str]:
        """What still needs the association, in every member's store (each one read as it is referenced)."""
        users: list[str] = []
        settings = self.store.handle.lifecycles
        for store in self.store.member_stores(association.collaboration_id):
            users += [f"ML input channel {c.name}" for c in store.ml_input_channels.read_all(
                lambda c: association.arn in c.association_arns) if c.lifecycle.current != INACTIVE]
            for model in store.trained_models:
                for version in model.versions:
                    if version.association_arn != association.arn:
                        continue
                    version.advance(settings)
                    if version.lifecycle.current not in (INACTIVE, CREATE_FAILED):
                        users.append(f"trained model {model.name}")
                        break
        return users


def _check_image(image_uri: str) -> None:
    if not _IMAGE_URI.match(image_uri):
        raise validation(f"Image URI '{image_uri}' is not supported; only the registry/repository[:tag] form "
                         "is (for example 123456789012.dkr.ecr.us-east-1.amazonaws.com/my-model:latest).")


def _check_metric_names(definitions: list[dict[str, str]]) -> None:
    names = [d["name"] for d in definitions]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        # Not documented by AWS; a metric is published under its name, so two definitions cannot share one.
        raise validation(f"Metric definition names must be unique; repeated: {', '.join(repeated)}.")


def _check_privacy_configuration(configuration: dict[str, Any], members: frozenset[str]) -> None:
    """API_LogRedactionConfiguration / API_CustomEntityConfig: CUSTOM needs customEntityConfig and
    vice-versa; log receivers must be members of the collaboration (not documented; a non-member could
    never read the logs)."""
    policies = configuration["policies"]
    for policy_name in ("trainedModels", "trainedModelInferenceJobs"):
        for logs in (policies.get(policy_name) or {}).get("containerLogs") or []:
            strangers = sorted(set(logs["allowedAccountIds"]) - members)
            if strangers:
                raise validation(f"{policy_name}.containerLogs.allowedAccountIds must be members of the "
                                 f"collaboration; not members: {', '.join(strangers)}.")
            redaction = logs.get("logRedactionConfiguration")
            if redaction is None:
                continue
            custom = _CUSTOM in redaction["entitiesToRedact"]
            configured = redaction.get("customEntityConfig") is not None
            if custom and not configured:
                raise validation("logRedactionConfiguration.customEntityConfig is required when "
                                 "entitiesToRedact includes CUSTOM.")
            if configured and not custom:
                raise validation("logRedactionConfiguration.customEntityConfig is only allowed when "
                                 "entitiesToRedact includes CUSTOM.")
