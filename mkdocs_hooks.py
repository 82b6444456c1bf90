"""MkDocs hook: leave out of the navigation the pages mkdocs.yml lists that do not exist (yet) in docs/.

The navigation names every guide the site is meant to have; a guide still being written simply does not
show until its file is there, and ``mkdocs build --strict`` stays green meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _existing(entries: list[Any], docs: Path) -> list[Any]:
    kept: list[Any] = []
    for entry in entries:
        if isinstance(entry, dict):
            (title, target), = entry.items()
            if isinstance(target, list):
                children = _existing(target, docs)
                if children:
                    kept.append({title: children})
            elif "://" in target or (docs / target).is_file():
                kept.append(entry)
        elif "://" in entry or (docs / entry).is_file():
            kept.append(entry)
    return kept


def on_config(config: Any) -> Any:
    if config.nav:
        config.nav = _existing(config.nav, Path(config.docs_dir))
    return config
