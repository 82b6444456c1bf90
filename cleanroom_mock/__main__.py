"""``python -m cleanroom_mock serve --port 5055``: the ``cleanroom-mock`` command (see ``server.cli``)."""

from .server.cli import run

if __name__ == "__main__":
    run()
