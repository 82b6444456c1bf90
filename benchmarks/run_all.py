"""Every benchmark in one table: ours against botocore's floor, moto and the physical reference (issue #13).

    PYTHONPATH=. python benchmarks/run_all.py            # the issue's sizes (about 10-15 minutes on 2 cores)
    PYTHONPATH=. python benchmarks/run_all.py --quick    # small sizes, a minute or two: a smoke run

Each row is one figure: ours, botocore's floor (the same boto3 call answered canned by a before-send hook),
moto (``mock_aws``), the physical reference where one exists (``csv.reader``, DuckDB, implicit's ALS), the
ratios of ours to each, and the goal. The recipes benchmark (``bench_recipes.py``) and the protected-SQL
benchmark (``bench_protected_sql.py``) run as subprocesses; their own report follows the table.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench_per_call  # noqa: E402
import bench_personalize_import  # noqa: E402
import bench_scale  # noqa: E402


@dataclass
class Figure:
    """One row: values in ``unit``; ``goals`` maps a comparator ("floor", "moto", "reference") to its limit."""

    name: str
    unit: str
    ours: Optional[float]
    floor: Optional[float] = None
    moto: Optional[float] = None
    reference: Optional[float] = None
    reference_name: str = ""
    goals: dict[str, float] = field(default_factory=dict)
    note: str = ""

    def ratio(self, against: str) -> Optional[float]:
        other = getattr(self, against)
        return self.ours / other if self.ours is not None and other else None

    def met(self) -> str:
        if not self.goals:
            return ""
        ratios = [self.ratio(against) for against in self.goals]
        if any(r is None for r in ratios):
            return "?"
        return "yes" if all(r <= limit for r, limit in zip(ratios, self.goals.values())) else "NO"


def _cell(value: Optional[float], unit: str) -> str:
    if value is None:
        return "-"
    if unit == "µs":
        return f"{value * 1e6:.1f} µs"
    if unit == "B":
        return f"{value:.0f} B"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def _ratio(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}×"


def _goal(figure: Figure) -> str:
    names = {"floor": "floor", "moto": "moto", "reference": figure.reference_name or "reference"}
    return ", ".join(f"≤{limit:g}× {names[against]}" for against, limit in figure.goals.items())


def table(figures: list[Figure]) -> str:
    header = ["figure", "ours", "floor", "moto", "reference", "ours/floor", "ours/moto", "ours/ref", "goal", "met"]
    rows = [header, ["---"] * len(header)]
    for f in figures:
        reference = f"{_cell(f.reference, f.unit)} ({f.reference_name})" if f.reference is not None else "-"
        rows.append(
            [
                f.name + (f" ({f.note})" if f.note else ""),
                _cell(f.ours, f.unit),
                _cell(f.floor, f.unit),
                _cell(f.moto, f.unit),
                reference,
                _ratio(f.ratio("floor")),
                _ratio(f.ratio("moto")),
                _ratio(f.ratio("reference")),
                _goal(f),
                f.met(),
            ]
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


# -- the figures ---------------------------------------------------------------------------------------------
def per_call(quick: bool) -> list[Figure]:
    found = bench_per_call.measure(blocks=5 if quick else 15, calls_per_block=100 if quick else 300)
    campaign, schema = found["describe_campaign"], found["describe_schema"]
    return [
        Figure(
            "describe_campaign per call",
            "µs",
            campaign["mock"],
            floor=campaign["floor"],
            goals={"floor": 1.0},
            note="moto has no DescribeCampaign",
        ),
        Figure(
            "describe_schema per call",
            "µs",
            schema["mock"],
            floor=schema["floor"],
            moto=schema.get("moto"),
            goals={"floor": 1.0, "moto": 0.4},
        ),
    ]


def paging(quick: bool) -> list[Figure]:
    small, large = (1000, 10_000) if quick else (5000, 100_000)
    found = bench_scale.paging((small, large))
    per_small, per_large = found["per_item"][small], found["per_item"][large]
    return [
        Figure(f"ListSchemas paging, per schema at {small:,}", "µs", per_small),
        Figure(
            f"ListSchemas paging, per schema at {large:,}",
            "µs",
            per_large,
            reference=per_small,
            reference_name=f"ours at {small:,}",
            goals={"reference": 1.5},
        ),
        Figure(
            f"ListSchemas, all {large:,} schemas",
            "s",
            found["ours_total"],
            floor=found["floor_total"],
            moto=found["moto_total"],
            goals={"moto": 1.0},
            note="pages of 100; moto: one page",
        ),
    ]


def memory(quick: bool) -> list[Figure]:
    count = 2000 if quick else 10_000
    same = bench_scale.memory_per_schema(count, distinct=False)
    own = bench_scale.memory_per_schema(count, distinct=True)
    return [
        Figure(f"memory per schema, {count:,} alike", "B", same["ours"], moto=same["moto"], goals={"moto": 1.0}),
        Figure(
            f"memory per schema, {count:,} each its own document",
            "B",
            own["ours"],
            moto=own["moto"],
            goals={"moto": 1.0},
        ),
    ]


def csv_import(quick: bool) -> list[Figure]:
    rows = 200_000 if quick else 1_000_000
    found = bench_personalize_import.compare(rows, rounds=2 if quick else 3)
    figures = [
        Figure(
            f"import of {rows:,} interactions",
            "s",
            found["ours"],
            reference=found["floor"],
            reference_name="csv.reader",
            goals={"reference": 2.0},
        )
    ]
    if found["duckdb"] is not None:
        figures.append(
            Figure(
                f"import of {rows:,} interactions",
                "s",
                found["ours"],
                reference=found["duckdb"],
                reference_name="DuckDB read_csv",
            )
        )
    return figures


def first_call(quick: bool) -> list[Figure]:
    found = bench_scale.first_call(3 if quick else 9)
    return [Figure("process start + first list_schemas", "s", found["ours"], moto=found["moto"], goals={"moto": 1.3})]


# -- the other benchmarks, as subprocesses ----------------------------------------------------------------------
def _run(script: str, arguments: list[str]) -> Optional[str]:
    path = HERE / script
    if not path.exists():
        return None
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(path), *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    return done.stdout + (f"\n(exit status {done.returncode})\n{done.stderr[-2000:]}" if done.returncode else "")


def recipes(quick: bool) -> tuple[list[Figure], str]:
    output = _run("bench_recipes.py", ["--skip-1m"] if quick else [])
    if output is None:
        return [], "bench_recipes.py: not run (not present)"
    figures = []
    training = re.search(r"training on ([\d,]+) interactions: ours ([\d.]+) s.*?implicit ALS ([\d.]+) s", output)
    if training:
        figures.append(
            Figure(
                f"training on {training.group(1)} interactions",
                "s",
                float(training.group(2)),
                reference=float(training.group(3)),
                reference_name="implicit ALS",
            )
        )
    return figures, "bench_recipes.py:\n" + output


def protected_sql(quick: bool) -> tuple[list[Figure], str]:
    path = HERE / "bench_protected_sql.py"
    if not path.exists():
        return [], "bench_protected_sql.py: not run (not present)"
    source = path.read_text(encoding="utf-8")
    quick_arguments = ["--users", "100000", "--purchases", "100000", "--repeat", "2"] if "--users" in source else []
    output = _run("bench_protected_sql.py", quick_arguments if quick else []) or ""
    figures = []
    protected = re.search(r"protected query.*?median ([\d.]+) s", output)
    direct = re.search(r"direct DuckDB.*?median ([\d.]+) s", output)
    if protected and direct:
        figures.append(
            Figure(
                "protected SQL query",
                "s",
                float(protected.group(1)),
                reference=float(direct.group(1)),
                reference_name="direct DuckDB",
                goals={"reference": 1.5},
            )
        )
    return figures, "bench_protected_sql.py:\n" + output


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not the issue's figures")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["per-call", "paging", "memory", "import", "first-call", "recipes", "sql"],
    )
    options = parser.parse_args()
    steps: list[tuple[str, Callable[[bool], list[Figure]]]] = [
        ("per-call", per_call),
        ("paging", paging),
        ("memory", memory),
        ("import", csv_import),
        ("first-call", first_call),
    ]
    figures: list[Figure] = []
    reports: list[str] = []
    began = time.perf_counter()
    for name, step in steps:
        if name not in options.skip:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            figures += step(options.quick)
    for name, other in (("recipes", recipes), ("sql", protected_sql)):
        if name not in options.skip:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            found, report = other(options.quick)
            figures += found
            reports.append(report)
    print(table(figures))
    for report in reports:
        print()
        print(report.rstrip())
    print(
        f"\n({'quick' if options.quick else 'full'} run, {time.perf_counter() - began:.0f} s, "
        f"Python {sys.version.split()[0]})"
    )


if __name__ == "__main__":
    main()
