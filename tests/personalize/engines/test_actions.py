"""Next-Best-Action scores from the Actions and Action interactions data (engines.actions)."""

from __future__ import annotations

from cleanroom_mock.personalize.engines.actions import action_scores, ranked_actions
from cleanroom_mock.personalize.engines.data import DatasetView, GroupData


def _group(actions: dict[str, dict], events: list[tuple[str, str, str]]) -> GroupData:
    by_user: dict[str, list[dict]] = {}
    for user, action, event in events:
        by_user.setdefault(user, []).append({"USER_ID": user, "ACTION_ID": action, "EVENT_TYPE": event,
                                             "TIMESTAMP": 1_700_000_000})
    return GroupData(items=DatasetView(), users=DatasetView(), interactions=DatasetView(),
                     actions=DatasetView(by_id={a: {"ACTION_ID": a, **r} for a, r in actions.items()}),
                     action_interactions=DatasetView(by_user=by_user), has_items_dataset=False)


def test_equally_likely_actions_rank_by_their_value() -> None:
    """native-recipe-next-best-action: of two equally likely actions, the one with the greater value first."""
    actions = {"a1": {"VALUE": 5}, "a2": {"VALUE": 50}, "a3": {}, "a4": {"VALUE": 1}}
    events = [("u1", "a1", "Taken"), ("u2", "a2", "Taken"), ("u3", "a3", "Taken"), ("u4", "a4", "Taken"),
              ("u5", "a4", "Taken")]
    scores = action_scores(_group(actions, events), "new-user", 1_800_000_000)
    # a4 was taken twice (share 2/5); the others once each (1/5), so their order is their value's.
    assert scores == {"a4": 0.4, "a1": 0.2, "a2": 0.2, "a3": 0.2}
    assert ranked_actions(scores) == ["a4", "a2", "a1", "a3"]
