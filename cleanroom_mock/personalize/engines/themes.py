"""Content Generator's stand-in for THEME_GENERATION batch jobs: a theme for each set of similar items and how
relevant it is to each item (themed-batch-recommendations).

AWS: the theme "is based on the item description and item name data in your Items dataset"; Personalize "ranks
each set of items based on how relevant the theme is for each item"; each item gets a score "in a rough range of
-0.1 and 0.6", higher meaning closer to the theme. Output members: ``recommendedItems``, ``theme``,
``itemsThemeRelevanceScores`` (batch-inference-job-output-examples).

AWS writes themes with a generative model; we chose a deterministic, computed stand-in:

- an item's text is its ``itemName`` column and its textual (``"textual": true``) columns, split into lower-case
  words of three or more letters or digits, common English words left out;
- a word's weight in the catalog is its inverse document frequency over every item's text;
- the theme names the three words that occur in the most items of the set (the input item and its
  recommendations), weighted by their inverse document frequency (ties by the word), among the words two or
  more items of the set share if there are any: "All about a, b and c";
  a set whose items have no text gets "More like <itemName of the input item>";
- an item's relevance is the cosine similarity of its TF-IDF vector and the theme's words (weighted as chosen),
  mapped onto AWS's range: ``-0.1 + 0.7 * cosine``, rounded to 8 digits; the recommended items are reordered by
  descending relevance (ties keep the recipe's order).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

THEME_WORDS = 3
LOWEST, HIGHEST = -0.1, 0.6  # themed-batch-recommendations: "a rough range of -0.1 and 0.6"
_WORD = re.compile(r"[a-z0-9]{3,}")
_COMMON = frozenset(
    "the and for with from that this are was were you your our its has have had not but all any can will "
    "into over more most such than then they them their there these those what when which who why how "
    "about also just like very each other some only own same too out off".split()
)


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    return [w for w in _WORD.findall(str(value).lower()) if w not in _COMMON]


def _column(record: Mapping[str, Any], column: str) -> Any:
    """A record's value for ``column`` (named in any case, as ``itemName`` may be)."""
    wanted = column.upper()
    return next((v for k, v in record.items() if k.upper() == wanted), None)


class ThemeGenerator:
    """Themes for one job's sets of similar items, over the catalog ``items`` (ID → record)."""

    def __init__(self, items: Mapping[str, Mapping[str, Any]], name_column: str, text_columns: Sequence[str]) -> None:
        self._items = items
        self._name_column = name_column
        self._text_columns = tuple(text_columns)
        self._texts: dict[str, Counter[str]] = {}
        document_frequency: Counter[str] = Counter()
        for item_id in items:
            counts = self._counts(item_id)
            document_frequency.update(counts.keys())
        total = len(items)
        self._idf = {word: math.log((1 + total) / (1 + df)) + 1.0 for word, df in document_frequency.items()}

    def _counts(self, item_id: str) -> Counter[str]:
        found = self._texts.get(item_id)
        if found is None:
            record = self._items.get(item_id) or {}
            words: list[str] = []
            for column in (self._name_column, *self._text_columns):
                words += _words(_column(record, column))
            found = self._texts[item_id] = Counter(words)
        return found

    def theme(self, item_id: str, recommended: Iterable[str]) -> tuple[str, dict[str, float]]:
        """(the theme's text, its words with their weights) for the set of ``item_id`` and its recommendations."""
        spread: Counter[str] = Counter()
        for member in (item_id, *recommended):
            spread.update(self._counts(member).keys())
        shared = {word: count for word, count in spread.items() if count > 1} or spread
        weights = {word: count * self._idf.get(word, 1.0) for word, count in shared.items()}
        chosen = sorted(weights, key=lambda w: (-weights[w], w))[:THEME_WORDS]
        if not chosen:
            name = _column(self._items.get(item_id) or {}, self._name_column)
            return f"More like {name if name is not None else item_id}", {}
        listed = chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " and " + chosen[-1]
        return f"All about {listed}", {word: weights[word] for word in chosen}

    def relevance(self, item_id: str, theme_words: Mapping[str, float]) -> float:
        """How relevant the theme is to one item, in AWS's rough range -0.1..0.6."""
        vector = {word: count * self._idf.get(word, 1.0) for word, count in self._counts(item_id).items()}
        dot = sum(weight * vector.get(word, 0.0) for word, weight in theme_words.items())
        norms = math.sqrt(sum(v * v for v in vector.values())) * math.sqrt(sum(w * w for w in theme_words.values()))
        cosine = dot / norms if norms else 0.0
        return round(LOWEST + (HIGHEST - LOWEST) * cosine, 8)

    def output(self, item_id: str, recommended: Sequence[str]) -> dict[str, Any]:
        """The ``output`` member of a themed line: the items by descending relevance, the theme, the scores."""
        text, words = self.theme(item_id, recommended)
        scored = [(self.relevance(member, words), rank, member) for rank, member in enumerate(recommended)]
        scored.sort(key=lambda entry: (-entry[0], entry[1]))
        return {
            "recommendedItems": [member for _, _, member in scored],
            "theme": text,
            "itemsThemeRelevanceScores": [score for score, _, _ in scored],
        }
