"""Account ids and fixed inputs the Clean Rooms ML tests share (data only; the helpers are fixtures)."""

from __future__ import annotations

from typing import Any

REGION = "us-east-1"
# AWS lookalike models
A = "111111111111"  # trains the model and owns the configured audience model
B = "222222222222"  # brings the seed audience
USERS_PER_COMMUNITY = 60
BASE_TS = 1_700_000_000  # epoch seconds of the first interaction
COMMUNITY_A_SEED = [f"a{u:03d}" for u in range(30)]
# Custom models: a collaboration of a model provider and a data owner
P = "111111111111"  # model provider
D = "222222222222"  # data owner: CAN_QUERY
X = "333333333333"  # not in the collaboration
IMAGE = "111111111111.dkr.ecr.us-east-1.amazonaws.com/churn"
EXPORTS: dict[str, Any] = {"maxSize": {"unit": "GB", "value": 1.0}, "filesToExport": ["MODEL", "OUTPUT"]}
RESOURCES: dict[str, Any] = {"instanceType": "ml.m5.xlarge", "instanceCount": 1, "volumeSizeInGB": 10}
INFERENCE_RESOURCES: dict[str, Any] = {"instanceType": "ml.m5.xlarge", "instanceCount": 1}
