"""Every ```python block in the README and docs/ runs: the documentation's examples cannot rot.

A block may set up state for the next one in the same file (they share one namespace per file), as a
reader following the page would. Blocks that only define pytest tests are run by exec too (they define).

Every page's blocks also run inside moto's ``mock_aws`` (where the data layer is moto's S3 and Glue) and must
print the same as they do without it: the docs promise the mock behaves the same either way. Lines that
legitimately differ are masked only in ``MOTO_DIFFERENCES``, with the reason. Each run starts from a clean
mock: a run that fails halfway stops the mocks its blocks started (``mock.start()`` without its
``mock.stop()``), so it cannot leak state into the next run (a leaked mock made the next page's mock a nested
one, which does not reset: cleanroomsml.md's ConflictException came from there).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import boto3
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
# What may legitimately differ between two runs of the same page: generated IDs.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A page's seeding calls: aws.data.put_object("s3://bucket/key", ...).
_SEEDED = re.compile(r"""aws\.data\.put_object\(\s*["']s3://([^/"']+)/([^"']+)["']""")


# Output lines that may legitimately differ under moto, per page, and why. A line matching the pattern is
# dropped from both runs before they are compared; the plain run must print one (the mask is not stale).
# Keep this short: each entry is a difference the example shows on purpose, never a difference of the mock.
MOTO_DIFFERENCES: dict[str, tuple[re.Pattern[str], str]] = {
    "index.md": (
        re.compile(r"^blocked: cleanroom_mock blocked a request to sqs .*\n", re.MULTILINE),
        "the Errors example calls SQS, which cleanroom_mock does not emulate: plainly the call is blocked (what "
        "the page shows); under mock_aws moto answers it, as the page says, and nothing is printed",
    ),
}


def _pages_with_examples() -> list[Path]:
    return [page for page in PAGES if BLOCK.search(page.read_text(encoding="utf-8"))]


def _run_page(page: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the page's blocks in order in one namespace; what they printed, generated IDs masked."""
    from cleanroom_mock.core.mock import MockAWS

    capsys.readouterr()
    namespace: dict[str, object] = {"__name__": f"docs_example_{page.stem}"}
    try:
        for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), start=1):
            code = compile(block, f"{page.name}#example{number}", "exec")
            exec(code, namespace)  # noqa: S102 - running our own documentation is the point
    finally:
        for value in namespace.values():
            if isinstance(value, MockAWS):
                with contextlib.suppress(RuntimeError):  # "not started": the page stopped it itself
                    value.stop()
    return _UUID.sub("<uuid>", capsys.readouterr().out)


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda page: page.name)
def test_examples_run(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run_page(page, capsys)


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda page: page.name)
def test_examples_run_the_same_under_moto(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from moto import mock_aws

    plain = _run_page(page, capsys)
    seeded = _SEEDED.findall(page.read_text(encoding="utf-8"))
    with mock_aws():
        under_moto = _run_page(page, capsys)
        # The data layer really was moto's: what the page seeded is in moto's S3.
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket, key in seeded:
            assert s3.get_object(Bucket=bucket, Key=key)["Body"].read(), f"s3://{bucket}/{key} is not in moto"
    if page.name in MOTO_DIFFERENCES:
        pattern, _reason = MOTO_DIFFERENCES[page.name]
        assert pattern.search(plain), f"the moto difference masked for {page.name} no longer appears: drop it"
        plain, under_moto = pattern.sub("", plain), pattern.sub("", under_moto)
    assert under_moto == plain


def test_the_readme_prints_what_it_compares() -> None:
    """The README's comparison means something only if its examples print (an empty comparison proves nothing)."""
    assert "print(" in README.read_text(encoding="utf-8")


def test_masked_differences_name_pages_with_examples() -> None:
    pages = {page.name for page in _pages_with_examples()}
    assert set(MOTO_DIFFERENCES) <= pages, "a masked difference names a page without examples (renamed?)"
