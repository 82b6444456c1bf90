"""Every way a user turns the mock on and off, and what the rest of the process sees afterwards."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import unittest

import boto3
import pytest
import requests.adapters
from botocore.auth import SigV4Auth
from botocore.endpoint import Endpoint
from botocore.regions import EndpointRulesetResolver
from botocore.useragent import UserAgentString

import cleanroom_mock
from cleanroom_mock import mock_all, mock_cleanroomsml, mock_personalize
from cleanroom_mock.core.errors import UnmockedRequestError

ORIGINAL_SEND = Endpoint._send
ORIGINAL_ADAPTER_SEND = requests.adapters.HTTPAdapter.send
ORIGINAL_ADD_AUTH = SigV4Auth.add_auth
ORIGINAL_USER_AGENT = UserAgentString.rebuild_and_replace_user_agent_handler
ORIGINAL_CONSTRUCT_ENDPOINT = EndpointRulesetResolver.construct_endpoint
ORIGINAL_TO_STRING = UserAgentString.to_string
TD_ARN = "arn:aws:cleanrooms-ml:us-east-1:123456789012:training-dataset/abcdefghij"


def _answered_by_mock(client) -> bool:
    """True when the mock answered (any service error from us), False if the call went elsewhere."""
    try:
        if client.meta.service_model.service_name == "cleanroomsml":
            client.get_training_dataset(trainingDatasetArn=TD_ARN)
        else:
            client.list_schemas()
    except client.exceptions.ClientError as error:
        return "ResponseMetadata" in error.response
    return True


def _remember(handle) -> None:
    """Leave a trace in the shared state (reset by the outermost start), numbered by what is there already."""
    count = len(handle.data.list_objects("s3://trace/"))
    handle.data.put_object(f"s3://trace/{count}", b"x")


def _traces(handle) -> int:
    return len(handle.data.list_objects("s3://trace/"))


def test_decorator_on_function():
    @mock_personalize
    def run():
        assert Endpoint._send is not ORIGINAL_SEND
        return _answered_by_mock(boto3.client("personalize", region_name="us-east-1"))

    assert run() is True
    assert Endpoint._send is ORIGINAL_SEND


def test_decorator_with_options_on_function():
    @mock_all(strict=True)
    def run():
        return cleanroom_mock.handle().strict

    assert run() is True


def test_decorator_on_async_function():
    @mock_cleanroomsml
    async def run():
        await asyncio.sleep(0)
        return _answered_by_mock(boto3.client("cleanroomsml", region_name="us-east-1"))

    assert asyncio.run(run()) is True
    assert Endpoint._send is ORIGINAL_SEND


def test_context_manager_yields_the_shared_handle():
    with mock_all() as aws:
        assert aws is cleanroom_mock.handle()
        assert _answered_by_mock(boto3.client("personalize", region_name="us-east-1"))
    assert Endpoint._send is ORIGINAL_SEND


def test_start_and_stop():
    mock = mock_personalize()
    handle = mock.start()
    try:
        assert handle is cleanroom_mock.handle()
        assert Endpoint._send is not ORIGINAL_SEND
    finally:
        mock.stop()
    assert Endpoint._send is ORIGINAL_SEND
    with pytest.raises(RuntimeError):
        mock.stop()


def test_nested_mocks_share_state_and_outermost_start_resets_it():
    with mock_all() as outer:
        outer.strict = True
        with mock_personalize() as inner:
            assert inner is outer
            assert inner.strict is True  # nesting does not reset
        assert Endpoint._send is not ORIGINAL_SEND  # still active: the outer mock is on
    with mock_all() as fresh:
        assert fresh.strict is False  # a new outermost start begins clean


def test_stacked_service_decorators_behave_like_mock_all():
    @mock_cleanroomsml
    @mock_personalize
    def run():
        return (
            _answered_by_mock(boto3.client("cleanroomsml", region_name="us-east-1")),
            _answered_by_mock(boto3.client("personalize", region_name="us-east-1")),
        )

    assert run() == (True, True)


def test_service_mock_does_not_answer_the_other_service():
    with mock_cleanroomsml():
        personalize = boto3.client("personalize", region_name="us-east-1")
        with pytest.raises(UnmockedRequestError, match="personalize"):
            personalize.list_schemas()


def test_client_created_before_the_mock_is_intercepted():
    early = boto3.client("personalize", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    with mock_personalize():
        assert _answered_by_mock(early)


def test_client_created_before_import_is_intercepted():
    script = textwrap.dedent(
        """
        import boto3
        client = boto3.client("personalize", region_name="us-east-1",
                              aws_access_key_id="a", aws_secret_access_key="b")
        from cleanroom_mock import mock_personalize
        with mock_personalize():
            try:
                client.list_schemas()
            except client.exceptions.ClientError as error:
                print(error.response["Error"]["Code"])
            else:
                print("answered")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("answered", "NotImplementedException")


def test_unpatching_restores_botocore_and_requests_exactly():
    with mock_all():
        assert requests.adapters.HTTPAdapter.send is not ORIGINAL_ADAPTER_SEND
    assert Endpoint._send is ORIGINAL_SEND
    assert requests.adapters.HTTPAdapter.send is ORIGINAL_ADAPTER_SEND
    assert SigV4Auth.add_auth is ORIGINAL_ADD_AUTH
    assert UserAgentString.rebuild_and_replace_user_agent_handler is ORIGINAL_USER_AGENT
    assert EndpointRulesetResolver.construct_endpoint is ORIGINAL_CONSTRUCT_ENDPOINT


@pytest.mark.parametrize("fast", [True, False])
def test_each_client_keeps_its_own_endpoint_resolved_once_per_operation(monkeypatch, fast):
    """While mocked, botocore's endpoint rules run once per client and operation (with fast_signing off, on
    every call, as botocore does); each client still gets the endpoint of its own region and endpoint_url."""
    from cleanroom_mock import handle

    monkeypatch.setattr(handle(), "fast_signing", fast)
    resolved = []
    original = EndpointRulesetResolver._get_provider_params

    def counted(resolver, *args, **kwargs):
        resolved.append(resolver)
        return original(resolver, *args, **kwargs)

    urls = []
    with mock_personalize():
        monkeypatch.setattr(EndpointRulesetResolver, "_get_provider_params", counted)
        clients = [
            boto3.client("personalize", region_name="eu-west-1"),
            boto3.client("personalize", region_name="us-east-1", endpoint_url="http://localhost:4566"),
        ]
        for client in clients:
            client.meta.events.register("before-send", lambda request, **_: urls.append(request.url))
            for _ in range(3):
                client.list_schemas()
            client.list_dataset_groups()
    assert urls[0] == urls[2] == "https://personalize.eu-west-1.amazonaws.com/"
    assert urls[4] == "http://localhost:4566/"
    assert len(resolved) == (4 if fast else 8)


@pytest.mark.parametrize("fast", [True, False])
def test_requests_are_signed_with_the_callers_scope_with_or_without_the_hmac(monkeypatch, fast):
    from cleanroom_mock import handle

    monkeypatch.setattr(handle(), "fast_signing", fast)
    seen = []
    with mock_personalize():
        client = boto3.client("personalize", region_name="eu-west-1", aws_access_key_id="111111111111",
                              aws_secret_access_key="x", aws_session_token="token")
        client.meta.events.register("before-send", lambda request, **_: seen.append(dict(request.headers)))
        arn = client.create_dataset_group(name="signed")["datasetGroupArn"]
    assert arn.startswith("arn:aws:personalize:eu-west-1:111111111111:")
    authorization = seen[0]["Authorization"]
    authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=111111111111/")
    assert "/eu-west-1/personalize/aws4_request" in authorization
    assert seen[0]["X-Amz-Security-Token"] in ("token", b"token")


def test_the_user_agent_is_botocores_own_text_with_each_calls_features():
    """Built once per client and feature set while mocked: the same text botocore builds, and a call with
    other features (a paginator's) still gets its own."""
    seen = []
    with mock_personalize():
        client = boto3.client("personalize", region_name="us-east-1")
        client.meta.events.register("before-send", lambda request, **_: seen.append(request.headers["User-Agent"]))
        client.list_schemas()
        client.list_schemas()
        list(client.get_paginator("list_schemas").paginate())
    plain, again, paged = (value.decode() if isinstance(value, bytes) else value for value in seen)
    assert plain == again and plain.startswith("Boto3/")
    assert paged != plain and "C" in paged.rsplit(" m/", 1)[1].split(" ")[0].split(",")
    assert UserAgentString.to_string is ORIGINAL_TO_STRING


def test_fake_credentials_only_while_active(monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    with mock_all():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    assert "AWS_ACCESS_KEY_ID" not in os.environ


def test_user_credentials_are_kept(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "111111111111")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "mine")
    with mock_all():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "111111111111"
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == "mine"


@mock_all
class TestPytestStyleClass:
    def setup_method(self, method):
        _remember(cleanroom_mock.handle())
        self.handle_in_setup = cleanroom_mock.handle()
        self.patched_in_setup = Endpoint._send is not ORIGINAL_SEND

    def test_setup_and_test_see_the_same_state(self):
        assert self.patched_in_setup
        assert _traces(cleanroom_mock.handle()) == 1

    def test_each_test_starts_fresh(self):
        assert _traces(cleanroom_mock.handle()) == 1


@mock_personalize
class TestUnittestClass(unittest.TestCase):
    def setUp(self):
        _remember(cleanroom_mock.handle())
        self.patched_in_setup = Endpoint._send is not ORIGINAL_SEND

    def test_setup_ran_inside_the_mock(self):
        self.assertTrue(self.patched_in_setup)
        self.assertEqual(_traces(cleanroom_mock.handle()), 1)
        self.assertTrue(_answered_by_mock(boto3.client("personalize", region_name="us-east-1")))


def test_unittest_class_unpatches_after_each_test():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(TestUnittestClass)
    result = unittest.TextTestRunner(stream=open(os.devnull, "w")).run(suite)
    assert result.wasSuccessful()
    assert Endpoint._send is ORIGINAL_SEND


def test_fixtures(aws_mock):
    assert aws_mock is cleanroom_mock.handle()
    assert _answered_by_mock(boto3.client("cleanroomsml", region_name="us-east-1"))


def test_personalize_fixture(personalize_mock):
    assert _answered_by_mock(boto3.client("personalize", region_name="us-east-1"))
    with pytest.raises(UnmockedRequestError):
        boto3.client("cleanroomsml", region_name="us-east-1").list_training_datasets()


def test_cleanroomsml_fixture(cleanroomsml_mock):
    assert _answered_by_mock(boto3.client("cleanroomsml", region_name="us-east-1"))


def test_aws_credentials_fixture(aws_credentials):
    assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"


@pytest.mark.parametrize("instant", [True, False])
def test_retries_keep_their_attempts_but_sleep_only_when_asked(instant):
    """Under the strict profile with a frozen clock, List* (50/s, burst 50) throttles from the 51st call on;
    botocore's standard mode retries it (3 attempts) with exponential backoff that instant retries skip."""
    from botocore.config import Config
    from freezegun import freeze_time
    from freezegun.api import real_perf_counter  # the clock freezegun leaves running

    with freeze_time("2026-11-22 10:00:00", tick=False), mock_cleanroomsml(strict=True) as aws:
        aws.instant_retries = instant
        ml = boto3.client("cleanroomsml", region_name="us-east-1",
                          config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
        for _ in range(50):
            ml.list_training_datasets()
        started = real_perf_counter()
        with pytest.raises(ml.exceptions.ThrottlingException) as caught:
            ml.list_training_datasets()
        elapsed = real_perf_counter() - started
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    if instant:
        assert elapsed < 0.05
    else:
        assert elapsed > 0.05  # two real backoffs (random, up to 1 s then 2 s; rarely tiny)


def test_no_credential_provider_reaches_the_network_while_mocked(fake_imds, monkeypatch):
    """A profile without keys makes botocore walk on to the instance metadata service; a fake IMDS on
    loopback must never be asked, and the container endpoint variables are set aside."""
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", f"http://127.0.0.1:{fake_imds.port}/creds")
    with mock_personalize():
        session = boto3.Session(profile_name="keyless")
        credentials = session.get_credentials()
        assert "AWS_CONTAINER_CREDENTIALS_FULL_URI" not in os.environ
    assert credentials is None or credentials.access_key == "testing"
    assert fake_imds.asked == []
    assert os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"].endswith("/creds")  # put back


def test_the_default_session_keeps_no_fake_keys_after_the_mock(monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    with mock_personalize():
        boto3.client("personalize", region_name="us-east-1").list_schemas()
        assert boto3.DEFAULT_SESSION.get_credentials().access_key == "testing"
    assert boto3.DEFAULT_SESSION is None
    assert "AWS_ACCESS_KEY_ID" not in os.environ


def test_starting_and_stopping_from_many_threads_leaves_nothing_patched():
    """8 threads × 2,000 start/stop pairs with a tiny switch interval: activation runs under the handle's
    lock, so the last stop always unpatches everything the first start patched."""
    import threading

    import botocore.endpoint

    originals = (Endpoint._send, SigV4Auth.add_auth, botocore.endpoint.time, requests.adapters.HTTPAdapter.send,
                 UserAgentString.rebuild_and_replace_user_agent_handler)
    failures: list[BaseException] = []

    def start_and_stop(index: int) -> None:
        try:
            for _ in range(2000):
                mock = mock_personalize() if index % 2 else mock_all()
                mock.start()
                mock.stop()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=start_and_stop, args=(index,)) for index in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    assert (Endpoint._send, SigV4Auth.add_auth, botocore.endpoint.time, requests.adapters.HTTPAdapter.send,
            UserAgentString.rebuild_and_replace_user_agent_handler) == originals
    with pytest.raises(UnmockedRequestError):
        with mock_personalize():
            boto3.client("s3", region_name="us-east-1").list_buckets()


def test_a_start_with_bad_options_changes_nothing():
    with pytest.raises(ValueError, match="lifecycle"):
        mock_all(lifecycle="sometimes")
    with pytest.raises(TypeError, match="strict"):
        mock_all(strict="yes")
    assert Endpoint._send is ORIGINAL_SEND
    assert "AWS_EC2_METADATA_DISABLED" not in os.environ or os.environ.get("AWS_EC2_METADATA_DISABLED") != "true"
    with mock_all(passthrough="s3") as aws:
        assert aws.passthrough == {"s3"}


def test_the_signing_date_follows_a_frozen_and_moving_clock():
    """X-Amz-Date is formatted once per second (intercept.amz_date) and still follows freezegun's clock."""
    from freezegun import freeze_time

    seen = []
    with mock_personalize(), freeze_time("2030-01-02 03:04:05") as clock:
        client = boto3.client("personalize", region_name="us-east-1")
        client.meta.events.register("before-send", lambda request, **_: seen.append(request.headers["X-Amz-Date"]))
        client.list_schemas()
        client.list_schemas()
        clock.tick(2)
        client.list_schemas()
    dates = [value.decode() if isinstance(value, bytes) else value for value in seen]
    assert dates == ["20300102T030405Z", "20300102T030405Z", "20300102T030407Z"]
