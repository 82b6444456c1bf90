"""What the package claims is what is tested: the tox `oldest` env pins the floor pyproject.toml declares."""

from __future__ import annotations

import re
from pathlib import Path

import cleanroom_mock

ROOT = Path(__file__).resolve().parent.parent


def _floors() -> dict[str, str]:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dependencies = pyproject[pyproject.index("dependencies = ["):]
    dependencies = dependencies[:dependencies.index("]")]
    return dict(re.findall(r'"([a-z0-9_-]+)>=([0-9.]+)"', dependencies))


def _oldest_pins() -> dict[str, str]:
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    section = tox[tox.index("[testenv:oldest]"):]
    section = section[:section.index("\n[", 1)]
    return dict(re.findall(r"^\s+([a-z0-9_-]+)==([0-9.]+)\s*$", section, re.MULTILINE))


def test_the_oldest_env_pins_the_declared_floor_of_botocore_and_boto3():
    floors, pins = _floors(), _oldest_pins()
    assert {name: floors[name] for name in ("botocore", "boto3")} == pins


def test_version_and_license_metadata():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{cleanroom_mock.__version__}"' in pyproject
    assert 'license = "Apache-2.0"' in pyproject
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (ROOT / "cleanroom_mock" / "py.typed").exists()
