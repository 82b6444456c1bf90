"""``python -m cleanroom_mock.server`` / ``cleanroom-mock-server``: run the local endpoint."""

from __future__ import annotations

import argparse

from .app import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local AWS Clean Rooms ML and Amazon Personalize endpoint.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--strict", action="store_true", help="enforce AWS's documented data-volume minimums")
    options = parser.parse_args(argv)
    from ..core.state import HANDLE

    HANDLE.strict = options.strict
    print(f"cleanroom_mock serving cleanroomsml and personalize on http://{options.host}:{options.port}")
    serve(options.host, options.port)


if __name__ == "__main__":
    main()
