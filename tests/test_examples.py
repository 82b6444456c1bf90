"""The README's first command runs examples/quickstart.py; it must keep working end to end."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quickstart_runs_end_to_end():
    # The script's own folder comes first on its sys.path; PYTHONPATH makes it import this checkout's package
    # rather than whichever copy is installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "quickstart.py")], capture_output=True,
                            text=True, timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "audience model: ACTIVE" in lines
    assert any(line.startswith("generation job: ACTIVE") for line in lines)
    exported = next(line for line in lines if line.startswith("exported "))
    count, hikers = exported.split()[1], exported.split(": ")[1].split()[0]
    assert count == hikers  # every lookalike of a hiker seed is a hiker
    assert "campaign: ACTIVE" in lines
    recommended = next(line for line in lines if line.startswith("recommended for user7: "))
    assert len(recommended.split(": ", 1)[1].split(", ")) == 5
