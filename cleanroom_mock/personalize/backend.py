"""Amazon Personalize control plane (boto3 ``personalize``): one method per operation.

The operations are grouped by the part of the service they belong to, each group in its own module:
``data`` (dataset groups, schemas, datasets, imports, exports, deletions, event trackers, filters, metric
attributions, tags) and ``training`` (solutions, solution versions, campaigns, recipes). This class only
puts them together; the groups share the resource tables each one creates in its ``_setup``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .batch import BatchOperations
from .data import DataOperations
from .recommenders import RecommenderOperations
from .store import PersonalizeStore
from .training import TrainingOperations

if TYPE_CHECKING:
    from ..core.state import MockHandle


class PersonalizeBackend(DataOperations, TrainingOperations, RecommenderOperations, BatchOperations, PersonalizeStore):
    """Transitional: the operation mixins over the store's tables, until they become operation groups."""

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        PersonalizeStore.__init__(self, handle, account_id, region)
