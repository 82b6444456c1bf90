"""TagResource / UntagResource / ListTagsForResource for every taggable Personalize resource.

tagging-resources lists the taggable types; the lookup spans the data side's tables and the training
side's (``_training_tables``), so one implementation serves every resource type.
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.resources import Resource, ResourceTable
from ..core.tags import TaggingOperations
from .data_common import TAG_RULES, DataBase, invalid, not_found


class TagOperations(TaggingOperations, DataBase):
    tag_rules = TAG_RULES
    tags_as_list = True  # Personalize's wire shape: [{"tagKey": ..., "tagValue": ...}]

    def _data_tables(self) -> list[ResourceTable[Any]]:
        """The data side's tables whose resources take tags (tagging-resources; data deletion jobs take
        ``tags`` in the model too)."""
        return [
            self.dataset_groups,
            self.datasets,
            self.import_jobs,
            self.export_jobs,
            self.deletion_jobs,
            self.event_trackers,
            self.filters,
        ]

    def _taggable(self, arn: str) -> Resource:
        tables = self._data_tables() + [t for side in ("_training_tables", "_recommender_tables", "_batch_tables")
                                        for t in getattr(self, side, list)()]
        found: Optional[Resource] = next((t.find(arn) for t in tables if arn in t), None)
        if found is not None:
            return found
        if arn in self.schemas or arn in self.metric_attributions:
            # Not documented by AWS: tagging-resources does not list schemas or metric attributions.
            raise invalid(f"Resource {arn} does not support tags.")
        raise not_found(arn)
