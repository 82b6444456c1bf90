"""What a batch job computes: reading its JSON-lines input, answering each line, writing ``<file>.out``.

Batch inference answers each line exactly as GetRecommendations / GetPersonalizedRanking would for the same
IDs, filter and filter values (``engines.serving``), in the documented output format
(batch-inference-job-output-examples): ``{"input": ..., "output": {"recommendedItems": [...], "scores":
[...]}, "error": null}``; a THEME_GENERATION job's output is ``{"recommendedItems": [...], "theme": "...",
"itemsThemeRelevanceScores": [...]}`` (themed-batch-recommendations; computed by ``engines.themes``). Batch
segments rank users for items (Item-Affinity) or item attributes (Item-Attribute-Affinity); each output line
is ``{"input": ..., "output": {"usersList": [...]}, "error": null}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Optional, Protocol, Union

from ...core.data import DataNotFound
from ...core.errors import ServiceError
from ..filter_expression import CompiledFilter, FilterExpression, FilterExpressionError, compile_filter
from .serving import Serving, ranking, top_items
from .themes import ThemeGenerator

MAX_INPUT_FILES = 1000  # limits.html: batch input files per job
# limits.html: queries per input file of a batch segment job, per recipe.
MAX_SEGMENT_QUERIES = {"aws-item-affinity": 500, "aws-item-attribute-affinity": 10}
INVALID_INPUT_PATH = "Invalid S3 input path"  # error-messages.html
INVALID_OUTPUT_PATH = "Invalid S3 output path"

Line = dict[str, Any]


class ObjectStore(Protocol):
    """The part of the data layer (``handle.data``) a batch job reads and writes S3 objects through."""

    def read_objects(self, uri: str) -> list[tuple[str, bytes]]: ...
    def list_objects(self, prefix_uri: str) -> list[str]: ...
    def get_object(self, uri: str) -> bytes: ...
    def put_object(self, uri: str, body: Union[bytes, str]) -> None: ...


class BatchFailure(Exception):
    """The job fails with this reason (its status becomes CREATE FAILED)."""


# -- input and output ----------------------------------------------------------------------------------------
def read_input(data: ObjectStore, path: str) -> list[tuple[str, list[Line]]]:
    """Every input file under ``path`` with its JSON lines. creating-batch-inference-job: the path is an S3
    prefix (a folder ending in ``/`` takes the files directly in it); an exact object is read alone."""
    try:
        objects = data.read_objects(path)
    except DataNotFound:
        try:
            objects = [(uri, data.get_object(uri)) for uri in data.list_objects(path)]
        except DataNotFound:
            objects = []
    if not objects:
        raise BatchFailure(f"{INVALID_INPUT_PATH}: no input data found at {path}.")
    if len(objects) > MAX_INPUT_FILES:
        raise BatchFailure(f"The input has {len(objects)} files; the maximum is {MAX_INPUT_FILES}.")
    files = []
    for uri, body in objects:
        lines = []
        for number, text in enumerate(body.decode("utf-8", errors="replace").splitlines(), start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except ValueError:
                line = None
            if not isinstance(line, dict):
                raise BatchFailure(f"Invalid input data: line {number} of {uri} is not a JSON object.")
            lines.append(line)
        files.append((uri, lines))
    return files


def write_output(data: ObjectStore, destination: str, input_uri: str, records: list[Line]) -> None:
    """``<output path>/<input file name>.out`` (batch-inference-job-output-examples), one JSON object a line."""
    folder = destination if destination.endswith("/") else destination + "/"
    name = input_uri.rsplit("/", 1)[-1]
    data.put_object(folder + name + ".out", "".join(json.dumps(r) + "\n" for r in records))


def answered(line: Line, output: Optional[dict[str, Any]], error: Optional[str]) -> Line:
    return {"input": line, "output": output, "error": error}


def _compiled(expression: Optional[FilterExpression], line: Line) -> Optional[CompiledFilter]:
    """The job's filter bound to the line's ``filterValues`` (filter-batch: values go in the input JSON)."""
    if expression is None:
        return None
    values = line.get("filterValues") or {}
    if not isinstance(values, dict):
        raise FilterExpressionError("filterValues must be a JSON object of placeholder names and values")
    return compile_filter(expression, {str(k): str(v) for k, v in values.items()})


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


# -- batch inference -----------------------------------------------------------------------------------------
def infer(
    serving: Serving,
    line: Line,
    count: int,
    expression: Optional[FilterExpression],
    themes: Optional[ThemeGenerator] = None,
) -> Line:
    """One output line. A line the recipe cannot answer (a missing ID, a filter value it cannot use) gets
    its ``error``; Not documented by AWS beyond the ``error`` member, we chose to answer the other lines.
    With ``themes`` (THEME_GENERATION, Similar-Items only) the related items come with a theme and their
    relevance to it instead of ``scores``. AWS's themed examples show no ``error`` member; we keep
    ``"error": null`` as on every other output line, so one reader serves both."""
    recipe_type = serving.recipe.recipe_type
    user_id, item_id = _text(line.get("userId")), _text(line.get("itemId"))
    try:
        compiled = _compiled(expression, line)
        if recipe_type == "PERSONALIZED_RANKING":
            item_list = line.get("itemList")
            if user_id is None or not isinstance(item_list, list):
                return answered(
                    line, None, "Each line needs a userId and an itemList for a PERSONALIZED_RANKING recipe."
                )
            items, scores = ranking(serving, user_id, [str(i) for i in item_list], compiled)
        else:
            if recipe_type == "USER_PERSONALIZATION" and user_id is None:
                return answered(line, None, "Each line needs a userId for a USER_PERSONALIZATION recipe.")
            if recipe_type == "RELATED_ITEMS" and item_id is None:
                return answered(line, None, "Each line needs an itemId for a RELATED_ITEMS recipe.")
            items, scores = top_items(serving, user_id, item_id, count, compiled)
    except FilterExpressionError as exc:
        return answered(line, None, exc.message)
    except ServiceError as exc:
        return answered(line, None, exc.message)
    if themes is not None and item_id is not None:
        return answered(line, themes.output(item_id, items), None)
    return answered(line, {"recommendedItems": items, "scores": [scores.get(i) for i in items]}, None)


# -- batch segments ------------------------------------------------------------------------------------------
_CONDITION = re.compile(
    r'\s*ITEMS\.([A-Za-z_][A-Za-z0-9_]*)\s*(=|IN)\s*(\(\s*"[^"]*"(?:\s*,\s*"[^"]*")*\s*\)|"[^"]*")\s*', re.I
)
_JOINER = re.compile(r"(AND|OR)\b", re.I)


def parse_item_attributes(text: str) -> list[list[tuple[str, frozenset[str]]]]:
    """``itemAttributes`` (item-attribute-affinity-recipe): ``ITEMS.<column> = "value"`` or ``IN ("a", "b")``
    conditions joined by AND / OR. Returned as OR-groups of AND-ed (column, values) conditions (AND binds
    tighter; Not documented by AWS, the usual SQL precedence, as for filter expressions)."""
    groups: list[list[tuple[str, frozenset[str]]]] = [[]]
    position = 0
    while True:
        match = _CONDITION.match(text, position)
        if match is None:
            raise ValueError(f"Invalid itemAttributes expression: {text}")
        groups[-1].append((match.group(1).upper(), frozenset(re.findall(r'"([^"]*)"', match.group(3)))))
        position = match.end()
        if position == len(text):
            return groups
        joiner = _JOINER.match(text, position)
        if joiner is None:
            raise ValueError(f"Invalid itemAttributes expression: {text}")
        if joiner.group(1).upper() == "OR":
            groups.append([])
        position = joiner.end()


def matching_items(groups: list[list[tuple[str, frozenset[str]]]], items: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Items whose record satisfies the expression; a multi-value (``|``) field matches on any of its values."""

    def holds(record: Mapping[str, Any], column: str, values: frozenset[str]) -> bool:
        key = next((k for k in record if k.upper() == column), None)
        value = record.get(key) if key is not None else None
        return value is not None and any(part in values for part in str(value).split("|"))

    return [
        item for item, record in items.items() if any(all(holds(record, c, v) for c, v in group) for group in groups)
    ]


class UserScores:
    """The users of a segment (user-segmentation-recipes): every user the model knows, by descending affinity
    to the query's items in the Item-Affinity factorization (``engines.recipes.factorization``: the user's
    factors · the sum of the items' factors), then by user ID."""

    def __init__(self, serving: Serving) -> None:
        self._serving = serving

    def segment(self, items: list[str]) -> list[str]:
        ranked: list[str] = self._serving.model.recipe_model.segment(items)
        return ranked


def segment(
    serving: Serving, scores: UserScores, line: Line, count: int, expression: Optional[FilterExpression]
) -> Line:
    item_id, attributes = _text(line.get("itemId")), _text(line.get("itemAttributes"))
    try:
        if serving.recipe.name == "aws-item-attribute-affinity":
            if attributes is None:
                return answered(line, None, "Each line needs itemAttributes for the Item-Attribute-Affinity recipe.")
            items = matching_items(parse_item_attributes(attributes), serving.data.items.by_id)
        else:
            if item_id is None:
                return answered(line, None, "Each line needs an itemId for the Item-Affinity recipe.")
            items = [item_id]
        users = scores.segment(items)
        compiled = _compiled(expression, line)
        if compiled is not None:
            data = serving.data
            users = compiled.filter_candidates(
                users,
                items=data.items.by_id,
                users=data.users.by_id,
                user_id=None,
                user_interactions=[],
                current_item=None,
                interactions_by_user=data.interactions.by_user,
            )
    except ValueError as exc:
        return answered(line, None, str(exc))
    except FilterExpressionError as exc:
        return answered(line, None, exc.message)
    return answered(line, {"usersList": users[:count]}, None)
