"""aiobotocore clients are answered by the mock too: its ``AioEndpoint._send`` is a coroutine of its own.

Skipped when aiobotocore is not installed (it is in the test extra: pip picks the release matching the
installed botocore).
"""

from __future__ import annotations

import asyncio
import http.server
import threading

import pytest

from cleanroom_mock import mock_all, mock_personalize
from cleanroom_mock.core.errors import UnmockedRequestError

aiobotocore_session = pytest.importorskip("aiobotocore.session")
aiobotocore_endpoint = pytest.importorskip("aiobotocore.endpoint")


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_POST(self):  # noqa: N802 - the stdlib's name
        _Recorder.hits.append(self.path)
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _client(service: str, **options):
    session = aiobotocore_session.get_session()
    return session.create_client(service, region_name="eu-west-1", **options)


def test_an_aiobotocore_call_is_answered_by_the_mock():
    async def run():
        async with _client("personalize") as personalize:
            created = await personalize.create_dataset_group(name="shop")
            listed = await personalize.list_dataset_groups()
        async with _client("cleanroomsml") as ml:
            datasets = await ml.list_training_datasets()
        async with _client("personalize-runtime") as runtime:
            with pytest.raises(runtime.exceptions.ResourceNotFoundException):
                await runtime.get_recommendations(
                    campaignArn="arn:aws:personalize:eu-west-1:123456789012:campaign/none", userId="u1")
        return created, listed, datasets

    with mock_all() as aws:
        created, listed, datasets = asyncio.run(run())
        assert [call.operation for call in aws.calls][:2] == ["CreateDatasetGroup", "ListDatasetGroups"]
    assert created["datasetGroupArn"].endswith(":dataset-group/shop")
    assert [group["name"] for group in listed["datasetGroups"]] == ["shop"]
    assert datasets["trainingDatasets"] == []


def test_an_async_function_under_the_decorator_is_mocked():
    @mock_personalize
    async def work():
        async with _client("personalize") as personalize:
            return (await personalize.list_schemas())["schemas"]

    assert asyncio.run(work()) == []


def test_a_client_made_before_the_mock_started_is_answered_too(recorder):
    async def run():
        async with _client("personalize", endpoint_url=recorder, aws_access_key_id="111111111111",
                           aws_secret_access_key="x") as personalize:
            with mock_personalize():
                return (await personalize.list_schemas())["schemas"]

    assert asyncio.run(run()) == []
    assert _Recorder.hits == []


def test_unemulated_async_calls_are_blocked_and_never_sent(recorder):
    async def run():
        async with _client("s3", endpoint_url=recorder) as s3:
            await s3.list_buckets()

    with mock_all(), pytest.raises(UnmockedRequestError, match="s3"):
        asyncio.run(run())
    assert _Recorder.hits == []


def test_passthrough_lets_async_calls_out(recorder):
    async def run():
        async with _client("s3", endpoint_url=recorder) as s3:
            with pytest.raises(Exception):  # noqa: B017 - the recorder answers 403; that it was reached is the point
                await s3.list_buckets()

    with mock_all(passthrough=["s3"]):
        asyncio.run(run())
    assert _Recorder.hits and set(_Recorder.hits) == {"/"}  # reached (a 403: no retries)


def test_stopping_restores_aiobotocore():
    original = aiobotocore_endpoint.AioEndpoint._send
    with mock_all():
        assert aiobotocore_endpoint.AioEndpoint._send is not original
    assert aiobotocore_endpoint.AioEndpoint._send is original


def test_no_async_credential_provider_reaches_a_fake_imds(fake_imds):
    """aiobotocore's own credential chain (a profile without keys walks on to the instance metadata service)
    never asks a fake IMDS on loopback while mocked: an explicit profile skips the environment's fake keys,
    so the chain ends with no credentials, as botocore's does."""

    async def run():
        session = aiobotocore_session.AioSession(profile="keyless")
        async with session.create_client("personalize", region_name="eu-west-1") as personalize:
            return (await personalize.list_schemas())["schemas"]

    from botocore.exceptions import NoCredentialsError

    with mock_personalize(), pytest.raises(NoCredentialsError):
        asyncio.run(run())
    assert fake_imds.asked == []
