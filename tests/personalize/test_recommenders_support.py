"""Former home of the recommender test helpers, kept for the modules that still import them from here: they
live in ``support`` now."""

from __future__ import annotations

from .support import (  # noqa: F401  # noqa: F401
    ALSO_VIEWED,
    BEST_SELLERS,
    ECOMM_INTERACTIONS,
    ECOMM_ITEMS,
    MOST_VIEWED,
    RECOMMENDED_FOR_YOU,
    VOD_TOP_PICKS,
    domain_csv,
    domain_group,
    make_recommender,
)
from .support import ECOMM_ITEMS_CSV as ITEMS_CSV  # noqa: F401
