"""What Amazon Personalize keeps per account and region: every table, declared once with its type.

The operation groups of ``personalize`` (``data``, ``training``, ``recommenders``, ``batch``) work on this
store; what more than one group needs (the checked lookups, a group's datasets and schemas, a List of one
dataset group's resources) is a public method here. personalize-runtime and personalize-events
read it only through the public methods below (the "reading Personalize" section), which say what each
of them may rely on; the tables themselves are public attributes for the groups of this service.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Optional

from ..core.errors import ServiceError
from ..core.pagination import Page
from ..core.resources import ResourceTable, camel_case
from ..core.store import Store
from .errors import LISTING, TAG_RULES, already_exists, invalid, limit_exceeded, not_active, not_found
from .lifecycles import ACTIVE

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..core.state import MockHandle
    from .avro_schema import ParsedSchema
    from .batch.resources import BatchInferenceJob, BatchSegmentJob
    from .data.resources import (
        DataDeletionJob,
        Dataset,
        DatasetExportJob,
        DatasetGroup,
        DatasetImportJob,
        DatasetSchema,
        EventTracker,
        Filter,
        MetricAttribution,
    )
    from .recommenders.resources import Recommender
    from .training.resources import Campaign, Solution, SolutionVersion

LATEST = "/$LATEST"  # a campaign deployed on "<solution ARN>/$LATEST" follows the solution's newest version


class PersonalizeStore(Store):
    service = "personalize"
    arn_service = "personalize"
    tag_rules = TAG_RULES
    tags_as_list = True  # Personalize's wire shape: [{"tagKey": ..., "tagValue": ...}]

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        # Names are unique per account and region for each resource type (the ARNs embed them); tagging-
        # resources lists which types take tags. Schemas and metric attributions do not.
        self.dataset_groups: ResourceTable[DatasetGroup] = self._named(taggable=True)
        self.schemas: ResourceTable[DatasetSchema] = self._named()
        self.datasets: ResourceTable[Dataset] = self._named(taggable=True)
        self.import_jobs: ResourceTable[DatasetImportJob] = self._named(taggable=True)
        self.export_jobs: ResourceTable[DatasetExportJob] = self._named(taggable=True)
        self.deletion_jobs: ResourceTable[DataDeletionJob] = self._named(taggable=True)
        self.event_trackers: ResourceTable[EventTracker] = self._named(taggable=True)
        self.filters: ResourceTable[Filter] = self._named(taggable=True)
        self.metric_attributions: ResourceTable[MetricAttribution] = self._named()
        self.solutions: ResourceTable[Solution] = self._named(taggable=True)
        # Version names are optional and unique per solution only: checked by CreateSolutionVersion.
        self.solution_versions: ResourceTable[SolutionVersion] = self.table(not_found, taggable=True)
        self.campaigns: ResourceTable[Campaign] = self._named(taggable=True)
        self.recommenders: ResourceTable[Recommender] = self._named(taggable=True)
        self.batch_inference_jobs: ResourceTable[BatchInferenceJob] = self._named(taggable=True)
        self.batch_segment_jobs: ResourceTable[BatchSegmentJob] = self._named(taggable=True)

    def within_quota(self, name: str, count: int, message: str) -> None:
        """LimitExceededException when one more would pass quota ``name`` (``count`` exist now); ``message``
        names the limit in force as ``{limit}``."""
        self.check_quota(name, count, lambda _, limit: limit_exceeded(message.replace("{limit}", str(limit))))

    def _named(self, *, taggable: bool = False) -> ResourceTable[Any]:
        """A table whose names are unique: a second one answers AWS's "already exists" with the ARN of the
        resource holding the name."""
        tables: list[ResourceTable[Any]] = []

        def name_taken(name: str) -> ServiceError:
            holder = tables[0].by_name(name)
            return already_exists(holder.arn if holder is not None else name)

        tables.append(self.table(not_found, name_taken=name_taken, taggable=taggable))
        return tables[0]

    def taggable_tables(self) -> list[ResourceTable[Any]]:
        """The tables whose resources take tags (tagging-resources), which TagResource and friends search."""
        return [table for table, _ in self._taggable_tables]

    def untaggable(self, arn: str) -> ServiceError:
        if arn in self.schemas or arn in self.metric_attributions:
            # Not documented by AWS: tagging-resources does not list schemas or metric attributions.
            return invalid(f"Resource {arn} does not support tags.")
        return not_found(arn)

    # --- what the operation groups share -------------------------------------------------------------------
    def active_dataset_group(self, arn: str) -> DatasetGroup:
        """The dataset group, ACTIVE (ResourceInUseException otherwise; ResourceNotFoundException)."""
        group = self.dataset_group(arn)
        if group.lifecycle.current != ACTIVE:
            raise not_active("dataset group", arn, group.lifecycle.current)
        return group

    def active_dataset(self, arn: str) -> Dataset:
        """The dataset, ACTIVE (ResourceInUseException otherwise; ResourceNotFoundException)."""
        dataset = self.dataset(arn)
        if dataset.lifecycle.current != ACTIVE:
            raise not_active("dataset", arn, dataset.lifecycle.current)
        return dataset

    def group_schemas(self, group_arn: str) -> dict[str, ParsedSchema]:
        """Parsed schemas of the group's datasets keyed by avro_schema's canonical type ("Items", ...)."""
        from .data.resources import DATASET_TYPE_KEYS

        by_key = {key: canonical for canonical, key in DATASET_TYPE_KEYS.items()}
        return {
            by_key[d.dataset_type]: self.schema_of(d)
            for d in self.datasets_of(group_arn).values()
            if d.schema_arn in self.schemas
        }

    def solution(self, arn: str) -> Solution:
        """The solution as a call referencing it sees it, or ResourceNotFoundException."""
        return self.solutions.read(arn)

    def solution_version(self, arn: str) -> SolutionVersion:
        """The solution version as a call referencing it sees it, or ResourceNotFoundException."""
        return self.solution_versions.read(arn)

    def new_arn(self, table: ResourceTable[Any], resource: str) -> str:
        """The ARN of a resource about to be created (``<type>/<name>``), or ResourceAlreadyExistsException
        when the table holds it already: names are unique per account and region for each type."""
        arn = self.arn(resource)
        if arn in table:
            raise already_exists(arn)
        return arn

    def list_matching(
        self,
        key: str,
        table: ResourceTable[Any],
        by: str,
        value: Optional[str],
        *,
        newest_first: bool = False,
        **page: Unpack[Page],
    ) -> dict[str, Any]:
        """A List page of ``table``'s resources whose attribute ``by`` (``dataset_group_arn``) is the request's
        filter member of that name (``datasetGroupArn``: ``value``; every resource when None, e.g.
        API_ListSolutions without a dataset group). Not documented by AWS: an unknown ARN (these Lists model
        no ResourceNotFoundException) lists nothing."""
        of = attrgetter(by)
        return LISTING.respond(
            key,
            table,
            **page,
            filters={camel_case(by): value},
            where=None if value is None else (lambda resource: of(resource) == value),
            newest_first=newest_first,
        )

    # --- reading Personalize (personalize-runtime and personalize-events use only these) -------------------
    def dataset_group(self, arn: str) -> DatasetGroup:
        """The dataset group as a call referencing it sees it, or ResourceNotFoundException."""
        return self.dataset_groups.read(arn)

    def datasets_of(self, group_arn: str) -> dict[str, Dataset]:
        """The group's datasets keyed by upper-case dataset type (INTERACTIONS, ITEMS, ...; one per type)."""
        return {d.dataset_type: d for d in self.datasets.where(lambda d: d.dataset_group_arn == group_arn)}

    def dataset(self, arn: str) -> Dataset:
        """The dataset, or ResourceNotFoundException."""
        return self.datasets.read(arn)

    def schema_of(self, dataset: Dataset) -> ParsedSchema:
        """The parsed Avro schema a dataset uses."""
        return self.schemas.get(dataset.schema_arn).parsed

    def event_tracker_by_tracking_id(self, tracking_id: str) -> Optional[EventTracker]:
        """The event tracker issuing ``tracking_id`` (status not read), or None."""
        return next(iter(self.event_trackers.where(lambda t: t.tracking_id == tracking_id)), None)

    def action_interactions_by_tracking_id(self, tracking_id: str) -> Optional[Dataset]:
        """The Action interactions dataset whose automatic event tracker issues ``tracking_id``, or None."""
        return next(iter(self.datasets.where(lambda d: d.tracking_id == tracking_id)), None)

    def filter(self, arn: str) -> Filter:
        """The filter (its ``expression`` is compiled), or ResourceNotFoundException."""
        return self.filters.read(arn)

    def on_dataset(self, dataset_arn: str, work: Callable[[Dataset], Optional[str]]) -> Callable[[], Optional[str]]:
        """A job's completion that works on its dataset (imports, exports): ``work(dataset)``'s failure reason,
        or a failure when the dataset was deleted while the job waited."""

        def complete() -> Optional[str]:
            dataset = self.datasets.find(dataset_arn)
            return work(dataset) if dataset is not None else f"Dataset {dataset_arn} no longer exists."

        return complete

    def check_filter_fits(self, found: Filter, group_arn: str, target: str, *, owner: str, user: str) -> None:
        """``found`` must belong to the dataset group ``group_arn`` of the ``owner`` (the campaign, the solution
        version) and filter what its ``user`` (the operation, the job) returns: ``target`` (items, actions or
        users). Not documented by AWS; a filter reads one dataset group's data, so another group's is refused."""
        if found.dataset_group_arn != group_arn:
            raise invalid(f"The filter {found.arn} belongs to the dataset group {found.dataset_group_arn}, not to "
                          f"the {owner}'s dataset group {group_arn}.")
        if found.expression is None or found.expression.target != target:
            kind = found.expression.target if found.expression is not None else "nothing"
            raise invalid(f"The filter {found.arn} filters {kind}; this {user} needs a filter on {target}.")

    def campaign(self, arn: str) -> Campaign:
        """The campaign as a call referencing it sees it, or ResourceNotFoundException."""
        return self.campaigns.read(arn)

    def recommender(self, arn: str) -> Recommender:
        """The recommender as a call referencing it sees it, or ResourceNotFoundException."""
        return self.recommenders.read(arn)

    def versions_of(self, solution_arn: str) -> list[SolutionVersion]:
        """The solution's versions in creation order, as they stand (callers decide whether they read)."""
        return self.solution_versions.where(lambda v: v.solution_arn == solution_arn)

    def latest_active_version(self, solution_arn: str) -> Optional[SolutionVersion]:
        """The newest ACTIVE version of the solution (each version read first), or None."""
        versions = self.solution_versions.read_all(lambda v: v.solution_arn == solution_arn)
        active = [v for v in versions if v.lifecycle.current == "ACTIVE"]
        return active[-1] if active else None

    def serving_version(self, campaign: Campaign) -> Optional[SolutionVersion]:
        """The version a campaign answers with: its own, or with syncWithLatestSolutionVersion the newest
        ACTIVE version of its solution (campaigns.html: it follows the latest version, manual or automatic)."""
        if campaign.solution_version_arn.endswith(LATEST):
            return self.latest_active_version(campaign.solution_version_arn[: -len(LATEST)])
        return self.solution_versions.find(campaign.solution_version_arn)

    def event_tracker(self, arn: str) -> EventTracker:
        """The event tracker as a call referencing it sees it (personalize-events' PutEvents reads the
        tracker its trackingId names), or ResourceNotFoundException."""
        return self.event_trackers.read(arn)
