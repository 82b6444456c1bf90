"""Former home of the data-side test helpers, kept for the modules that still import them from here: they
live in ``support`` now (``make_group`` there is a group with interactions; the empty group is ``new_group``)."""

from __future__ import annotations

from .support import (  # noqa: F401  # noqa: F401
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    REGION,
    ROLE,
    USERS_SCHEMA,
    client,
    error_of,
    import_csv,
    make_dataset,
    make_schema,
)
from .support import new_group as make_group  # noqa: F401
from .support import store_of as backend  # noqa: F401
