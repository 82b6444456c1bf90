"""Tests for cleanroom_mock.personalize.filter_expression (spec §5 and §1.4)."""

from __future__ import annotations

import json

import pytest

from cleanroom_mock.personalize.avro_schema import ParsedSchema, parse_schema
from cleanroom_mock.personalize.filter_expression import (
    compile_filter,
    parse_filter_expression,
    parse_filter_value,
    validate_filter_expression,
)
from cleanroom_mock.personalize.filter_expression.nodes import (
    Condition,
    CurrentItemRef,
    Expression,
    FieldRef,
    FilterExpression,
    FilterExpressionError,
    NumberLiteral,
    Placeholder,
    ValueList,
    Wildcard,
)


def _schema(name: str, *fields: tuple) -> ParsedSchema:
    rendered = [{"name": n, "type": t, **attrs} for n, t, attrs in fields]
    return parse_schema(json.dumps({"type": "record", "name": name, "fields": rendered}))


CAT = {"categorical": True}
SCHEMAS: dict[str, ParsedSchema] = {
    "Interactions": _schema(
        "Interactions",
        ("USER_ID", "string", {}),
        ("ITEM_ID", "string", {}),
        ("TIMESTAMP", "long", {}),
        ("EVENT_TYPE", "string", {}),
        ("EVENT_VALUE", ["null", "float"], {}),
    ),
    "Items": _schema(
        "Items",
        ("ITEM_ID", "string", {}),
        ("GENRE", "string", CAT),
        ("PRICE", "float", {}),
        ("CREATION_TIMESTAMP", "long", {}),
        ("CATEGORY_L1", "string", CAT),
        ("CATEGORY_L2", ["null", "string"], CAT),
        ("DESCRIPTION", ["null", "string"], {"textual": True}),
        ("IS_NEW", "boolean", {}),
        ("BRAND", "string", {}),
        *((f"M{i}", "int", {}) for i in range(10)),
    ),
    "Users": _schema(
        "Users",
        ("USER_ID", "string", {}),
        ("AGE", "int", {}),
        ("MEMBERSHIP_STATUS", "string", CAT),
        ("VIP", "boolean", {}),
    ),
    "Actions": _schema(
        "Actions",
        ("ACTION_ID", "string", {}),
        ("VALUE", ["null", "long"], {}),
        ("EXPIRATION_TIMESTAMP", ["null", "long"], {}),
        ("REPEAT_FREQUENCY", ["null", "long"], {}),
        ("CATEGORY", "string", CAT),
    ),
    "Action_Interactions": _schema(
        "Action_Interactions",
        ("USER_ID", "string", {}),
        ("ACTION_ID", "string", {}),
        ("EVENT_TYPE", "string", {}),
        ("TIMESTAMP", "long", {}),
    ),
}

# spec §5.3, verbatim from the AWS example pages.
DOCUMENTED_EXAMPLES = [
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "stream")',
    "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)",
    "INCLUDE ItemID WHERE Items.PRICE <= $PRICE",
    "INCLUDE ItemID WHERE Items.CREATION_TIMESTAMP < $DATE",
    "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.GENRE IN CurrentItem.GENRE",
    'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("shoe") AND Items.CATEGORY_L2 NOT IN ("boot")',
    "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) IF CurrentUser.AGE = $AGE",
    "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE) | "
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "stream")',
    "INCLUDE UserID WHERE Users.MEMBERSHIP_STATUS IN ($MEMBERSHIP)",
    "EXCLUDE UserID WHERE Users.AGE < $AGE",
    'EXCLUDE ActionID WHERE Action_Interactions.EVENT_TYPE IN ("NOT_TAKEN")',
    "INCLUDE ActionID WHERE Actions.VALUE > ($VALUE)",
    # Older filter-expressions page examples.
    'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")',
    "EXCLUDE ItemID WHERE Items.M1 < 20 IF CurrentUser.AGE > 18 AND CurrentUser.AGE < 30",
]


def parse_valid(text: str) -> FilterExpression:
    """The expression as CreateFilter stores it: parsed, checked, fields named as the schemas spell them."""
    return validate_filter_expression(parse_filter_expression(text), SCHEMAS)


def rejection(text: str, schemas: dict[str, ParsedSchema] = SCHEMAS) -> str:
    with pytest.raises(FilterExpressionError) as info:
        validate_filter_expression(parse_filter_expression(text), schemas)
    return info.value.message


# ---------------------------------------------------------------- parsing


class TestParsing:
    @pytest.mark.parametrize("text", DOCUMENTED_EXAMPLES)
    def test_documented_examples_parse_and_validate(self, text: str) -> None:
        parse_valid(text)

    def test_ast_of_a_full_expression(self) -> None:
        parsed = parse_filter_expression(
            'INCLUDE ItemID WHERE Items.GENRE IN ("a", $G, *) AND Items.PRICE >= -1.5 '
            "OR Items.PRICE < CurrentItem.PRICE "
            "IF CurrentUser.AGE != ($AGE)"
        )
        genre = Condition(FieldRef("Items", "GENRE"), "IN", ValueList(("a", Placeholder("G"), Wildcard())))
        price = Condition(FieldRef("Items", "PRICE"), ">=", NumberLiteral(-1.5, "-1.5"))
        related = Condition(FieldRef("Items", "PRICE"), "<", CurrentItemRef("PRICE"))
        age = Condition(FieldRef("Users", "AGE"), "!=", Placeholder("AGE"))
        assert parsed == FilterExpression((Expression("INCLUDE", "ItemID", ((genre, price), (related,)), (age,)),))
        assert parsed.target == "ItemID"
        assert parsed.placeholders == {"G", "AGE"}
        assert parsed.fields == {("Items", "GENRE"), ("Items", "PRICE"), ("Users", "AGE")}

    def test_placeholders_and_fields_across_pipes(self) -> None:
        parsed = parse_filter_expression(DOCUMENTED_EXAMPLES[7])
        assert [e.action for e in parsed.expressions] == ["INCLUDE", "EXCLUDE"]
        assert parsed.placeholders == {"GENRE"}
        assert parsed.fields == {("Items", "GENRE"), ("Interactions", "EVENT_TYPE")}

    def test_keywords_and_dataset_names_are_case_insensitive(self) -> None:
        # AWS's own SDK example on the filter-real-time page.
        parsed = parse_filter_expression('EXCLUDE itemId WHERE INTERACTIONS.EVENT_TYPE in ("Purchase")')
        condition = parsed.expressions[0].conditions[0]
        assert parsed.target == "ItemID"
        assert condition.field == FieldRef("Interactions", "EVENT_TYPE")
        assert condition.operator == "IN"

    @pytest.mark.parametrize(
        "text, fragment",
        [
            ("", "empty"),
            ('KEEP ItemID WHERE Items.GENRE IN ("a")', "expected INCLUDE or EXCLUDE at position 0"),
            ('INCLUDE Items WHERE Items.GENRE IN ("a")', "expected ItemID, UserID or ActionID"),
            ('INCLUDE ItemID Items.GENRE IN ("a")', "expected WHERE after ItemID at position 15"),
            ('INCLUDE ItemID WHERE Things.GENRE IN ("a")', "expected a dataset field"),
            ('INCLUDE ItemID WHERE Items GENRE IN ("a")', "expected '.' after Items"),
            ('INCLUDE ItemID WHERE Items.GENRE LIKE ("a")', "expected IN, NOT IN or a comparison operator"),
            ('INCLUDE ItemID WHERE Items.GENRE NOT ("a")', "expected IN after NOT"),
            ("INCLUDE ItemID WHERE Items.GENRE IN ()", 'expected a "quoted value"'),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a"', "expected ',' or ')'"),
            ('INCLUDE ItemID WHERE Items.GENRE IN "a"', "expected '(' after IN"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a)', "unterminated string"),
            ('INCLUDE ItemID WHERE Items.PRICE < "5"', "expected a number or a $placeholder"),
            ("INCLUDE ItemID WHERE Items.PRICE < ($P", "expected ')'"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") EXTRA', "expected AND, OR, IF, | or the end"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") |', "expected INCLUDE or EXCLUDE"),
            (
                'INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.AGE > 1 OR CurrentUser.AGE < 5',
                "only be extended with AND",
            ),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.AGE > 1 IF CurrentUser.AGE < 5', "only once"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") IF Users.AGE > 1', "must test CurrentUser"),
            ("INCLUDE ItemID WHERE CurrentUser.AGE > 1", "only be used in an IF condition"),
            ("INCLUDE ItemID WHERE Items.GENRE IN ('a')", "unexpected character"),
            ("INCLUDE ItemID WHERE Items.GENRE IN ($)", "unexpected character '$'"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") | INCLUDE UserID WHERE Users.AGE > 1', "same target"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.AGE IN CurrentItem.GENRE', "CurrentItem can't"),
        ],
    )
    def test_syntax_errors_name_the_problem(self, text: str, fragment: str) -> None:
        with pytest.raises(FilterExpressionError) as info:
            parse_filter_expression(text)
        assert info.value.message.startswith("Could not create filter. Invalid Expression")
        assert fragment in info.value.message


# ---------------------------------------------------------------- validation (spec §5.2)


class TestValidation:
    def test_placeholder_with_not_in_uses_the_documented_message(self) -> None:
        assert rejection("EXCLUDE ItemID WHERE Items.GENRE NOT IN ($parameterName)") == (
            "Could not create filter. Invalid input symbol: $parameterName. "
            "Placeholders are not allowed with NOT_IN operator."
        )
        assert "Placeholders are not allowed" in rejection(
            'INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.MEMBERSHIP_STATUS NOT IN ($M)'
        )

    @pytest.mark.parametrize(
        "text, fragment",
        [
            ('INCLUDE ItemID WHERE Items.IS_NEW IN ("True")', "boolean field"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.VIP IN ("true")', "boolean field"),
            ('EXCLUDE ItemID WHERE Items.DESCRIPTION IN ("x")', "textual field"),
            ("INCLUDE ItemID WHERE Items.GENRE IN (*)", "* can only be used with the EVENT_TYPE"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("*")', "* can only be used with the EVENT_TYPE"),
            ("EXCLUDE ItemID WHERE Interactions.EVENT_VALUE > 3", "can only use the EVENT_TYPE field"),
            ('EXCLUDE ItemID WHERE Interactions.USER_ID IN ("u1")', "can only use the EVENT_TYPE field"),
            (
                'EXCLUDE ItemID WHERE Items.GENRE IN ("a") AND Interactions.EVENT_TYPE IN ("click")',
                "Items and Interactions datasets can't be combined",
            ),
            (
                'EXCLUDE ActionID WHERE Action_Interactions.EVENT_TYPE IN ("x") OR Actions.CATEGORY IN ("y")',
                "can't be combined in one expression",
            ),
            (
                'EXCLUDE UserID WHERE Users.MEMBERSHIP_STATUS IN ("a") AND Interactions.EVENT_TYPE IN ("x")',
                "can't be combined",
            ),
            ('INCLUDE UserID WHERE Items.GENRE IN ("a")', "can't be used in a UserID filter"),
            ("INCLUDE ItemID WHERE Users.AGE > 3", "can't be used in a ItemID filter"),
            ('INCLUDE ActionID WHERE Items.GENRE IN ("a")', "ActionID filters use the Actions or Action_Interactions"),
            ('INCLUDE ItemID WHERE Items.COLOR IN ("red")', "COLOR is not a field of the Items dataset schema"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.HEIGHT > 3', "HEIGHT is not a field"),
            ("INCLUDE ItemID WHERE Items.PRICE < CurrentItem.COST", "COST is not a field"),
            ("INCLUDE ItemID WHERE Items.GENRE = 3", "comparison operators need a numeric field"),
            ("INCLUDE ItemID WHERE Items.GENRE < CurrentItem.PRICE", "comparison operators need a numeric field"),
            ("INCLUDE ItemID WHERE Items.PRICE < CurrentItem.GENRE", "comparison operators need a numeric field"),
            ("INCLUDE ItemID WHERE Items.GENRE IN CurrentItem.DESCRIPTION", "boolean or textual"),
            ('INCLUDE ItemID WHERE Items.GENRE IN ("a") IF CurrentUser.MEMBERSHIP_STATUS > 1', "numeric field"),
            ("INCLUDE ActionID WHERE Actions.EXPIRATION_TIMESTAMP > 5", "applied automatically"),
            ("INCLUDE ActionID WHERE Actions.REPEAT_FREQUENCY > 5", "applied automatically"),
            ("INCLUDE ActionID WHERE Actions.VALUE > CurrentItem.PRICE", "CurrentItem.PRICE can only be compared"),
            ("INCLUDE UserID WHERE Users.AGE > 3 IF CurrentUser.AGE > 1", "can't be used in a UserID filter"),
        ],
    )
    def test_constraint_violations_are_rejected(self, text: str, fragment: str) -> None:
        message = rejection(text)
        assert message.startswith("Could not create filter. Invalid Expression")
        assert fragment in message

    @pytest.mark.parametrize(
        "text, field",
        [
            # aws-samples/retail-demo-store's shapes, which run on AWS against upper-case schema fields.
            ('EXCLUDE ItemID WHERE INTERACTIONS.event_type IN ("Purchase")', FieldRef("Interactions", "EVENT_TYPE")),
            ("INCLUDE ItemID WHERE Items.creation_timestamp > 1633240824", FieldRef("Items", "CREATION_TIMESTAMP")),
            ('EXCLUDE ItemID WHERE ITEMS.category_l1 NOT IN ("food service")', FieldRef("Items", "CATEGORY_L1")),
            ("INCLUDE UserID WHERE users.Membership_Status IN ($M)", FieldRef("Users", "MEMBERSHIP_STATUS")),
        ],
    )
    def test_field_names_match_the_schema_ignoring_case(self, text: str, field: FieldRef) -> None:
        (condition,) = parse_valid(text).expressions[0].conditions
        assert condition.field == field  # the schema's spelling: the column evaluation reads

    def test_current_user_and_current_item_fields_take_the_schemas_spelling(self) -> None:
        expression = parse_valid("INCLUDE ItemID WHERE Items.price < CurrentItem.Price IF CurrentUser.age > 3")
        (condition,) = expression.expressions[0].conditions
        assert condition.field == FieldRef("Items", "PRICE") and condition.operand == CurrentItemRef("PRICE")
        assert expression.expressions[0].user_conditions[0].field == FieldRef("Users", "AGE")
        # Spellings of one field count once towards the 10-field limit.
        assert parse_valid("INCLUDE ItemID WHERE Items.price > 1 AND Items.PRICE < 5").fields == {("Items", "PRICE")}

    def test_rules_apply_to_the_resolved_field(self) -> None:
        assert "boolean field" in rejection('INCLUDE ItemID WHERE Items.is_new IN ("x")')
        assert "textual field" in rejection('INCLUDE ItemID WHERE items.description IN ("x")')
        assert "only use the EVENT_TYPE field" in rejection('EXCLUDE ItemID WHERE interactions.event_value IN ("1")')

    def test_an_unknown_field_names_the_fields_that_exist(self) -> None:
        message = rejection('EXCLUDE UserID WHERE Users.TIER IN ("gold")')
        assert message.endswith(
            "TIER is not a field of the Users dataset schema (its fields: USER_ID, AGE, MEMBERSHIP_STATUS, VIP)"
        ), message

    def test_referenced_datasets_must_exist_in_the_group(self) -> None:
        items_only = {"Items": SCHEMAS["Items"]}
        parse_filter_expression("INCLUDE ItemID WHERE Items.GENRE IN ($G)")
        assert "doesn't have" in rejection('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")', items_only)
        assert "needs a Users dataset" in rejection(
            'EXCLUDE ItemID WHERE Items.GENRE IN ("x") IF CurrentUser.AGE > 3', items_only
        )

    def test_at_most_ten_distinct_fields(self) -> None:
        ten = " AND ".join(f"Items.M{i} > 1" for i in range(9)) + ' AND Items.GENRE IN ("a")'
        parse_valid(f"INCLUDE ItemID WHERE {ten} AND Items.M0 < 5")  # repeating a field doesn't count twice
        message = rejection(f"INCLUDE ItemID WHERE {ten} IF CurrentUser.AGE > 3")
        assert "11 distinct dataset fields" in message and "maximum is 10" in message

    def test_and_or_must_stay_on_the_first_dataset(self) -> None:
        # Users fields are only reachable via CurrentUser, so stay within UserID targets here.
        parse_valid('INCLUDE UserID WHERE Users.AGE > 3 OR Users.MEMBERSHIP_STATUS IN ("gold")')


# ---------------------------------------------------------------- filterValues


class TestFilterValues:
    @pytest.mark.parametrize(
        "raw, expected",
        [
            ('"comedy"', ["comedy"]),
            ('"comedy","drama"', ["comedy", "drama"]),
            ('"comedy", "drama" ', ["comedy", "drama"]),
            ('"a,b","c"', ["a,b", "c"]),
            ("comedy,drama", ["comedy", "drama"]),
            ("20", ["20"]),
            ('""', [""]),
        ],
    )
    def test_parse(self, raw: str, expected: list[str]) -> None:
        assert parse_filter_value(raw) == expected

    @pytest.mark.parametrize("raw", ['"comedy', '"a" "b"'])
    def test_parse_errors(self, raw: str) -> None:
        with pytest.raises(FilterExpressionError):
            parse_filter_value(raw)

    def test_include_placeholder_without_value_is_an_error(self) -> None:
        expression = parse_valid("INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
        with pytest.raises(FilterExpressionError, match=r"\$GENRE"):
            compile_filter(expression, {})
        with pytest.raises(FilterExpressionError, match=r"\$GENRE"):
            compile_filter(expression, {"genre": '"a"'})  # keys are case-sensitive
        with pytest.raises(FilterExpressionError, match=r"\$GENRE"):
            compile_filter(expression, {"GENRE": ""})

    def test_numeric_placeholder_needs_one_number(self) -> None:
        expression = parse_valid("INCLUDE ItemID WHERE Items.PRICE <= $PRICE")
        for bad in ('"cheap"', '"1","2"'):
            with pytest.raises(FilterExpressionError, match="exactly one number"):
                compile_filter(expression, {"PRICE": bad})


# ---------------------------------------------------------------- evaluation


ITEMS = {
    "i1": {"ITEM_ID": "i1", "GENRE": "Comedy|Drama", "PRICE": 10.0, "CATEGORY_L1": "shoe", "CATEGORY_L2": "boot"},
    "i2": {"ITEM_ID": "i2", "GENRE": "Horror", "PRICE": 25.0, "CATEGORY_L1": "shoe", "CATEGORY_L2": "sneaker"},
    "i3": {"ITEM_ID": "i3", "GENRE": "Drama", "PRICE": 5.0, "CATEGORY_L1": "hat", "CATEGORY_L2": None},
    "i4": {"ITEM_ID": "i4", "GENRE": "Action", "PRICE": 99.0, "CATEGORY_L1": "shoe", "CATEGORY_L2": None},
}
CANDIDATES = ["i1", "i2", "i3", "i4", "unknown"]
USERS = {"u1": {"USER_ID": "u1", "AGE": 30, "MEMBERSHIP_STATUS": "gold"}, "u2": {"USER_ID": "u2", "AGE": 15}}
INTERACTIONS = [
    {"USER_ID": "u1", "ITEM_ID": "i1", "EVENT_TYPE": "Click", "TIMESTAMP": 1},
    {"USER_ID": "u1", "ITEM_ID": "i2", "EVENT_TYPE": "purchase", "TIMESTAMP": 2},
]


def run(
    text: str,
    values: dict[str, str] | None = None,
    *,
    user_id: str | None = "u1",
    interactions: list[dict] = INTERACTIONS,
    current_item: dict | None = None,
    candidates: list[str] = CANDIDATES,
) -> list[str]:
    compiled = compile_filter(parse_valid(text), values or {})
    return compiled.filter_candidates(
        candidates,
        items=ITEMS,
        users=USERS,
        user_id=user_id,
        user_interactions=interactions,
        current_item=current_item,
    )


class TestEvaluation:
    def test_include_with_multi_value_categorical_and_placeholder_list(self) -> None:
        assert run("INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)", {"GENRE": '"Drama"'}) == ["i1", "i3"]
        assert run("INCLUDE ItemID WHERE Items.GENRE IN ($G)", {"G": '"Horror","Action"'}) == ["i2", "i4"]
        assert run('INCLUDE ItemID WHERE Items.GENRE IN ("drama")') == []  # values are case-sensitive

    def test_fields_written_in_any_case_read_the_schemas_column(self) -> None:
        assert run('INCLUDE ItemID WHERE items.genre IN ("Drama")') == ["i1", "i3"]
        assert run("INCLUDE ItemID WHERE Items.Price <= $P", {"P": "10"}) == ["i1", "i3"]
        assert run('EXCLUDE ItemID WHERE INTERACTIONS.event_type IN ("Purchase")') == ["i1", "i3", "i4", "unknown"]
        assert run("EXCLUDE ItemID WHERE Items.genre IN ($G) IF CurrentUser.age > 18", {"G": '"Horror"'}) == [
            "i1",
            "i3",
            "i4",
            "unknown",
        ]

    def test_exclude_removes_matches_and_keeps_unknown_items(self) -> None:
        assert run('EXCLUDE ItemID WHERE Items.GENRE IN ("Drama")') == ["i2", "i4", "unknown"]

    def test_exclude_with_not_in_and_null_semantics(self) -> None:
        # i3/i4 have no CATEGORY_L2, so NOT IN doesn't match them and they are kept.
        text = 'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("shoe") AND Items.CATEGORY_L2 NOT IN ("boot")'
        assert run(text) == ["i1", "i3", "i4", "unknown"]

    def test_numeric_comparisons(self) -> None:
        assert run("INCLUDE ItemID WHERE Items.PRICE <= $PRICE", {"PRICE": '"10"'}) == ["i1", "i3"]
        assert run("INCLUDE ItemID WHERE Items.PRICE > 10") == ["i2", "i4"]
        assert run("INCLUDE ItemID WHERE Items.PRICE = 5") == ["i3"]
        assert run("INCLUDE ItemID WHERE Items.PRICE != 5") == ["i1", "i2", "i4"]
        assert run("INCLUDE ItemID WHERE Items.PRICE >= (25)") == ["i2", "i4"]

    def test_and_binds_tighter_than_or(self) -> None:
        text = 'INCLUDE ItemID WHERE Items.GENRE IN ("Action") OR Items.CATEGORY_L1 IN ("shoe") AND Items.PRICE < 20'
        assert run(text) == ["i1", "i4"]

    def test_event_types_match_case_insensitively_and_wildcard(self) -> None:
        assert run('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")') == ["i2", "i3", "i4", "unknown"]
        assert run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")') == ["i1", "i2"]
        assert run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("PURCHASE")') == ["i1"]
        assert run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")', user_id=None, interactions=[]) == []

    def test_only_the_100_most_recent_interactions_per_event_type_count(self) -> None:
        old = {"USER_ID": "u1", "ITEM_ID": "i3", "EVENT_TYPE": "click", "TIMESTAMP": 0}
        recent = [{"USER_ID": "u1", "ITEM_ID": "i1", "EVENT_TYPE": "click", "TIMESTAMP": t} for t in range(1, 101)]
        text = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")'
        assert run(text, interactions=[old, *recent]) == ["i2", "i3", "i4", "unknown"]
        assert run(text, interactions=[old, *recent[:99]]) == ["i2", "i4", "unknown"]

    def test_pipe_union_of_includes(self) -> None:
        text = 'INCLUDE ItemID WHERE Items.GENRE IN ("Horror") | INCLUDE ItemID WHERE Items.PRICE < 6'
        assert run(text) == ["i2", "i3"]

    def test_pipe_union_of_excludes(self) -> None:
        text = (
            'EXCLUDE ItemID WHERE Items.GENRE IN ("Horror") | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")'
        )
        assert run(text) == ["i3", "i4", "unknown"]

    def test_mixed_pipe_is_includes_minus_excludes_in_any_order(self) -> None:
        include = 'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("shoe")'
        exclude = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "stream")'
        assert run(f"{include} | {exclude}") == ["i2", "i4"]
        assert run(f"{exclude} | {include}") == ["i2", "i4"]

    def test_exclude_without_placeholder_value_is_disabled(self) -> None:
        include = 'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("shoe")'
        exclude = "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE)"
        assert run(f"{include} | {exclude}") == ["i1", "i2", "i4"]
        assert run(f"{include} | {exclude}", {"GENRE": '"Horror"'}) == ["i1", "i4"]
        assert run(exclude) == CANDIDATES

    def test_if_current_user_gates_the_expression(self) -> None:
        text = "EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) IF CurrentUser.AGE = $AGE"
        values = {"GENRE": '"Horror"', "AGE": '"30"'}
        assert run(text, values, user_id="u1") == ["i1", "i3", "i4", "unknown"]
        assert run(text, values, user_id="u2") == CANDIDATES  # age 15: condition false
        assert run(text, values, user_id="nobody") == CANDIDATES  # no Users record
        assert run(text, values, user_id=None) == CANDIDATES
        ranged = "INCLUDE ItemID WHERE Items.PRICE < 20 IF CurrentUser.AGE > 18 AND CurrentUser.AGE < 40"
        assert run(ranged, user_id="u1") == ["i1", "i3"]
        assert run(ranged, user_id="u2") == CANDIDATES

    def test_current_item_related_items(self) -> None:
        text = "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.GENRE IN CurrentItem.GENRE"
        assert run(text, current_item=ITEMS["i1"]) == ["i3"]
        assert run(text, current_item={"PRICE": 100.0, "GENRE": "Action|Horror"}) == ["i2", "i4"]
        with pytest.raises(FilterExpressionError, match="itemId"):
            run(text, current_item=None)

    def test_allows_single_candidate(self) -> None:
        compiled = compile_filter(parse_valid('EXCLUDE ItemID WHERE Items.GENRE IN ("Horror")'), None)
        common = dict(items=ITEMS, users=USERS, user_id="u1", user_interactions=[], current_item=None)
        assert compiled.allows("i1", **common) is True
        assert compiled.allows("i2", **common) is False

    def test_user_segment_filters(self) -> None:
        compiled = compile_filter(
            parse_valid("INCLUDE UserID WHERE Users.MEMBERSHIP_STATUS IN ($M)"), {"M": '"gold","silver"'}
        )
        kwargs = dict(items={}, users=USERS, user_id=None, user_interactions=[], current_item=None)
        assert compiled.filter_candidates(["u1", "u2", "u3"], **kwargs) == ["u1"]
        by_interactions = compile_filter(parse_valid('EXCLUDE UserID WHERE Interactions.EVENT_TYPE IN ("click")'), {})
        kwargs["interactions_by_user"] = {"u1": INTERACTIONS}
        assert by_interactions.filter_candidates(["u1", "u2"], **kwargs) == ["u2"]

    def test_action_filters(self) -> None:
        actions = {"a1": {"ACTION_ID": "a1", "VALUE": 10}, "a2": {"ACTION_ID": "a2", "VALUE": 3}, "a3": {}}
        taken = [{"USER_ID": "u1", "ACTION_ID": "a1", "EVENT_TYPE": "Not_Taken", "TIMESTAMP": 5}]
        kwargs = dict(items={}, users=USERS, user_id="u1", user_interactions=taken, current_item=None, actions=actions)
        value = compile_filter(parse_valid("INCLUDE ActionID WHERE Actions.VALUE > ($VALUE)"), {"VALUE": "5"})
        assert value.filter_candidates(["a1", "a2", "a3"], **kwargs) == ["a1"]
        not_taken = compile_filter(parse_valid(DOCUMENTED_EXAMPLES[10]), {})
        assert not_taken.filter_candidates(["a1", "a2", "a3"], **kwargs) == ["a2", "a3"]
