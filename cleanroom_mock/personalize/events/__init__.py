"""personalize-events: events and records written into the ``personalize`` state of the same account/region.

PutEvents (``item_events``), PutActionInteractions (``action_events``) and PutItems / PutUsers / PutActions
(``records``) turn each request entry into one dataset row (``rows``, with the ``properties`` JSON typed
through the dataset's schema by ``properties``) and store them through ``EventsStore`` (``store``), which
also remembers the eventIds already recorded. docs/personalize-events.md is the user guide.
"""
