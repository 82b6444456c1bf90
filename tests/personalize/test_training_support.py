"""Former home of the training-side test helpers, kept for the modules that still import them from here:
they live in ``support`` now."""

from __future__ import annotations

from .support import (  # noqa: F401
    ACCOUNT,
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    POPULARITY,
    RECIPE,
    REGION,
    ROLE,
    SIMS,
    UP,
    client,
    interactions_csv,
    make_campaign,
    make_group,
    make_solution,
    make_version,
    tags,
    trained,
    wait,
)
from .support import wait_dataset as _wait_dataset  # noqa: F401
