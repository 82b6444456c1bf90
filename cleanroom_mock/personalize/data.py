"""Personalize data side: dataset groups, schemas, datasets, import/export/deletion jobs, event trackers,
filters, metric attributions, tagging.

Each group of operations lives in its own module (``data_groups``, ``data_jobs``, ``data_tracking``,
``data_tags``); this class puts them together and creates the tables they share.

Contract with the training side and personalize-events/runtime (keep these names):

- ``self.dataset_groups: ResourceTable[DatasetGroup]`` — ``arn, name, domain, lifecycle, role_arn,
  kms_key_arn, tags``.
- ``self.schemas: ResourceTable[DatasetSchema]`` — ``parsed`` (avro_schema.ParsedSchema), ``domain``.
- ``self.datasets: ResourceTable[Dataset]`` — ``arn, name, dataset_type`` (INTERACTIONS, ITEMS, USERS,
  ACTIONS, ACTION_INTERACTIONS), ``dataset_group_arn, schema_arn, lifecycle``, and the data stored
  compactly: ``columns: tuple[str, ...]`` (schema field names in order) and ``rows: list[tuple]`` (typed
  values in that order: bulk-imported rows then individually put rows; read-only, since it is a new list
  when both kinds exist). ``dataset.records()`` yields the
  same rows as dicts keyed by field name. ``bulk_rows`` / ``put_rows`` keep them apart (export's
  ingestionMode); personalize-events adds rows with ``dataset.put_records([{field: typed value}, ...])``.
- ``self._dataset_group(arn)`` (lookup + observe; ResourceNotFoundException), ``self._datasets_of(group_arn)
  -> dict[str, Dataset]`` keyed by dataset type, ``self._data_tables()`` (taggable tables).
- ``self._event_tracker_by_tracking_id(tracking_id) -> EventTracker | None`` (``dataset_group_arn``,
  ``lifecycle``) and ``self._action_interactions_by_tracking_id(tracking_id) -> Dataset | None``.
- ``self.filters``: ``Filter.expression`` is the parsed ``FilterExpression``; ``Filter.lifecycle``.
"""

from __future__ import annotations

from .data_common import DataBase
from .data_groups import DatasetGroupOperations
from .data_jobs import DataJobOperations
from .data_tags import TagOperations
from .data_tracking import TrackingOperations


class DataOperations(DatasetGroupOperations, DataJobOperations, TrackingOperations, TagOperations):
    def _setup(self) -> None:
        table = DataBase._table
        self.dataset_groups = table()
        self.schemas = table()
        self.datasets = table()
        self.import_jobs = table()
        self.export_jobs = table()
        self.deletion_jobs = table()
        self.event_trackers = table()
        self.filters = table()
        self.metric_attributions = table()
