"""Audience generation jobs (lookalike segments), including the two-party case.

ml-behaviors: StartAudienceGenerationJob is the one operation that may name another account's resource (a
configured audience model). The job then exists in both accounts with one id and two ARNs; each account
reads, lists and deletes it through its own ARN, and the owner sees it named ``<callerAccountId>-<name>``.
Generation is the completion of the job's lifecycle (``generate``): a seed problem fails the job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from ...core.data import DataError, DataNotFound
from ...core.ids import alphanumeric_id
from ...core.lifecycle import Lifecycle
from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ...core.tags import merged_tags
from ..common import AWS_REFUSALS, LISTING, arn_account, check_role_account, fail, new_tags
from ..errors import TAG_RULES, access_denied, conflict, not_found, validation
from ..quotas import check_quota
from ..standard import get_operation
from ..store import CleanRoomsMLStore
from . import engine
from .policy import allows_start_job
from .resources import (
    CREATE_FAILED,
    CREATE_STEPS,
    DELETE_STEPS,
    DELETING,
    IN_PROGRESS,
    AudienceGenerationJob,
    AudienceRun,
    CamSettings,
    ConfiguredAudienceModel,
)
from .sql_seed import seed_user_ids

if TYPE_CHECKING:
    from typing_extensions import Unpack

# clean-rooms-ml-quotas
MIN_SEED_USERS, MAX_SEED_USERS = 25, 500_000  # ml-seed-data-requirements (always enforced)


class AudienceGenerationOperations(OperationGroup[CleanRoomsMLStore]):
    """Start/Get/List/DeleteAudienceGenerationJob."""

    @operation("StartAudienceGenerationJob")
    def start_audience_generation_job(
        self,
        name: str,
        configured_audience_model_arn: str,
        seed_audience: dict[str, Any],
        include_seed_in_output: Optional[bool] = None,
        collaboration_id: Optional[str] = None,
        description: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> dict[str, Any]:
        _check_seed_audience(seed_audience, collaboration_id)
        request_tags = new_tags(tags)
        me = self.store
        check_role_account(seed_audience["roleArn"], me.account_id)
        owner = me.owner_of(configured_audience_model_arn)
        configured = owner.configured_models.read(configured_audience_model_arn)
        self._authorize_start(owner, configured, collaboration_id)
        owner_name = name if owner is me else f"{me.account_id}-{name}"
        for store, job_name in {me.account_id: (me, name), owner.account_id: (owner, owner_name)}.values():
            if store.generation_jobs.by_name(job_name) is not None:
                # ml-behaviors: generation job names are unique within an account.
                raise conflict(f"An audience generation job named '{job_name}' already exists in account "
                               f"{store.account_id}.")
        pending = sum(
            1 for job in me.generation_jobs
            if job.shared.starter_account == me.account_id and job.shared.lifecycle.current in IN_PROGRESS
        )
        check_quota(me, "Pending or in-progress audience generation jobs", pending)
        model = owner.audience_models.read(configured.audience_model_arn)
        if model.lifecycle.current != "ACTIVE" or model.trained is None:
            raise conflict(f"Audience model {model.arn} behind {configured.arn} is {model.lifecycle.current}.")

        settings = _settings_of(configured)
        copied = dict(settings.tags) if settings.copies_tags else {}
        job_id = alphanumeric_id()
        run = AudienceRun(
            job_id=job_id,
            starter_account=me.account_id,
            cam=settings,
            model=model.trained,
            seed_audience=seed_audience,
            include_seed=bool(include_seed_in_output),
            collaboration_id=collaboration_id,
        )
        run.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: generate(me, run), failed_status=CREATE_FAILED)
        # API_CreateConfiguredAudienceModel (childResourceTagOnCreatePolicy): jobs in the owner's account take
        # the model's tags, request tags win; a caller in another account never tags the owner's copy.
        own_tags = merged_tags(copied, request_tags, TAG_RULES) if owner is me else request_tags
        views = [(me, name, own_tags)]
        if owner is not me:
            views.append((owner, owner_name, copied))
        for store, job_name, job_tags in views:
            view = AudienceGenerationJob(
                arn=store.arn(f"audience-generation-job/{job_id}"),
                name=job_name,
                tags=job_tags,
                account_id=store.account_id,
                description=description,
                run=run,
            )
            run.views[store.account_id] = store.generation_jobs.add(view)
        return {"audienceGenerationJobArn": run.views[me.account_id].arn}

    get_audience_generation_job = get_operation("GetAudienceGenerationJob", lambda store: store.generation_jobs)

    @operation("ListAudienceGenerationJobs")
    def list_audience_generation_jobs(
        self,
        configured_audience_model_arn: Optional[str] = None,
        collaboration_id: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        filters = {"op": "ListAudienceGenerationJobs", "cam": configured_audience_model_arn,
                   "collaboration": collaboration_id}
        # Every job is read before paging: one whose deletion completes on this read leaves no gap in the page.
        return LISTING.respond(
            "audienceGenerationJobs", self.store.generation_jobs, **page,
            filters=filters, read_first=True,
            where=lambda job: configured_audience_model_arn in (None, job.shared.cam.arn)
            and collaboration_id in (None, job.shared.collaboration_id),
        )

    @operation("DeleteAudienceGenerationJob")
    def delete_audience_generation_job(self, audience_generation_job_arn: str) -> dict[str, Any]:
        job = self.store.generation_jobs.read(audience_generation_job_arn)
        run = job.shared
        status = run.lifecycle.current
        if status in IN_PROGRESS:
            # Not documented by AWS; we chose to refuse deleting a job that is still generating.
            raise conflict(f"Audience generation job {job.arn} is {status}; wait until it ends to delete it.")
        if status in DELETING:
            raise conflict(f"Audience generation job {job.arn} is already being deleted ({status}).")
        # API_DeleteAudienceGenerationJob deletes the job and all its data (its exports too); either account
        # of a cross-account job may delete it, and it goes for both (one execution, ml-behaviors).
        store = self.store
        run.lifecycle.begin(DELETE_STEPS, on_complete=lambda: _forget(store, run))
        return {}

    def _authorize_start(
        self, owner: CleanRoomsMLStore, configured: ConfiguredAudienceModel, collaboration_id: Optional[str]
    ) -> None:
        """ml-behaviors: with a collaborationId the service checks the collaboration exists and that the caller
        and the model's owner are ACTIVE members; another account's model must be associated with that
        collaboration (cleanrooms CreateConfiguredAudienceModelAssociation), and either Clean Rooms manages
        its resource policy (``manageResourcePolicies``) or the owner's policy allows the collaboration.
        Without a collaborationId, only the owner's resource policy lets another account start a job."""
        me = self.store
        if collaboration_id is not None:
            collaborations = me.collaborations
            if collaboration_id not in collaborations:
                raise not_found("Collaboration")(collaboration_id)
            for account, who in ((me.account_id, "caller"), (owner.account_id, "configured audience model owner")):
                if not collaborations.is_member(collaboration_id, account):
                    raise access_denied(
                        f"The {who} (account {account}) is not an active member of collaboration {collaboration_id}."
                    )
            if owner is me:
                return
            associations = [a for a in collaborations.audience_model_associations(collaboration_id)
                            if a.configured_audience_model_arn == configured.arn]
            if not associations:
                raise access_denied(
                    f"Configured audience model {configured.arn} is not associated with collaboration "
                    f"{collaboration_id}; its owner associates it with CreateConfiguredAudienceModelAssociation."
                )
            if any(a.manage_resource_policies for a in associations):
                return
        if owner is me:
            return
        resources = [configured.arn, owner.arn("audience-generation-job/*")]
        if not allows_start_job(configured.policy, caller_account=me.account_id, resources=resources,
                                collaboration_id=collaboration_id, partition=owner.partition):
            raise access_denied(
                f"Account {me.account_id} is not authorized to perform cleanrooms-ml:StartAudienceGenerationJob "
                f"on {configured.arn}: the configured audience model's resource policy does not allow it"
                + (" (and Clean Rooms does not manage it for this collaboration)." if collaboration_id else
                   " and no collaborationId was given.")
            )


def _forget(store: CleanRoomsMLStore, run: AudienceRun) -> None:
    run.generated = None
    for account, view in run.views.items():
        store.of_account(account).generation_jobs.remove(view.arn)


def generate(store: CleanRoomsMLStore, run: AudienceRun) -> Optional[str]:
    """Lifecycle completion: read the seed, rank the training users, keep the audience and metrics."""
    found = seed_user_ids(store, run) if "sqlParameters" in run.seed_audience else _s3_seed(store, run)
    if isinstance(found, str):
        return found
    user_ids = found
    if not MIN_SEED_USERS <= len(user_ids) <= MAX_SEED_USERS:
        code = "SEED_AUDIENCE_TOO_SMALL" if len(user_ids) < MIN_SEED_USERS else "SEED_AUDIENCE_TOO_LARGE"
        return fail(run, code, f"The seed audience must contain between {MIN_SEED_USERS} and "
                                f"{MAX_SEED_USERS} unique user ids; found {len(user_ids)}.")
    run.sizes = engine.resolve_audience_sizes(run.cam.size_type, run.cam.size_bins, run.model.user_count)
    try:
        run.generated = engine.generate_audience(
            run.model,
            user_ids,
            audience_sizes=run.sizes,
            min_matching_seed_size=run.cam.min_matching_seed_size,
            include_seed=run.include_seed,
        )
    except engine.LookalikeError as exc:
        return fail(run, exc.status_code, exc.message)
    return None


def _s3_seed(store: CleanRoomsMLStore, run: AudienceRun) -> Union[set[str], str]:
    """The user ids of a seed given as JSON lines in S3, or the failure reason."""
    seed = run.seed_audience
    uri = seed["dataSource"]["s3Uri"]
    try:
        records = store.handle.data.in_region(store.region).get_json_lines(uri)
    except DataError as exc:
        code = "SEED_AUDIENCE_NOT_FOUND" if isinstance(exc, DataNotFound) else "INVALID_SEED_AUDIENCE"
        return fail(run, code, f"Cannot read the seed audience at {uri}: {exc.message}")
    except AWS_REFUSALS as exc:  # moto's S3 refusing for another reason
        return fail(run, "INVALID_SEED_AUDIENCE", f"Cannot read the seed audience at {uri}: {exc}")
    if any("user_id" not in record or record["user_id"] is None for record in records):
        return fail(run, "INVALID_SEED_AUDIENCE",
                     f'Every seed record must be a JSON object with a "user_id" ({uri}).')
    return {str(record["user_id"]) for record in records}


def _check_seed_audience(seed: dict[str, Any], collaboration_id: Optional[str]) -> None:
    """API_AudienceGenerationJobDataSource: the seed is either an S3 object or a SQL query, never both; a SQL
    seed runs as a protected query in the caller's membership of the job's collaboration (sql_seed)."""
    has_s3, has_sql = "dataSource" in seed, "sqlParameters" in seed
    if has_s3 == has_sql:
        raise validation("seedAudience must contain exactly one of dataSource or sqlParameters.")
    if "sqlComputeConfiguration" in seed and not has_sql:
        raise validation("seedAudience.sqlComputeConfiguration can only be given with sqlParameters.")
    if has_sql and not (seed["sqlParameters"].get("queryString") or seed["sqlParameters"].get("analysisTemplateArn")):
        raise validation("seedAudience.sqlParameters needs a queryString or an analysisTemplateArn.")
    if has_sql and collaboration_id is None:
        raise validation("A seed audience from SQL (seedAudience.sqlParameters) needs a collaborationId.")


def _settings_of(configured: ConfiguredAudienceModel) -> CamSettings:
    size_config = configured.effective_size_config
    return CamSettings(
        arn=configured.arn,
        owner_account=arn_account(configured.arn),
        size_type=size_config["audienceSizeType"],
        size_bins=tuple(size_config["audienceSizeBins"]),
        min_matching_seed_size=configured.effective_min_matching_seed_size,
        shares_metrics="ALL" in configured.shared_audience_metrics,
        output_uri=configured.output_config["destination"]["s3Destination"]["s3Uri"],
        tags=tuple(configured.tags.items()),
        copies_tags=configured.child_resource_tag_on_create_policy == "FROM_PARENT_RESOURCE",
    )
