"""Request fuzzing for every operation of every emulated service: what the engine answers bad input with.

Two generators share one model-driven value builder:

- **mutation**: a well-formed request (botocore's own serializer over plausible input, some of it naming
  resources that exist) is damaged on the wire: a JSON node swapped for another type, a huge or empty
  string, deep nesting, unknown members, NaN/Infinity, nulls, lone surrogates, invalid UTF-8, a cut body,
  a mangled path label, query value or header.
- **generated**: type-correct input drawn from the model with constraints ignored (lengths, ranges,
  patterns, enums), through botocore's serializer, so only the server's checks stand between it and the
  handlers. Its randomness comes from a :class:`Source`: ``random.Random`` for the benchmark, hypothesis'
  ``data`` in the test suite (so failures shrink).

Each answer is checked: never a 500, and only an error code the operation's model declares or a common
one (:data:`COMMON_ERRORS`). The test suite runs a few hundred requests (``tests/core/test_fuzz.py``);
``benchmarks/fuzz_all.py`` runs 40,000 and more and reports counts.
"""

from __future__ import annotations

import datetime as _dt
import http.client
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit, urlunsplit

from botocore.model import OperationModel, Shape
from botocore.serialize import create_serializer

from cleanroom_mock.core.dispatch import dispatch, handler_of
from cleanroom_mock.core.protocol.http import HttpRequest, HttpResponse
from cleanroom_mock.core.protocol.models import service_model
from cleanroom_mock.core.protocol.validator import _matches as matches_pattern
from cleanroom_mock.core.registry import SERVICES
from cleanroom_mock.core.state import MockHandle

ACCOUNT = "111111111111"
REGION = "us-east-1"
# Errors any operation may answer: input checks, throttling and access at the service front door, and the
# protocol layer's own (a body that is not JSON, an operation that does not exist).
COMMON_ERRORS = frozenset({
    "ValidationException", "InvalidInputException", "ThrottlingException", "AccessDeniedException",
    "SerializationException", "UnknownOperationException",
})
ODD_STRINGS = (
    "", " ", "\x00", "\ud800", "\udfff", "a\ud83dz", "\u0000\u001f", "\u202e", "../../etc/passwd", "%", "%ZZ",
    "%ED%A0%80", "arn:aws:personalize:us-east-1:111111111111:", "arn:", "*", "'\"", "{}", "NaN", "null", "\t\n",
    "😀" * 3, "x" * 257, "ü" * 300, "[" * 3000 + "]" * 3000, '{"a":' * 2000 + "1" + "}" * 2000, "(" * 2000,
    '{"type": "record", "name": "x", "fields": ' + "[" * 2500 + "]" * 2500 + "}",
)
PLAUSIBLE = (
    "fuzz", "a", "fuzz-1", "1", "12", "us-east-1", ACCOUNT, "s3://fuzz-bucket/key.csv", "s3://fuzz-bucket/",
    f"arn:aws:iam::{ACCOUNT}:role/ml", "5f2e6c1a-0b7d-4c39-9a51-3e8f2d6b7c40", "USER_ID", "ITEM_ID", "click",
    "abcdefghij", "fuzz.fuzz", "0.5", "db", "interactions", "2024-01-01T00:00:00Z", "{}", "1.0",
)
ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1, 2**31, 2**63, -(2**63) - 1, 10**400, 1.5, -0.0, 1e308, "", "x", "\ud800", [], {},
    [None], [1, "a"], {"a": 1}, {"": None},
)


class Source(Protocol):
    """Where the randomness comes from (random.Random, or hypothesis' ``data``)."""

    def integer(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[Any]) -> Any: ...

    def chance(self, probability: float) -> bool: ...

    def text(self, low: int, high: int) -> str: ...


class RandomSource:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def choice(self, options: Sequence[Any]) -> Any:
        return options[self.random.randrange(len(options))]

    def chance(self, probability: float) -> bool:
        return self.random.random() < probability

    def text(self, low: int, high: int) -> str:
        size = self.random.randint(low, high)
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:"
        if self.random.random() < 0.1:
            return "".join(chr(self.random.choice((self.random.randint(0, 0x2FF), 0xD800, 0xFFFF, 0x1F600)))
                           for _ in range(size))
        return "".join(self.random.choice(alphabet) for _ in range(size))


class HypothesisSource:
    """Draws through hypothesis (``st.data()``), so a failing request shrinks to a small one."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies

        self.data = data
        self.st = strategies

    def integer(self, low: int, high: int) -> int:
        return int(self.data.draw(self.st.integers(low, high)))

    def choice(self, options: Sequence[Any]) -> Any:
        return self.data.draw(self.st.sampled_from(list(options)))

    def chance(self, probability: float) -> bool:
        return bool(self.data.draw(self.st.integers(0, 999)) < probability * 1000)

    def text(self, low: int, high: int) -> str:
        return str(self.data.draw(self.st.text(min_size=low, max_size=high)))


@dataclass
class Finding:
    service: str
    operation: str
    kind: str  # "500", "undeclared <code>", "crash <exception>"
    detail: str


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500 and status != 501)


def operations() -> list[tuple[str, OperationModel]]:
    """Every emulated operation (one without a handler answers NotImplementedException by design: the
    coverage page lists those, and a test checks that answer)."""
    found = []
    for service in SERVICES:
        model = service_model(service)
        found.extend((service, model.operation_model(name)) for name in model.operation_names
                     if handler_of(service, name) is not None)
    return found


def allowed_errors(operation: OperationModel) -> frozenset[str]:
    return COMMON_ERRORS | {shape.name for shape in operation.error_shapes}


class Fuzzer:
    """Builds requests for one handle's services and checks what ``dispatch`` answers."""

    def __init__(self, handle: MockHandle) -> None:
        self.handle = handle
        self.arns: list[str] = []  # resources that exist: a value naming one reaches the handler's deeper checks
        self.identifiers: list[str] = []  # a collaboration and the caller's membership of it
        self.tally = Tally()
        self._serializers: dict[str, Any] = {}
        self.transport: Any = dispatch  # (service, request, handle) -> HttpResponse; the benchmark may send over HTTP

    # --- state worth reaching ---------------------------------------------------------------------------
    def seed(self) -> None:
        """Create a few resources of each service through the wire, so generated input can name them."""
        schema = json.dumps({"type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
                             "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
                                        {"name": "TIMESTAMP", "type": "long"}], "version": "1.0"})
        calls: list[tuple[str, str, dict[str, Any]]] = [
            ("personalize", "CreateDatasetGroup", {"name": "fuzz"}),
            ("personalize", "CreateSchema", {"name": "fuzz-interactions", "schema": schema}),
        ]
        for service, name, params in calls:
            self.send(service, name, params, check=False)
        group = f"arn:aws:personalize:{REGION}:{ACCOUNT}:dataset-group/fuzz"
        schema_arn = f"arn:aws:personalize:{REGION}:{ACCOUNT}:schema/fuzz-interactions"
        self.send("personalize", "CreateDataset", {"name": "fuzz-interactions", "datasetGroupArn": group,
                                                   "datasetType": "Interactions", "schemaArn": schema_arn}, check=False)
        self.send("personalize", "CreateEventTracker", {"name": "fuzz", "datasetGroupArn": group}, check=False)
        expression = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")'
        self.send("personalize", "CreateFilter", {"name": "fuzz", "datasetGroupArn": group,
                                                  "filterExpression": expression}, check=False)
        self.handle.data.put_table("db", "interactions", [
            {"user": f"u{user}", "item": f"i{user % 7}", "ts": 1_700_000_000 + user} for user in range(120)])
        self.send("cleanroomsml", "CreateTrainingDataset", {
            "name": "fuzz", "roleArn": f"arn:aws:iam::{ACCOUNT}:role/ml",
            "trainingData": [{"type": "INTERACTIONS", "inputConfig": {
                "schema": [{"columnName": "user", "columnTypes": ["USER_ID"]},
                           {"columnName": "item", "columnTypes": ["ITEM_ID"]},
                           {"columnName": "ts", "columnTypes": ["TIMESTAMP"]}],
                "dataSource": {"glueDataSource": {"databaseName": "db", "tableName": "interactions"}}}}]},
            check=False)
        recipe = "arn:aws:personalize:::recipe/aws-user-personalization"
        self.send("personalize", "CreateSolution", {"name": "fuzz", "datasetGroupArn": group, "recipeArn": recipe},
                  check=False)
        collaboration = self.handle.collaborations.add(accounts=[ACCOUNT, "222222222222"])
        self.identifiers = [collaboration, self.handle.collaborations.membership_id(collaboration, ACCOUNT)]
        self.arns = sorted(set(self._arns_in_state()))

    def _arns_in_state(self) -> list[str]:
        arns = []
        for service in SERVICES:
            listing = {"personalize": ("ListDatasetGroups", "ListSchemas", "ListDatasets", "ListEventTrackers",
                                       "ListFilters", "ListSolutions"),
                       "cleanroomsml": ("ListTrainingDatasets",)}.get(service, ())
            for name in listing:
                response = self.send(service, name, {}, check=False)
                arns.extend(_strings_ending_arn(json.loads(response.body or b"{}")))
        return arns

    # --- values -----------------------------------------------------------------------------------------
    def value(self, shape: Shape, source: Source, *, valid: bool, depth: int = 0) -> Any:
        """A value of ``shape``'s type; with ``valid`` it tries to meet the constraints too."""
        kind = shape.type_name
        metadata = shape.metadata
        if kind == "structure":
            members = shape.members
            if shape.is_tagged_union:
                name = source.choice(sorted(members))
                return {name: self.value(members[name], source, valid=valid, depth=depth + 1)}
            chosen = {}
            for name, member in members.items():
                required = name in shape.required_members
                if required or (depth < 4 and source.chance(0.4 if valid else 0.5)):
                    if not valid and not required and source.chance(0.05):
                        continue
                    chosen[name] = self.value(member, source, valid=valid, depth=depth + 1)
            return chosen
        if kind == "list":
            low = metadata.get("min", 0) if valid else 0
            high = min(max(low, metadata.get("max", 3)), low + 3) if valid or depth > 2 else 4
            return [self.value(shape.member, source, valid=valid, depth=depth + 1)
                    for _ in range(source.integer(low, high))]
        if kind == "map":
            size = source.integer(metadata.get("min", 0) if valid else 0, 2)
            return {self.value(shape.key, source, valid=valid, depth=depth + 1):
                    self.value(shape.value, source, valid=valid, depth=depth + 1) for _ in range(size)}
        if kind == "string":
            return self._string(shape, source, valid)
        if kind in ("integer", "long"):
            if valid:
                low = int(metadata.get("min", 0))
                return source.integer(low, int(metadata.get("max", low + 100)))
            return source.choice((-1, 0, 1, 10, 2**31 - 1, 2**31, -(2**31), 2**53))
        if kind in ("float", "double"):
            if valid:
                return float(metadata.get("min", 0)) + source.integer(0, 100) / 100
            return source.choice((0.0, -1.0, 0.5, 1e300, -1e300, 1.0))
        if kind == "boolean":
            return source.chance(0.5)
        if kind == "timestamp":
            return _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(seconds=source.integer(0, 10**6))
        if kind == "blob":
            return source.text(0, 20).encode("utf-8", "surrogatepass")
        return None

    def _string(self, shape: Shape, source: Source, valid: bool) -> str:
        metadata = shape.metadata
        enum = metadata.get("enum")
        if enum and (valid or source.chance(0.7)):
            return str(source.choice(enum))
        low, high = int(metadata.get("min", 0)), int(metadata.get("max", 64))
        if self.arns and "arn" in shape.name.lower() and source.chance(0.7):
            return str(source.choice(self.arns))
        if not valid and source.chance(0.3):
            return str(source.choice(ODD_STRINGS))
        if valid:
            return self._plausible(shape, low, high, source)
        return source.text(0, min(high + 5, 80))

    def _plausible(self, shape: Shape, low: int, high: int, source: Source) -> str:
        """A string meeting the member's length and pattern when one of a few usual shapes does."""
        pattern = shape.metadata.get("pattern")
        candidates = [value for value in (*self.arns, *self.identifiers, *PLAUSIBLE) if low <= len(value) <= high
                      and (pattern is None or matches_pattern(pattern, value))]
        if candidates:
            return str(source.choice(candidates))
        return "a" * min(max(low, 1), high)

    # --- requests ---------------------------------------------------------------------------------------
    def build(self, service: str, operation: OperationModel, params: dict[str, Any]) -> HttpRequest:
        model = service_model(service)
        serializer = self._serializers.get(service)
        if serializer is None:
            serializer = self._serializers[service] = create_serializer(model.protocol, include_validation=False)
        serialized = serializer.serialize_to_request(params, operation)
        query = ""
        if serialized["query_string"]:
            query = urlencode(serialized["query_string"], doseq=True, encoding="utf-8", errors="surrogatepass")
        url = f"https://{model.endpoint_prefix}.{REGION}.amazonaws.com{serialized['url_path']}"
        if query:
            url += ("&" if "?" in url else "?") + query
        headers = {name.lower(): str(value) for name, value in serialized["headers"].items()}
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={ACCOUNT}/20240101/{REGION}/{model.signing_name}"
                                    "/aws4_request, SignedHeaders=host, Signature=0")
        body = serialized["body"]
        if isinstance(body, str):
            body = body.encode("utf-8", "surrogatepass")
        return HttpRequest(serialized["method"], url, headers, bytes(body or b""))

    def send(self, service: str, operation_name: str, params: dict[str, Any], *, check: bool = True) -> HttpResponse:
        operation = service_model(service).operation_model(operation_name)
        request = self.build(service, operation, params)
        return self.answer(service, operation, request) if check else dispatch(service, request, self.handle)

    def answer(self, service: str, operation: OperationModel, request: HttpRequest) -> HttpResponse:
        """Dispatch ``request`` and note what is wrong with the answer, if anything."""
        tally = self.tally
        tally.requests += 1
        before = len(self.handle.calls)
        try:
            response = self.transport(service, request, self.handle)
        except Exception as error:  # raise_internal_errors: a bug, shown with its cause
            tally.statuses[500] += 1
            tally.findings.append(Finding(service, operation.name, f"crash {type(error).__name__}",
                                          f"{error!r}"[:300] + f" | {request.url[:200]} {request.body[:300]!r}"))
            return HttpResponse(500, {}, b"")
        tally.statuses[response.status] += 1
        code = response.headers.get("X-Amzn-Errortype")
        if code:
            tally.codes[code] += 1
        answered = operation
        if len(self.handle.calls) > before:
            last = self.handle.calls.last
            if last is not None and last.operation and last.operation != operation.name:
                answered = service_model(service).operation_model(last.operation)
        if response.status >= 500 and response.status != 501:
            tally.findings.append(Finding(service, answered.name, "500",
                                          response.body[:300].decode("utf-8", "replace")
                                          + f" | {request.url[:200]} {request.body[:300]!r}"))
        elif code and code not in allowed_errors(answered) and not _documented_extra(service, answered, code,
                                                                                     response.body):
            tally.findings.append(Finding(service, answered.name, f"undeclared {code}",
                                          response.body[:300].decode("utf-8", "replace")))
        return response

    # --- the two generators -----------------------------------------------------------------------------
    def generated(self, service: str, operation: OperationModel, source: Source) -> HttpResponse:
        shape = operation.input_shape
        params = self.value(shape, source, valid=source.chance(0.3)) if shape is not None else {}
        _fill_labels(shape, params, source)
        return self.answer(service, operation, self.build(service, operation, params))

    def mutated(self, service: str, operation: OperationModel, source: Source) -> HttpResponse:
        shape = operation.input_shape
        params = self.value(shape, source, valid=True) if shape is not None else {}
        _fill_labels(shape, params, source)
        request = self.build(service, operation, params)
        mutation = source.choice(MUTATIONS)
        return self.answer(service, operation, mutation(request, source, shape))


class OverHttp:
    """Sends the fuzzer's requests to a ThreadedServer over one kept-alive connection instead of dispatching
    them in-process; answers come back as the same ``HttpResponse``."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        self.unsendable = 0

    def __call__(self, service: str, request: HttpRequest, handle: Any = None) -> HttpResponse:
        parts = urlsplit(request.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {name: value for name, value in request.headers.items()}
        headers["host"] = parts.netloc
        try:
            self.connection.request(request.method, target, body=request.body, headers=headers)
        except (ValueError, UnicodeEncodeError, http.client.InvalidURL):  # http.client refuses to send it
            self.unsendable += 1
            # a new connection: http.client keeps the failed request's buffered header lines across close()
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
            return HttpResponse(400, {"X-Amzn-Errortype": "ValidationException"}, b"")
        response = self.connection.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return HttpResponse(response.status, dict(response.getheaders()), body)


def _documented_extra(service: str, operation: OperationModel, code: str, body: bytes) -> bool:
    """An undeclared code the service answers by a documented choice, kept because tests pin it:
    cleanroomsml/custom_common.py answers ResourceNotFoundException for an unknown membership or
    collaboration, also from the List operations whose model lists no such error."""
    members = operation.input_shape.members if operation.input_shape is not None else {}
    return (service == "cleanroomsml" and code == "ResourceNotFoundException"
            and ("membershipIdentifier" in members or "collaborationIdentifier" in members)
            and (b"Membership not found" in body or b"Collaboration not found" in body))


def _strings_ending_arn(document: Any) -> list[str]:
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if isinstance(value, str) and key.lower().endswith("arn") and value.startswith("arn:"):
                found.append(value)
            else:
                found.extend(_strings_ending_arn(value))
    elif isinstance(document, list):
        for item in document:
            found.extend(_strings_ending_arn(item))
    return found


def _fill_labels(shape: Shape | None, params: dict[str, Any], source: Source) -> None:
    """URI labels must be non-empty text for botocore's serializer to build a URL at all."""
    if shape is None:
        return
    for name, member in shape.members.items():
        if member.serialization.get("location") == "uri":
            if not isinstance(params.get(name), str) or not params[name] or not _encodable(params[name]):
                params[name] = "label"  # the URL mutation sends undecodable labels


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- mutations: each takes a well-formed request and returns a damaged copy --------------------------------

def _with(request: HttpRequest, **changes: Any) -> HttpRequest:
    return HttpRequest(changes.get("method", request.method), changes.get("url", request.url),
                       changes.get("headers", request.headers), changes.get("body", request.body))


def _document(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body) if request.body else {}
    except ValueError:
        return {}


def _nodes(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(document, dict):
        for key, value in document.items():
            found.extend(_nodes(value, (*path, key)))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found.extend(_nodes(value, (*path, index)))
    return found


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    container = document
    for step in path[:-1]:
        container = container[step]
    container[path[-1]] = value
    return document


def _json_body(document: Any) -> bytes:
    return json.dumps(document, allow_nan=True).encode("utf-8", "surrogatepass")


def _swap_node(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    document = _document(request)
    path = source.choice(_nodes(document))
    return _with(request, body=_json_body(_replace(document, path, source.choice(ODD_VALUES))))


def _edge_value(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    """A leaf replaced by an edge value of the same JSON type: past deserialisation, often past validation."""
    document = _document(request)
    path = source.choice(_nodes(document))
    value = _at(document, path)
    if isinstance(value, bool):
        edge: Any = not value
    elif isinstance(value, int):
        edge = source.choice((0, -1, 1, 2**31 - 1, -(2**31), 2**63 - 1, value + 1, value * 1000))
    elif isinstance(value, float):
        edge = source.choice((0.0, -0.0, 1.0, -1.0, 1e-300, 1e300, value * 10))
    elif isinstance(value, str):
        edge = source.choice((value * 2, value.upper(), value + "/x", value[:-1], "a" * 2048, "\u00e9" * 50, "0",
                              "-", value.replace(":", "/"), value + ":" + value, " " + value, value + "\n"))
    elif isinstance(value, list):
        edge = source.choice(([], value * 50, value[:1] * 2, [*value, *value]))
    elif isinstance(value, dict):
        edge = source.choice(({}, {key: item for key, item in list(value.items())[:1]}))
    else:
        edge = None
    return _with(request, body=_json_body(_replace(document, path, edge)))


def _odd_string(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    document = _document(request)
    path = source.choice(_nodes(document))
    value = source.choice(ODD_STRINGS + ("x" * source.integer(10_000, 300_000), "\ud800" * 5000))
    return _with(request, body=_json_body(_replace(document, path, value)))


def _special_number(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    document = _document(request)
    path = source.choice(_nodes(document))
    token = source.choice(("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1E400", "0.1e-400", "123456789" * 40))
    marker = "__fuzz_number__"
    text = _json_body(_replace(document, path, marker)).decode("utf-8", "surrogatepass")
    return _with(request, body=text.replace(f'"{marker}"', token).encode("utf-8", "surrogatepass"))


def _deep_nesting(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    document = _document(request)
    path = source.choice(_nodes(document))
    depth = source.choice((50, 1_000, 5_000, 100_000))
    opener, closer = source.choice((("[", "]"), ('{"a":', "}")))
    marker = "__fuzz_deep__"
    text = _json_body(_replace(document, path, marker)).decode("utf-8", "surrogatepass")
    return _with(request, body=text.replace(f'"{marker}"', opener * depth + "1" + closer * depth).encode())


def _unknown_member(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    document = _document(request)
    dicts = [path for path in _nodes(document) if isinstance(_at(document, path), dict)] or [()]
    path = source.choice(dicts)
    target = _at(document, path) if isinstance(_at(document, path), dict) else document
    if not isinstance(target, dict):
        return _with(request, body=b'{"unknownMember": 1}')
    target[source.choice(("unknownMember", "__type", "", "\ud800", "Name", "NAME", "0"))] = source.choice(ODD_VALUES)
    return _with(request, body=_json_body(document))


def _nulls(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    document = _document(request)
    for path in _nodes(document)[1:]:
        if source.chance(0.5):
            try:
                _replace(document, path, None)
            except (KeyError, IndexError, TypeError):
                pass
    return _with(request, body=_json_body(document))


def _raw_body(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    body = request.body
    options = (
        body[: source.integer(0, max(len(body) - 1, 0))], body + b"}", b"\xff\xfe\xfa", b"\xef\xbb\xbf" + body,
        b"[]", b"1", b'"text"', b"null", b"", b"{", b'{"a":1,}', body.replace(b'"', b"'"),
        b'{"x": "\\ud800"}', b'{"x": "\\udc00\\ud800"}', b"\x00" * 10, body + b"\x80",
    )
    return _with(request, body=source.choice(options))


def _mangle_url(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    parts = urlsplit(request.url)
    segments = parts.path.split("/")
    replacement = source.choice(("", "%ED%A0%80", "%FF", "%C0%AF", "x" * 5000, "..", "%2F", "a%00b", "%",
                                 "arn%3Aaws%3A", "%F0%9F%98%80"))
    if len(segments) > 1 and source.chance(0.7):
        index = source.integer(1, len(segments) - 1)
        segments[index] = replacement
    query = parts.query
    if source.chance(0.5):
        extra = source.choice(("maxResults=abc", "maxResults=-1", "nextToken=%ED%A0%80", "numResults=1e9",
                               "x=1", "maxResults=99999999999999999999", "filter=" + "a" * 3000))
        query = f"{query}&{extra}" if query else extra
    return _with(request, url=urlunsplit((parts.scheme, parts.netloc, "/".join(segments), query, "")))


def _mangle_headers(request: HttpRequest, source: Source, shape: Shape | None) -> HttpRequest:
    headers = dict(request.headers)
    choice = source.integer(0, 4)
    if choice == 0 and "x-amz-target" in headers:
        headers["x-amz-target"] = source.choice(("AmazonPersonalize.Nope", "", "Nope", "AmazonPersonalize.",
                                                 headers["x-amz-target"].lower()))
    elif choice == 1:
        headers.pop("x-amz-target", None)
    elif choice == 2:
        headers["content-type"] = source.choice(("text/plain", "", "application/xml", "\ud800"))
    elif choice == 3:
        headers["authorization"] = source.choice(("", "AWS4-HMAC-SHA256 Credential=/", "Bearer x",
                                                  "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request"))
    else:
        for name in list(headers):
            if name.startswith("x-amz-") and name not in ("x-amz-target", "x-amz-date"):
                headers[name] = source.choice(("", "\x00", "x" * 10000, "-1", "NaN"))
    return _with(request, headers=headers)


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


MUTATIONS = (_swap_node, _edge_value, _edge_value, _edge_value, _odd_string, _special_number, _deep_nesting,
             _unknown_member, _nulls, _raw_body, _mangle_url, _mangle_headers)

