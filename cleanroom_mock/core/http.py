"""The two plain values the engine passes around, independent of botocore, requests or the server."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class HttpRequest:
    """A request as it came off the wire. Header names are lower-cased once, here, so lookups are cheap."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes = b""

    @classmethod
    def build(cls, method: str, url: str, headers: object, body: object) -> HttpRequest:
        items = headers.items() if hasattr(headers, "items") else headers  # type: ignore[union-attr]
        lowered = {}
        for name, value in items:  # type: ignore[union-attr]
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            lowered[name.lower()] = value
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, (bytes, bytearray)):
            body = body.read() if hasattr(body, "read") else bytes(body)  # type: ignore[call-overload]
        return cls(method.upper(), url, lowered, bytes(body))


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
