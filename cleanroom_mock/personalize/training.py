"""Personalize training side: solutions, solution versions, campaigns, recipes.

Each resource type has its own module (``training_solutions``, ``training_versions``, ``training_campaigns``,
``training_catalog``); this mixin puts them together and creates the tables they share with the data side
(``data.py`` tags our resources through :meth:`TrainingOperations._training_tables` and checks solution
versions in progress before deleting a dataset).
"""

from __future__ import annotations

from ..core.resources import ResourceTable
from .errors import already_exists, not_found
from .training_campaigns import CampaignOperations
from .training_catalog import CatalogOperations
from .training_resources import Campaign, Solution, SolutionVersion
from .training_solutions import SolutionOperations
from .training_versions import SolutionVersionOperations


class TrainingOperations(SolutionOperations, SolutionVersionOperations, CampaignOperations, CatalogOperations):
    def _setup(self) -> None:
        self.solutions: ResourceTable[Solution] = ResourceTable(
            not_found, name_taken=lambda name: already_exists(self.arn(f"solution/{name}"))
        )
        # Version names are optional and unique per solution only: checked by CreateSolutionVersion.
        self.solution_versions: ResourceTable[SolutionVersion] = ResourceTable(not_found)
        self.campaigns: ResourceTable[Campaign] = ResourceTable(
            not_found, name_taken=lambda name: already_exists(self.arn(f"campaign/{name}"))
        )

    def _training_tables(self) -> list[ResourceTable]:
        """The taggable tables of the training side (tagging-resources: solutions, versions, campaigns)."""
        return [self.solutions, self.solution_versions, self.campaigns]
