"""``python -m cleanroom_mock.server`` / ``cleanroom-mock-server``: the old spelling of ``cleanroom-mock serve``."""

from .cli import run_server

if __name__ == "__main__":
    run_server()
