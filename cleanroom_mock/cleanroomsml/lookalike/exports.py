"""Audience export jobs: one size of a generated audience written to the model owner's output location.

An export job has no ARN (API_StartAudienceExportJob identifies it by name and generation job): it lives
on its generation job's execution, so either account of a cross-account job sees it through its own view.
Writing the segment is the completion of its lifecycle (``export``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...core.pagination import Page
from ...core.registry import operation
from ...core.store import OperationGroup
from ..common import LISTING, advance_all, write_output
from ..errors import conflict, validation
from ..quotas import check_quota
from ..resources import working
from ..store import CleanRoomsMLStore
from .resources import CREATE_FAILED, IN_PROGRESS, AudienceExportJob

if TYPE_CHECKING:
    from typing_extensions import Unpack

# clean-rooms-ml-quotas
# clean-rooms-ml-quotas: exported segments hold at least 10,000 users; a data-volume minimum, scaled to 1.
DOCUMENTED_MIN_EXPORT_USERS, SCALED_MIN_EXPORT_USERS = 10_000, 1
EXPORT_FILE = "audience.json"


class AudienceExportOperations(OperationGroup[CleanRoomsMLStore]):
    """StartAudienceExportJob, ListAudienceExportJobs."""

    @operation("StartAudienceExportJob")
    def start_audience_export_job(
        self,
        name: str,
        audience_generation_job_arn: str,
        audience_size: dict[str, Any],
        description: Optional[str] = None,
    ) -> dict[str, Any]:
        store = self.store
        job = store.generation_jobs.read(audience_generation_job_arn)
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
            1 for other in store.generation_jobs for e in other.shared.exports
            if e.account_id == store.account_id and e.lifecycle.current in IN_PROGRESS
        )
        check_quota(store, "Pending or in-progress audience export jobs", pending)
        live = sum(1 for e in run.exports if e.lifecycle.current != CREATE_FAILED)
        check_quota(store, "Audience export jobs per audience generation job", live)
        size = run.sizes[settings.size_bins.index(audience_size["value"])]
        segment = run.generated.segment(size)
        minimum = store.handle.data_minimum(DOCUMENTED_MIN_EXPORT_USERS, SCALED_MIN_EXPORT_USERS)
        if len(segment) < minimum:
            # clean-rooms-ml-quotas: exported segments hold at least 10,000 users.
            raise validation(
                f"An exported audience must contain at least {minimum} users; audienceSize "
                f"{audience_size['type']} {audience_size['value']} gives {len(segment)}."
            )
        export = AudienceExportJob(
            name=name,
            seq=store.handle.next_sequence(),
            account_id=store.account_id,
            generation_job_arn=job.arn,
            audience_size=dict(audience_size),
            description=description,
            output_location=f"{settings.output_uri.rstrip('/')}/{run.job_id}/{name}/",
            shows_location=settings.owner_account == store.account_id,
        )
        export.lifecycle = working(lambda: _export(store, export, segment))
        run.exports.append(export)
        return {}

    @operation("ListAudienceExportJobs")
    def list_audience_export_jobs(
        self,
        audience_generation_job_arn: Optional[str] = None,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        store = self.store
        exports = [
            export for job in store.generation_jobs.read_all() if audience_generation_job_arn in (None, job.arn)
            for export in job.shared.exports if export.account_id == store.account_id
        ]
        return LISTING.respond(
            "audienceExportJobs", advance_all(exports, store.handle.lifecycles), **page,
            filters={"op": "ListAudienceExportJobs", "job": audience_generation_job_arn},
        )


def _export(store: CleanRoomsMLStore, export: AudienceExportJob, segment: list[str]) -> Optional[str]:
    """Lifecycle completion: write the segment as JSON lines ``{"user_id": ...}`` under outputLocation."""
    uri = export.output_location + EXPORT_FILE
    data = store.handle.data.in_region(store.region)
    return write_output(export, data.put_json_lines, uri, ({"user_id": u} for u in segment))
