"""Personalize data side: dataset groups, schemas, datasets, import/export/deletion jobs, event trackers,
filters, metric attributions, tagging."""

from __future__ import annotations


class DataOperations:
    def _setup(self) -> None:
        pass
