"""Amazon Personalize: three boto3 clients over one state per account and region.

- ``personalize`` (the control plane): operation groups over ``store.PersonalizeStore``, by part of the
  service — ``data/`` (dataset groups, schemas, datasets, import/export/deletion jobs, event trackers,
  filters, metric attributions), ``training/`` (solutions, solution versions, campaigns, the recipe
  catalog's operations), ``recommenders/`` and ``batch/``; tagging is core's ``TagOperations``.
  ``registration.py`` lists them for the engine.
- ``personalize-runtime`` (``runtime.py``) and ``personalize-events`` (``events.py``) read that store
  through its public "reading Personalize" methods.

Shared by all: ``lifecycles`` (statuses, pending updates), ``errors`` (AWS's wording, List conventions),
``catalog`` (recipes, algorithms), ``avro_schema``, ``filter_expression`` and ``engines`` (training,
scoring, serving, batch answers).
"""
