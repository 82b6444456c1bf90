"""Fixtures shared by the engine's tests."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class FakeMetadataService:
    """An instance metadata service on loopback that only records what it was asked."""

    port: int
    asked: list[str] = field(default_factory=list)


@pytest.fixture
def fake_imds(tmp_path, monkeypatch) -> Iterator[FakeMetadataService]:
    """A fake IMDS on loopback, botocore pointed at it, and a profile ``keyless`` (region eu-west-1) whose
    lookup walks the credential chain on towards it."""
    service = FakeMetadataService(port=0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
            service.asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"token")

        do_GET = do_PUT  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    service.port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = tmp_path / "config"
    config.write_text("[profile keyless]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", f"http://127.0.0.1:{service.port}/")
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
