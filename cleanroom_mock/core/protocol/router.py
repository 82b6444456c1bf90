"""Find the operation a request is for, from the model alone.

AWS JSON services name it in ``X-Amz-Target``; rest-json services by method and URI template, built into
regular expressions once per service (LocalStack's op_router idea) so no request compiles a pattern.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

from .models import service_model

_LABEL = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    required_query: tuple[str, ...]
    operation: str


@dataclass(frozen=True)
class Match:
    operation: str
    path_params: dict[str, str]


def _compile(method: str, request_uri: str, operation: str) -> tuple[tuple[int, int], _Route]:
    path, _, query = request_uri.partition("?")
    labels: list[str] = []
    regex = ""
    position = 0
    for label in _LABEL.finditer(path):
        regex += re.escape(path[position : label.start()])
        name = label.group(1)
        greedy = name.endswith("+")
        labels.append(name.rstrip("+"))
        regex += "(.+)" if greedy else "([^/]+)"
        position = label.end()
    regex += re.escape(path[position:])
    literal_length = len(_LABEL.sub("", path))
    required_query = tuple(part.split("=")[0] for part in query.split("&") if part)
    route = _Route(method, re.compile(f"^{regex}/?$"), tuple(labels), required_query, operation)
    # Most specific first: longer literal text wins over a label that would also match.
    return (-literal_length, len(labels)), route


@functools.cache
def _rest_routes(service: str) -> tuple[_Route, ...]:
    model = service_model(service)
    ranked = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        ranked.append(_compile(http["method"], http["requestUri"], name))
    ranked.sort(key=lambda pair: pair[0])
    return tuple(route for _, route in ranked)


@functools.cache
def _json_targets(service: str) -> dict[str, str]:
    model = service_model(service)
    prefix = model.metadata["targetPrefix"]
    return {f"{prefix}.{name}": name for name in model.operation_names}


def route(service: str, method: str, path: str, query: dict[str, list[str]], target: str | None) -> Match | None:
    """The operation of ``service`` this request addresses (``target``: the X-Amz-Target header), or None."""
    if service_model(service).protocol == "json":
        operation = _json_targets(service).get(target) if target else None
        return Match(operation, {}) if operation and method == "POST" else None
    for candidate in _rest_routes(service):
        if candidate.method != method:
            continue
        found = candidate.pattern.match(path)
        if found is None or any(name not in query for name in candidate.required_query):
            continue
        params = {name: unquote(value) for name, value in zip(candidate.labels, found.groups())}
        return Match(candidate.operation, params)
    return None
