"""Configured model algorithms, their associations with collaborations, and ML configurations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from ..core.ids import alphanumeric_id
from ..core.resources import ResourceTable, enforce_quota
from .common import (
    check_role_account,
    conflict,
    name_taken,
    new_tags,
    not_found,
    page,
    quota_exceeded,
    validation,
)
from .custom_common import MembershipScope
from .custom_resources import INACTIVE, AlgorithmAssociation, ConfiguredModelAlgorithm, MLConfiguration

if TYPE_CHECKING:
    from .custom_resources import MLInputChannel, TrainedModel

# clean-rooms-ml-quotas: 1,000 active configured model algorithms "per membership". A configured model
# algorithm is account-level (it has no membership), so we count it per account.
MAX_ALGORITHMS = 1_000
MAX_ASSOCIATIONS = 1_000  # per membership (clean-rooms-ml-quotas)
# API_ContainerConfig: only the registry/repository[:tag] image form is supported (no @digest form).
_IMAGE_URI = re.compile(r"^[^/\s@]+(/[^/\s:@]+)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")
_CUSTOM = "CUSTOM"


class AlgorithmOperations(MembershipScope):
    if TYPE_CHECKING:  # provided by core.backend.Backend and the other custom-model groups
        def arn(self, resource: str) -> str: ...
        _ml_input_channels: ResourceTable[MLInputChannel]
        _trained_models: ResourceTable[TrainedModel]

    def _setup_algorithms(self) -> None:
        self._algorithms: ResourceTable[ConfiguredModelAlgorithm] = ResourceTable(
            not_found("Configured model algorithm"), name_taken=name_taken("configured model algorithm")
        )
        self._associations: ResourceTable[AlgorithmAssociation] = ResourceTable(
            not_found("Configured model algorithm association")
        )
        self._ml_configurations: dict[str, MLConfiguration] = {}  # membership id → its configuration

    # --- configured model algorithms --------------------------------------------------------------------
    def create_configured_model_algorithm(
        self,
        name: str,
        role_arn: str,
        description: Optional[str] = None,
        training_container_config: Optional[dict[str, Any]] = None,
        inference_container_config: Optional[dict[str, Any]] = None,
        tags: Optional[dict[str, str]] = None,
        kms_key_arn: Optional[str] = None,
    ) -> dict[str, Any]:
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
        check_role_account(role_arn, self.account_id)
        enforce_quota(len(self._algorithms), MAX_ALGORITHMS,
                      quota_exceeded("Active configured model algorithms", MAX_ALGORITHMS))
        algorithm = ConfiguredModelAlgorithm(
            arn=self.arn(f"configured-model-algorithm/{alphanumeric_id()}"),
            name=name,
            tags=tags,
            role_arn=role_arn,
            training_container_config=training_container_config,
            inference_container_config=inference_container_config,
            description=description,
            kms_key_arn=kms_key_arn,
        )
        self._algorithms.add(algorithm)
        return {"configuredModelAlgorithmArn": algorithm.arn}

    def get_configured_model_algorithm(self, configured_model_algorithm_arn: str) -> dict[str, Any]:
        algorithm = self._algorithms.get(configured_model_algorithm_arn)
        return {
            **_algorithm_summary(algorithm),
            "trainingContainerConfig": algorithm.training_container_config,
            "inferenceContainerConfig": algorithm.inference_container_config,
            "roleArn": algorithm.role_arn,
            "tags": algorithm.tags,
            "kmsKeyArn": algorithm.kms_key_arn,
        }

    def list_configured_model_algorithms(
        self, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        found, token = page(list(self._algorithms), next_token=next_token, max_results=max_results,
                            filters={"op": "ListConfiguredModelAlgorithms"})
        return {"configuredModelAlgorithms": [_algorithm_summary(a) for a in found], "nextToken": token}

    def delete_configured_model_algorithm(self, configured_model_algorithm_arn: str) -> dict[str, Any]:
        algorithm = self._algorithms.get(configured_model_algorithm_arn)
        users = [a.name for a in self._associations if a.algorithm_arn == algorithm.arn]
        if users:
            # Not documented by AWS (spec §5.2); we chose to refuse, like every delete of a resource in use.
            raise conflict(
                f"Configured model algorithm {algorithm.arn} is associated with collaborations through "
                f"association(s) {', '.join(users)}; delete them first."
            )
        self._algorithms.remove(algorithm.arn)
        return {}

    # --- associations -----------------------------------------------------------------------------------
    def create_configured_model_algorithm_association(
        self,
        membership_identifier: str,
        configured_model_algorithm_arn: str,
        name: str,
        description: Optional[str] = None,
        privacy_configuration: Optional[dict[str, Any]] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        tags = new_tags(tags)
        membership = self._membership(membership_identifier)
        if privacy_configuration is not None:
            _check_privacy_configuration(privacy_configuration,
                                         self.handle.collaborations.members(membership.collaboration_id))
        # Every API but StartAudienceGenerationJob is own-account only (ml-behaviors): another account's
        # algorithm is not found.
        algorithm = self._algorithms.get(configured_model_algorithm_arn)
        mine = self._associations.where(lambda a: a.membership_id == membership.membership_id)
        if any(a.name == name for a in mine):
            # Not documented by AWS; names are unique per membership, like the other resources' per account.
            raise conflict(f"A configured model algorithm association named '{name}' already exists in "
                           f"membership {membership.membership_id}.")
        enforce_quota(len(mine), MAX_ASSOCIATIONS,
                      quota_exceeded("Active configured model algorithm associations", MAX_ASSOCIATIONS))
        association = AlgorithmAssociation(
            arn=self.arn(f"membership/{membership.membership_id}/configured-model-algorithm-association/"
                         f"{alphanumeric_id()}"),
            name=name,
            tags=tags,
            membership_id=membership.membership_id,
            collaboration_id=membership.collaboration_id,
            algorithm_arn=algorithm.arn,
            privacy_configuration=privacy_configuration,
            description=description,
        )
        self._associations.add(association)
        return {"configuredModelAlgorithmAssociationArn": association.arn}

    def get_configured_model_algorithm_association(
        self, configured_model_algorithm_association_arn: str, membership_identifier: str
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        association = self._in_membership(self._associations, configured_model_algorithm_association_arn,
                                          membership.membership_id, "Configured model algorithm association")
        return {**_association_summary(association), "privacyConfiguration": association.privacy_configuration,
                "tags": association.tags}

    def list_configured_model_algorithm_associations(
        self, membership_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        mine = self._associations.where(lambda a: a.membership_id == membership.membership_id)
        found, token = page(mine, next_token=next_token, max_results=max_results,
                            filters={"op": "ListConfiguredModelAlgorithmAssociations",
                                     "membership": membership.membership_id})
        return {"configuredModelAlgorithmAssociations": [_association_summary(a) for a in found],
                "nextToken": token}

    def get_collaboration_configured_model_algorithm_association(
        self, configured_model_algorithm_association_arn: str, collaboration_identifier: str
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        association = self._in_collaboration("_associations", configured_model_algorithm_association_arn,
                                             collaboration_identifier, "Configured model algorithm association")
        return {**_association_summary(association), "creatorAccountId": _account(association.arn),
                "privacyConfiguration": association.privacy_configuration}

    def list_collaboration_configured_model_algorithm_associations(
        self, collaboration_identifier: str, next_token: Optional[str] = None, max_results: Optional[int] = None
    ) -> dict[str, Any]:
        self._collaboration(collaboration_identifier)
        every = self._collaboration_resources("_associations", collaboration_identifier)
        found, token = page(every, next_token=next_token, max_results=max_results,
                            filters={"op": "ListCollaborationConfiguredModelAlgorithmAssociations",
                                     "collaboration": collaboration_identifier})
        return {"collaborationConfiguredModelAlgorithmAssociations": [
            {**_association_summary(a), "creatorAccountId": _account(a.arn)} for a in found],
            "nextToken": token}

    def delete_configured_model_algorithm_association(
        self, configured_model_algorithm_association_arn: str, membership_identifier: str
    ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        association = self._in_membership(self._associations, configured_model_algorithm_association_arn,
                                          membership.membership_id, "Configured model algorithm association")
        users = self._association_users(association)
        if users:
            # Not documented by AWS (spec §10); we chose to refuse while any member's ML input channel still
            # holds data for it, or any trained model version made with it still has output.
            raise conflict(f"Configured model algorithm association {association.arn} is used by "
                           f"{', '.join(users)}; delete their data or output first.")
        self._associations.remove(association.arn)
        return {}

    # --- ML configuration -------------------------------------------------------------------------------
    def put_ml_configuration(self, membership_identifier: str, default_output_location: dict[str, Any]
                             ) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        check_role_account(default_output_location["roleArn"], self.account_id)
        if "destination" not in default_output_location:
            # The model makes destination optional, but a default output location needs somewhere to write.
            raise validation("defaultOutputLocation.destination is required.")
        existing = self._ml_configurations.get(membership.membership_id)
        # Not documented by AWS; Put creates or replaces the one configuration of the membership (an upsert),
        # keeping its creation time.
        configuration = MLConfiguration(membership.membership_id, default_output_location)
        if existing is not None:
            configuration.created_at = existing.created_at
        self._ml_configurations[membership.membership_id] = configuration
        return {}

    def get_ml_configuration(self, membership_identifier: str) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        configuration = self._ml_configuration(membership.membership_id)
        return {
            "membershipIdentifier": configuration.membership_id,
            "defaultOutputLocation": configuration.default_output_location,
            "createTime": configuration.created_at,
            "updateTime": configuration.updated_at,
        }

    def delete_ml_configuration(self, membership_identifier: str) -> dict[str, Any]:
        membership = self._membership(membership_identifier)
        self._ml_configuration(membership.membership_id)
        del self._ml_configurations[membership.membership_id]
        return {}

    # --- helpers ----------------------------------------------------------------------------------------
    def _ml_configuration(self, membership_id: str) -> MLConfiguration:
        configuration = self._ml_configurations.get(membership_id)
        if configuration is None:
            # Not documented by AWS (spec §5.1); no configuration is a missing resource.
            raise not_found("ML configuration")(f"membership {membership_id}")
        return configuration

    def _association_users(self, association: AlgorithmAssociation) -> list[str]:
        users: list[str] = []
        for backend in self._member_backends(association.collaboration_id):
            users += [f"ML input channel {c.name}" for c in backend._ml_input_channels.observed(
                lambda c: association.arn in c.association_arns) if c.lifecycle.current != INACTIVE]
            users += [f"trained model {m.name}" for m in backend._trained_models
                      if any(v.association_arn == association.arn
                             and v.lifecycle.observe() not in (INACTIVE, "CREATE_FAILED") for v in m.versions)]
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


def _account(arn: str) -> str:
    return arn.split(":")[4]


def _algorithm_summary(algorithm: ConfiguredModelAlgorithm) -> dict[str, Any]:
    return {
        "createTime": algorithm.created_at,
        "updateTime": algorithm.created_at,  # immutable: never updated
        "configuredModelAlgorithmArn": algorithm.arn,
        "name": algorithm.name,
        "description": algorithm.description,
    }


def _association_summary(association: AlgorithmAssociation) -> dict[str, Any]:
    return {
        "createTime": association.created_at,
        "updateTime": association.created_at,  # immutable (associate-model-algorithm)
        "configuredModelAlgorithmAssociationArn": association.arn,
        "configuredModelAlgorithmArn": association.algorithm_arn,
        "name": association.name,
        "description": association.description,
        "membershipIdentifier": association.membership_id,
        "collaborationIdentifier": association.collaboration_id,
    }
