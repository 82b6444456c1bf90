"""What the server answers when it refuses a request before any service sees it."""

from __future__ import annotations

import json

from ..core.protocol.http import HttpResponse


class BadRequest(Exception):
    """A request the server refuses before any service sees it (4xx JSON, connection closed)."""

    def __init__(self, status: int, code: str, message: str, *, close: bool = True) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.close = close

    def response(self) -> HttpResponse:
        headers = {"Content-Type": "application/json", "X-Amzn-Errortype": self.code}
        if self.close:
            headers["Connection"] = "close"
        body = json.dumps({"__type": self.code, "message": self.message}).encode()
        return HttpResponse(self.status, headers, body)
