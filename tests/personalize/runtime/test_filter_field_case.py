"""Filters written as aws-samples/retail-demo-store writes them (dataset types and field names in another case
than the schema's): CreateFilter accepts them and GetRecommendations applies them to the schema's columns.

The shapes are copied from that sample's filter definitions (and its filter-rotator's
``Items.creation_timestamp``); the data is ours: items by category / promotion / creation time, and a user
who purchased two of them.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from .. import test_runtime_support as support
from ..support import record_schema
from ..test_training_support import POPULARITY, interactions_csv, make_group

ITEMS_SCHEMA = record_schema(
    "Items",
    ITEM_ID="string",
    CATEGORY_L1={"type": "string", "categorical": True},
    PROMOTED="string",
    CREATION_TIMESTAMP="long",
)
ITEMS = {  # item: (CATEGORY_L1, PROMOTED, CREATION_TIMESTAMP)
    "i0": ("apparel", "Y", 1000),
    "i1": ("salty snacks", "N", 2000),
    "i2": ("footwear", "Y", 3000),
    "i3": ("hot dispensed", "Y", 4000),
    "i4": ("apparel", "N", 5000),
    "i5": ("food service", "N", 6000),
}
CSTORE = ("cold dispensed", "hot dispensed", "salty snacks", "food service")
CSTORE_LIST = ", ".join(f'"{c}"' for c in CSTORE)
PURCHASER = "u0"
PURCHASED = {"i2", "i4"}  # "Purchase" and "purchase": event types match ignoring case
NOT_PURCHASED = 'EXCLUDE ItemID WHERE INTERACTIONS.event_type IN ("Purchase")'


@pytest.fixture
def retail(pz: Any, personalize_mock: Any) -> tuple[str, str]:
    """(group, Popularity-Count campaign) over the items above; u0 purchased i2 and i4. Popularity-Count
    leaves no item out for a user who interacted with it, so the filter alone decides what goes."""
    events = interactions_csv(event_type="View").splitlines()
    events += [f"{PURCHASER},i2,1700009000,Purchase,1", f"{PURCHASER},i4,1700009060,purchase,1"]
    group = make_group(pz, personalize_mock, "retail", "\n".join(events) + "\n")
    rows = ["ITEM_ID,CATEGORY_L1,PROMOTED,CREATION_TIMESTAMP"]
    rows += [f"{item},{category},{promoted},{created}" for item, (category, promoted, created) in ITEMS.items()]
    support.add_dataset(pz, personalize_mock, group, "Items", ITEMS_SCHEMA, "\n".join(rows) + "\n", "retail")
    return group, support.campaign_on(pz, group, POPULARITY, "retail")


def where(test: Callable[[str, str, int], bool]) -> set[str]:
    return {item for item, fields in ITEMS.items() if test(*fields)}


@pytest.mark.parametrize(
    "expression, values, kept",
    [
        (NOT_PURCHASED, {}, set(ITEMS) - PURCHASED),
        (f"EXCLUDE ItemID WHERE ITEMS.CATEGORY_L1 NOT IN ({CSTORE_LIST})", {}, where(lambda c, p, t: c in CSTORE)),
        (
            f"{NOT_PURCHASED} | EXCLUDE ItemID WHERE ITEMS.CATEGORY_L1 IN ({CSTORE_LIST})",
            {},
            where(lambda c, p, t: c not in CSTORE) - PURCHASED,
        ),
        (
            f"{NOT_PURCHASED} | INCLUDE ItemID WHERE ITEMS.CATEGORY_L1 IN ($CATEGORIES)",
            {"CATEGORIES": '"apparel","footwear"'},
            where(lambda c, p, t: c in ("apparel", "footwear")) - PURCHASED,
        ),
        (
            f'{NOT_PURCHASED} | INCLUDE ItemID WHERE ITEMS.PROMOTED IN ("Y")',
            {},
            where(lambda c, p, t: p == "Y") - PURCHASED,
        ),
        (
            f'{NOT_PURCHASED} | INCLUDE ItemID WHERE ITEMS.PROMOTED IN ("Y") '
            f"AND ITEMS.CATEGORY_L1 NOT IN ({CSTORE_LIST})",
            {},
            where(lambda c, p, t: p == "Y" and c not in CSTORE) - PURCHASED,
        ),
        ("INCLUDE ItemID WHERE Items.creation_timestamp > 3500", {}, where(lambda c, p, t: t > 3500)),
    ],
)
def test_retail_demo_store_filters_are_created_and_applied(
    pz: Any, rt: Any, retail: tuple[str, str], expression: str, values: dict[str, str], kept: set[str]
) -> None:
    group, campaign = retail
    arn = support.make_filter(pz, group, "retail-filter", expression)
    assert pz.describe_filter(filterArn=arn)["filter"]["filterExpression"] == expression  # echoed as written
    unfiltered = support.item_ids(rt.get_recommendations(campaignArn=campaign, userId=PURCHASER))
    assert set(unfiltered) == set(ITEMS)
    extra = {"filterValues": values} if values else {}
    answer = rt.get_recommendations(campaignArn=campaign, userId=PURCHASER, filterArn=arn, **extra)
    assert support.item_ids(answer) == [item for item in unfiltered if item in kept]


def test_an_unknown_field_is_refused_naming_the_schemas_fields(pz: Any, retail: tuple[str, str]) -> None:
    group, _ = retail
    with pytest.raises(pz.exceptions.InvalidInputException) as caught:
        pz.create_filter(
            name="typo", datasetGroupArn=group, filterExpression='INCLUDE ItemID WHERE ITEMS.CATEGORY IN ("apparel")'
        )
    message = caught.value.response["Error"]["Message"]
    assert "CATEGORY is not a field of the Items dataset schema" in message
    assert "ITEM_ID, CATEGORY_L1, PROMOTED, CREATION_TIMESTAMP" in message
