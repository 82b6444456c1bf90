"""Catching requests before they reach the network.

botocore: ``Endpoint._send`` is patched on the class, so every client answers from us whenever it was
created — before the mock started, or before ``cleanroom_mock`` was even imported (moto's before-send hook
misses those: moto#1793). The endpoint knows its service's endpoint prefix, which tells us the service even
when the client was given a custom ``endpoint_url``.

aiobotocore: its ``AioEndpoint`` overrides ``_send`` with a coroutine, so botocore's patch never sees its
requests; when aiobotocore is installed, ``AioEndpoint._send`` is patched the same way (same routing, same
dispatch, an awaitable body), so async clients are answered too and never reach the network.

requests: callers that sign their own calls (other SDK shims, hand-rolled clients) are routed through a
``responses`` mock that matches only our services' AWS hosts and passes everything else on to whatever
``requests`` did before, so a user's own ``responses`` mocks keep working.

work only AWS's servers would read: while a service is mocked, its requests still carry a well-formed SigV4
``Authorization`` header (its credential scope tells us the account and region), but the HMAC chain is not
computed; the User-Agent text is built once per client and feature set (botocore builds the same text on
every request) and not rebuilt after the request is made. Nothing here checks either; the HMAC and the
rebuild were 40% of a call, building the text again another tenth. The endpoint is resolved once per client
and operation (botocore runs its endpoint rules again on every call, about 25 µs): the rules of our services
read only the client's region and settings, which do not change after the client exists, and an operation
with context parameters (whose endpoint could depend on its input) is resolved every time as before.
``handle.fast_signing = False`` restores botocore's own behaviour (the per-call benchmark uses it to measure
botocore's floor).

State: what is patched and how many mocks of each service are active live on one :class:`Interceptor`, held
by the handle (``handle.interceptor``); it changes only under the handle's lock, and patches are applied as
a unit, so starting and stopping mocks from several threads never leaves anything half patched.

moto: when moto's ``mock_aws`` is active its before-send stubber answers first. It knows a few Personalize
operations of its own; we make it step aside for the services we emulate and answer everything else.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import io
import re
import sys
import time
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Callable

from botocore import endpoint as botocore_endpoint
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSResponse
from botocore.context import get_context
from botocore.endpoint import Endpoint
from botocore.exceptions import NoCredentialsError
from botocore.regions import EndpointRulesetResolver
from botocore.useragent import UserAgentString

from .dispatch import dispatch
from .errors import UnmockedRequestError
from .protocol.http import HttpRequest
from .protocol.models import service_model
from .registry import SERVICES

if TYPE_CHECKING:
    from .state import MockHandle

_UNCHECKED_SIGNATURE = "0" * 64


class _RawBody(io.BytesIO):
    """The urllib3-like body botocore reads a response from."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.getvalue()


class _AsyncRawBody:
    """The aiohttp-like body aiobotocore awaits (``await raw.read()``)."""

    def __init__(self, body: bytes) -> None:
        self._body = io.BytesIO(body)

    async def read(self, amt: int | None = None) -> bytes:
        return self._body.read(-1 if amt is None else amt)

    def at_eof(self) -> bool:
        return self._body.tell() >= len(self._body.getbuffer())


def _our_hosts() -> re.Pattern[str]:
    """AWS host names of the emulated services (from their models' endpoint prefixes)."""
    prefixes = "|".join(re.escape(prefix) for prefix in sorted(SERVICES.by_endpoint_prefix, key=len, reverse=True))
    return re.compile(rf"^https?://({prefixes})\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/")


def _signing_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for service in SERVICES.by_endpoint_prefix.values():
        names.setdefault(service_model(service).signing_name, []).append(service)
    return {name: tuple(services) for name, services in names.items()}


class _RetryClock:
    """Stands in for the ``time`` module inside ``botocore.endpoint``: ``sleep`` returns at once while the
    handle's ``instant_retries`` is on (botocore still counts every attempt and reports ``RetryAttempts``)."""

    def __init__(self, handle: MockHandle, real: Any) -> None:
        self._handle = handle
        self._real = real

    def sleep(self, seconds: float) -> None:
        if not self._handle.instant_retries:
            self._real.sleep(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class Interceptor:
    """Which services are mocked now (a count each, for nested mocks) and what is patched while any is.

    ``activate``/``deactivate`` are called by ``MockAWS`` under the handle's lock.
    """

    def __init__(self, handle: MockHandle) -> None:
        self.handle = handle
        self.active: dict[str, int] = {}
        self._restore: list[Callable[[], None]] = []  # undo steps of the patches applied, in order
        self._moto_restore: Callable[[], None] | None = None
        self.saved_environment: dict[str, str | None] = {}  # credentials to put back after the last mock
        self._hosts = _our_hosts()
        self._signing = _signing_names()
        self._aiobotocore_installed: bool | None = None
        # User-Agent strings botocore built, per client's agent and feature set (see ``_patch``)
        self._agent_strings: weakref.WeakKeyDictionary[UserAgentString, dict[tuple[frozenset[str], ...], str]] = (
            weakref.WeakKeyDictionary()
        )
        self._amz_date: tuple[int, str] = (-1, "")  # (epoch second, its X-Amz-Date text)
        # endpoints botocore resolved, per client's resolver and operation name (see ``_patch``)
        self._endpoints: weakref.WeakKeyDictionary[EndpointRulesetResolver, dict[str, Any]] = (
            weakref.WeakKeyDictionary()
        )

    # --- what is mocked --------------------------------------------------------------------------------------
    def active_services(self) -> set[str]:
        return {service for service, count in self.active.items() if count > 0}

    def is_active(self, service: str) -> bool:
        return self.active.get(service, 0) > 0

    def activate(self, services: set[str]) -> bool:
        """Count ``services`` as mocked; patch on the first activation. True when this was the first."""
        first = not any(self.active.values())
        if first:
            self._patch()
        for service in services:
            self.active[service] = self.active.get(service, 0) + 1
        self._step_moto_aside()
        return first

    def deactivate(self, services: set[str]) -> bool:
        """Undo one activation; unpatch when no mock is left. True when this was the last."""
        for service in services:
            self.active[service] = max(0, self.active.get(service, 0) - 1)
        if any(self.active.values()):
            return False
        self._unpatch()
        return True

    def amz_date(self) -> str:
        """The X-Amz-Date of a request signed now, formatted once per second (freezegun moves ``time.time``
        with the clock, so a frozen or moved clock is followed)."""
        second = int(time.time())
        if self._amz_date[0] != second:
            self._amz_date = (second, _dt.datetime.fromtimestamp(second, _dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
        return self._amz_date[1]

    # --- answering -----------------------------------------------------------------------------------------
    def answer(self, service: str, method: str, url: str, headers: Any, body: Any) -> tuple[int, dict[str, str], bytes]:
        response = dispatch(service, HttpRequest.build(method, url, headers, body), self.handle)
        return response.status, response.headers, response.body

    def unmocked(self, what: str, url: str) -> UnmockedRequestError:
        emulated = ", ".join(sorted(SERVICES.by_endpoint_prefix.values()))
        return UnmockedRequestError(
            f"cleanroom_mock blocked a request to {what} ({url}): a mock is active and nothing reaches the "
            f"network. Emulated services: {emulated}; active now: "
            f"{', '.join(sorted(self.active_services())) or 'none'}. Use the matching mock (or mock_all), allow "
            f"it with passthrough=['{what}'], or start moto's mock_aws to have moto answer it."
        )

    def route_send(self, endpoint: Any, request: Any) -> tuple[int, dict[str, str], bytes] | None:
        """What ``endpoint`` (botocore's or aiobotocore's) answers for ``request``: our answer when its service
        is mocked, None when it may go out (passthrough), else :class:`UnmockedRequestError`."""
        prefix = getattr(endpoint, "_endpoint_prefix", "") or ""
        service = SERVICES.by_endpoint_prefix.get(prefix)
        if service is not None and self.is_active(service):
            return self.answer(service, request.method, request.url, request.headers, request.body)
        passthrough = self.handle.passthrough
        if service is None and (passthrough is True or (passthrough and prefix in passthrough)):
            return None
        raise self.unmocked(prefix or "an unknown service", request.url)

    def service_of_url(self, url: str) -> str | None:
        """The emulated service an AWS URL addresses, or None."""
        found = self._hosts.match(url)
        return SERVICES.by_endpoint_prefix[found.group(1)] if found else None

    # --- patching ------------------------------------------------------------------------------------------
    def _patch(self) -> None:
        interceptor = self
        original_send = Endpoint._send  # noqa: SLF001 - botocore's one place every client's requests pass
        original_add_auth = SigV4Auth.add_auth
        original_user_agent = UserAgentString.rebuild_and_replace_user_agent_handler
        original_agent_string = UserAgentString.to_string
        original_construct_endpoint = EndpointRulesetResolver.construct_endpoint

        def send(endpoint: Endpoint, request: Any) -> AWSResponse:
            answered = interceptor.route_send(endpoint, request)
            if answered is None:
                return original_send(endpoint, request)
            status, headers, body = answered
            return AWSResponse(request.url, status, headers, _RawBody(body))

        def add_auth(auth: SigV4Auth, request: Any) -> None:
            # botocore keeps the signing scope private; it is the only place that knows it
            signing_name = auth._service_name  # noqa: SLF001
            services = interceptor._signing.get(signing_name, ())
            if not interceptor.handle.fast_signing or not any(interceptor.is_active(s) for s in services):
                original_add_auth(auth, request)
                return
            if auth.credentials is None:
                raise NoCredentialsError()
            amz_date = interceptor.amz_date()
            request.headers["X-Amz-Date"] = amz_date
            if auth.credentials.token:
                request.headers["X-Amz-Security-Token"] = auth.credentials.token
            region = auth._region_name  # noqa: SLF001
            scope = f"{auth.credentials.access_key}/{amz_date[:8]}/{region}/{signing_name}/aws4_request"
            request.headers["Authorization"] = (
                f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host;x-amz-date, Signature={_UNCHECKED_SIGNATURE}"
            )

        def rebuild_user_agent(agent: UserAgentString, operation_name: str, request: Any, **kwargs: Any) -> None:
            service = interceptor.service_of_url(request.url) if interceptor.handle.fast_signing else None
            if service is None or not interceptor.is_active(service):
                original_user_agent(agent, operation_name, request, **kwargs)

        def agent_string(agent: UserAgentString) -> str:
            # botocore rebuilds the same User-Agent text on every request (a tenth of a mocked call): while
            # mocked it is built once per client and feature set, the only inputs that change after a client
            # exists (the context's features, e.g. a paginator's, and the client's own).
            if not interceptor.handle.fast_signing:
                return original_agent_string(agent)
            context = get_context()
            client_features = agent._client_features or ()  # noqa: SLF001 - botocore keeps them private
            key = (frozenset(context.features) if context is not None else frozenset(), frozenset(client_features))
            known = interceptor._agent_strings.get(agent)
            if known is None:
                known = interceptor._agent_strings.setdefault(agent, {})
            text = known.get(key)
            if text is None:
                text = known[key] = original_agent_string(agent)
            return text

        def construct_endpoint(
            resolver: EndpointRulesetResolver, operation_model: Any, call_args: Any, request_context: Any
        ) -> Any:
            service = SERVICES.by_endpoint_prefix.get(operation_model.service_model.endpoint_prefix)
            if (
                not interceptor.handle.fast_signing
                or service is None
                or not interceptor.is_active(service)
                or operation_model.context_parameters
                or operation_model.static_context_parameters
            ):
                return original_construct_endpoint(resolver, operation_model, call_args, request_context)
            known = interceptor._endpoints.get(resolver)
            if known is None:
                known = interceptor._endpoints.setdefault(resolver, {})
            found = known.get(operation_model.name)
            if found is None:
                found = known[operation_model.name] = original_construct_endpoint(
                    resolver, operation_model, call_args, request_context
                )
            return found

        setattr(Endpoint, "_send", send)  # noqa: B010 - botocore's private send, patched as moto#1793 explains
        self._restore.append(lambda: setattr(Endpoint, "_send", original_send))  # noqa: B010
        SigV4Auth.add_auth = add_auth
        self._restore.append(lambda: setattr(SigV4Auth, "add_auth", original_add_auth))
        # Clients bind this handler when they are created, so it applies to clients created while mocked.
        UserAgentString.rebuild_and_replace_user_agent_handler = rebuild_user_agent
        self._restore.append(
            lambda: setattr(UserAgentString, "rebuild_and_replace_user_agent_handler", original_user_agent)
        )
        UserAgentString.to_string = agent_string
        self._restore.append(lambda: setattr(UserAgentString, "to_string", original_agent_string))
        EndpointRulesetResolver.construct_endpoint = construct_endpoint
        self._restore.append(
            lambda: setattr(EndpointRulesetResolver, "construct_endpoint", original_construct_endpoint)
        )
        # botocore's endpoint sleeps between retries with ``time.sleep``, its only use of ``time``: while a
        # mock is active the backoff takes no time (attempt counts unchanged), unless instant_retries is off.
        original_time = botocore_endpoint.time
        botocore_endpoint.time = _RetryClock(self.handle, original_time)
        self._restore.append(lambda: setattr(botocore_endpoint, "time", original_time))
        self._patch_aiobotocore()
        self._start_requests_routing()

    def _patch_aiobotocore(self) -> None:
        """Patch aiobotocore's async send when aiobotocore is installed (imported now if it is not yet, so a
        client created later is caught too); without aiobotocore there is nothing to patch."""
        if self._aiobotocore_installed is None:  # looked up once: a search of sys.path costs on every start
            installed = "aiobotocore" in sys.modules or importlib.util.find_spec("aiobotocore") is not None
            self._aiobotocore_installed = installed
        if not self._aiobotocore_installed:
            return
        try:
            from aiobotocore.awsrequest import AioAWSResponse
            from aiobotocore.endpoint import AioEndpoint
        except ImportError:  # an aiobotocore too old or too new for this botocore: it cannot make clients either
            return
        interceptor = self
        original_send = AioEndpoint._send  # noqa: SLF001 - the coroutine every aiobotocore request passes

        async def send(endpoint: Any, request: Any) -> Any:
            answered = interceptor.route_send(endpoint, request)
            if answered is None:
                return await original_send(endpoint, request)
            status, headers, body = answered
            return AioAWSResponse(request.url, status, headers, _AsyncRawBody(body))

        setattr(AioEndpoint, "_send", send)  # noqa: B010
        self._restore.append(lambda: setattr(AioEndpoint, "_send", original_send))  # noqa: B010

    def _unpatch(self) -> None:
        while self._restore:
            self._restore.pop()()
        if self._moto_restore is not None:
            self._moto_restore()
            self._moto_restore = None

    def _start_requests_routing(self) -> None:
        import requests.adapters
        import responses

        interceptor = self

        def callback(prepared: Any) -> tuple[int, dict[str, str], bytes]:
            service = interceptor.service_of_url(prepared.url) or ""
            if not interceptor.is_active(service):
                raise interceptor.unmocked(service, prepared.url)
            return interceptor.answer(service, prepared.method, prepared.url, prepared.headers, prepared.body)

        real_send: Any = requests.adapters.HTTPAdapter.send
        mock = responses.RequestsMock(assert_all_requests_are_fired=False, real_adapter_send=real_send)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"):
            mock.add_callback(method, self._hosts, callback=callback)
        mock.add_passthru(re.compile(".*"))
        mock.start()
        self._restore.append(lambda: mock.stop(allow_assert=False))

    def _step_moto_aside(self) -> None:
        """Make moto's stubber (if moto is loaded) leave our services' requests to us."""
        stubber_module = sys.modules.get("moto.core.botocore_stubber")
        if stubber_module is None or self._moto_restore is not None:
            return
        stubber_class = stubber_module.BotocoreStubber
        original = stubber_class.__call__
        interceptor = self

        def __call__(stubber: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
            if not stubber.enabled:  # moto imported but not active: nothing to step aside from
                return None
            service = interceptor.service_of_url(request.url)
            if service is not None and interceptor.is_active(service):
                return None
            return original(stubber, event_name, request, **kwargs)

        stubber_class.__call__ = __call__

        def restore() -> None:
            stubber_class.__call__ = original

        self._moto_restore = restore


def _interceptor() -> Interceptor:
    from .state import HANDLE

    return HANDLE.interceptor


def active_services() -> set[str]:
    """The services mocked now."""
    return _interceptor().active_services()


def activate(services: set[str]) -> bool:
    """Count ``services`` as mocked (patching on the first); True when this was the first activation."""
    interceptor = _interceptor()
    with interceptor.handle.lock:
        return interceptor.activate(services)


def deactivate(services: set[str]) -> bool:
    """Undo one activation (unpatching after the last); True when this was the last."""
    interceptor = _interceptor()
    with interceptor.handle.lock:
        return interceptor.deactivate(services)
