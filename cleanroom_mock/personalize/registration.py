"""How the engine finds Amazon Personalize's three clients. Imports nothing of the service itself."""

from __future__ import annotations

from ..core.registry import ServiceRegistration

PERSONALIZE = ServiceRegistration(
    name="personalize",
    validation_error="InvalidInputException",
    store="cleanroom_mock.personalize.backend:PersonalizeBackend",
    groups=(),
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
