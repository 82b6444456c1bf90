"""Catching requests before they reach the network.

botocore: ``Endpoint._send`` is patched on the class, so every client answers from us whenever it was
created — before the mock started, or before ``cleanroom_mock`` was even imported (moto's before-send hook
misses those: moto#1793). The endpoint knows its service's endpoint prefix, which tells us the service even
when the client was given a custom ``endpoint_url``.

requests: callers that sign their own calls (other SDK shims, hand-rolled clients) are routed through a
``responses`` mock that matches only our services' AWS hosts and passes everything else on to whatever
``requests`` did before, so a user's own ``responses`` mocks keep working.

work only AWS's servers would read: while a service is mocked, its requests still carry a well-formed SigV4
``Authorization`` header (its credential scope tells us the account and region), but the HMAC chain is not
computed, and the User-Agent header botocore set when it built the request is not rebuilt with per-request
feature tags. Nothing here checks either; together they were 40% of a call. ``FAST_SIGNING = False``
restores botocore's own behaviour (the per-call benchmark uses it to measure botocore's floor).

moto: when moto's ``mock_aws`` is active its before-send stubber answers first. It knows a few Personalize
operations of its own; we make it step aside for the services we emulate and answer everything else.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import sys
from collections.abc import Iterator
from typing import Any, Callable

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSResponse
from botocore.endpoint import Endpoint
from botocore.exceptions import NoCredentialsError
from botocore.useragent import UserAgentString

from .dispatch import dispatch
from .errors import UnmockedRequestError
from .http import HttpRequest
from .models import service_model
from .registry import SERVICES
from .state import HANDLE

_active: dict[str, int] = {}
_original_send: Callable[..., Any] | None = None
_requests_mock: Any = None
_moto_original_call: Callable[..., Any] | None = None
_original_add_auth: Callable[..., Any] | None = None
_original_user_agent: Callable[..., Any] | None = None
FAST_SIGNING = True
_UNCHECKED_SIGNATURE = "0" * 64

_OUR_HOSTS = re.compile(
    r"^https?://(cleanrooms-ml|personalize|personalize-runtime|personalize-events)\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/"
)


class _RawBody(io.BytesIO):
    """The urllib3-like body botocore reads a response from."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.getvalue()


def active_services() -> set[str]:
    return {service for service, count in _active.items() if count > 0}


def _answer(service: str, method: str, url: str, headers: Any, body: Any) -> tuple[int, dict[str, str], bytes]:
    response = dispatch(service, HttpRequest.build(method, url, headers, body))
    return response.status, response.headers, response.body


def _unmocked(what: str, url: str) -> UnmockedRequestError:
    emulated = ", ".join(sorted(SERVICES.by_endpoint_prefix.values()))
    return UnmockedRequestError(
        f"cleanroom_mock blocked a request to {what} ({url}): a mock is active and nothing reaches the network. "
        f"Emulated services: {emulated}; active now: {', '.join(sorted(active_services())) or 'none'}. "
        f"Use the matching mock (or mock_all), allow it with passthrough=['{what}'], or start moto's mock_aws "
        "to have moto answer it."
    )


def _send(endpoint: Endpoint, request: Any) -> AWSResponse:
    prefix = getattr(endpoint, "_endpoint_prefix", "") or ""
    service = SERVICES.by_endpoint_prefix.get(prefix)
    if service is not None and _active.get(service):
        status, headers, body = _answer(service, request.method, request.url, request.headers, request.body)
        return AWSResponse(request.url, status, headers, _RawBody(body))
    passthrough = HANDLE.passthrough
    if service is None and (passthrough is True or prefix in passthrough):  # type: ignore[operator]
        return _original_send(endpoint, request)  # type: ignore[misc]
    raise _unmocked(prefix or "an unknown service", request.url)


def _signing_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for service in SERVICES.by_endpoint_prefix.values():
        names.setdefault(service_model(service).signing_name, []).append(service)
    return {name: tuple(services) for name, services in names.items()}


def _add_auth(auth: SigV4Auth, request: Any) -> None:
    services = _signing_names().get(auth._service_name, ())
    if not FAST_SIGNING or not any(_active.get(service) for service in services):
        _original_add_auth(auth, request)  # type: ignore[misc]
        return
    if auth.credentials is None:
        raise NoCredentialsError()
    amz_date = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    request.headers["X-Amz-Date"] = amz_date
    if auth.credentials.token:
        request.headers["X-Amz-Security-Token"] = auth.credentials.token
    scope = f"{auth.credentials.access_key}/{amz_date[:8]}/{auth._region_name}/{auth._service_name}/aws4_request"
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host;x-amz-date, Signature={_UNCHECKED_SIGNATURE}"
    )


def _rebuild_user_agent(agent: UserAgentString, operation_name: str, request: Any, **kwargs: Any) -> None:
    found = _OUR_HOSTS.match(request.url) if FAST_SIGNING else None
    if found is None or not _active.get(SERVICES.by_endpoint_prefix[found.group(1)]):
        _original_user_agent(agent, operation_name, request, **kwargs)  # type: ignore[misc]


def _start_requests_routing() -> None:
    global _requests_mock
    import requests.adapters
    import responses

    def callback(prepared: Any) -> tuple[int, dict[str, str], bytes]:
        service = SERVICES.by_endpoint_prefix[_OUR_HOSTS.match(prepared.url).group(1)]  # type: ignore[union-attr]
        if not _active.get(service):
            raise _unmocked(service, prepared.url)
        return _answer(service, prepared.method, prepared.url, prepared.headers, prepared.body)

    mock = responses.RequestsMock(
        assert_all_requests_are_fired=False, real_adapter_send=requests.adapters.HTTPAdapter.send
    )
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"):
        mock.add_callback(method, _OUR_HOSTS, callback=callback)
    mock.add_passthru(re.compile(".*"))
    mock.start()
    _requests_mock = mock


def _step_moto_aside() -> None:
    """Make moto's stubber (if moto is loaded) leave our services' requests to us."""
    global _moto_original_call
    stubber_module = sys.modules.get("moto.core.botocore_stubber")
    if stubber_module is None or _moto_original_call is not None:
        return
    stubber_class = stubber_module.BotocoreStubber
    original = stubber_class.__call__

    def __call__(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        if not self.enabled:  # moto imported but not active: nothing to step aside from
            return None
        found = _OUR_HOSTS.match(request.url)
        if found and _active.get(SERVICES.by_endpoint_prefix[found.group(1)]):
            return None
        return original(self, event_name, request, **kwargs)

    stubber_class.__call__ = __call__
    _moto_original_call = original


def activate(services: set[str]) -> bool:
    """Count ``services`` as mocked; patch on the first activation. True when this was the first."""
    global _original_send
    first = not any(_active.values())
    for service in services:
        _active[service] = _active.get(service, 0) + 1
    if first:
        global _original_add_auth, _original_user_agent
        _original_send = Endpoint._send
        Endpoint._send = _send  # type: ignore[method-assign]
        _original_add_auth = SigV4Auth.add_auth
        SigV4Auth.add_auth = _add_auth  # type: ignore[method-assign]
        # Clients bind this handler when they are created, so it applies to clients created while mocked.
        _original_user_agent = UserAgentString.rebuild_and_replace_user_agent_handler
        UserAgentString.rebuild_and_replace_user_agent_handler = _rebuild_user_agent  # type: ignore[method-assign]
        _start_requests_routing()
    _step_moto_aside()
    return first


def deactivate(services: set[str]) -> bool:
    """Undo one activation; unpatch when no mock is left. True when this was the last."""
    global _original_send, _requests_mock, _moto_original_call, _original_add_auth, _original_user_agent
    for service in services:
        _active[service] = max(0, _active.get(service, 0) - 1)
    if any(_active.values()):
        return False
    if _original_send is not None:
        Endpoint._send = _original_send  # type: ignore[method-assign]
        _original_send = None
    if _original_add_auth is not None:
        SigV4Auth.add_auth = _original_add_auth  # type: ignore[method-assign]
        _original_add_auth = None
    if _original_user_agent is not None:
        UserAgentString.rebuild_and_replace_user_agent_handler = _original_user_agent  # type: ignore[method-assign]
        _original_user_agent = None
    if _requests_mock is not None:
        _requests_mock.stop(allow_assert=False)
        _requests_mock = None
    if _moto_original_call is not None:
        stubber_module = sys.modules.get("moto.core.botocore_stubber")
        if stubber_module is not None:
            stubber_module.BotocoreStubber.__call__ = _moto_original_call
        _moto_original_call = None
    return True
