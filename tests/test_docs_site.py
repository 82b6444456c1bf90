"""The documentation site's configuration keeps up with docs/: every page is in the navigation, and the
changelog has an entry for the version being released. (CI builds the site with `mkdocs build --strict`.)"""

from __future__ import annotations

import re
from pathlib import Path

import cleanroom_mock

ROOT = Path(__file__).resolve().parent.parent


def _nav_pages() -> set[str]:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:"):config.index("\nhooks:")]
    return set(re.findall(r"([\w.-]+\.md)\s*$", nav, re.MULTILINE))


def test_every_docs_page_is_in_the_navigation():
    pages = {page.name for page in (ROOT / "docs").glob("*.md")}
    assert pages - _nav_pages() == set(), "add these pages to the nav in mkdocs.yml"


def test_changelog_has_an_entry_for_this_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{cleanroom_mock.__version__}] - " in changelog
    assert '--8<-- "CHANGELOG.md"' in (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")


def test_the_navigation_hook_leaves_out_only_missing_pages(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "mkdocs_hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    (tmp_path / "a.md").write_text("# A")
    nav = [{"A": "a.md"}, {"Missing": "gone.md"}, {"Section": [{"Gone": "gone.md"}]},
           {"Mixed": [{"A": "a.md"}, {"Gone": "gone.md"}]}, "a.md", {"Site": "https://example.com/"}]
    assert hooks._existing(nav, tmp_path) == [{"A": "a.md"}, {"Mixed": [{"A": "a.md"}]}, "a.md",
                                              {"Site": "https://example.com/"}]
