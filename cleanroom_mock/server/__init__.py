"""A local HTTP endpoint for other SDKs and the AWS CLI, answering from the same core as the in-process mock.

    cleanroom-mock serve --port 5055          # or: python -m cleanroom_mock serve --port 5055
    aws personalize list-schemas --endpoint-url http://127.0.0.1:5055

In tests, :class:`ThreadedServer` runs it on a free port for the length of a ``with`` block. werkzeug is
imported only here (``import cleanroom_mock`` never loads it).
"""

from .app import ServerApp, make_app
from .serving import PortInUse, Server, ThreadedServer, make_server, serve

__all__ = ["PortInUse", "Server", "ServerApp", "ThreadedServer", "make_app", "make_server", "serve"]
