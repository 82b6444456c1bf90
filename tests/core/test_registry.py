"""The operation table loads lazily: an operation's first call imports its own group, nothing else."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleanroom_mock.core.protocol.models import service_model
from cleanroom_mock.core.registry import SERVICES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", list(SERVICES))
def test_each_operation_is_found_in_its_own_group_as_the_full_table_has_it(service):
    full = SERVICES[service]
    lazy = dataclasses.replace(full)  # fresh caches
    for name in service_model(service).operation_names:
        assert lazy.handler(name) == full.handlers.get(name), name
    # every implemented operation was placed by the groups' text, none by the import-everything fallback
    misplaced = {
        name: lazy._declared.get(name)
        for name, handler in full.handlers.items()
        if lazy._declared.get(name, "").partition(":")[2] != handler.group.__name__
    }
    assert misplaced == {}


def test_an_unknown_operation_falls_back_to_the_full_table():
    lazy = dataclasses.replace(SERVICES["personalize"])
    assert lazy.handler("NotAnOperation") is None
    assert "handlers" in vars(lazy)  # the fallback looked at every group


def test_a_first_list_schemas_imports_neither_other_areas_nor_heavy_libraries():
    script = (
        "import sys, boto3\n"
        "from cleanroom_mock import mock_personalize\n"
        "with mock_personalize():\n"
        "    boto3.client('personalize', region_name='us-east-1').list_schemas()\n"
        "print('\\n'.join(sys.modules))\n"
    )
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT, env=environment
        ).stdout.split()
    )
    assert "cleanroom_mock.personalize.data.schemas" in loaded
    spared = {
        "cleanroom_mock.personalize.batch.inference",
        "cleanroom_mock.personalize.engines.training",
        "cleanroom_mock.personalize.runtime.recommendations",
        "cleanroom_mock.personalize.data.imports",
        "cleanroom_mock.personalize.filter_expression",
        "scipy",
        "numpy",
        "duckdb",
        "sqlglot",
    }
    assert spared & loaded == set()
