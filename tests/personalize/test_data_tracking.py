"""Event trackers, filters, metric attributions and tagging on the Personalize data side."""

from __future__ import annotations

import copy

import pytest

from .test_data_support import (
    INTERACTIONS_SCHEMA,
    ITEMS_SCHEMA,
    ROLE,
    USERS_SCHEMA,
    backend,
    client,
    error_of,
    make_dataset,
    make_group,
    make_schema,
)

OUTPUT = {"s3DataDestination": {"path": "s3://metrics/out"}, "roleArn": ROLE}


@pytest.fixture
def group(personalize_mock):
    pz = client()
    arn = make_group(pz)
    make_dataset(pz, arn, "Interactions", INTERACTIONS_SCHEMA)
    make_dataset(pz, arn, "Items", ITEMS_SCHEMA)
    make_dataset(pz, arn, "Users", USERS_SCHEMA)
    return arn


# --- event trackers ----------------------------------------------------------------------------------------


def test_event_tracker_lifecycle_and_lookup(personalize_mock, group):
    pz = client()
    created = pz.create_event_tracker(name="clicks", datasetGroupArn=group, tags=[{"tagKey": "team", "tagValue": "a"}])
    tracker = pz.describe_event_tracker(eventTrackerArn=created["eventTrackerArn"])["eventTracker"]
    assert tracker["trackingId"] == created["trackingId"] and len(created["trackingId"]) == 36
    assert (tracker["status"], tracker["accountId"], tracker["datasetGroupArn"]) == ("ACTIVE", "123456789012", group)
    state = backend(personalize_mock)
    found = state.event_tracker_by_tracking_id(created["trackingId"])
    assert found.arn == created["eventTrackerArn"]
    assert state.datasets_of(found.dataset_group_arn)["INTERACTIONS"].dataset_type == "INTERACTIONS"
    assert state.event_tracker_by_tracking_id("nope") is None

    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException) as exc:
        pz.create_event_tracker(name="second", datasetGroupArn=group)
    assert created["eventTrackerArn"] in error_of(exc)[1]
    listed = pz.list_event_trackers(datasetGroupArn=group)["eventTrackers"]
    assert [t["name"] for t in listed] == ["clicks"]
    pz.delete_event_tracker(eventTrackerArn=created["eventTrackerArn"])
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.describe_event_tracker(eventTrackerArn=created["eventTrackerArn"])
    assert pz.create_event_tracker(name="second", datasetGroupArn=group)["trackingId"] != created["trackingId"]
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_event_tracker(name="third", datasetGroupArn=group + "x")


# --- filters -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "buy")',
        "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)",
        "INCLUDE ItemID WHERE Items.PRICE <= $PRICE",
        'INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
        "EXCLUDE UserID WHERE Users.AGE < $AGE",
        "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) IF CurrentUser.AGE = $AGE",
    ],
)
def test_create_filter_accepts_documented_expressions(personalize_mock, group, expression):
    pz = client()
    arn = pz.create_filter(name="f", datasetGroupArn=group, filterExpression=expression)["filterArn"]
    described = pz.describe_filter(filterArn=arn)["filter"]
    assert (described["filterExpression"], described["status"], described["datasetGroupArn"]) == (
        expression,
        "ACTIVE",
        group,
    )
    assert backend(personalize_mock).filters.get(arn).expression.expressions[0].action in ("INCLUDE", "EXCLUDE")


@pytest.mark.parametrize(
    "expression, fragment",
    [
        ("INCLUDE ItemID WHERE", "Invalid"),
        ("EXCLUDE ItemID WHERE Items.GENRE NOT IN ($GENRE)", "$GENRE"),
        ("INCLUDE ItemID WHERE Items.COLOR IN ($C)", "COLOR"),
        ('INCLUDE ItemID WHERE Items.GENRE IN ("a") AND Interactions.EVENT_TYPE IN ("click")', "Interactions"),
        ("INCLUDE ItemID WHERE Actions.VALUE > 3", "Actions"),
    ],
)
def test_create_filter_rejects_bad_expressions(personalize_mock, group, expression, fragment):
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_filter(name="f", datasetGroupArn=group, filterExpression=expression)
    assert fragment in error_of(exc)[1]
    assert pz.list_filters()["Filters"] == []


def test_filter_on_boolean_field_is_rejected(personalize_mock):
    pz = client()
    arn = make_group(pz)
    items = copy.deepcopy(ITEMS_SCHEMA)
    items["fields"].append({"name": "ADULT", "type": "boolean"})
    make_dataset(pz, arn, "Items", items)
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_filter(name="f", datasetGroupArn=arn, filterExpression='EXCLUDE ItemID WHERE Items.ADULT IN ("true")')
    assert error_of(exc)[1].startswith("Could not create filter. Invalid Expression")


def test_filter_quotas_and_rules(personalize_mock, group):
    pz = client()
    for index in range(30):
        pz.create_filter(
            name=f"f{index}", datasetGroupArn=group, filterExpression="INCLUDE ItemID WHERE Items.PRICE > $P"
        )
    with pytest.raises(pz.exceptions.LimitExceededException):
        pz.create_filter(name="f30", datasetGroupArn=group, filterExpression="INCLUDE ItemID WHERE Items.PRICE > $P")
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        pz.create_filter(name="f0", datasetGroupArn=group, filterExpression="INCLUDE ItemID WHERE Items.PRICE > 1")
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.create_filter(name="g", datasetGroupArn=group + "x", filterExpression="INCLUDE ItemID WHERE Items.PRICE > 1")
    page = pz.list_filters(datasetGroupArn=group, maxResults=25)
    assert len(page["Filters"]) == 25
    assert len(pz.list_filters(datasetGroupArn=group, nextToken=page["nextToken"])["Filters"]) == 5
    pz.delete_filter(filterArn=page["Filters"][0]["filterArn"])
    with pytest.raises(pz.exceptions.ResourceNotFoundException):
        pz.delete_filter(filterArn=page["Filters"][0]["filterArn"])


def test_distinct_filter_fields_per_group_limit(personalize_mock):
    pz = client()
    arn = make_group(pz)
    items = copy.deepcopy(ITEMS_SCHEMA)
    items["fields"] += [{"name": f"F{i}", "type": "float"} for i in range(22)]
    make_dataset(pz, arn, "Items", items)
    for start in (0, 10):
        fields = " AND ".join(f"Items.F{i} > 1" for i in range(start, start + 10))
        pz.create_filter(name=f"f{start}", datasetGroupArn=arn, filterExpression=f"INCLUDE ItemID WHERE {fields}")
    with pytest.raises(pz.exceptions.LimitExceededException) as exc:
        pz.create_filter(name="f21", datasetGroupArn=arn, filterExpression="INCLUDE ItemID WHERE Items.F20 > 1")
    assert "21 distinct dataset fields" in error_of(exc)[1]
    pz.create_filter(name="reuse", datasetGroupArn=arn, filterExpression="INCLUDE ItemID WHERE Items.F3 > 2")


# --- metric attributions -----------------------------------------------------------------------------------


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
    with pytest.raises(pz.exceptions.LimitExceededException):  # the model caps one call at 10; this adds up to 11
        pz.update_metric_attribution(metricAttributionArn=arn, addMetrics=eleven[10:])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.update_metric_attribution(
            metricAttributionArn=arn, removeMetrics=["m0", "m1"], addMetrics=[eleven[10], eleven[10]]
        )
    with pytest.raises(pz.exceptions.ResourceAlreadyExistsException):
        pz.update_metric_attribution(metricAttributionArn=arn, removeMetrics=["m0"], addMetrics=[eleven[1]])
    bare = make_group(pz, "bare")
    with pytest.raises(pz.exceptions.InvalidInputException) as exc:
        pz.create_metric_attribution(name="b", datasetGroupArn=bare, metrics=eleven[:1], metricsOutputConfig=OUTPUT)
    assert "EVENT_TYPE" in error_of(exc)[1]
    unchecked = client(validate=False)
    with pytest.raises(unchecked.exceptions.InvalidInputException):
        unchecked.update_metric_attribution(removeMetrics=["m0"])
    with pytest.raises(unchecked.exceptions.InvalidInputException):
        unchecked.list_metric_attribution_metrics()


# --- tags --------------------------------------------------------------------------------------------------


def test_tags_on_every_taggable_data_resource(personalize_mock, group):
    pz = client()
    dataset = pz.list_datasets(datasetGroupArn=group)["datasets"][0]["datasetArn"]
    pz.tag_resource(resourceArn=group, tags=[{"tagKey": "env", "tagValue": "test"}, {"tagKey": "a", "tagValue": "1"}])
    pz.tag_resource(resourceArn=group, tags=[{"tagKey": "a", "tagValue": "2"}])
    assert pz.list_tags_for_resource(resourceArn=group)["tags"] == [
        {"tagKey": "env", "tagValue": "test"},
        {"tagKey": "a", "tagValue": "2"},
    ]
    pz.untag_resource(resourceArn=group, tagKeys=["env", "never-set"])
    assert pz.list_tags_for_resource(resourceArn=group)["tags"] == [{"tagKey": "a", "tagValue": "2"}]
    pz.tag_resource(resourceArn=dataset, tags=[{"tagKey": "k", "tagValue": "v"}])
    assert pz.list_tags_for_resource(resourceArn=dataset)["tags"] == [{"tagKey": "k", "tagValue": "v"}]
    filter_arn = pz.create_filter(
        name="f",
        datasetGroupArn=group,
        filterExpression="INCLUDE ItemID WHERE Items.PRICE > 1",
        tags=[{"tagKey": "owner", "tagValue": "me"}],
    )["filterArn"]
    assert pz.list_tags_for_resource(resourceArn=filter_arn)["tags"] == [{"tagKey": "owner", "tagValue": "me"}]
    store = backend(personalize_mock)
    data_tables = [store.dataset_groups, store.schemas, store.datasets, store.import_jobs, store.export_jobs,
                   store.deletion_jobs, store.event_trackers, store.filters, store.metric_attributions]
    assert len([t for t in data_tables if any(t is taggable for taggable in store.taggable_tables())]) == 7


def test_tag_rules(personalize_mock, group):
    pz = client()
    fifty = [{"tagKey": f"k{i}", "tagValue": "v"} for i in range(50)]
    pz.tag_resource(resourceArn=group, tags=fifty)
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.tag_resource(resourceArn=group, tags=[{"tagKey": "one-more", "tagValue": "v"}])
    with pytest.raises(pz.exceptions.TooManyTagsException):
        pz.create_dataset_group(name="tagged", tags=fifty + [{"tagKey": "x", "tagValue": "y"}])
    with pytest.raises(pz.exceptions.TooManyTagKeysException):
        pz.untag_resource(resourceArn=group, tagKeys=[f"k{i}" for i in range(51)])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.tag_resource(resourceArn=group, tags=[{"tagKey": "aws:reserved", "tagValue": "v"}])
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.tag_resource(resourceArn=group, tags=[{"tagKey": "k", "tagValue": "aws:reserved"}])
    with pytest.raises(pz.exceptions.ResourceNotFoundException) as exc:
        pz.list_tags_for_resource(resourceArn=group + "x")
    assert error_of(exc)[1] == f"Resource Arn {group}x does not exist."
    schema = make_schema(pz, "lonely", USERS_SCHEMA)
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.tag_resource(resourceArn=schema, tags=[{"tagKey": "k", "tagValue": "v"}])


def test_list_operations_page_and_reject_foreign_tokens(personalize_mock, group):
    pz = client()
    page = pz.list_datasets(datasetGroupArn=group, maxResults=2)
    rest = pz.list_datasets(datasetGroupArn=group, maxResults=2, nextToken=page["nextToken"])
    assert len(page["datasets"]) == 2 and len(rest["datasets"]) == 1 and "nextToken" not in rest
    for call in (
        pz.list_schemas,
        pz.list_event_trackers,
        pz.list_filters,
        pz.list_metric_attributions,
        pz.list_dataset_import_jobs,
        pz.list_dataset_export_jobs,
        pz.list_data_deletion_jobs,
    ):
        with pytest.raises(pz.exceptions.InvalidNextTokenException):
            call(nextToken=page["nextToken"])
