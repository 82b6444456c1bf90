"""A local HTTP endpoint for other SDKs and the AWS CLI, answering from the same core as the in-process mock.

    python -m cleanroom_mock.server --port 5055
    aws personalize list-schemas --endpoint-url http://127.0.0.1:5055
"""

from .app import ServerApp, make_app, serve

__all__ = ["ServerApp", "make_app", "serve"]
