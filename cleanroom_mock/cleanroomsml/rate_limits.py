"""Clean Rooms ML's documented API rate limits per account (clean-rooms-ml-quotas; spec §8).

Enforced only under the strict realism profile (``core.throttle``). Where the page gives a rate but no
burst, we chose burst = rate (not documented by AWS).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..core.throttle import RateLimit

RATE_LIMITS: Mapping[str, RateLimit] = MappingProxyType({
    "CreateAudienceModel": RateLimit(1, 3),
    "StartAudienceGenerationJob": RateLimit(1, 5),
    "StartAudienceExportJob": RateLimit(1, 3),
    "CreateTrainedModel": RateLimit(1, 3),
    "StartTrainedModelInferenceJob": RateLimit(1, 3),
    "DeleteAudienceModel": RateLimit(2, 10),
    "DeleteAudienceGenerationJob": RateLimit(2, 10),
    "DeleteConfiguredModelAlgorithm": RateLimit(2, 10),
    "DeleteConfiguredModelAlgorithmAssociation": RateLimit(2, 10),
    "DeleteMLConfiguration": RateLimit(2, 10),
    "DeleteTrainedModelOutput": RateLimit(2, 10),
    "CreateConfiguredAudienceModel": RateLimit(10, 10),
    "UpdateConfiguredAudienceModel": RateLimit(10, 10),
    "DeleteConfiguredAudienceModel": RateLimit(10, 10),
    "CreateTrainingDataset": RateLimit(10, 10),
    "DeleteTrainingDataset": RateLimit(10, 10),
    "PutMLConfiguration": RateLimit(10, 10),
    "CreateConfiguredModelAlgorithm": RateLimit(10, 10),
    "CreateConfiguredModelAlgorithmAssociation": RateLimit(10, 10),
    "StartTrainedModelExportJob": RateLimit(10, 10),
    "PutConfiguredAudienceModelPolicy": RateLimit(25, 25),
    "DeleteConfiguredAudienceModelPolicy": RateLimit(25, 25),
    "TagResource": RateLimit(10, 10),
    "UntagResource": RateLimit(50, 50),
    "Get*": RateLimit(50, 50),
    "List*": RateLimit(50, 50),
})
