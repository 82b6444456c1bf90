"""Filters (data/filters.py)."""

from __future__ import annotations

import copy

import pytest

from ..support import ITEMS_SCHEMA, client, error_of, make_dataset, new_group


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
def test_create_filter_accepts_documented_expressions(personalize_store, personalize_mock, group, expression):
    pz = client()
    arn = pz.create_filter(name="f", datasetGroupArn=group, filterExpression=expression)["filterArn"]
    described = pz.describe_filter(filterArn=arn)["filter"]
    assert (described["filterExpression"], described["status"], described["datasetGroupArn"]) == (
        expression,
        "ACTIVE",
        group,
    )
    assert personalize_store.filters.get(arn).expression.expressions[0].action in ("INCLUDE", "EXCLUDE")


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
    arn = new_group(pz)
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
    arn = new_group(pz)
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
