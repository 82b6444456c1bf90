"""``cleanroom-mock serve``: the real port in the banner, a one-line error for a port in use."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request

import pytest

from cleanroom_mock.server import ThreadedServer, cli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_port_zero_prints_the_real_port_and_serves():
    process = subprocess.Popen([sys.executable, "-m", "cleanroom_mock", "serve", "--port", "0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()  # type: ignore[union-attr]
        found = re.search(r"http://127\.0\.0\.1:(\d+)$", banner.strip())
        assert found and int(found.group(1)) > 0, banner
        request = urllib.request.Request(f"{found.group(0)}/_cleanroom_mock/settings")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_port_in_use_is_one_line_and_exit_status_1(capsys):
    with ThreadedServer() as running:
        assert cli.main(["serve", "--port", str(running.port)]) == 1
        assert cli.server_main(["--port", str(running.port)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"cleanroom-mock: cannot listen on 127.0.0.1:{running.port}")
                                   for line in lines)


def test_no_subcommand_prints_help(capsys):
    assert cli.main([]) == 2
    assert "serve" in capsys.readouterr().out


def test_unknown_options_are_argparse_errors():
    with pytest.raises(SystemExit) as exited:
        cli.main(["serve", "--port", "not-a-number"])
    assert exited.value.code == 2
