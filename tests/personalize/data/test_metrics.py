"""Metric attributions (data/metrics.py)."""

from __future__ import annotations

import pytest

from ..support import ROLE, client, error_of, new_group

OUTPUT = {"s3DataDestination": {"path": "s3://metrics/out"}, "roleArn": ROLE}


def test_metric_attribution_lifecycle(personalize_mock, group):
    pz = client()
    metrics = [
        {"eventType": "click", "metricName": "clicks", "expression": "SAMPLECOUNT()"},
        {"eventType": "buy", "metricName": "revenue", "expression": "SUM(Items.PRICE)"},
    ]
    arn = pz.create_metric_attribution(name="attr", datasetGroupArn=group, metrics=metrics, metricsOutputConfig=OUTPUT)[
        "metricAttributionArn"
    ]
    described = pz.describe_metric_attribution(metricAttributionArn=arn)["metricAttribution"]
    assert (described["status"], described["datasetGroupArn"]) == ("ACTIVE", group)
    assert described["metricsOutputConfig"] == OUTPUT
    assert pz.list_metric_attribution_metrics(metricAttributionArn=arn)["metrics"] == metrics
    with pytest.raises(pz.exceptions.LimitExceededException):
        pz.create_metric_attribution(name="attr2", datasetGroupArn=group, metrics=metrics, metricsOutputConfig=OUTPUT)

    pz.update_metric_attribution(
        metricAttributionArn=arn,
        removeMetrics=["clicks"],
        addMetrics=[{"eventType": "watch", "metricName": "value", "expression": "SUM(Interactions.EVENT_VALUE)"}],
    )
    names = [m["metricName"] for m in pz.list_metric_attribution_metrics(metricAttributionArn=arn)["metrics"]]
    assert names == ["revenue", "value"]
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        pz.update_metric_attribution(metricAttributionArn=arn, addMetrics=[metrics[1]])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.update_metric_attribution(metricAttributionArn=arn, removeMetrics=["unknown"])
    page = pz.list_metric_attribution_metrics(metricAttributionArn=arn, maxResults=1)
    assert len(page["metrics"]) == 1 and page["nextToken"]
    assert [m["name"] for m in pz.list_metric_attributions(datasetGroupArn=group)["metricAttributions"]] == ["attr"]
    pz.delete_metric_attribution(metricAttributionArn=arn)
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_metric_attribution(metricAttributionArn=arn)


@pytest.mark.parametrize(
    "expression",
    ["SUM(Items.GENRE)", "SUM(Items.NOPE)", "AVG(Items.PRICE)", "SUM(Users.AGE)"],
)
def test_metric_attribution_rejects_bad_expressions(personalize_mock, group, expression):
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.create_metric_attribution(
            name="a",
            datasetGroupArn=group,
            metrics=[{"eventType": "buy", "metricName": "m", "expression": expression}],
            metricsOutputConfig=OUTPUT,
        )


def test_metric_attribution_limits_and_requirements(personalize_mock, group):
    pz = client()
    eleven = [{"eventType": "e", "metricName": f"m{i}", "expression": "SAMPLECOUNT()"} for i in range(11)]
    arn = pz.create_metric_attribution(
        name="a", datasetGroupArn=group, metrics=eleven[:10], metricsOutputConfig=OUTPUT
    )["metricAttributionArn"]
    # The model caps one call at 10; this adds up to 11. UpdateMetricAttribution declares no LimitExceeded.
    with pytest.raises(pz.exceptions.InvalidInputException, match="at most 10 metrics"):
        pz.update_metric_attribution(metricAttributionArn=arn, addMetrics=eleven[10:])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.update_metric_attribution(
            metricAttributionArn=arn, removeMetrics=["m0", "m1"], addMetrics=[eleven[10], eleven[10]]
        )
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        pz.update_metric_attribution(metricAttributionArn=arn, removeMetrics=["m0"], addMetrics=[eleven[1]])
    bare = new_group(pz, "bare")
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_metric_attribution(name="b", datasetGroupArn=bare, metrics=eleven[:1], metricsOutputConfig=OUTPUT)
    assert "EVENT_TYPE" in error_of(exc)[1]
    unchecked = client(validate=False)
    with pytest.raises(unchecked.exceptions.InvalidInputException):
        unchecked.update_metric_attribution(removeMetrics=["m0"])
    with pytest.raises(unchecked.exceptions.InvalidInputException):
        unchecked.list_metric_attribution_metrics()
