"""Every ```python block in the README and docs/ runs: the documentation's examples cannot rot.

A block may set up state for the next one in the same file (they share one namespace per file), as a
reader following the page would. Blocks that only define pytest tests are run by exec too (they define).

The README's blocks also run inside moto's ``mock_aws`` (where the data layer is moto's S3 and Glue) and must
print the same as they do without it: the README promises the mock behaves the same either way.
"""

from __future__ import annotations

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
# README's seeding calls: aws.data.put_object("s3://bucket/key", ...).
_SEEDED = re.compile(r"""aws\.data\.put_object\(\s*["']s3://([^/"']+)/([^"']+)["']""")


def _pages_with_examples() -> list[Path]:
    return [page for page in PAGES if BLOCK.search(page.read_text(encoding="utf-8"))]


def _run_page(page: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the page's blocks in order in one namespace; what they printed, generated IDs masked."""
    capsys.readouterr()
    namespace: dict[str, object] = {"__name__": f"docs_example_{page.stem}"}
    for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), start=1):
        code = compile(block, f"{page.name}#example{number}", "exec")
        exec(code, namespace)  # noqa: S102 - running our own documentation is the point
    return _UUID.sub("<uuid>", capsys.readouterr().out)


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda page: page.name)
def test_examples_run(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run_page(page, capsys)


def test_readme_examples_run_the_same_under_moto(capsys: pytest.CaptureFixture[str]) -> None:
    from moto import mock_aws

    plain = _run_page(README, capsys)
    seeded = _SEEDED.findall(README.read_text(encoding="utf-8"))
    with mock_aws():
        under_moto = _run_page(README, capsys)
        # The data layer really was moto's: what the README seeded is in moto's S3.
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket, key in seeded:
            assert s3.get_object(Bucket=bucket, Key=key)["Body"].read(), f"s3://{bucket}/{key} is not in moto"
    assert plain  # the README prints what it shows; an empty comparison would prove nothing
    assert under_moto == plain
