"""ML configurations: a membership's default output location (PutMLConfiguration), where trained model
exports and inference output for that member are written and metrics and logs are published
(custom-model-prerequisites)."""

from __future__ import annotations

from typing import Any

from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import check_role_account
from ..errors import not_found, validation
from ..store import CleanRoomsMLStore
from .resources import MLConfiguration


class MLConfigurationOperations(OperationGroup[CleanRoomsMLStore]):
    """Put/Get/DeleteMLConfiguration."""

    @operation("PutMLConfiguration")
    def put_ml_configuration(self, membership_identifier: str, default_output_location: dict[str, Any]
                             ) -> dict[str, Any]:
        store = self.store
        membership = store.membership(membership_identifier)
        check_role_account(default_output_location["roleArn"], store.account_id)
        if "destination" not in default_output_location:
            # The model makes destination optional, but a default output location needs somewhere to write.
            raise validation("defaultOutputLocation.destination is required.")
        existing = store.ml_configurations.get(membership.membership_id)
        # Not documented by AWS; Put creates or replaces the one configuration of the membership (an upsert),
        # keeping its creation time.
        configuration = MLConfiguration(membership.membership_id, default_output_location)
        if existing is not None:
            configuration.created_at = existing.created_at
        store.ml_configurations[membership.membership_id] = configuration
        return {}

    @operation("GetMLConfiguration")
    def get_ml_configuration(self, membership_identifier: str) -> dict[str, Any]:
        membership = self.store.membership(membership_identifier)
        return self._configuration(membership.membership_id).view()

    @operation("DeleteMLConfiguration")
    def delete_ml_configuration(self, membership_identifier: str) -> dict[str, Any]:
        membership = self.store.membership(membership_identifier)
        self._configuration(membership.membership_id)
        del self.store.ml_configurations[membership.membership_id]
        return {}

    def _configuration(self, membership_id: str) -> MLConfiguration:
        configuration = self.store.ml_configurations.get(membership_id)
        if configuration is None:
            # Not documented by AWS (spec §5.1); no configuration is a missing resource.
            raise not_found("ML configuration")(f"membership {membership_id}")
        return configuration
