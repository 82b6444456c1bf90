"""Control routes check their input and answer 4xx JSON; nothing they refuse changes the handle."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

import cleanroom_mock

COLLABORATION = "5f2e6c1a-0b7d-4c39-9a51-3e8f2d6b7c40"


def _call(endpoint: str, method: str, path: str, body: bytes | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"{endpoint}/_cleanroom_mock/{path}", data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        assert error.headers["Content-Type"] == "application/json"
        return error.code, json.loads(error.read())


@pytest.mark.parametrize(("sent", "strict"), [(True, True), (False, False), ("true", True), ("false", False),
                                              ("FALSE", False)])
def test_strict_is_a_boolean_or_its_spelling(endpoint, sent, strict):
    cleanroom_mock.handle().strict = not strict
    status, document = _call(endpoint, "POST", "settings", json.dumps({"strict": sent}).encode())
    assert status == 200 and document["strict"] is strict and cleanroom_mock.handle().strict is strict


@pytest.mark.parametrize(
    "body",
    [b'{"strict": "yes"}', b'{"strict": 1}', b'{"strict": null}', b'{"lifecycle": "sometimes"}',
     b'{"step_seconds": -1}', b'{"step_seconds": "10"}', b'{"step_seconds": true}', b'{"colour": "blue"}',
     b'[1, 2]', b"not json", b'{"strict": true, "lifecycle": "bogus"}', b"[" * 100000],
)
def test_bad_settings_are_refused_and_change_nothing(endpoint, body):
    handle = cleanroom_mock.handle()
    before = (handle.strict, handle.lifecycles.mode, handle.lifecycles.step_seconds)
    status, document = _call(endpoint, "POST", "settings", body)
    assert status == 400 and document["__type"] == "ValidationException" and document["message"]
    assert (handle.strict, handle.lifecycles.mode, handle.lifecycles.step_seconds) == before


def test_settings_change_together(endpoint):
    status, document = _call(endpoint, "POST", "settings",
                             b'{"strict": false, "lifecycle": "step", "step_seconds": 5}')
    assert (status, document) == (200, {"strict": False, "lifecycle": "step", "step_seconds": 5.0,
                                        "instant_retries": True})
    assert _call(endpoint, "GET", "settings") == (200, document)


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("PUT", "data/object", b"x", 400),  # no uri
        ("PUT", "data/object?uri=http://b/k", b"x", 400),
        ("PUT", "data/object?uri=s3://", b"x", 400),
        ("GET", "data/object?uri=s3://b/missing", None, 404),
        ("PUT", "data/table", b'{"database": "d"}', 400),
        ("PUT", "data/table", b'{"database": "d", "table": "t", "rows": [1]}', 400),
        ("PUT", "data/table", b'{"database": 1, "table": "t", "rows": []}', 400),
        ("POST", "collaborations", b'{"collaborationId": "c"}', 400),
        ("POST", "collaborations", b'{"accounts": ["12"]}', 400),
        ("POST", "collaborations", b'{"accounts": "111111111111"}', 400),
        ("POST", "collaborations", b'{"accounts": ["111111111111"], "abilities": 3}', 400),
        ("POST", "collaborations", b'{"collaborationId": "c-1", "accounts": ["111111111111"]}', 400),
        ("POST", "nothing-here", b"{}", 404),
        ("DELETE", "reset", None, 405),
    ],
)
def test_bad_control_input_is_a_json_4xx(endpoint, method, path, body, status):
    answer, document = _call(endpoint, method, path, body)
    assert answer == status and document["__type"] and document["message"]


def test_good_control_input_still_works(endpoint):
    collaboration = {"collaborationId": COLLABORATION, "accounts": ["111111111111", "222222222222"]}
    status, document = _call(endpoint, "POST", "collaborations", json.dumps(collaboration).encode())
    assert status == 200 and document["collaborationId"] == COLLABORATION
    status, document = _call(endpoint, "PUT", "data/table",
                             b'{"database": "d", "table": "t", "rows": [{"user_id": "u1"}]}')
    assert (status, document) == (200, {"table": "d.t"})
