"""Server-side validation from the model: each constraint kind, AWS's message, each service's error."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from cleanroom_mock import mock_all

UNCHECKED = Config(parameter_validation=False)  # let invalid input reach the mock, as a non-botocore SDK would
ROLE = "arn:aws:iam::123456789012:role/ml"


@pytest.fixture
def clients():
    with mock_all():
        yield (
            boto3.client("personalize", region_name="us-east-1", config=UNCHECKED),
            boto3.client("cleanroomsml", region_name="us-east-1", config=UNCHECKED),
        )


def _error(call, **params):
    with pytest.raises(Exception) as caught:
        call(**params)
    return caught.value.response["Error"]


def test_required_member(clients):
    personalize, _ = clients
    error = _error(personalize.create_schema, name="s")
    assert error["Code"] == "InvalidInputException"
    assert error["Message"] == (
        "1 validation error detected: Value null at 'schema' failed to satisfy constraint: Member must not be null"
    )


def test_pattern_and_max_length_are_reported_together(clients):
    personalize, _ = clients
    error = _error(personalize.create_schema, name="bad name" + "x" * 60, schema="{}")
    assert error["Message"].startswith("2 validation errors detected: ")
    message = error["Message"]
    assert "at 'name' failed to satisfy constraint: Member must have length less than or equal to 63" in message
    assert "Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*" in error["Message"]


def test_min_length(clients):
    personalize, _ = clients
    error = _error(personalize.create_schema, name="", schema="{}")
    assert "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1" in (
        error["Message"]
    )


def test_enum(clients):
    personalize, _ = clients
    error = _error(personalize.create_schema, name="s", schema="{}", domain="RETAIL")
    assert "Value 'RETAIL' at 'domain' failed to satisfy constraint: Member must satisfy enum value set: " \
           "[ECOMMERCE, VIDEO_ON_DEMAND]" in error["Message"]


def test_numeric_range(clients):
    personalize, _ = clients
    error = _error(personalize.list_schemas, maxResults=101)
    assert "Value 101 at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to " \
           "100" in error["Message"]
    error = _error(personalize.list_schemas, maxResults=0)
    assert "Member must have value greater than or equal to 1" in error["Message"]


def test_nested_map_keys_and_values(clients):
    personalize, _ = clients
    error = _error(
        personalize.create_campaign,
        name="c",
        solutionVersionArn="arn:aws:personalize:us-east-1:123456789012:solution/s/1",
        campaignConfig={"rankingInfluence": {"POPULARITY": 2.0, "COLOR": 0.5}},
    )
    message = error["Message"]
    assert "Map keys must satisfy constraint: [Member must satisfy enum value set: [POPULARITY, FRESHNESS]]" in message
    assert "Value 2.0 at 'campaignConfig.rankingInfluence.POPULARITY.member' failed to satisfy constraint: " \
           "Member must have value less than or equal to 1" in message


def test_list_size_and_list_member_paths(clients):
    personalize, _ = clients
    error = _error(
        personalize.create_dataset_group,
        name="g",
        tags=[{"tagKey": "k" * 129, "tagValue": "v"}] + [{"tagKey": f"k{i}", "tagValue": "v"} for i in range(200)],
    )
    message = error["Message"]
    assert "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200" in message
    assert "at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal " \
           "to 128" in message


def test_tagged_union_needs_exactly_one_member(clients):
    _, cleanroomsml = clients
    error = _error(
        cleanroomsml.start_audience_generation_job,
        name="job",
        configuredAudienceModelArn="arn:aws:cleanrooms-ml:us-east-1:123456789012:configured-audience-model/abc",
        seedAudience={"roleArn": ROLE, "sqlComputeConfiguration": {}},
    )
    assert error["Code"] == "ValidationException"
    assert "Member must have exactly one member set" in error["Message"]


def test_cleanroomsml_answers_validation_exception_with_status_400(clients):
    _, cleanroomsml = clients
    with pytest.raises(cleanroomsml.exceptions.ValidationException) as caught:
        cleanroomsml.create_training_dataset(name="t", roleArn="not-an-arn", trainingData=[])
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "at 'roleArn' failed to satisfy constraint" in caught.value.response["Error"]["Message"]


def test_wrong_type_is_a_serialization_error(clients):
    personalize, _ = clients
    error = _error(personalize.list_schemas, maxResults="ten")
    assert error["Code"] == "SerializationException"


def test_valid_input_reaches_the_backend(clients):
    personalize, _ = clients
    try:
        personalize.describe_schema(schemaArn="arn:aws:personalize:us-east-1:123456789012:schema/none")
    except personalize.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] in ("ResourceNotFoundException", "NotImplementedException")


def test_a_token_the_model_refuses_is_the_operations_own_token_error_where_it_declares_one():
    """ListDatasetGroups declares InvalidNextTokenException, not InvalidInputException (retail-demo-store's
    paging met this): a token too long for the model is that error, as a token we never issued is."""
    import boto3
    from botocore.config import Config

    from cleanroom_mock import mock_personalize

    with mock_personalize():
        personalize = boto3.client("personalize", region_name="us-east-1",
                                   config=Config(retries={"total_max_attempts": 1}))
        for operation in (personalize.list_dataset_groups, personalize.list_schemas):
            with pytest.raises(personalize.exceptions.InvalidNextTokenException):
                operation(nextToken="x" * 1600)
        with pytest.raises(personalize.exceptions.InvalidInputException):  # ListSolutions declares both
            personalize.list_solutions(nextToken="x" * 1600, datasetGroupArn="not an arn")
