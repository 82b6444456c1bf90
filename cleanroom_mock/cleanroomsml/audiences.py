"""Audience generation jobs (lookalike segments) and audience export jobs, including the two-party case.

ml-behaviors: StartAudienceGenerationJob is the one operation that may name another account's resource (a
configured audience model). The job then exists in both accounts with one id and two ARNs; each account
reads, lists and deletes it through its own ARN, and the owner sees it named ``<callerAccountId>-<name>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, cast

from botocore.exceptions import BotoCoreError, ClientError

from ..core.data import DataError, DataNotFound
from ..core.ids import alphanumeric_id
from ..core.lifecycle import Lifecycle
from ..core.resources import ResourceTable, enforce_quota
from ..core.tags import merged_tags
from . import lookalike
from .common import (
    TAG_RULES,
    access_denied,
    arn_account,
    check_role_account,
    conflict,
    new_tags,
    not_found,
    page,
    quota_exceeded,
    status_details,
    validation,
)
from .configured import effective_min_matching_seed_size, effective_size_config
from .policy import allows_start_job
from .resources import (
    CREATE_FAILED,
    CREATE_STEPS,
    DELETE_STEPS,
    DELETING,
    IN_PROGRESS,
    AudienceExportJob,
    AudienceGenerationJob,
    AudienceModel,
    AudienceRun,
    CamSettings,
    ConfiguredAudienceModel,
)

if TYPE_CHECKING:
    from ..core.backend import Backend
    from ..core.state import MockHandle

# clean-rooms-ml-quotas
MAX_PENDING_GENERATION_JOBS = 10
MAX_PENDING_EXPORT_JOBS = 20
MAX_EXPORTS_PER_GENERATION_JOB = 25
MIN_SEED_USERS, MAX_SEED_USERS = 25, 500_000  # ml-seed-data-requirements (always enforced)
# clean-rooms-ml-quotas: exported segments hold at least 10,000 users; a data-volume minimum, scaled to 1.
DOCUMENTED_MIN_EXPORT_USERS, SCALED_MIN_EXPORT_USERS = 10_000, 1
EXPORT_FILE = "audience.json"
SQL_SEED_UNSUPPORTED = (
    "Seed audiences from a SQL query or analysis template (seedAudience.sqlParameters) are not supported by "
    "cleanroom_mock yet; give the seed as JSON lines at seedAudience.dataSource.s3Uri instead."
)


class AudienceOperations:
    handle: MockHandle
    account_id: str
    region: str
    _configured_models: ResourceTable[ConfiguredAudienceModel]
    _audience_models: ResourceTable[AudienceModel]

    if TYPE_CHECKING:  # provided by core.backend.Backend and TrainingOperations
        def arn(self, resource: str) -> str: ...
        def peer(self, account_id: str, service: str | None = None) -> Backend: ...
        def _audience_model(self, arn: str) -> AudienceModel: ...



    def _setup_audiences(self) -> None:
        self._generation_jobs: ResourceTable[AudienceGenerationJob] = ResourceTable(
            not_found("Audience generation job")
        )

    # --- audience generation jobs ---------------------------------------------------------------------
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
        _check_seed_audience(seed_audience)
        request_tags = new_tags(tags)
        check_role_account(seed_audience["roleArn"], self.account_id)
        owner = self._owner_of(configured_audience_model_arn)
        configured = owner._configured_models.get(configured_audience_model_arn)
        self._authorize_start(owner, configured, collaboration_id)
        owner_name = name if owner is self else f"{self.account_id}-{name}"
        for backend, job_name in {self.account_id: (self, name), owner.account_id: (owner, owner_name)}.values():
            if backend._generation_jobs.by_name(job_name) is not None:
                # ml-behaviors: generation job names are unique within an account.
                raise conflict(f"An audience generation job named '{job_name}' already exists in account "
                               f"{backend.account_id}.")
        pending = sum(
            1 for job in self._generation_jobs
            if job.shared.starter_account == self.account_id and job.shared.lifecycle.current in IN_PROGRESS
        )
        enforce_quota(pending, MAX_PENDING_GENERATION_JOBS,
                      quota_exceeded("Pending or in-progress audience generation jobs", MAX_PENDING_GENERATION_JOBS))
        model = owner._audience_model(configured.audience_model_arn)
        if model.lifecycle.current != "ACTIVE" or model.trained is None:
            raise conflict(f"Audience model {model.arn} behind {configured.arn} is {model.lifecycle.current}.")

        settings = _settings_of(configured)
        copied = dict(settings.tags) if settings.copies_tags else {}
        job_id = alphanumeric_id()
        run = AudienceRun(
            job_id=job_id,
            starter_account=self.account_id,
            cam=settings,
            model=model.trained,
            seed_audience=seed_audience,
            include_seed=bool(include_seed_in_output),
            collaboration_id=collaboration_id,
        )
        run.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: self._generate(run), failed_status=CREATE_FAILED)
        # API_CreateConfiguredAudienceModel (childResourceTagOnCreatePolicy): jobs in the owner's account take
        # the model's tags, request tags win; a caller in another account never tags the owner's copy.
        own_tags = merged_tags(copied, request_tags, TAG_RULES) if owner is self else request_tags
        views = [(self, name, own_tags)]
        if owner is not self:
            views.append((owner, owner_name, copied))
        for backend, job_name, job_tags in views:
            view = AudienceGenerationJob(
                arn=backend.arn(f"audience-generation-job/{job_id}"),
                name=job_name,
                tags=job_tags,
                account_id=backend.account_id,
                description=description,
                run=run,
            )
            run.views[backend.account_id] = backend._generation_jobs.add(view)
        return {"audienceGenerationJobArn": run.views[self.account_id].arn}

    def get_audience_generation_job(self, audience_generation_job_arn: str) -> dict[str, Any]:
        job = self._generation_job(audience_generation_job_arn)
        run = job.shared
        return {
            **self._job_summary(job),
            "statusDetails": run.status_details,
            # Seed locations never cross accounts (ml-behaviors): only the account that started the job
            # sees its seedAudience.
            "seedAudience": run.seed_audience if self.account_id == run.starter_account else None,
            "includeSeedInOutput": run.include_seed,
            "metrics": self._metrics(run),
            "tags": job.tags,
        }

    def list_audience_generation_jobs(
        self,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        configured_audience_model_arn: Optional[str] = None,
        collaboration_id: Optional[str] = None,
    ) -> dict[str, Any]:
        jobs = [
            job for job in self._observed_jobs()
            if configured_audience_model_arn in (None, job.shared.cam.arn)
            and collaboration_id in (None, job.shared.collaboration_id)
        ]
        filters = {"op": "ListAudienceGenerationJobs", "cam": configured_audience_model_arn,
                   "collaboration": collaboration_id}
        found, token = page(jobs, next_token=next_token, max_results=max_results, filters=filters)
        return {"audienceGenerationJobs": [self._job_summary(job) for job in found], "nextToken": token}

    def delete_audience_generation_job(self, audience_generation_job_arn: str) -> dict[str, Any]:
        job = self._generation_job(audience_generation_job_arn)
        run = job.shared
        status = run.lifecycle.current
        if status in IN_PROGRESS:
            # Not documented by AWS; we chose to refuse deleting a job that is still generating.
            raise conflict(f"Audience generation job {job.arn} is {status}; wait until it ends to delete it.")
        if status in DELETING:
            raise conflict(f"Audience generation job {job.arn} is already being deleted ({status}).")
        # API_DeleteAudienceGenerationJob deletes the job and all its data (its exports too); either account
        # of a cross-account job may delete it, and it goes for both (one execution, ml-behaviors).
        run.lifecycle.begin(DELETE_STEPS, on_complete=lambda: self._forget_run(run))
        return {}

    # --- audience export jobs ---------------------------------------------------------------------------
    def start_audience_export_job(
        self,
        name: str,
        audience_generation_job_arn: str,
        audience_size: dict[str, Any],
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        job = self._generation_job(audience_generation_job_arn)
        run = job.shared
        settings = run.cam
        if audience_size["type"] != settings.size_type or audience_size["value"] not in settings.size_bins:
            # API_AudienceSize: must match one of the sizes of the configured audience model.
            raise validation(
                f"audienceSize {audience_size['type']} {audience_size['value']} is not one of the configured "
                f"audience model's sizes: {settings.size_type} {list(settings.size_bins)}."
            )
        status = run.lifecycle.current
        if status != "ACTIVE" or run.generated is None:
            # Not documented by AWS (spec §4.7); there is no audience to export before the job is ACTIVE.
            raise conflict(f"Audience generation job {job.arn} is {status}; only an ACTIVE job can be exported.")
        if any(e.name == name for e in run.exports):
            # Not documented by AWS; export jobs have no ARN, so (job, name) must identify one, and the name
            # is part of the output key. Checked across both accounts of a job so no export overwrites another.
            raise conflict(f"An audience export job named '{name}' already exists for {job.arn}.")
        pending = sum(
            1 for other in self._generation_jobs for e in other.shared.exports
            if e.account_id == self.account_id and e.lifecycle.current in IN_PROGRESS
        )
        enforce_quota(pending, MAX_PENDING_EXPORT_JOBS,
                      quota_exceeded("Pending or in-progress audience export jobs", MAX_PENDING_EXPORT_JOBS))
        live = sum(1 for e in run.exports if e.lifecycle.current != CREATE_FAILED)
        enforce_quota(live, MAX_EXPORTS_PER_GENERATION_JOB,
                      quota_exceeded("Audience export jobs per audience generation job",
                                     MAX_EXPORTS_PER_GENERATION_JOB))
        size = run.sizes[settings.size_bins.index(audience_size["value"])]
        segment = run.generated.segment(size)
        minimum = self.handle.data_minimum(DOCUMENTED_MIN_EXPORT_USERS, SCALED_MIN_EXPORT_USERS)
        if len(segment) < minimum:
            # clean-rooms-ml-quotas: exported segments hold at least 10,000 users.
            raise validation(
                f"An exported audience must contain at least {minimum} users; audienceSize "
                f"{audience_size['type']} {audience_size['value']} gives {len(segment)}."
            )
        export = AudienceExportJob(
            name=name,
            account_id=self.account_id,
            generation_job_arn=job.arn,
            audience_size=dict(audience_size),
            description=description,
            output_location=f"{settings.output_uri.rstrip('/')}/{run.job_id}/{name}/",
        )
        export.lifecycle = Lifecycle(CREATE_STEPS, on_complete=lambda: self._export(export, segment),
                                     failed_status=CREATE_FAILED)
        run.exports.append(export)
        return {}

    def list_audience_export_jobs(
        self,
        next_token: Optional[str] = None,
        max_results: Optional[int] = None,
        audience_generation_job_arn: Optional[str] = None,
    ) -> dict[str, Any]:
        exports = [
            export for job in self._observed_jobs()
            if audience_generation_job_arn in (None, job.arn)
            for export in job.shared.exports if export.account_id == self.account_id
        ]
        for export in exports:
            export.lifecycle.observe()
        filters = {"op": "ListAudienceExportJobs", "job": audience_generation_job_arn}
        found, token = page(exports, next_token=next_token, max_results=max_results, filters=filters)
        owned = {job.arn for job in self._generation_jobs if job.shared.cam.owner_account == self.account_id}
        return {
            "audienceExportJobs": [self._export_summary(e, e.generation_job_arn in owned) for e in found],
            "nextToken": token,
        }

    # --- helpers ------------------------------------------------------------------------------------------

    def _owner_of(self, configured_audience_model_arn: str) -> AudienceOperations:
        owner = arn_account(configured_audience_model_arn)
        return self if owner == self.account_id else cast(AudienceOperations, self.peer(owner))

    def _authorize_start(
        self, owner: AudienceOperations, configured: ConfiguredAudienceModel, collaboration_id: Optional[str]
    ) -> None:
        """ml-behaviors: a collaboration both accounts belong to, or the owner's resource policy, lets another
        account start a job; with a collaborationId the service checks both accounts are members."""
        if collaboration_id is not None:
            registry = self.handle.collaborations
            if collaboration_id not in registry:
                raise not_found("Collaboration")(collaboration_id)
            for account, who in ((self.account_id, "caller"), (owner.account_id, "configured audience model owner")):
                if not registry.is_member(collaboration_id, account):
                    raise access_denied(
                        f"The {who} (account {account}) is not a member of collaboration {collaboration_id}."
                    )
            # Membership of both accounts stands in for the model's association with the collaboration,
            # whose resource policy Clean Rooms manages (the cleanrooms service is not emulated).
            return
        if owner is self:
            return
        resources = [configured.arn, owner.arn("audience-generation-job/*")]
        if not allows_start_job(configured.policy, caller_account=self.account_id, resources=resources,
                                collaboration_id=None, partition=configured.arn.split(":")[1]):
            raise access_denied(
                f"Account {self.account_id} is not authorized to perform cleanrooms-ml:StartAudienceGenerationJob "
                f"on {configured.arn}: no collaborationId was given and the configured audience model's "
                "resource policy does not allow it."
            )

    def _generation_job(self, arn: str) -> AudienceGenerationJob:
        """The caller's view of a job, its status moved on by this read; a finished deletion is not found."""
        job = self._generation_jobs.get(arn)
        job.shared.lifecycle.observe()
        if job.shared.deleted:
            raise not_found("Audience generation job")(arn)
        return job

    def _observed_jobs(self) -> list[AudienceGenerationJob]:
        jobs = list(self._generation_jobs)
        for job in jobs:
            job.shared.lifecycle.observe()
        return [job for job in jobs if not job.shared.deleted]

    def _forget_run(self, run: AudienceRun) -> None:
        run.deleted = True
        run.generated = None
        for account, view in run.views.items():
            backend = cast(AudienceOperations, self.peer(account)) if account != self.account_id else self
            backend._generation_jobs.remove(view.arn)

    def _metrics(self, run: AudienceRun) -> Optional[dict[str, Any]]:
        if run.generated is None or run.lifecycle.current != "ACTIVE":
            return None
        if self.account_id != run.cam.owner_account and not run.cam.shares_metrics:
            # ml-metrics: with sharedAudienceMetrics NONE only the model owner sees the metrics.
            return None
        return {
            "relevanceMetrics": [
                {"audienceSize": {"type": run.cam.size_type, "value": value}, "score": score}
                for value, (_, score) in zip(run.cam.size_bins, run.generated.relevance_metrics)
            ],
            "recallMetric": run.generated.recall_metric,
        }

    def _job_summary(self, job: AudienceGenerationJob) -> dict[str, Any]:
        run = job.shared
        return {
            "createTime": job.created_at,
            "updateTime": run.lifecycle.updated_at,
            "audienceGenerationJobArn": job.arn,
            "name": job.name,
            "description": job.description,
            "status": run.lifecycle.current,
            "configuredAudienceModelArn": run.cam.arn,
            "collaborationId": run.collaboration_id,
            "startedBy": run.starter_account,
        }

    @staticmethod
    def _export_summary(export: AudienceExportJob, shows_location: bool) -> dict[str, Any]:
        return {
            "createTime": export.created_at,
            "updateTime": export.lifecycle.updated_at,
            "name": export.name,
            "audienceGenerationJobArn": export.generation_job_arn,
            "audienceSize": export.audience_size,
            "description": export.description,
            "status": export.lifecycle.current,
            "statusDetails": export.status_details,
            # ml-behaviors: the model owner's S3 locations are never shown to the other account.
            "outputLocation": export.output_location if shows_location else None,
        }

    def _generate(self, run: AudienceRun) -> Optional[str]:
        """Lifecycle completion: read the seed, rank the training users, keep the audience and metrics."""
        seed = run.seed_audience
        if "sqlParameters" in seed:
            return _fail(run, "SQL_SEED_NOT_SUPPORTED", SQL_SEED_UNSUPPORTED)
        uri = seed["dataSource"]["s3Uri"]
        try:
            records = self.handle.data.in_region(self.region).get_json_lines(uri)
        except DataError as exc:
            code = "SEED_AUDIENCE_NOT_FOUND" if isinstance(exc, DataNotFound) else "INVALID_SEED_AUDIENCE"
            return _fail(run, code, f"Cannot read the seed audience at {uri}: {exc.message}")
        except (ClientError, BotoCoreError) as exc:  # moto's S3 refusing for another reason
            return _fail(run, "INVALID_SEED_AUDIENCE", f"Cannot read the seed audience at {uri}: {exc}")
        if any("user_id" not in record or record["user_id"] is None for record in records):
            return _fail(run, "INVALID_SEED_AUDIENCE",
                         f'Every seed record must be a JSON object with a "user_id" ({uri}).')
        user_ids = {str(record["user_id"]) for record in records}
        if not MIN_SEED_USERS <= len(user_ids) <= MAX_SEED_USERS:
            code = "SEED_AUDIENCE_TOO_SMALL" if len(user_ids) < MIN_SEED_USERS else "SEED_AUDIENCE_TOO_LARGE"
            return _fail(run, code, f"The seed audience must contain between {MIN_SEED_USERS} and "
                                    f"{MAX_SEED_USERS} unique user ids; found {len(user_ids)}.")
        run.sizes = lookalike.resolve_audience_sizes(run.cam.size_type, run.cam.size_bins, run.model.user_count)
        try:
            run.generated = lookalike.generate_audience(
                run.model,
                user_ids,
                audience_sizes=run.sizes,
                min_matching_seed_size=run.cam.min_matching_seed_size,
                include_seed=run.include_seed,
            )
        except lookalike.LookalikeError as exc:
            return _fail(run, exc.status_code, exc.message)
        return None

    def _export(self, export: AudienceExportJob, segment: list[str]) -> Optional[str]:
        """Lifecycle completion: write the segment as JSON lines ``{"user_id": ...}`` under outputLocation."""
        uri = export.output_location + EXPORT_FILE
        try:
            self.handle.data.in_region(self.region).put_json_lines(uri, ({"user_id": u} for u in segment))
        except DataError as exc:
            export.status_details = status_details("OUTPUT_LOCATION_NOT_FOUND", f"Cannot write {uri}: {exc.message}")
            return export.status_details["message"]
        except (ClientError, BotoCoreError) as exc:  # moto's S3 refusing for another reason
            export.status_details = status_details("EXPORT_FAILED", f"Cannot write {uri}: {exc}")
            return export.status_details["message"]
        return None


def _fail(run: AudienceRun, code: str, message: str) -> str:
    run.status_details = status_details(code, message)
    return message


def _check_seed_audience(seed: dict[str, Any]) -> None:
    """API_AudienceGenerationJobDataSource: the seed is either an S3 object or a SQL query, never both."""
    has_s3, has_sql = "dataSource" in seed, "sqlParameters" in seed
    if has_s3 == has_sql:
        raise validation("seedAudience must contain exactly one of dataSource or sqlParameters.")
    if "sqlComputeConfiguration" in seed and not has_sql:
        raise validation("seedAudience.sqlComputeConfiguration can only be given with sqlParameters.")
    if has_sql and not (seed["sqlParameters"].get("queryString") or seed["sqlParameters"].get("analysisTemplateArn")):
        raise validation("seedAudience.sqlParameters needs a queryString or an analysisTemplateArn.")


def _settings_of(configured: ConfiguredAudienceModel) -> CamSettings:
    size_config = effective_size_config(configured)
    return CamSettings(
        arn=configured.arn,
        owner_account=arn_account(configured.arn),
        size_type=size_config["audienceSizeType"],
        size_bins=tuple(size_config["audienceSizeBins"]),
        min_matching_seed_size=effective_min_matching_seed_size(configured),
        shares_metrics="ALL" in configured.shared_audience_metrics,
        output_uri=configured.output_config["destination"]["s3Destination"]["s3Uri"],
        tags=tuple(configured.tags.items()),
        copies_tags=configured.child_resource_tag_on_create_policy == "FROM_PARENT_RESOURCE",
    )
