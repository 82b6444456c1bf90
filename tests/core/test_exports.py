"""The public names: all importable from the top level, documented, and `import cleanroom_mock` stays light."""

from __future__ import annotations

import subprocess
import sys

import cleanroom_mock


def test_every_public_name_resolves_and_has_a_docstring():
    for name in cleanroom_mock.__all__:
        value = getattr(cleanroom_mock, name)
        if callable(value):
            assert value.__doc__, f"cleanroom_mock.{name} has no docstring"


def test_public_errors_are_the_ones_raised():
    from cleanroom_mock.core.data import DataNotFound
    from cleanroom_mock.core.errors import UnmockedRequestError

    assert cleanroom_mock.UnmockedRequestError is UnmockedRequestError
    assert cleanroom_mock.DataNotFound is DataNotFound and issubclass(DataNotFound, cleanroom_mock.DataError)
    assert "MockHandle" in dir(cleanroom_mock)


def test_importing_the_package_loads_neither_botocore_nor_numpy():
    script = (
        "import sys, cleanroom_mock\n"
        "from cleanroom_mock import UnmockedRequestError\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'botocore', 'boto3', 'numpy'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
