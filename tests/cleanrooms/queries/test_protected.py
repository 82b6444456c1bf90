"""Protected queries: who may run them, where results go, compute, quotas, the lifecycle (cancel, FAILED)."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import pytest
from moto import mock_aws

from ..conftest import (
    A,
    B,
    C,
    DataCollaboration,
    client,
    create_collaboration,
    error_of,
    join,
    member,
    model_has,
    s3_output,
)

SQL = ("SELECT u.segment, COUNT(DISTINCT p.user_id) AS buyers FROM users u JOIN purchases p "
       "ON u.user_id = p.user_id GROUP BY u.segment")


def start(caller: Any, membership: str, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("sqlParameters", {"queryString": SQL})
    kwargs.setdefault("resultConfiguration", s3_output())
    return dict(caller.start_protected_query(type="SQL", membershipIdentifier=membership, **kwargs)["protectedQuery"])


def test_only_the_member_who_can_query_runs_queries(b: Any, data_collaboration: DataCollaboration) -> None:
    error = error_of(start, b, data_collaboration.b_membership)
    assert (error["Code"], error["reason"]) == ("AccessDeniedException", "INSUFFICIENT_PERMISSIONS")


def test_the_lifecycle_statistics_and_listing(aws: Any, a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    aws.lifecycle.mode("step", kind="protected-query")
    first = start(a, d.a_membership)
    ids = {"membershipIdentifier": d.a_membership}
    statuses = [a.get_protected_query(**ids, protectedQueryIdentifier=first["id"])["protectedQuery"]["status"]
                for _ in range(2)]
    assert statuses == ["STARTED", "SUCCESS"]
    aws.lifecycle.mode("manual", kind="protected-query")
    second = start(a, d.a_membership, computeConfiguration={"worker": {"type": "CR.4X", "number": 2}})
    listed = a.list_protected_queries(**ids)["protectedQueries"]
    assert [q["id"] for q in listed] == [second["id"], first["id"]]  # the most recent first
    for status, expected in (("SUCCESS", [first["id"]]), ("SUBMITTED", [second["id"]]), ("FAILED", [])):
        assert [q["id"] for q in a.list_protected_queries(**ids, status=status)["protectedQueries"]] == expected
    assert listed[1]["receiverConfigurations"] == [{"analysisType": "DIRECT_ANALYSIS", "configurationDetails": {
        "directAnalysisConfigurationDetails": {"receiverAccountIds": [A]}}}]
    done = a.get_protected_query(**ids, protectedQueryIdentifier=first["id"])["protectedQuery"]
    assert done["computeConfiguration"] == {"worker": {"type": "CR.1X", "number": 16}}
    assert done["statistics"]["totalDurationInMillis"] >= 0
    # 16 CR.1X workers for the one-minute minimum: 16 × 1 / 60 CRPU-hours.
    assert done["statistics"]["billedResourceUtilization"]["units"] == pytest.approx(16 / 60, abs=1e-3)


def test_a_running_query_can_be_cancelled(aws: Any, a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    aws.lifecycle.mode("step", kind="protected-query")
    query = start(a, d.a_membership)
    ids = {"membershipIdentifier": d.a_membership, "protectedQueryIdentifier": query["id"]}
    cancelling = a.update_protected_query(**ids, targetStatus="CANCELLED")["protectedQuery"]
    assert cancelling["status"] == "CANCELLING"
    assert a.get_protected_query(**ids)["protectedQuery"]["status"] == "CANCELLED"
    error = error_of(a.update_protected_query, **ids, targetStatus="CANCELLED")
    assert (error["Code"], error["reason"]) == ("ConflictException", "INVALID_STATE")
    assert aws.data.list_objects("s3://results/") == []  # it never ran


def test_a_failed_query_shows_its_error(aws: Any, a: Any, data_collaboration: DataCollaboration) -> None:
    d = data_collaboration
    aws.lifecycle.mode("manual", kind="protected-query")
    query = start(a, d.a_membership)
    membership_arn = a.get_membership(membershipIdentifier=d.a_membership)["membership"]["arn"]
    aws.lifecycle.fail(f"{membership_arn}/protectedquery/{query['id']}", "The workers ran out of memory.")
    failed = a.get_protected_query(membershipIdentifier=d.a_membership,
                                   protectedQueryIdentifier=query["id"])["protectedQuery"]
    assert failed["status"] == "FAILED"
    assert failed["error"] == {"code": "INTERNAL_ERROR", "message": "The workers ran out of memory."}
    assert "result" not in failed


@pytest.mark.parametrize(("change", "words"), [
    # "between 2 and 400" (ours), or where an older model bounds the number itself its validator's "... 400"
    ({"computeConfiguration": {"worker": {"type": "CR.1X", "number": 401}}}, "400"),
    ({"resultConfiguration": {"outputConfiguration": {"member": {"accountId": C}}}}, C),
    ({"sqlParameters": {"queryString": SQL, "parameters": {"x": "1"}}}, "analysisTemplateArn"),
    pytest.param({"queryComputePayerAccountId": B}, "assigned to pay", marks=pytest.mark.skipif(
        not model_has("StartProtectedQueryInput", "queryComputePayerAccountId"),
        reason="this botocore's model has none")),
])
def test_invalid_starts_are_refused(a: Any, data_collaboration: DataCollaboration, change: dict[str, Any],
                                    words: str) -> None:
    error = error_of(start, a, data_collaboration.a_membership, **change)
    assert error["Code"] == "ValidationException" and words in error["Message"]


def test_results_reach_only_allowed_receivers(a: Any, b: Any, data_collaboration: DataCollaboration,
                                              run_query: Callable[..., dict[str, Any]]) -> None:
    d = data_collaboration
    to_b = {"outputConfiguration": {"member": {"accountId": B}}}
    assert run_query(SQL, resultConfiguration=to_b)["result"]["output"] == {"memberList": [{"accountId": B}]}
    a.create_configured_table_association_analysis_rule(
        membershipIdentifier=d.a_membership, configuredTableAssociationIdentifier=d.users_association,
        analysisRuleType="AGGREGATION", analysisRulePolicy={"v1": {"aggregation": {"allowedResultReceivers": [A]}}})
    error = error_of(start, a, d.a_membership, resultConfiguration=to_b)
    assert error["Code"] == "ValidationException" and "allowed result receiver of table users" in error["Message"]
    b.create_configured_table_association_analysis_rule(
        membershipIdentifier=d.b_membership, configuredTableAssociationIdentifier=d.purchases_association,
        analysisRuleType="AGGREGATION", analysisRulePolicy={"v1": {"aggregation": {"allowedResultReceivers": [B]}}})
    error = error_of(start, a, d.a_membership)  # A to S3: B's table does not allow A
    assert "allowed result receiver of table purchases" in error["Message"]


def test_a_receivers_default_result_configuration_is_used(aws: Any, a: Any, b: Any,
                                                          data_collaboration: DataCollaboration,
                                                          run_query: Callable[..., dict[str, Any]]) -> None:
    d = data_collaboration
    b.update_membership(membershipIdentifier=d.b_membership, defaultResultConfiguration=s3_output("b-results", ""))
    query = run_query(SQL, resultConfiguration={"outputConfiguration": {"member": {"accountId": B}}})
    assert aws.data.list_objects("s3://b-results/") == [f"s3://b-results/{query['id']}/part-00000.csv"]
    a.update_membership(membershipIdentifier=d.a_membership, defaultResultConfiguration=s3_output("a-results", "x"))
    own = a.start_protected_query(type="SQL", membershipIdentifier=d.a_membership,
                                  sqlParameters={"queryString": SQL})["protectedQuery"]
    assert own["resultConfiguration"] == s3_output("a-results", "x")


def test_single_file_parquet_output_on_the_spark_engine(aws: Any, a: Any, data_collaboration: DataCollaboration,
                                                        run_query: Callable[..., dict[str, Any]]) -> None:
    output = {"outputConfiguration": {"s3": {"bucket": "results", "keyPrefix": "p", "resultFormat": "PARQUET",
                                             "singleFileOutput": True}}}
    query = run_query(SQL, resultConfiguration=output)
    uri = f"s3://results/p/{query['id']}/result.parquet"
    assert aws.data.list_objects("s3://results/p/") == [uri]
    assert aws.data.get_object(uri)[:4] == b"PAR1"


def test_single_file_output_needs_spark(a: Any, data_collaboration: DataCollaboration) -> None:
    a.update_collaboration(collaborationIdentifier=data_collaboration.collaboration,
                           analyticsEngine="CLEAN_ROOMS_SQL")
    output = {"outputConfiguration": {"s3": {"bucket": "results", "resultFormat": "CSV", "singleFileOutput": True}}}
    error = error_of(start, a, data_collaboration.a_membership, resultConfiguration=output)
    assert error["Code"] == "ValidationException" and "SPARK" in error["Message"]
    assert start(a, data_collaboration.a_membership)["status"] == "SUBMITTED"  # several files are fine


def test_five_ongoing_queries_per_membership(aws: Any, a: Any, data_collaboration: DataCollaboration) -> None:
    aws.lifecycle.mode("manual", kind="protected-query")
    for _ in range(5):
        start(a, data_collaboration.a_membership)
    error = error_of(start, a, data_collaboration.a_membership)
    assert (error["Code"], error["quotaName"], error["quotaValue"]) == (
        "ServiceQuotaExceededException", "Concurrent ongoing queries per membership", 5.0)


def test_a_protected_query_through_boto3_alone_over_glue_and_s3() -> None:
    """moto's Glue and S3 hold the data; the result is read back with the test's own S3 client."""
    from cleanroom_mock import mock_cleanrooms

    with mock_aws(), mock_cleanrooms():
        s3, glue = boto3.client("s3", region_name="us-east-1"), boto3.client("glue", region_name="us-east-1")
        for bucket in ("a-data", "b-data", "a-results"):
            s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket="a-data", Key="users/part-0.csv",
                      Body="user_id,segment\n" + "".join(f"u{i},{'x' if i % 2 else 'y'}\n" for i in range(40)))
        s3.put_object(Bucket="b-data", Key="orders/part-0.json",
                      Body="".join(f'{{"user_id": "u{i}", "total": {i}}}\n' for i in range(0, 60, 3)))
        glue.create_database(DatabaseInput={"Name": "db"})
        glue.create_table(DatabaseName="db", TableInput={
            "Name": "users", "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {"Columns": [{"Name": "user_id", "Type": "string"},
                                              {"Name": "segment", "Type": "string"}],
                                  "Location": "s3://a-data/users/"}})
        glue.create_table(DatabaseName="db", TableInput={
            "Name": "orders", "Parameters": {"classification": "json"},
            "StorageDescriptor": {"Columns": [{"Name": "user_id", "Type": "string"},
                                              {"Name": "total", "Type": "bigint"}],
                                  "Location": "s3://b-data/orders/"}})
        a, b = client(A), client(B)
        collaboration = create_collaboration(a, [member(B)], creatorMemberAbilities=["CAN_QUERY",
                                                                                     "CAN_RECEIVE_RESULTS"])["id"]
        a_membership, b_membership = join(a, collaboration)["id"], join(b, collaboration)["id"]
        rule = {"joinColumns": ["user_id"], "dimensionColumns": [], "scalarFunctions": [],
                "outputConstraints": [{"columnName": "user_id", "minimum": 2, "type": "COUNT_DISTINCT"}]}
        for caller, account, membership, table, columns, extra in (
                (a, A, a_membership, "users", ["user_id", "segment"], {"dimensionColumns": ["segment"]}),
                (b, B, b_membership, "orders", ["user_id", "total"], {})):
            table_id = caller.create_configured_table(
                name=table, tableReference={"glue": {"databaseName": "db", "tableName": table}},
                allowedColumns=columns, analysisMethod="DIRECT_QUERY")["configuredTable"]["id"]
            aggregate = "total" if table == "orders" else "user_id"
            caller.create_configured_table_analysis_rule(
                configuredTableIdentifier=table_id, analysisRuleType="AGGREGATION", analysisRulePolicy={"v1": {
                    "aggregation": {**rule, **extra, "aggregateColumns": [
                        {"columnNames": [aggregate], "function": "SUM" if table == "orders" else "COUNT_DISTINCT"}]}}})
            caller.create_configured_table_association(
                name=table, membershipIdentifier=membership, configuredTableIdentifier=table_id,
                roleArn=f"arn:aws:iam::{account}:role/r")

        def spend_to(bucket: str) -> dict[str, Any]:
            query = a.start_protected_query(
                type="SQL", membershipIdentifier=a_membership,
                sqlParameters={"queryString": "SELECT u.segment, SUM(o.total) AS spent FROM users u JOIN orders o "
                                              "ON u.user_id = o.user_id GROUP BY u.segment"},
                resultConfiguration=s3_output(bucket, "out"))["protectedQuery"]
            return dict(a.get_protected_query(membershipIdentifier=a_membership,
                                              protectedQueryIdentifier=query["id"])["protectedQuery"])

        done = spend_to("a-results")
        assert done["status"] == "SUCCESS", done.get("error")
        key = f"out/{done['id']}/part-00000.csv"
        lines = s3.get_object(Bucket="a-results", Key=key)["Body"].read().decode().splitlines()
        expected = {"x": sum(i for i in range(0, 40, 3) if i % 2), "y": sum(i for i in range(0, 40, 3) if not i % 2)}
        assert lines[0] == "segment,spent"
        assert {line.split(",")[0]: int(line.split(",")[1]) for line in lines[1:]} == expected

        # A result bucket that does not exist: the query FAILS.
        failed = spend_to("no-such-bucket")
        assert (failed["status"], failed["error"]["code"]) == ("FAILED", "RESOURCE_NOT_FOUND")
