"""The two plain values the engine passes around, independent of botocore, requests or the server."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class HttpRequest:
    """A request as it came off the wire.

    ``headers`` is any mapping whose ``get`` ignores case (botocore's and requests' header objects do; a
    plain dict is lower-cased by :meth:`build`). It is not copied: only the few headers the engine reads
    are looked up, through :meth:`header`, which also decodes botocore's occasional bytes values.
    """

    method: str
    url: str
    headers: Mapping[str, Any]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """``name`` must be lower case."""
        value = self.headers.get(name)
        return value.decode("latin-1") if isinstance(value, bytes) else value

    @classmethod
    def build(cls, method: str, url: str, headers: Any, body: Any) -> HttpRequest:
        if type(headers) is dict:
            headers = {name.lower(): value for name, value in headers.items()}
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, (bytes, bytearray)):
            body = body.read() if hasattr(body, "read") else bytes(body)
        return cls(method.upper(), url, headers, bytes(body))


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
