"""CreateFilter's checks of a parsed expression against the dataset group's schemas (filter-expressions,
filter-expression-guidelines-requirements), and the resolution of the written field names to the schemas' own.

Field names match the schema's case-insensitively: AWS's CreateFilter API reference writes
``INTERACTIONS.event_type`` and creating-filter-expressions writes ``Items.genres``, and client code that runs on
AWS (aws-samples/retail-demo-store: ``Items.creation_timestamp`` against ``CREATION_TIMESTAMP``) relies on it.
The guideline "Amazon Personalize ignores case only when matching event types" is about matched *values*. A
schema's names are unique ignoring case (``avro_schema``), so the match is unambiguous; the validated expression
carries the schema's spelling, which is the data's column.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..avro_schema import ParsedSchema, SchemaField
from .nodes import (
    COMPARISON_OPERATORS,
    INTERACTION_DATASETS,
    ITEM_ID,
    MAX_FIELDS_PER_FILTER,
    NOT_IN,
    TARGET_DATASETS,
    UNFILTERABLE_ACTION_FIELDS,
    USER_ID,
    Condition,
    CurrentItemRef,
    Expression,
    FieldRef,
    FilterExpression,
    FilterExpressionError,
    Placeholder,
    ValueList,
    Wildcard,
    invalid_expression,
)


def validate_filter_expression(expr: FilterExpression, schemas: dict[str, ParsedSchema]) -> FilterExpression:
    """Check a parsed filter against the schemas of its dataset group (CreateFilter) and return it with every
    field named as its schema spells it (the column evaluation reads).

    ``schemas`` maps canonical dataset type names ("Items", ...) to the schema of the group's
    dataset of that type; a missing key means the group has no such dataset.
    """
    resolved = FilterExpression(tuple(_validate_expression(e, schemas) for e in expr.expressions))
    if len(resolved.fields) > MAX_FIELDS_PER_FILTER:
        raise invalid_expression(
            f"the filter uses {len(resolved.fields)} distinct dataset fields; the maximum is {MAX_FIELDS_PER_FILTER}"
        )
    return resolved


def _validate_expression(expression: Expression, schemas: dict[str, ParsedSchema]) -> Expression:
    """Check one expression; return it with its columns in the schemas' spelling."""
    allowed = TARGET_DATASETS[expression.target]
    conditions = expression.conditions
    for condition in conditions:
        if condition.field.dataset not in allowed:
            raise invalid_expression(
                f"{condition.field} can't be used in a {expression.target} filter; "
                f"{expression.target} filters use the {' or '.join(allowed)} datasets"
            )
    first_dataset = conditions[0].field.dataset
    for condition in conditions[1:]:
        dataset = condition.field.dataset
        if dataset != first_dataset:
            pair = {dataset, first_dataset}
            if pair & INTERACTION_DATASETS:
                # filter-expression-guidelines-requirements: Items and Interactions (or Actions and
                # Action interactions) can't be in one expression; chain expressions with "|".
                raise invalid_expression(
                    f"the {first_dataset} and {dataset} datasets can't be combined in one expression; "
                    "chain separate expressions with |"
                )
            raise invalid_expression(
                f"conditions chained with AND/OR must use the {first_dataset} dataset of the first condition, "
                f"found {condition.field}"
            )

    def checked(condition: Condition) -> Condition:
        field = _resolve_field(condition.field, schemas)
        condition = replace(condition, field=FieldRef(condition.field.dataset, field.name))
        _check_filterable(condition, field)
        if isinstance(condition.operand, CurrentItemRef):
            current = _check_current_item(condition, expression.target, schemas)
            condition = replace(condition, operand=CurrentItemRef(current.name))
        return condition

    where = tuple(tuple(checked(c) for c in group) for group in expression.where)

    if expression.user_conditions and expression.target == USER_ID:
        # Not documented by AWS; user segments have no requesting user, so CurrentUser has no meaning.
        raise invalid_expression("IF CurrentUser conditions can't be used in a UserID filter")

    def checked_user(condition: Condition) -> Condition:
        shown = f"CurrentUser.{condition.field.column}"
        if "Users" not in schemas:
            raise invalid_expression(f"{shown} needs a Users dataset in the dataset group")
        field = _resolve_field(condition.field, schemas, display=shown)
        condition = replace(condition, field=FieldRef("Users", field.name))
        _check_filterable(condition, field)
        return condition

    return replace(expression, where=where, user_conditions=tuple(checked_user(c) for c in expression.user_conditions))


def _resolve_field(ref: FieldRef, schemas: dict[str, ParsedSchema], display: Optional[str] = None) -> SchemaField:
    shown = display or str(ref)
    schema = schemas.get(ref.dataset)
    if schema is None:
        raise invalid_expression(f"{shown} refers to the {ref.dataset} dataset, which the dataset group doesn't have")
    wanted = ref.column.lower()
    field = next((f for f in schema.fields if f.name.lower() == wanted), None)
    if field is None:
        raise invalid_expression(
            f"{shown}: {ref.column} is not a field of the {ref.dataset} dataset schema "
            f"(its fields: {', '.join(schema.field_names)})"
        )
    return field


def _check_filterable(condition: Condition, field: SchemaField) -> None:
    ref = condition.field
    # filter-expression-guidelines-requirements: no boolean fields, no unstructured text fields.
    if field.primitive == "boolean":
        raise invalid_expression(f"{ref} is a boolean field; filters can't use boolean fields (use a string or 0/1)")
    if field.textual:
        raise invalid_expression(f"{ref} is a textual field; filters can't use unstructured text fields")
    if ref.dataset in INTERACTION_DATASETS and ref.column != "EVENT_TYPE":
        raise invalid_expression(f"{ref}: {ref.dataset} filters can only use the EVENT_TYPE field")
    if ref.dataset == "Actions" and ref.column in UNFILTERABLE_ACTION_FIELDS:
        raise invalid_expression(f"{ref} is applied automatically and can't be used in a filter")
    operand = condition.operand
    if isinstance(operand, ValueList):
        for value in operand.values:
            if isinstance(value, Wildcard) and not (ref.dataset in INTERACTION_DATASETS and ref.column == "EVENT_TYPE"):
                raise invalid_expression(
                    f"{ref}: * can only be used with the EVENT_TYPE field of an interactions dataset"
                )
            if isinstance(value, Placeholder) and condition.operator == NOT_IN:
                # Verbatim from error-messages.
                raise FilterExpressionError(
                    f"Could not create filter. Invalid input symbol: ${value.name}. "
                    "Placeholders are not allowed with NOT_IN operator."
                )
    if condition.operator in COMPARISON_OPERATORS and not field.is_numeric:
        # creating-filter-expressions: comparison operators test numerical data.
        raise invalid_expression(f"{ref} is a {field.primitive} field; comparison operators need a numeric field")


def _check_current_item(condition: Condition, target: str, schemas: dict[str, ParsedSchema]) -> SchemaField:
    assert isinstance(condition.operand, CurrentItemRef)
    shown = f"CurrentItem.{condition.operand.column}"
    # creating-filter-expressions: CurrentItem is for related-items recommendations only.
    if target != ITEM_ID or condition.field.dataset != "Items":
        raise invalid_expression(f"{shown} can only be compared with Items fields in an ItemID filter")
    field = _resolve_field(FieldRef("Items", condition.operand.column), schemas, display=shown)
    if field.primitive == "boolean" or field.textual:
        raise invalid_expression(f"{shown} is a boolean or textual field and can't be used in a filter")
    if condition.operator in COMPARISON_OPERATORS and not field.is_numeric:
        raise invalid_expression(f"{shown} is a {field.primitive} field; comparison operators need a numeric field")
    return field
