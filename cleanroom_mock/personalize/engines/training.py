"""Training a solution version on a dataset group's interactions: selection, data minimums, model, metrics.

Which interactions count (event type and value filtering, spec §4.6) and the documented data minimums with
their failure reasons (spec §1.4, §4.7) are here; the model itself is the recipe's (``engines.recipes``: one
model per recipe family, each following its AWS recipe page), and so are the GetSolutionMetrics it reports
(``engines.recipes.evaluation``, working-with-training-metrics). The :class:`TrainedModel` also keeps the
plain counts (weighted popularity, each user's history) the control plane and tests read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Optional

from .data import number

# Scaled-down data minimums of the realism profile (documented: 1000 interactions, 25 users with at least
# two interactions each — limits.html). Small enough for unit tests, still failing on "almost no data".
SCALED_MIN_INTERACTIONS = 10
SCALED_MIN_USERS_WITH_TWO = 2


@dataclass(frozen=True)
class Interaction:
    # Declared slots (a million interactions take half the memory; ``dataclass(slots=True)`` needs 3.10).
    __slots__ = ("user_id", "item_id", "timestamp", "event_type", "event_value", "order")

    user_id: str
    item_id: str
    timestamp: float
    event_type: Optional[str]
    event_value: Optional[float]
    order: int  # position in the dataset, breaks timestamp ties deterministically


@dataclass
class TrainedModel:
    """The artefact a solution version keeps (the runtime reads it to recommend)."""

    recipe_arn: str
    item_scores: dict[str, float]
    popularity_order: list[str]  # items by descending score, then by item ID
    user_history: dict[str, list[str]]  # each user's items, oldest first
    item_last_seen: dict[str, float]  # each item's latest interaction timestamp (epoch seconds)
    interaction_count: int
    metrics: dict[str, float] = field(default_factory=dict)
    recipe_model: Any = None  # the recipe family's model (engines.recipes), what serving answers from


# -- reading -------------------------------------------------------------------------------------------------
def _column(row: Mapping[str, Any], name: str) -> Any:
    if name in row:
        return row[name]
    lowered = name.lower()
    return next((value for key, value in row.items() if key.lower() == lowered), None)


def read_interactions(rows: Iterable[Mapping[str, Any]]) -> list[Interaction]:
    """Interactions from dataset rows (column names as in the schema, any case); rows without a user or item
    are not interactions and are skipped."""
    interactions = []
    for order, row in enumerate(rows):
        user, item = _column(row, "USER_ID"), _column(row, "ITEM_ID")
        if user in (None, "") or item in (None, ""):
            continue
        event_type = _column(row, "EVENT_TYPE")
        interactions.append(Interaction(
            user_id=str(user),
            item_id=str(item),
            timestamp=number(_column(row, "TIMESTAMP")) or 0.0,
            event_type=None if event_type in (None, "") else str(event_type),
            event_value=number(_column(row, "EVENT_VALUE")),
            order=order,
        ))
    return interactions


def dataset_interactions(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> list[Interaction]:
    """Interactions from a dataset's typed rows (``columns`` names their cells; any case), read a column at a
    time: one transpose, each column converted whole, no per-row dict or name lookup. The same values as
    ``read_interactions`` over the rows as records; rows without a user or item are skipped."""
    if not rows:
        return []
    cells = list(zip(*rows))
    lowered = [c.lower() for c in columns]

    def column(name: str) -> Iterable[Any]:
        position = columns.index(name) if name in columns else next(
            (k for k, c in enumerate(lowered) if c == name.lower()), None)
        return cells[position] if position is not None else repeat(None, len(rows))

    moments = _numbers(column("TIMESTAMP"))
    values = _numbers(column("EVENT_VALUE"))
    interactions: list[Interaction] = []
    append = interactions.append
    for order, (user, item, moment, event_type, value) in enumerate(
        zip(column("USER_ID"), column("ITEM_ID"), moments, column("EVENT_TYPE"), values)
    ):
        if user is None or user == "" or item is None or item == "":
            continue
        append(Interaction(str(user), str(item), moment or 0.0,
                           None if event_type is None or event_type == "" else str(event_type), value, order))
    return interactions


def _numbers(cells: Iterable[Any]) -> list[Optional[float]]:
    """A column as floats (``number``'s rules): one C-level ``map`` when every cell is a number."""
    cells = list(cells)
    try:
        return list(map(float, cells))
    except (TypeError, ValueError):
        return [number(cell) for cell in cells]


# -- selection -----------------------------------------------------------------------------------------------
def select_for_training(
    interactions: Iterable[Interaction],
    event_type: Optional[str],
    solution_config: Mapping[str, Any],
) -> list[tuple[Interaction, float]]:
    """The interactions training uses, each with its weight.

    - ``eventType`` keeps only that event type (API_CreateSolution);
    - ``solutionConfig.eventValueThreshold`` keeps events whose value is at least the threshold
      (API_SolutionConfig); events without a value then do not count;
    - ``solutionConfig.eventsConfig.eventParametersList`` keeps the listed event types, each with its own
      value threshold, weighted by its ``weight``. Not documented by AWS whether unlisted event types still
      count; we chose to drop them, because a list of event parameters names the events that matter.
    Without any of these, every interaction counts with weight 1 ("weighted equally", API_SolutionConfig).
    """
    threshold = number(solution_config.get("eventValueThreshold"))
    parameters = (solution_config.get("eventsConfig") or {}).get("eventParametersList") or []
    by_type = {p.get("eventType"): p for p in parameters}
    selected = []
    for interaction in interactions:
        if event_type is not None and interaction.event_type != event_type:
            continue
        if threshold is not None and (interaction.event_value is None or interaction.event_value < threshold):
            continue
        weight = 1.0
        if by_type:
            parameter = by_type.get(interaction.event_type)
            if parameter is None:
                continue
            own_threshold = parameter.get("eventValueThreshold")
            if own_threshold is not None and (
                interaction.event_value is None or interaction.event_value < own_threshold
            ):
                continue
            weight = float(parameter.get("weight", 1.0))
        selected.append((interaction, weight))
    return selected


def check_minimums(
    selected: list[tuple[Interaction, float]],
    min_interactions: int,
    min_users_with_two: int,
    event_type: Optional[str],
) -> Optional[str]:
    """The failure reason when the selected data is below the minimums (limits.html), else None.

    The users message is AWS's documented text (error-messages.html) with the minimum in force; the
    interactions message follows the documented recommender text ("... after filtering by event type: X").
    The 1 %-of-users rule is a ratio, not a volume, so it is not scaled.
    """
    if len(selected) < min_interactions:
        if event_type is not None:
            return (f"Create failed. Dataset has fewer than {min_interactions} interactions after filtering "
                    f"by event type: {event_type}")
        return f"Create failed. Dataset has fewer than {min_interactions} interactions."
    per_user = Counter(interaction.user_id for interaction, _ in selected)
    with_two = sum(1 for count in per_user.values() if count >= 2)
    if with_two < min_users_with_two:
        return f"Create failed. Dataset has fewer than {min_users_with_two} users with at least 2 interactions each."
    if with_two * 100 < len(per_user):
        return "Create failed. Fewer than 1% of users in the dataset have at least 2 interactions each."
    return None


# -- training ------------------------------------------------------------------------------------------------
def _popularity(selected: Iterable[tuple[Interaction, float]]) -> tuple[dict[str, float], list[str]]:
    scores: dict[str, float] = defaultdict(float)
    for interaction, weight in selected:
        scores[interaction.item_id] += weight
    order = sorted(scores, key=lambda item: (-scores[item], item))
    return dict(scores), order


def train(
    recipe_arn: str,
    selected: list[tuple[Interaction, float]],
    *,
    solution_config: Optional[Mapping[str, Any]] = None,
    event_type: Optional[str] = None,
    items: Optional[Sequence[Mapping[str, Any]]] = None,
) -> TrainedModel:
    """The recipe's model (``engines.recipes``) trained on ``selected`` with the solution's configuration
    (hyperparameters; the event selection, so real-time events count as training's did) and the Items
    records, and its GetSolutionMetrics."""
    from .recipes import train_recipe

    scores, order = _popularity(selected)
    history: dict[str, list[str]] = defaultdict(list)
    last_seen: dict[str, float] = {}
    for interaction, _ in sorted(selected, key=lambda pair: (pair[0].timestamp, pair[0].order)):
        history[interaction.user_id].append(interaction.item_id)
        last_seen[interaction.item_id] = max(last_seen.get(interaction.item_id, 0.0), interaction.timestamp)
    name = recipe_arn.rsplit("/", 1)[-1]
    model, metrics = train_recipe(name, selected, solution_config or {}, event_type, items)
    return TrainedModel(
        recipe_arn=recipe_arn,
        item_scores=scores,
        popularity_order=order,
        user_history=dict(history),
        item_last_seen=last_seen,
        interaction_count=len(selected),
        metrics=metrics,
        recipe_model=model,
    )


def training_hours(interaction_count: int) -> float:
    """Not documented by AWS (it bills real compute time); we chose a deterministic stand-in that grows with
    the data: a tenth of an hour plus an hour per million interactions."""
    return round(0.1 + interaction_count / 1_000_000, 4)
