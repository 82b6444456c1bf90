"""Tests for cleanroom_mock.personalize.avro_schema (spec §4.3 and §6)."""

from __future__ import annotations

import json

import pytest

from cleanroom_mock.personalize.avro_schema import (
    DOMAIN_DEFAULT_SCHEMAS,
    ParsedSchema,
    SchemaError,
    SchemaField,
    check_schema_for_dataset,
    check_schema_update,
    coerce_value,
    converter_for,
    parse_schema,
)


def schema_json(name: str, *fields: dict) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "com.example", "fields": list(fields)})


def f(name: str, type_: object = "string", **attributes: object) -> dict:
    return {"name": name, "type": type_, **attributes}


INTERACTIONS = (f("USER_ID"), f("ITEM_ID"), f("TIMESTAMP", "long"))
CATEGORY = f("GENRE", categorical=True)


def error_of(schema: str, domain: str | None = None) -> str:
    with pytest.raises(SchemaError) as info:
        parse_schema(schema, domain)
    return info.value.message


# ---------------------------------------------------------------- generic Avro rules


class TestGenericParsing:
    def test_parses_fields_in_order_with_attributes(self) -> None:
        schema = parse_schema(
            schema_json(
                "Items",
                f("ITEM_ID"),
                f("GENRE", ["null", "string"], categorical=True),
                f("PRICE", {"type": "float"}),
                f("DESCRIPTION", ["null", "string"], textual=True),
            )
        )
        assert schema.record_name == "Items"
        assert schema.field_names == ("ITEM_ID", "GENRE", "PRICE", "DESCRIPTION")
        genre = schema.field("GENRE")
        assert genre == SchemaField("GENRE", ("null", "string"), nullable=True, categorical=True, textual=False)
        assert genre.primitive == "string"
        assert schema.field("PRICE").primitive == "float"
        assert schema.field("PRICE").nullable is False
        assert schema.field("DESCRIPTION").textual is True
        assert schema.field("genre") is None  # names are case-sensitive
        assert schema.dataset_type == "Items"

    @pytest.mark.parametrize(
        "document, fragment",
        [
            ("{not json", "not valid JSON"),
            ("[]", "JSON object"),
            (json.dumps({"type": "enum", "name": "Items", "fields": []}), '"record"'),
            (json.dumps({"type": "record", "fields": [f("A")]}), '"name"'),
            (json.dumps({"type": "record", "name": "1Items", "fields": [f("A")]}), '"name"'),
            (json.dumps({"type": "record", "name": "Items"}), '"fields"'),
            (json.dumps({"type": "record", "name": "Items", "fields": []}), '"fields"'),
        ],
    )
    def test_rejects_non_record_documents(self, document: str, fragment: str) -> None:
        assert fragment in error_of(document)

    @pytest.mark.parametrize(
        "field, fragment",
        [
            (f("A", {"type": "array", "items": "string"}), "complex type array"),
            (f("A", {"type": "map", "values": "string"}), "complex type map"),
            (f("A", {"type": "record", "name": "Nested", "fields": []}), "complex type record"),
            (f("A", {"type": "enum", "name": "E", "symbols": ["X"]}), "complex type enum"),
            (f("A", "bytes"), "unsupported type"),
            (f("A", "uuid"), "unsupported type"),
            (f("A", ["null", "string", "int"]), "exactly one non-null type"),
            (f("A", "null"), "exactly one non-null type"),
            (f("A", ["null", "null", "string"]), "repeats a type"),
            (f("A", ["null", ["string"]]), "nested union"),
            (f("A", []), "empty type union"),
            ({"name": "A"}, "has no type"),
            (f("BAD-NAME"), "not a valid Avro name"),
            (f("9LIVES"), "not a valid Avro name"),
            (f("A", "int", categorical=True), "only string fields can be categorical"),
            (f("A", "float", textual=True), "only string fields can be textual"),
            (f("A", categorical=True, textual=True), "both categorical and textual"),
            (f("A", categorical="yes"), '"categorical"'),
        ],
    )
    def test_rejects_bad_fields(self, field: dict, fragment: str) -> None:
        assert fragment in error_of(schema_json("Anything", field))

    @pytest.mark.parametrize("other", ["GENRESFIELD1", "genres_field_1", "Genres_Field1"])
    def test_field_names_must_be_unique_after_removing_non_alphanumerics(self, other: str) -> None:
        message = error_of(schema_json("Anything", f("GENRES_FIELD_1"), f(other)))
        assert "GENRES_FIELD_1" in message and other in message

    def test_accepts_all_supported_primitives_and_single_member_union(self) -> None:
        types = ["float", "double", "int", "long", "string", "boolean", ["string"], ["null", "long"]]
        schema = parse_schema(schema_json("Anything", *(f(f"F{i}", t) for i, t in enumerate(types))))
        assert [fld.primitive for fld in schema.fields] == [
            "float", "double", "int", "long", "string", "boolean", "string", "long",
        ]  # fmt: skip

    def test_record_name_not_a_dataset_type_is_accepted_at_create_schema(self) -> None:
        # Only the generic rules apply: this "interactions" schema lacks USER_ID yet is accepted.
        schema = parse_schema(schema_json("MyInteractions", f("ITEM_ID"), f("TIMESTAMP", "long")))
        assert schema.dataset_type is None
        with pytest.raises(SchemaError, match="does not match the dataset type"):
            check_schema_for_dataset(schema, "Interactions", None)

    def test_dataset_type_record_name_is_case_insensitive_and_checked_at_parse(self) -> None:
        assert "USER_ID" in error_of(schema_json("interactions", f("ITEM_ID"), f("TIMESTAMP", "long")))


# ---------------------------------------------------------------- custom dataset rules (§6.1)


class TestCustomInteractions:
    def test_minimal_and_full_reserved_schema(self) -> None:
        parse_schema(schema_json("Interactions", *INTERACTIONS))
        parse_schema(
            schema_json(
                "Interactions",
                *INTERACTIONS,
                f("EVENT_TYPE"),
                f("EVENT_VALUE", ["null", "float"]),
                f("IMPRESSION", ["null", "string"]),
                f("RECOMMENDATION_ID", ["null", "string"]),
                f("EVENT_ATTRIBUTION_SOURCE", ["null", "string"]),
                f("DEVICE", categorical=True),
            )
        )

    @pytest.mark.parametrize("missing", ["USER_ID", "ITEM_ID", "TIMESTAMP"])
    def test_required_fields(self, missing: str) -> None:
        fields = [fld for fld in INTERACTIONS if fld["name"] != missing]
        assert f'required field "{missing}"' in error_of(schema_json("Interactions", *fields))

    @pytest.mark.parametrize(
        "bad, fragment",
        [
            (f("TIMESTAMP", "int"), 'field "TIMESTAMP" must be of type long'),
            (f("TIMESTAMP", ["null", "long"]), 'field "TIMESTAMP" must be of type long'),
            (f("USER_ID", "int"), 'field "USER_ID" must be of type string'),
            (f("USER_ID", categorical=True), 'field "USER_ID" cannot be categorical'),
        ],
    )
    def test_required_field_types(self, bad: dict, fragment: str) -> None:
        fields = [bad if fld["name"] == bad["name"] else fld for fld in INTERACTIONS]
        assert fragment in error_of(schema_json("Interactions", *fields))

    @pytest.mark.parametrize(
        "bad, fragment",
        [
            (f("EVENT_TYPE", categorical=True), '"EVENT_TYPE" cannot be categorical'),
            (f("EVENT_TYPE", "int"), '"EVENT_TYPE" must be of type string'),
            (f("EVENT_VALUE", "double"), '"EVENT_VALUE" must be of type float or [null, float]'),
            (f("IMPRESSION", "long"), '"IMPRESSION" must be of type string'),
            (f("RECOMMENDATION_ID", ["null", "string"], categorical=True), "cannot be categorical"),
        ],
    )
    def test_reserved_field_types(self, bad: dict, fragment: str) -> None:
        assert fragment in error_of(schema_json("Interactions", *INTERACTIONS, bad))

    def test_at_most_five_extra_metadata_columns(self) -> None:
        extras = [f(f"META_{i}", categorical=True) for i in range(5)]
        parse_schema(schema_json("Interactions", *INTERACTIONS, f("EVENT_TYPE"), *extras))
        message = error_of(schema_json("Interactions", *INTERACTIONS, *extras, f("META_5", "int")))
        assert "6 metadata fields" in message and "maximum is 5" in message

    def test_no_textual_fields(self) -> None:
        assert "only supported in Items" in error_of(schema_json("Interactions", *INTERACTIONS, f("T", textual=True)))


class TestCustomUsers:
    def test_needs_a_usable_metadata_field(self) -> None:
        parse_schema(schema_json("Users", f("USER_ID"), f("AGE", "int")))
        parse_schema(schema_json("Users", f("USER_ID"), f("TIER", categorical=True)))
        for extra in ([], [f("NOTE")], [f("VIP", "boolean")]):
            assert "at least 1 metadata field" in error_of(schema_json("Users", f("USER_ID"), *extra))

    def test_at_most_25_metadata_fields(self) -> None:
        fields = [f(f"M{i}", "int") for i in range(25)]
        parse_schema(schema_json("Users", f("USER_ID"), *fields))
        assert "maximum is 25" in error_of(schema_json("Users", f("USER_ID"), *fields, f("M25", "int")))

    def test_textual_not_allowed(self) -> None:
        assert "only supported in Items" in error_of(
            schema_json("Users", f("USER_ID"), CATEGORY, f("BIO", textual=True))
        )


class TestCustomItems:
    def test_accepts_textual_or_categorical_or_numeric_metadata(self) -> None:
        for metadata in (CATEGORY, f("DESC", textual=True), f("PRICE", "double")):
            parse_schema(schema_json("Items", f("ITEM_ID"), metadata, f("CREATION_TIMESTAMP", "long")))

    def test_reserved_creation_timestamp_does_not_count_as_metadata(self) -> None:
        message = error_of(schema_json("Items", f("ITEM_ID"), f("CREATION_TIMESTAMP", "long")))
        assert "at least 1 metadata field" in message

    def test_creation_timestamp_must_be_long(self) -> None:
        message = error_of(schema_json("Items", f("ITEM_ID"), CATEGORY, f("CREATION_TIMESTAMP", "int")))
        assert '"CREATION_TIMESTAMP" must be of type long' in message

    def test_at_most_one_textual_field(self) -> None:
        message = error_of(schema_json("Items", f("ITEM_ID"), f("A", textual=True), f("B", textual=True)))
        assert "at most 1 textual field" in message

    def test_at_most_100_metadata_fields(self) -> None:
        fields = [f(f"M{i}", "float") for i in range(100)]
        parse_schema(schema_json("Items", f("ITEM_ID"), *fields))
        assert "maximum is 100" in error_of(schema_json("Items", f("ITEM_ID"), *fields, f("M100", "float")))


class TestCustomActions:
    def test_reserved_fields(self) -> None:
        parse_schema(
            schema_json(
                "Actions",
                f("ACTION_ID"),
                f("CREATION_TIMESTAMP", "long"),
                f("VALUE", ["null", "long"]),
                f("TYPE", ["null", "string"], categorical=True),
                f("EXPIRATION_TIMESTAMP", ["null", "long"]),
                f("REPEAT_FREQUENCY", "long"),
                CATEGORY,
            )
        )
        assert '"VALUE" must be of type long' in error_of(
            schema_json("Actions", f("ACTION_ID"), CATEGORY, f("VALUE", "float"))
        )

    def test_needs_metadata_and_caps_at_10(self) -> None:
        assert "at least 1 metadata field" in error_of(schema_json("Actions", f("ACTION_ID"), f("VALUE", "long")))
        fields = [f(f"M{i}", "int") for i in range(11)]
        assert "maximum is 10" in error_of(schema_json("Actions", f("ACTION_ID"), *fields))


class TestCustomActionInteractions:
    FIELDS = (f("USER_ID"), f("ACTION_ID"), f("EVENT_TYPE"), f("TIMESTAMP", "long"))

    def test_required_and_reserved(self) -> None:
        parse_schema(
            schema_json(
                "Action_Interactions", *self.FIELDS, f("IMPRESSION", ["null", "string"]), f("RECOMMENDATION_ID")
            )
        )
        message = error_of(schema_json("Action_Interactions", *self.FIELDS[:2], self.FIELDS[3]))
        assert 'required field "EVENT_TYPE"' in message


# ---------------------------------------------------------------- domain rules (§6.2)


class TestDomainSchemas:
    @pytest.mark.parametrize("key", sorted(DOMAIN_DEFAULT_SCHEMAS))
    def test_default_schemas_are_valid_for_their_dataset_type(self, key: tuple[str, str]) -> None:
        domain, dataset_type = key
        schema = parse_schema(DOMAIN_DEFAULT_SCHEMAS[key], domain)
        check_schema_for_dataset(schema, dataset_type.upper(), domain)

    def test_domain_interactions_require_event_type(self) -> None:
        schema = schema_json("Interactions", *INTERACTIONS)
        parse_schema(schema)  # fine for a custom group
        assert 'required field "EVENT_TYPE"' in error_of(schema, "ECOMMERCE")
        assert 'required field "EVENT_TYPE"' in error_of(schema, "VIDEO_ON_DEMAND")

    def test_ecommerce_items_required_fields(self) -> None:
        base = [f("ITEM_ID"), f("PRICE", "float"), f("CATEGORY_L1", categorical=True)]
        parse_schema(schema_json("Items", *base), "ECOMMERCE")
        assert '"PRICE" must be of type float' in error_of(
            schema_json("Items", base[0], f("PRICE", "double"), base[2]), "ECOMMERCE"
        )
        assert '"CATEGORY_L1" must have "categorical": true' in error_of(
            schema_json("Items", *base[:2], f("CATEGORY_L1")), "ECOMMERCE"
        )
        assert 'required field "CATEGORY_L1"' in error_of(schema_json("Items", *base[:2]), "ECOMMERCE")

    def test_ecommerce_items_reserved_fields(self) -> None:
        base = [f("ITEM_ID"), f("PRICE", "float"), f("CATEGORY_L1", categorical=True)]
        parse_schema(
            schema_json(
                "Items",
                *base,
                f("CATEGORY_L2", ["null", "string"], categorical=True),
                f("PRODUCT_DESCRIPTION", ["null", "string"], textual=True),
                f("GENDER", categorical=True),
                f("CREATION_TIMESTAMP", "long"),
            ),
            "ECOMMERCE",
        )
        assert '"GENDER" must have "categorical": true' in error_of(
            schema_json("Items", *base, f("GENDER")), "ECOMMERCE"
        )
        assert '"PRODUCT_DESCRIPTION" must have "textual": true' in error_of(
            schema_json("Items", *base, f("PRODUCT_DESCRIPTION")), "ECOMMERCE"
        )
        # A custom Items schema may use these names freely.
        parse_schema(schema_json("Items", f("ITEM_ID"), f("GENDER"), f("PRICE", "double")))

    def test_vod_items_and_users(self) -> None:
        base = [f("ITEM_ID"), f("GENRES", categorical=True), f("CREATION_TIMESTAMP", "long")]
        parse_schema(schema_json("Items", *base, f("DURATION", ["null", "float"])), "VIDEO_ON_DEMAND")
        assert 'required field "CREATION_TIMESTAMP"' in error_of(schema_json("Items", *base[:2]), "VIDEO_ON_DEMAND")
        assert '"AVERAGE_RATING" must be of type float' in error_of(
            schema_json("Items", *base, f("AVERAGE_RATING", "int")), "VIDEO_ON_DEMAND"
        )
        assert '"SUBSCRIPTION_MODEL" must have "categorical": true' in error_of(
            schema_json("Users", f("USER_ID"), f("AGE", "int"), f("SUBSCRIPTION_MODEL")), "VIDEO_ON_DEMAND"
        )

    def test_domain_users_need_metadata(self) -> None:
        assert "at least 1 metadata field" in error_of(schema_json("Users", f("USER_ID")), "ECOMMERCE")

    def test_unknown_domain(self) -> None:
        assert "Invalid domain" in error_of(schema_json("Users", f("USER_ID"), CATEGORY), "RETAIL")


# ---------------------------------------------------------------- CreateDataset / UpdateDataset


class TestCheckSchemaForDataset:
    def test_matches_dataset_type_case_insensitively(self) -> None:
        schema = parse_schema(schema_json("Users", f("USER_ID"), CATEGORY))
        check_schema_for_dataset(schema, "USERS", None)
        check_schema_for_dataset(schema, "users", "ECOMMERCE")

    def test_rejects_mismatched_or_unknown_type(self) -> None:
        schema = parse_schema(schema_json("Users", f("USER_ID"), CATEGORY))
        with pytest.raises(SchemaError, match='"Users" does not match the dataset type Items'):
            check_schema_for_dataset(schema, "Items", None)
        with pytest.raises(SchemaError, match="Invalid dataset type"):
            check_schema_for_dataset(schema, "Segments", None)

    def test_applies_domain_rules_to_a_schema_created_without_domain(self) -> None:
        schema = parse_schema(schema_json("Interactions", *INTERACTIONS))
        check_schema_for_dataset(schema, "Interactions", None)
        with pytest.raises(SchemaError, match='required field "EVENT_TYPE"'):
            check_schema_for_dataset(schema, "Interactions", "VIDEO_ON_DEMAND")


class TestCheckSchemaUpdate:
    OLD = parse_schema(schema_json("Items", f("ITEM_ID"), f("GENRE", ["null", "string"], categorical=True)))

    def update(self, *fields: dict) -> None:
        check_schema_update(self.OLD, parse_schema(schema_json("Items", *fields)))

    def test_adding_nullable_fields_and_reordering_union_is_allowed(self) -> None:
        self.update(f("ITEM_ID"), f("GENRE", ["string", "null"], categorical=True), f("PRICE", ["null", "float"]))

    @pytest.mark.parametrize(
        "fields, fragment",
        [
            ([f("ITEM_ID"), f("PRICE", "float")], 'removes the field "GENRE"'),
            ([f("ITEM_ID"), f("GENRE", "string", categorical=True)], 'type or attributes of the field "GENRE"'),
            (
                [f("ITEM_ID"), f("GENRE", ["null", "string"]), f("PRICE", ["null", "float"])],
                'type or attributes of the field "GENRE"',
            ),
            ([f("ITEM_ID"), f("GENRE", ["null", "string"], categorical=True), f("PRICE", "float")], "must allow null"),
        ],
    )
    def test_rejects_incompatible_updates(self, fields: list[dict], fragment: str) -> None:
        with pytest.raises(SchemaError) as info:
            self.update(*fields)
        assert fragment in info.value.message

    def test_rejects_other_record_name(self) -> None:
        other = parse_schema(schema_json("Users", f("USER_ID"), f("GENRE", ["null", "string"], categorical=True)))
        with pytest.raises(SchemaError, match="does not match"):
            check_schema_update(self.OLD, other)


# ---------------------------------------------------------------- CSV conversion


def field_of(types: tuple[str, ...]) -> SchemaField:
    return SchemaField("COL", types, nullable="null" in types, categorical=False, textual=False)


class TestCoerceValue:
    @pytest.mark.parametrize(
        "types, raw, expected",
        [
            (("long",), "1700000000", 1700000000),
            (("int",), "-42", -42),
            (("null", "long"), "", None),
            (("float",), "1.5", 1.5),
            (("double",), "2", 2.0),
            (("null", "float"), "", None),
            (("boolean",), "TRUE", True),
            (("boolean",), "false", False),
            (("string",), "a|b", "a|b"),
            (("null", "string"), "", None),
        ],
    )
    def test_converts(self, types: tuple[str, ...], raw: str, expected: object) -> None:
        value = coerce_value(field_of(types), raw)
        assert value == expected and type(value) is type(expected)

    @pytest.mark.parametrize(
        "types, raw, fragment",
        [
            (("long",), "12.5", "expected long"),
            (("long",), "abc", "expected long"),
            (("int",), str(2**31), "within"),
            (("long",), str(2**63), "within"),
            (("float",), "cheap", "expected float"),
            (("float",), "nan", "finite"),
            (("boolean",), "yes", "boolean"),
            (("string",), "", "not nullable"),
            (("long",), "", "not nullable"),
        ],
    )
    def test_rejects(self, types: tuple[str, ...], raw: str, fragment: str) -> None:
        with pytest.raises(SchemaError) as info:
            coerce_value(field_of(types), raw)
        assert fragment in info.value.message
        assert '"COL"' in info.value.message and f'"{raw}"' in info.value.message

    def test_converter_is_reusable_per_column(self) -> None:
        convert = converter_for(field_of(("null", "int")))
        assert [convert(cell) for cell in ["1", "", "3"]] == [1, None, 3]


def test_parsed_schema_is_immutable() -> None:
    schema = ParsedSchema("Users", ())
    with pytest.raises(AttributeError):
        schema.record_name = "Items"  # type: ignore[misc]
