"""Personalize training side: solutions, solution versions, campaigns, recipes."""

from __future__ import annotations


class TrainingOperations:
    def _setup(self) -> None:
        pass
