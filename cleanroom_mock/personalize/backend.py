"""Amazon Personalize control plane (boto3 ``personalize``): one method per operation.

The operations are grouped by the part of the service they belong to, each group in its own module:
``data`` (dataset groups, schemas, datasets, imports, exports, deletions, event trackers, filters, metric
attributions, tags) and ``training`` (solutions, solution versions, campaigns, recipes). This class only
puts them together; the groups share the resource tables each one creates in its ``_setup``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.backend import Backend
from .batch import BatchOperations
from .data import DataOperations
from .recommenders import RecommenderOperations
from .training import TrainingOperations

if TYPE_CHECKING:
    from ..core.state import MockHandle


class PersonalizeBackend(DataOperations, TrainingOperations, RecommenderOperations, BatchOperations, Backend):
    service = "personalize"
    arn_service = "personalize"

    def __init__(self, handle: MockHandle, account_id: str, region: str) -> None:
        super().__init__(handle, account_id, region)
        DataOperations._setup(self)
        TrainingOperations._setup(self)
        RecommenderOperations._setup(self)
        BatchOperations._setup(self)
