"""Configured audience models and their resource policies.

A configured audience model says how an audience model may be used (API_CreateConfiguredAudienceModel):
sizes, seed overlap, metrics sharing, output location; its resource policy (API_PutConfiguredAudienceModelPolicy)
lets other accounts start jobs on it (``policy`` evaluates it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, TypedDict

from ...core import clock
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import check_role_account, new_tags
from ..errors import conflict, not_found, refuse_while_used, validation
from ..quotas import check_quota
from ..standard import get_operation, list_operation
from ..store import CleanRoomsMLStore
from .policy import PolicyError, parse_policy, policy_hash
from .resources import DELETING, IN_PROGRESS, AudienceModel, ConfiguredAudienceModel

if TYPE_CHECKING:
    from typing_extensions import Unpack

# clean-rooms-ml-quotas: "Segment size bins 1%-20%" (the API pages still say 1-100 %; the quota is stricter).
MIN_BIN_PERCENT, MAX_BIN_PERCENT = 1, 20


class _RequiredConfiguredModelMembers(TypedDict):
    shared_audience_metrics: list[str]


class ConfiguredModelMembers(_RequiredConfiguredModelMembers, total=False):
    """What CreateConfiguredAudienceModel keeps as given."""

    description: Optional[str]
    min_matching_seed_size: Optional[int]
    audience_size_config: Optional[dict[str, Any]]
    child_resource_tag_on_create_policy: Optional[str]


class ConfiguredAudienceModelOperations(OperationGroup[CleanRoomsMLStore]):
    """Create/Get/List/Update/DeleteConfiguredAudienceModel."""

    @operation("CreateConfiguredAudienceModel")
    def create_configured_audience_model(
        self,
        name: str,
        audience_model_arn: str,
        output_config: dict[str, Any],
        tags: Optional[dict[str, str]] = None,
        **stored: Unpack[ConfiguredModelMembers],
    ) -> dict[str, Any]:
        audience_size_config = stored.get("audience_size_config")
        if audience_size_config is not None:
            _check_bins(audience_size_config)
        tags = new_tags(tags)
        store = self.store
        check_role_account(output_config["roleArn"], store.account_id)
        model = self._active_audience_model(audience_model_arn)
        if audience_size_config is not None:
            self._check_absolute_bins(audience_size_config, model)
        check_quota(store, "Configured audience models", len(store.configured_models))
        configured = ConfiguredAudienceModel(arn=store.new_arn("configured-audience-model"), name=name, tags=tags,
                                             audience_model_arn=model.arn, output_config=output_config, **stored)
        configured.updated_at = configured.created_at
        store.configured_models.add(configured)
        return {"configuredAudienceModelArn": configured.arn}

    get_configured_audience_model = get_operation("GetConfiguredAudienceModel", lambda store: store.configured_models)

    list_configured_audience_models = list_operation(
        "ListConfiguredAudienceModels", lambda store: store.configured_models
    )

    @operation("UpdateConfiguredAudienceModel")
    def update_configured_audience_model(
        self,
        configured_audience_model_arn: str,
        output_config: Optional[dict[str, Any]] = None,
        audience_model_arn: Optional[str] = None,
        shared_audience_metrics: Optional[list[str]] = None,
        min_matching_seed_size: Optional[int] = None,
        audience_size_config: Optional[dict[str, Any]] = None,
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        if audience_size_config is not None:
            _check_bins(audience_size_config)
        if output_config is not None:
            check_role_account(output_config["roleArn"], self.store.account_id)
        configured = self.store.configured_models.read(configured_audience_model_arn)
        model = self._active_audience_model(audience_model_arn or configured.audience_model_arn)
        size_config = audience_size_config if audience_size_config is not None else configured.audience_size_config
        if size_config is not None:
            self._check_absolute_bins(size_config, model)
        # API_UpdateConfiguredAudienceModel: changes apply to jobs started afterwards (jobs keep a snapshot).
        # Not documented: omitted members keep their values (PATCH semantics).
        configured.audience_model_arn = model.arn
        if output_config is not None:
            configured.output_config = output_config
        if shared_audience_metrics is not None:
            configured.shared_audience_metrics = list(shared_audience_metrics)
        if min_matching_seed_size is not None:
            configured.min_matching_seed_size = min_matching_seed_size
        if audience_size_config is not None:
            configured.audience_size_config = audience_size_config
        if description is not None:
            configured.description = description
        configured.updated_at = clock.now()
        return {"configuredAudienceModelArn": configured.arn}

    @operation("DeleteConfiguredAudienceModel")
    def delete_configured_audience_model(self, configured_audience_model_arn: str) -> dict[str, Any]:
        configured = self.store.configured_models.read(configured_audience_model_arn)
        # Referencing the jobs reads them: a job that finishes on this read does not block.
        jobs = self.store.generation_jobs.read_all(lambda job: job.shared.cam.arn == configured.arn)
        busy = [job.name for job in jobs if job.lifecycle.current in IN_PROGRESS or job.lifecycle.current in DELETING]
        # API_DeleteConfiguredAudienceModel: refused while lookalike jobs use it. Not documented which
        # jobs count; we chose those not yet finished (pending, running or being deleted).
        refuse_while_used(busy, f"Configured audience model {configured.arn} is used by audience generation job(s) "
                                "{users} that have not finished.")
        self.store.configured_models.remove(configured.arn)
        return {}

    def _active_audience_model(self, arn: str) -> AudienceModel:
        """Not documented whether a CAM needs an ACTIVE audience model; we require one (there is nothing to
        configure before training ends) and answer ConflictException, the modelled error for a state clash."""
        model = self.store.audience_models.read(arn)
        status = model.lifecycle.current
        if status != "ACTIVE":
            raise conflict(f"Audience model {arn} is {status}; only an ACTIVE audience model can be configured.")
        return model

    def _check_absolute_bins(self, size_config: dict[str, Any], model: AudienceModel) -> None:
        """ABSOLUTE bins against the training data's distinct users (known: the model is ACTIVE).

        clean-rooms-ml-quotas bounds them to 1 %-20 % of those users, a data-volume rule: enforced as
        documented when ``aws.strict``; otherwise (our choice) a bin only has to fit in the user count.
        """
        if size_config["audienceSizeType"] != "ABSOLUTE" or model.trained is None:
            return
        users = model.trained.user_count
        bins = size_config["audienceSizeBins"]
        if self.store.handle.strict:
            low, high = users * MIN_BIN_PERCENT / 100, users * MAX_BIN_PERCENT / 100
            wrong = [b for b in bins if not low <= b <= high]
            if wrong:
                raise validation(
                    f"ABSOLUTE audience size bins must be between 1% and 20% of the {users} distinct users in "
                    f"the training data ({low:g} to {high:g}); invalid: {wrong}."
                )
            return
        wrong = [b for b in bins if b > users]
        if wrong:
            raise validation(
                f"ABSOLUTE audience size bins cannot exceed the {users} distinct users in the training data; "
                f"invalid: {wrong}."
            )


class ConfiguredAudienceModelPolicyOperations(OperationGroup[CleanRoomsMLStore]):
    """Put/Get/DeleteConfiguredAudienceModelPolicy: the resource policy of a configured audience model."""

    @operation("PutConfiguredAudienceModelPolicy")
    def put_configured_audience_model_policy(
        self,
        configured_audience_model_arn: str,
        configured_audience_model_policy: str,
        previous_policy_hash: Optional[str] = None,
        policy_existence_condition: Optional[str] = None,
    ) -> dict[str, Any]:
        try:
            parse_policy(configured_audience_model_policy)
        except PolicyError as exc:
            raise validation(str(exc))
        configured = self.store.configured_models.read(configured_audience_model_arn)
        current = configured.policy
        # Not documented which error a failed condition gives; the operation models no ConflictException,
        # so we answer ValidationException (spec §4.4).
        if policy_existence_condition == "POLICY_MUST_EXIST" and current is None:
            raise validation(f"Configured audience model {configured.arn} has no policy (POLICY_MUST_EXIST).")
        if policy_existence_condition == "POLICY_MUST_NOT_EXIST" and current is not None:
            raise validation(
                f"Configured audience model {configured.arn} already has a policy (POLICY_MUST_NOT_EXIST)."
            )
        if previous_policy_hash is not None and (current is None or policy_hash(current) != previous_policy_hash):
            raise validation(
                "previousPolicyHash does not match the hash of the configured audience model's current policy."
            )
        configured.policy = configured_audience_model_policy
        return {
            "configuredAudienceModelPolicy": configured.policy,
            "policyHash": policy_hash(configured.policy),
        }

    @operation("GetConfiguredAudienceModelPolicy")
    def get_configured_audience_model_policy(self, configured_audience_model_arn: str) -> dict[str, Any]:
        configured = self._with_policy(configured_audience_model_arn)
        return {
            "configuredAudienceModelArn": configured.arn,
            "configuredAudienceModelPolicy": configured.policy,
            "policyHash": policy_hash(configured.policy or ""),
        }

    @operation("DeleteConfiguredAudienceModelPolicy")
    def delete_configured_audience_model_policy(self, configured_audience_model_arn: str) -> dict[str, Any]:
        configured = self._with_policy(configured_audience_model_arn)
        configured.policy = None
        return {}

    def _with_policy(self, arn: str) -> ConfiguredAudienceModel:
        configured = self.store.configured_models.read(arn)
        if configured.policy is None:
            # Not documented by AWS; a policy that does not exist is a resource that does not exist.
            raise not_found("Configured audience model policy")(arn)
        return configured


def _check_bins(size_config: dict[str, Any]) -> None:
    bins = size_config["audienceSizeBins"]
    if len(set(bins)) != len(bins):
        raise validation(f"audienceSizeBins must not repeat a size: {bins}.")
    if size_config["audienceSizeType"] == "PERCENTAGE":
        wrong = [b for b in bins if not MIN_BIN_PERCENT <= b <= MAX_BIN_PERCENT]
        if wrong:
            raise validation(
                f"PERCENTAGE audience size bins must be between {MIN_BIN_PERCENT} and {MAX_BIN_PERCENT}; "
                f"invalid: {wrong}."
            )
