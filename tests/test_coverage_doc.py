"""docs/coverage.md is generated from the code; this keeps the committed page in step with it."""

import re
from pathlib import Path

import botocore
import pytest

from cleanroom_mock.coverage import coverage_markdown, implemented_operations

PAGE = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"
GENERATED_WITH = re.search(r"botocore ([0-9.]+)'s service models", PAGE.read_text(encoding="utf-8"))


SAME_BOTOCORE = pytest.mark.skipif(
    GENERATED_WITH is None or GENERATED_WITH.group(1) != botocore.__version__,
    reason="the page lists another botocore's operations (the version matrix runs others)")


@SAME_BOTOCORE
def test_coverage_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == coverage_markdown(), (
        "docs/coverage.md is stale: run `python -m cleanroom_mock.coverage > docs/coverage.md`"
    )


def test_what_the_page_marks_emulated_is_emulated_with_this_botocore():
    """Whatever botocore is installed, no operation the page promises answers NotImplementedException."""
    promised = re.findall(r"^\| (\w+) \| `\w+` \| ✓ \|$", PAGE.read_text(encoding="utf-8"), re.M)
    emulated = {name for service in ("cleanrooms", "cleanroomsml", "personalize", "personalize-runtime",
                                     "personalize-events")
                for name, done in implemented_operations(service).items() if done}
    assert promised and set(promised) <= emulated


@SAME_BOTOCORE
def test_every_operation_of_every_service_is_listed():
    page = PAGE.read_text(encoding="utf-8")
    for service in ("cleanrooms", "cleanroomsml", "personalize", "personalize-runtime", "personalize-events"):
        for operation in implemented_operations(service):
            assert f"| {operation} |" in page
