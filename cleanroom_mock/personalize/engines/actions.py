"""Next-Best-Action scores (GetActionRecommendations), derived from the dataset group at request time.

The training side trains every recipe on item interactions (``engines.training``); it keeps nothing about
actions. So the runtime reads the group's Actions and Action interactions datasets when a request comes
(which also means actions and events written with personalize-events count at once). Not documented by
AWS how action scores are computed beyond "the probability that the user takes the action"
(how-action-recommendation-scoring-works); we chose:

- candidates: every action of the Actions dataset (the documented cap of 1000 actions considered);
- removed: expired actions (``EXPIRATION_TIMESTAMP`` at or before now), and actions the user took fewer
  than ``REPEAT_FREQUENCY`` days ago (native-recipe-next-best-action: both apply automatically);
- score: the user's propensity (native-recipe-next-best-action: "the probability that the user takes the
  action"), learned from the action interactions: the action's share ``g(a)`` of all ``Taken`` events; where
  the user took actions, averaged with ``c(u, a)``, the share of ``a`` among the Taken events of the users who
  took the same actions (weighted by how many they share); times the user's own response to the action,
  (taken + 1) / (interactions + 1), which lowers actions the user saw or declined without taking. Event types
  compare case-insensitively; rounded to 6 decimals;
- ties: native-recipe-next-best-action: "If a user is equally likely to take two different actions, Amazon
  Personalize ranks the action with the greater value higher" — the Actions dataset's ``VALUE``; then by
  action ID.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .data import GroupData, number

MAX_ACTIONS_CONSIDERED = 1000  # limits.html
TAKEN = "taken"
_SECONDS_PER_DAY = 86_400.0


def _taken(record: dict[str, Any]) -> bool:
    return str(record.get("EVENT_TYPE") or "").lower() == TAKEN


def _collaborative(taken_by: dict[str, Counter[str]], user_id: str) -> dict[str, float]:
    """c(u, ·): Taken events of the users who took what ``user_id`` took, weighted by the overlap."""
    own = set(taken_by.get(user_id, ()))
    if not own:
        return {}
    together: Counter[str] = Counter()
    for other, actions in taken_by.items():
        if other == user_id:
            continue
        overlap = len(own.intersection(actions))
        for action, count in actions.items():
            together[action] += overlap * count
    total = sum(together.values())
    return {action: count / total for action, count in together.items()} if total else {}


def action_scores(data: GroupData, user_id: str, now: float) -> dict[str, float]:
    """The score of every action that may be recommended to ``user_id`` at ``now`` (epoch seconds)."""
    actions = dict(sorted(data.actions.by_id.items())[:MAX_ACTIONS_CONSIDERED])
    taken: Counter[str] = Counter()
    taken_by: dict[str, Counter[str]] = {}
    for user, records in data.action_interactions.by_user.items():
        for record in records:
            if _taken(record):
                action = str(record.get("ACTION_ID"))
                taken[action] += 1
                taken_by.setdefault(user, Counter())[action] += 1
    last_taken: dict[str, float] = {}
    seen: Counter[str] = Counter()
    for record in data.user_action_interactions(user_id):
        action = str(record.get("ACTION_ID"))
        seen[action] += 1
        if _taken(record):
            last_taken[action] = max(last_taken.get(action, 0.0), number(record.get("TIMESTAMP")) or 0.0)
    total = sum(taken[action] for action in actions)
    collaborative = _collaborative(taken_by, user_id)
    own = taken_by.get(user_id, Counter())
    scores = {}
    # Inserted by descending VALUE, then ID: ranked_actions' stable sort keeps this order among equal scores.
    for action, record in sorted(actions.items(), key=lambda pair: (-(number(pair[1].get("VALUE")) or 0.0), pair[0])):
        expires = number(record.get("EXPIRATION_TIMESTAMP"))
        if expires is not None and expires <= now:
            continue
        repeat_days = number(record.get("REPEAT_FREQUENCY"))
        waiting = repeat_days is not None and action in last_taken
        if waiting and now - last_taken[action] < (repeat_days or 0.0) * _SECONDS_PER_DAY:
            continue
        share = taken[action] / total if total else 0.0
        if collaborative:
            share = (share + collaborative.get(action, 0.0)) / 2
        response = (own[action] + 1) / (seen[action] + 1)
        scores[action] = round(share * response, 6)
    return scores


def ranked_actions(scores: dict[str, float]) -> list[str]:
    """Actions by descending score; equal scores keep :func:`action_scores`' order (value, then ID)."""
    return sorted(scores, key=lambda action: -scores[action])
