"""Analysis template parameters: which ``:name`` placeholders a text has, and rendering them as typed literals."""

from __future__ import annotations

import pytest

from cleanroom_mock.cleanrooms.sql import (
    QueryRefused,
    Template,
    check_query,
    render_template,
    run_query,
    template_parameters,
)

from .conftest import PURCHASES, A

ARN = f"arn:aws:cleanrooms:us-east-1:{A}:membership/m-1/analysistemplate/t-1"
TEXT = """
SELECT category, COUNT(*) AS purchases FROM purchases
WHERE amount >= :minimum AND category = :category AND :flag -- :not_a_parameter
GROUP BY category
"""
PARAMETERS = [
    {"name": "minimum", "type": "DOUBLE", "defaultValue": "50"},
    {"name": "category", "type": "VARCHAR"},
    {"name": "flag", "type": "BOOLEAN", "defaultValue": "true"},
]


def test_the_parameters_a_text_references_skip_literals_comments_and_casts():
    text = "SELECT :a, ':b', \":c\", x::int, :a /* :d */ FROM t WHERE y = :e -- :f\nAND z = :g"
    assert template_parameters(text) == ["a", "e", "g"]
    assert template_parameters(TEXT) == ["minimum", "category", "flag"]


def test_defaults_and_overrides_become_typed_literals_and_the_query_runs(make_tables):
    rule = {"allowedAnalyses": [ARN]}
    tables = make_tables("CUSTOM", rule, rule)
    template = Template(arn=ARN, text=TEXT, parameters=PARAMETERS)

    defaults = render_template(template, {"category": "books"})
    assert "amount >= 50 AND category = 'books' AND TRUE" in defaults
    check_query(defaults, tables, runner_account=A, template=template)
    assert run_query(defaults, tables).rows == [
        ("books", sum(1 for _, amount, category in PURCHASES if category == "books" and amount >= 50))
    ]

    overridden = render_template(template, {"category": "games", "minimum": "90.5", "flag": "FALSE"})
    assert "amount >= 90.5 AND category = 'games' AND FALSE" in overridden
    assert run_query(overridden, tables).rows == []


def test_string_values_are_quoted_not_spliced():
    template = Template(
        arn=ARN, text="SELECT * FROM t WHERE name = :name", parameters=[{"name": "name", "type": "STRING"}]
    )
    assert render_template(template, {"name": "x' OR '1'='1"}) == "SELECT * FROM t WHERE name = 'x'' OR ''1''=''1'"


@pytest.mark.parametrize(
    ("kind", "value", "literal"),
    [
        ("INTEGER", " 42 ", "42"),
        ("BIGINT", "-7", "-7"),
        ("DECIMAL", "1.50", "1.50"),
        ("DATE", "2024-02-29", "CAST('2024-02-29' AS DATE)"),
        ("TIMESTAMP", "2024-02-29 10:00:00", "CAST('2024-02-29 10:00:00' AS TIMESTAMP)"),
        ("CHAR", "a", "'a'"),
    ],
)
def test_each_type_has_its_literal(kind, value, literal):
    template = Template(arn=ARN, text="SELECT :v", parameters=[{"name": "v", "type": kind}])
    assert render_template(template, {"v": value}) == f"SELECT {literal}"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "Parameter category has no value"),
        ({"category": "books", "minimum": "lots"}, "'lots' of parameter minimum is not a valid DOUBLE"),
        ({"category": "books", "flag": "maybe"}, "not a valid BOOLEAN"),
        ({"category": "books", "region": "eu"}, "Parameter region is not a parameter of the analysis template"),
    ],
)
def test_missing_unknown_and_mistyped_values_are_refused(values, message):
    template = Template(arn=ARN, text=TEXT, parameters=PARAMETERS)
    with pytest.raises(QueryRefused) as refused:
        render_template(template, values)
    assert message in refused.value.message


@pytest.mark.parametrize(("kind", "value"), [("INTEGER", "4.5"), ("DATE", "2024-02-30"), ("DOUBLE", "nan")])
def test_values_not_of_the_declared_type_are_refused(kind, value):
    template = Template(arn=ARN, text="SELECT :v", parameters=[{"name": "v", "type": kind}])
    with pytest.raises(QueryRefused, match=f"not a valid {kind}"):
        render_template(template, {"v": value})


def test_a_placeholder_the_template_does_not_declare_is_refused():
    with pytest.raises(QueryRefused, match="does not declare"):
        render_template(Template(arn=ARN, text="SELECT :undeclared"), {})
