"""personalize-runtime: recommendations served from the ``personalize`` state of the same account/region.

GetRecommendations (``recommendations``), GetPersonalizedRanking (``ranking``) and GetActionRecommendations
(``actions``) read the campaign or recommender (and filters) through ``RuntimeStore`` (``store``), answer
from the model of what it serves (``engines.scoring``), apply filters, promotions and metadata
(``engines.results``, ``answers``) and, for Next-Best-Action, score actions from the group's datasets
(``engines.actions``). Spec §8 lists the rules; docs/personalize-runtime.md is the user guide.
"""
