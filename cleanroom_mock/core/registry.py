"""Which services are emulated, and how each one's operations are found: the table the engine dispatches from.

Each service owns its registration (``<service>/registration.py``: name, validation error, store, operation
groups) and the package's ``services`` module lists them; the engine imports no service module. Operation
groups are plain classes over one store; a method becomes an AWS operation by the ``@operation`` decorator
(LocalStack's ``@handler`` idea), so the dispatcher and the coverage page read the same table.

The registrations are written once, when ``cleanroom_mock`` is imported, and never change after.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, TypeVar

if TYPE_CHECKING:
    from .control.quotas import Quota
    from .throttle import RateLimit

F = TypeVar("F", bound=Callable[..., Any])

OPERATION_ATTRIBUTE = "aws_operation"
# An operation name as a group module declares it: @operation("Name"), describe_operation("Name", ...), ...
_DECLARED = re.compile(r'operation\(\s*"([A-Za-z0-9]+)"')


def operation(name: str) -> Callable[[F], F]:
    """Mark a method of an operation group as the AWS operation ``name`` (e.g. ``"CreateDatasetGroup"``).

    The method takes the operation's input members as snake_case keyword arguments and returns the
    documented output as a dict with the API's member names.
    """

    def mark(method: F) -> F:
        setattr(method, OPERATION_ATTRIBUTE, name)
        return method

    return mark


def load(path: str) -> Any:
    module_name, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


@dataclass(frozen=True)
class Handler:
    """Where one operation is implemented: the group class, its method, and the argument names it takes."""

    group: type
    method: str
    arguments: Mapping[str, str]  # API member name → snake_case keyword


@dataclass(frozen=True)
class ServiceRegistration:
    """What the engine knows of one emulated service beyond its botocore model.

    Paths are ``"module:attribute"`` strings, imported on the service's first call, so registering costs
    nothing at import time.
    """

    name: str  # the boto3 client name, also the key of its state
    validation_error: str  # the error AWS answers for input that breaks the model's constraints
    store: str  # the Store class holding this service's state per account and region
    groups: tuple[str, ...]  # the operation-group classes
    rate_limits: str | None = None  # documented API rate limits, enforced under the strict profile
    # extra members of its validation error (Clean Rooms' ValidationException says reason=FIELD_VALIDATION_FAILED)
    validation_fields: Mapping[str, Any] = field(default_factory=dict)
    quotas: str | None = None  # its quotas (a tuple of core.control.quotas.Quota), by AWS's names
    # attributes this service adds to the handle (``aws.<name>``): name → "module:factory(handle)"
    handle_attributes: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def store_class(self) -> type:
        return load(self.store)

    @functools.cached_property
    def handlers(self) -> dict[str, Handler]:
        """Operation name → handler, from the ``@operation`` marks on every group's methods (imports them all:
        the coverage page and the checks that each operation is implemented once read this)."""
        found: dict[str, Handler] = {}
        for path in self.groups:
            for name, handler in self._group_handlers(path).items():
                if name in found:
                    raise TypeError(
                        f"{self.name}.{name} is implemented twice ({found[name].group} and {handler.group})"
                    )
                found[name] = handler
        return found

    def handler(self, name: str) -> Handler | None:
        """The handler of operation ``name`` (None: not implemented), importing only the group that declares
        it, so a process's first call pays for the one area it touches.

        Which group that is comes from the groups' source text (``_declared``), read without importing it;
        the group's own ``@operation`` marks then decide. An operation the text does not place, or a group
        that turns out not to mark it, falls back to importing every group (``handlers``)."""
        loaded = self._loaded
        if name not in loaded:
            path = self._declared.get(name)
            if path is not None:
                loaded.update(self._group_handlers(path))
            if name not in loaded:
                loaded.setdefault(name, self.handlers.get(name))
        return loaded[name]

    @functools.cached_property
    def _loaded(self) -> dict[str, Handler | None]:
        """The handlers found so far by ``handler`` (filled on first use of each operation)."""
        return {}

    @functools.cached_property
    def _declared(self) -> dict[str, str]:
        """Operation name → group path, from each group module's text: the names its ``@operation("...")`` marks
        and ``…_operation("...")`` declarations give inside the group's class, without importing the module."""
        declared: dict[str, str] = {}
        for path in self.groups:
            module_name, _, class_name = path.partition(":")
            spec = importlib.util.find_spec(module_name)
            if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
                continue
            with open(spec.origin, encoding="utf-8") as source:
                text = source.read()
            start = re.search(rf"^class {class_name}\b", text, re.MULTILINE)
            if start is None:
                continue
            end = re.compile(r"^class ", re.MULTILINE).search(text, start.end())
            for name in _DECLARED.findall(text, start.end(), end.start() if end else len(text)):
                declared.setdefault(name, path)
        return declared

    def _group_handlers(self, path: str) -> dict[str, Handler]:
        """The handlers one group class marks, checked against the service's model."""
        from botocore import xform_name

        from .protocol.models import service_model

        model = service_model(self.name)
        group = load(path)
        found: dict[str, Handler] = {}
        for attribute in dir(group):
            name = getattr(getattr(group, attribute, None), OPERATION_ATTRIBUTE, None)
            if name is None:
                continue
            if name in found:
                raise TypeError(f"{self.name}.{name} is implemented twice ({group})")
            if name not in model.operation_names:
                raise TypeError(f"{group.__name__}.{attribute} names {name}, not an operation of {self.name}")
            shape = model.operation_model(name).input_shape
            members = shape.members if shape is not None else {}
            accepted = _parameters(getattr(group, attribute))
            found[name] = Handler(
                group,
                attribute,
                {
                    member: xform_name(member)
                    for member in members
                    if accepted is None or xform_name(member) in accepted
                },
            )
        return found

    @functools.cached_property
    def limits(self) -> dict[str, RateLimit]:
        return dict(load(self.rate_limits)) if self.rate_limits else {}

    @functools.cached_property
    def quota_table(self) -> dict[str, Quota]:
        return {quota.name: quota for quota in load(self.quotas)} if self.quotas else {}


def _parameters(method: Callable[..., Any]) -> frozenset[str] | None:
    """The keyword names ``method`` takes (None: it takes any). ``**members: Unpack[SomeTypedDict]`` takes the
    TypedDict's keys (a group of members several operations share, e.g. ``Page``)."""
    names: set[str] = set()
    for parameter in inspect.signature(method).parameters.values():
        if parameter.kind is not inspect.Parameter.VAR_KEYWORD:
            names.add(parameter.name)
            continue
        unpacked = _unpacked_keys(method, parameter.annotation)
        if unpacked is None:
            return None
        names |= unpacked
    return frozenset(names)


def _unpacked_keys(method: Callable[..., Any], annotation: Any) -> frozenset[str] | None:
    """The keys of the TypedDict ``annotation`` unpacks (``"Unpack[Page]"``, as postponed annotations keep it),
    looked up where ``method`` was written; None for any other annotation."""
    text = annotation if isinstance(annotation, str) else ""
    if not (text.startswith("Unpack[") and text.endswith("]")):
        return None
    typed_dict = getattr(method, "__globals__", {}).get(text[len("Unpack["):-1])
    required = getattr(typed_dict, "__required_keys__", None)
    optional = getattr(typed_dict, "__optional_keys__", None)
    if required is None or optional is None:
        return None
    return frozenset(required) | frozenset(optional)


class ServiceRegistry:
    """The registrations, keyed by service name, in the order they were registered."""

    def __init__(self) -> None:
        self._services: dict[str, ServiceRegistration] = {}

    def register(self, registration: ServiceRegistration) -> None:
        self._services[registration.name] = registration

    def __getitem__(self, name: str) -> ServiceRegistration:
        return self._services[name]

    def __contains__(self, name: object) -> bool:
        return name in self._services

    def __iter__(self) -> Iterator[str]:
        return iter(self._services)

    def values(self) -> list[ServiceRegistration]:
        return list(self._services.values())

    @functools.cached_property
    def by_endpoint_prefix(self) -> dict[str, str]:
        """endpoint prefix (what botocore's Endpoint knows, e.g. ``cleanrooms-ml``) → service name."""
        from .protocol.models import service_model

        return {service_model(name).endpoint_prefix: name for name in self._services}


SERVICES = ServiceRegistry()
