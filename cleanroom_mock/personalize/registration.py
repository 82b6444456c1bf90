"""How the engine finds Amazon Personalize's three clients. Imports nothing of the service itself."""

from __future__ import annotations

from ..core.registry import ServiceRegistration

PERSONALIZE = ServiceRegistration(
    name="personalize",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.store:PersonalizeStore",
    quotas="cleanroom_mock.personalize.quotas:QUOTAS",
    groups=(
        "cleanroom_mock.personalize.data.groups:DatasetGroupOperations",
        "cleanroom_mock.personalize.data.schemas:SchemaOperations",
        "cleanroom_mock.personalize.data.datasets:DatasetOperations",
        "cleanroom_mock.personalize.data.imports:DatasetImportJobOperations",
        "cleanroom_mock.personalize.data.exports:DatasetExportJobOperations",
        "cleanroom_mock.personalize.data.deletions:DataDeletionJobOperations",
        "cleanroom_mock.personalize.data.trackers:EventTrackerOperations",
        "cleanroom_mock.personalize.data.filters:FilterOperations",
        "cleanroom_mock.personalize.data.metrics:MetricAttributionOperations",
        "cleanroom_mock.personalize.training.solutions:SolutionOperations",
        "cleanroom_mock.personalize.training.versions:SolutionVersionOperations",
        "cleanroom_mock.personalize.training.campaigns:CampaignOperations",
        "cleanroom_mock.personalize.training.recipes:RecipeOperations",
        "cleanroom_mock.personalize.recommenders.operations:RecommenderOperations",
        "cleanroom_mock.personalize.batch.inference:BatchInferenceOperations",
        "cleanroom_mock.personalize.batch.segments:BatchSegmentOperations",
        "cleanroom_mock.core.tags:TagOperations",
    ),
)
RUNTIME = ServiceRegistration(
    name="personalize-runtime",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.runtime.store:RuntimeStore",
    groups=(
        "cleanroom_mock.personalize.runtime.recommendations:RecommendationOperations",
        "cleanroom_mock.personalize.runtime.ranking:RankingOperations",
        "cleanroom_mock.personalize.runtime.actions:ActionRecommendationOperations",
    ),
)
EVENTS = ServiceRegistration(
    name="personalize-events",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.events.store:EventsStore",
    groups=(
        "cleanroom_mock.personalize.events.item_events:EventOperations",
        "cleanroom_mock.personalize.events.action_events:ActionEventOperations",
        "cleanroom_mock.personalize.events.records:RecordOperations",
    ),
)
