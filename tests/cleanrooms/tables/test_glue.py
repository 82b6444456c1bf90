"""The data layer's view of a Glue table for configured tables: its columns and its data source, both backends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import pytest
from moto import mock_aws

from cleanroom_mock.core.data import DataLayer, DataNotFound


def test_a_table_in_memory_records_its_columns() -> None:
    data = DataLayer()
    data.put_table("db", "t", [{"id": "a", "n": None, "when": dt.date(2024, 1, 1)}, {"id": "b", "n": 2.5}])
    assert data.get_table_columns("db", "t") == [("id", "string"), ("n", "double"), ("when", "date")]
    data.put_table("db", "typed", [{"id": 1}], columns=[("id", "string"), ("extra", "int")])
    assert data.get_table_columns("db", "typed") == [("id", "string"), ("extra", "int")]
    source = data.get_table_source("db", "typed")
    assert (source.rows, source.objects) == ([{"id": 1}], ())
    with pytest.raises(DataNotFound):
        data.get_table_columns("db", "missing")


def test_a_glue_table_over_s3_gives_its_columns_and_files() -> None:
    with mock_aws():
        s3, glue = boto3.client("s3", region_name="us-east-1"), boto3.client("glue", region_name="us-east-1")
        s3.create_bucket(Bucket="lake")
        s3.put_object(Bucket="lake", Key="t/day=1/part-0.csv", Body=b"a;1\n")
        s3.put_object(Bucket="lake", Key="t/_SUCCESS", Body=b"")
        glue.create_database(DatabaseInput={"Name": "db"})
        glue.create_table(DatabaseName="db", TableInput={"Name": "t", "PartitionKeys": [{"Name": "day", "Type": "int"}],
                                                         "StorageDescriptor": {
            "Columns": [{"Name": "k", "Type": "string"}, {"Name": "v", "Type": "bigint"}], "Location": "s3://lake/t/",
            "SerdeInfo": {"Parameters": {"field.delim": ";"}}}})
        data = DataLayer()
        assert data.get_table_columns("db", "t") == [("k", "string"), ("v", "bigint"), ("day", "int")]
        source = data.get_table_source("db", "t")
        assert (source.format, source.delimiter, source.partition_keys) == ("csv", ";", [("day", "int")])
        assert source.objects == [("s3://lake/t/day=1/part-0.csv", b"a;1\n")]


def test_moto_carries_columns_of_tables_seeded_before_it(aws: Any) -> None:
    aws.data.put_table("db", "early", [{"id": "x"}], columns=[("id", "string"), ("score", "double")])
    with mock_aws():
        assert aws.data.get_table_columns("db", "early") == [("id", "string"), ("score", "double")]
        assert aws.data.get_table_rows("db", "early") == [{"id": "x"}]


def test_a_partitioned_semicolon_table_is_queried_through_its_parsed_rows() -> None:
    """DuckDB reads comma CSV, JSON lines and Parquet files as they are; other layouts go through the data
    layer's rows (partition columns included)."""
    from cleanroom_mock import mock_cleanrooms

    from ..conftest import A, B, client, configure_table, read_csv_result, s3_output

    with mock_aws(), mock_cleanrooms() as aws:
        s3, glue = boto3.client("s3", region_name="us-east-1"), boto3.client("glue", region_name="us-east-1")
        s3.create_bucket(Bucket="lake")
        s3.create_bucket(Bucket="results")
        for day in (1, 2):
            s3.put_object(Bucket="lake", Key=f"t/day={day}/part-0.csv", Body=f"a;{day}\nb;{10 * day}\n".encode())
        glue.create_database(DatabaseInput={"Name": "db"})
        glue.create_table(DatabaseName="db", TableInput={"Name": "t", "PartitionKeys": [{"Name": "day", "Type": "int"}],
                                                         "StorageDescriptor": {
            "Columns": [{"Name": "k", "Type": "string"}, {"Name": "v", "Type": "bigint"}], "Location": "s3://lake/t/",
            "SerdeInfo": {"Parameters": {"field.delim": ";"}}}})
        collaboration = aws.collaborations.add(accounts=[A, B], abilities={A: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"]})
        membership = aws.collaborations.membership_id(collaboration, A)
        rooms = client(A)
        table = configure_table(rooms, "t", ["k", "v", "day"], rule=("CUSTOM", {"v1": {"custom": {
            "allowedAnalyses": ["ANY_QUERY"], "allowedAnalysisProviders": [A]}}}))
        rooms.create_configured_table_association(name="t", membershipIdentifier=membership,
                                                  configuredTableIdentifier=table, roleArn=f"arn:aws:iam::{A}:role/r")
        query = rooms.start_protected_query(
            type="SQL", membershipIdentifier=membership, resultConfiguration=s3_output(),
            sqlParameters={"queryString": "SELECT k, SUM(v) AS total FROM t GROUP BY k"})
        done = rooms.get_protected_query(membershipIdentifier=membership,
                                         protectedQueryIdentifier=query["protectedQuery"]["id"])["protectedQuery"]
        rows = read_csv_result(aws, done["result"]["output"]["s3"]["location"])
        assert {row["k"]: int(row["total"]) for row in rows} == {"a": 3, "b": 30}
