"""While a mock is active nothing reaches the network, except what the user lets through."""

from __future__ import annotations

import http.server
import threading

import boto3
import pytest
import requests
import responses
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cleanroom_mock import mock_all, mock_personalize
from cleanroom_mock.core.errors import UnmockedRequestError


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        _Recorder.hits.append(self.path)
        body = b'<?xml version="1.0"?><ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_unemulated_service_is_blocked_with_a_clear_error(local_server):
    with mock_all():
        s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=local_server)
        with pytest.raises(UnmockedRequestError, match=r"request to s3 .*passthrough=\['s3'\]"):
            s3.list_buckets()
    assert _Recorder.hits == []  # nothing left the process


def test_passthrough_lets_the_named_service_through(local_server):
    with mock_all(passthrough=["s3"]):
        s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=local_server)
        assert s3.list_buckets()["Buckets"] == []
        sts = boto3.client("sts", region_name="us-east-1", endpoint_url=local_server)
        with pytest.raises(UnmockedRequestError, match="sts"):
            sts.get_caller_identity()
    assert _Recorder.hits == ["/"]


def test_passthrough_true_lets_every_unemulated_service_through(local_server):
    with mock_all(passthrough=True):
        s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=local_server)
        s3.list_buckets()
    assert len(_Recorder.hits) == 1


def _signed_request(method: str, url: str, body: bytes = b"", headers: dict | None = None) -> requests.PreparedRequest:
    request = AWSRequest(method=method, url=url, data=body, headers=headers or {})
    SigV4Auth(Credentials("111111111111", "secret"), "personalize", "eu-west-1").add_auth(request)
    return requests.Request(method, url, data=body, headers=dict(request.headers)).prepare()


def test_requests_based_signed_calls_reach_the_backends():
    with mock_personalize():
        prepared = _signed_request(
            "POST",
            "https://personalize.eu-west-1.amazonaws.com/",
            b'{"schemaArn": "arn:aws:personalize:eu-west-1:111111111111:schema/none"}',
            {"X-Amz-Target": "AmazonPersonalize.DescribeSchema", "Content-Type": "application/x-amz-json-1.1"},
        )
        response = requests.Session().send(prepared)
    assert response.status_code in (400, 501)
    assert response.json()["__type"] in ("ResourceNotFoundException", "NotImplementedException")


def test_users_own_responses_mocks_keep_working():
    with responses.RequestsMock() as user_mock:
        user_mock.add(responses.GET, "https://example.com/api", json={"mine": True})
        with mock_personalize():
            assert requests.get("https://example.com/api").json() == {"mine": True}
            prepared = _signed_request(
                "POST",
                "https://personalize.eu-west-1.amazonaws.com/",
                b"{}",
                {"X-Amz-Target": "AmazonPersonalize.ListSchemas", "Content-Type": "application/x-amz-json-1.1"},
            )
            assert requests.Session().send(prepared).status_code in (200, 501)
        assert requests.get("https://example.com/api").json() == {"mine": True}
