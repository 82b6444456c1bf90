"""docs/coverage.md is generated from the code; this keeps the committed page in step with it."""

from pathlib import Path

from cleanroom_mock.coverage import coverage_markdown, implemented_operations

PAGE = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"


def test_coverage_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == coverage_markdown(), (
        "docs/coverage.md is stale: run `python -m cleanroom_mock.coverage > docs/coverage.md`"
    )


def test_every_operation_of_every_service_is_listed():
    page = PAGE.read_text(encoding="utf-8")
    for service in ("cleanrooms", "cleanroomsml", "personalize", "personalize-runtime", "personalize-events"):
        for operation in implemented_operations(service):
            assert f"| {operation} |" in page
