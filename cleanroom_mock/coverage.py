"""The operation-coverage table in docs/coverage.md, generated from the backends themselves.

    python -m cleanroom_mock.coverage > docs/coverage.md

An operation counts as implemented when its service registers a handler for it: the same table the
dispatcher calls; everything else answers NotImplementedException. A test keeps the committed page equal
to this output.
"""

from __future__ import annotations

import botocore
from botocore import xform_name

from .core.dispatch import handler_of
from .core.protocol.models import service_model
from .core.registry import SERVICES


def implemented_operations(service: str) -> dict[str, bool]:
    return {name: handler_of(service, name) is not None for name in service_model(service).operation_names}


def coverage_markdown() -> str:
    lines = [
        "# Operation coverage",
        "",
        "Generated from the code by `python -m cleanroom_mock.coverage > docs/coverage.md`; do not edit by hand.",
        f"Operations as botocore {botocore.__version__}'s service models list them.",
        "An operation marked ✗ answers `NotImplementedException` (HTTP 501) naming it.",
        "",
        "| service | implemented | total |",
        "|---|---|---|",
    ]
    tables: list[str] = []
    grand_done = grand_total = 0
    for service in SERVICES:
        operations = implemented_operations(service)
        done = sum(operations.values())
        grand_done += done
        grand_total += len(operations)
        lines.append(f"| `{service}` | {done} | {len(operations)} |")
        tables += ["", f"## {service}", "", "| operation | boto3 method | emulated |", "|---|---|---|"]
        tables += [
            f"| {name} | `{xform_name(name)}` | {'✓' if implemented else '✗'} |"
            for name, implemented in sorted(operations.items())
        ]
    lines.append(f"| **all** | **{grand_done}** | **{grand_total}** |")
    return "\n".join(lines + tables) + "\n"


if __name__ == "__main__":
    print(coverage_markdown(), end="")
