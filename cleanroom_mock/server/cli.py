"""The command line: ``cleanroom-mock serve --host --port [--strict]`` (also ``python -m cleanroom_mock``).

``cleanroom-mock-server`` and ``python -m cleanroom_mock.server`` are the older spellings: they take the
``serve`` options directly. ``--port 0`` picks a free port; the banner names the real one. A port that
cannot be bound is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys

from ..core.lifecycle import MODES


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5055, help="port to listen on; 0 picks a free one (default 5055)")
    parser.add_argument("--strict", action="store_true", help="enforce AWS's documented data-volume minimums")
    parser.add_argument("--lifecycle", choices=MODES, help="how resource statuses move (default next-read)")


def main(argv: list[str] | None = None) -> int:
    """``cleanroom-mock <command>``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="cleanroom-mock",
                                     description="Local AWS Clean Rooms ML and Amazon Personalize.")
    commands = parser.add_subparsers(dest="command", metavar="command")
    serve = commands.add_parser("serve", help="serve every emulated service over HTTP on one port",
                                description="Serve every emulated service over HTTP on one port.")
    _serve_options(serve)
    options = parser.parse_args(argv)
    if options.command is None:
        parser.print_help()
        return 2
    return _serve(options)


def server_main(argv: list[str] | None = None) -> int:
    """``cleanroom-mock-server [--host] [--port]``: the old name of ``cleanroom-mock serve``."""
    parser = argparse.ArgumentParser(prog="cleanroom-mock-server",
                                     description="Same as `cleanroom-mock serve`.")
    _serve_options(parser)
    return _serve(parser.parse_args(argv))


def _serve(options: argparse.Namespace) -> int:
    from ..core.state import HANDLE
    from .serving import PortInUse, make_server

    try:
        server = make_server(options.host, options.port, HANDLE)
    except PortInUse as error:
        print(f"cleanroom-mock: {error.strerror}", file=sys.stderr)
        return 1
    HANDLE.strict = options.strict
    if options.lifecycle:
        HANDLE.lifecycle = options.lifecycle
    print(f"cleanroom_mock serving cleanroomsml and personalize on {server.endpoint_url}", flush=True)
    server.serve_forever()  # until interrupted (Ctrl-C); the socket is closed on the way out
    return 0


def run() -> None:
    sys.exit(main())


def run_server() -> None:
    sys.exit(server_main())
