"""THEME_GENERATION batch inference (themed-batch-recommendations): each line's related items come with a theme
and each item's relevance to it, computed from the items' name and textual fields."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..support import RECIPE, record_schema
from ..test_runtime_support import add_dataset, campaign_on, runtime, shop
from .test_inference import job, output, version_of

ITEMS_SCHEMA = record_schema(
    "Items", ITEM_ID="string", TITLE="string", DESCRIPTION={"type": ["null", "string"], "textual": True}
)
ITEMS = {  # i0..i5: the sweets share "chocolate"/"candy"; the vegetables share nothing with them
    "i0": ("Chocolate bar", "Milk chocolate with candy pieces"),
    "i1": ("Carrot sticks", "Crunchy carrot snack"),
    "i2": ("Chocolate truffle", "Dark chocolate candy truffle"),
    "i3": ("Hard candy", "Fruit candy drops"),
    "i4": ("Chocolate popsicle", "Frozen chocolate treat"),
    "i5": ("Sweet potato", "Roasted vegetable"),
}
THEMED = {
    "batchInferenceJobMode": "THEME_GENERATION",
    "themeGenerationConfig": {"fieldsForThemeGeneration": {"itemName": "TITLE"}},
}


@pytest.fixture
def sims(pz: Any, personalize_mock: Any) -> tuple[str, str]:
    """(Similar-Items campaign, its solution version) over the shop's interactions and the items above."""
    group = shop(pz, personalize_mock, items=False)
    rows = ["ITEM_ID,TITLE,DESCRIPTION"] + [f"{i},{t},{d}" for i, (t, d) in ITEMS.items()]
    add_dataset(pz, personalize_mock, group, "Items", ITEMS_SCHEMA, "\n".join(rows) + "\n", "themes")
    campaign = campaign_on(pz, group, RECIPE + "aws-similar-items", "similar")
    return campaign, version_of(pz, campaign)


def words(item: str) -> set[str]:
    return {w.lower() for w in " ".join(ITEMS[item]).split()}


def test_themed_lines_have_the_documented_members_and_computed_scores(
    pz: Any, personalize_mock: Any, sims: tuple[str, str]
) -> None:
    campaign, version = sims
    personalize_mock.data.put_object("s3://in/items.json", '{"itemId": "i0"}\n{"itemId": "i3"}\n')
    arn = job(pz, "themes", version, "s3://in/items.json", numResults=5, **THEMED)
    described = pz.describe_batch_inference_job(batchInferenceJobArn=arn)["batchInferenceJob"]
    assert described["status"] == "ACTIVE" and described["batchInferenceJobMode"] == "THEME_GENERATION"
    rt = runtime()
    for record in output(personalize_mock, "items.json"):
        item = record["input"]["itemId"]
        assert set(record) == {"input", "output", "error"} and record["error"] is None
        themed = record["output"]
        assert set(themed) == {"recommendedItems", "theme", "itemsThemeRelevanceScores"}  # no "scores"
        related = [
            i["itemId"] for i in rt.get_recommendations(campaignArn=campaign, itemId=item, numResults=5)["itemList"]
        ]
        # The same related items, ranked by how relevant the theme is to each.
        assert sorted(themed["recommendedItems"]) == sorted(related)
        scores = themed["itemsThemeRelevanceScores"]
        assert len(scores) == len(related) and scores == sorted(scores, reverse=True)
        assert all(-0.1 <= s <= 0.6 for s in scores)
        # The theme is worded from the set's text; an item sharing none of its words scores the floor.
        theme_words = set(themed["theme"].replace("All about ", "").replace(" and ", ", ").split(", "))
        assert theme_words and theme_words <= set().union(*(words(i) for i in [item, *related]))
        for member, score in zip(themed["recommendedItems"], scores):
            assert (score == -0.1) == (not words(member) & theme_words), (member, score, themed["theme"])


def test_an_item_closer_to_the_theme_scores_higher(pz: Any, personalize_mock: Any, sims: tuple[str, str]) -> None:
    _, version = sims
    personalize_mock.data.put_object("s3://in/items.json", '{"itemId": "i0"}\n')
    job(pz, "themes", version, "s3://in/items.json", numResults=5, **THEMED)
    [record] = output(personalize_mock, "items.json")
    themed = record["output"]
    assert "chocolate" in themed["theme"]  # the word most of i0's set shares
    score = dict(zip(themed["recommendedItems"], themed["itemsThemeRelevanceScores"]))
    # i2 and i4 say "chocolate" twice, the vegetables never: relevance follows the text.
    assert min(score[i] for i in ("i2", "i4") if i in score) > max(score[i] for i in ("i1", "i5") if i in score)


def test_without_theme_mode_lines_keep_scores(pz: Any, personalize_mock: Any, sims: tuple[str, str]) -> None:
    _, version = sims
    personalize_mock.data.put_object("s3://in/items.json", '{"itemId": "i0"}\n')
    job(pz, "plain", version, "s3://in/items.json", numResults=3)
    [record] = output(personalize_mock, "items.json")
    assert set(record["output"]) == {"recommendedItems", "scores"}
    assert json.dumps(record).count("theme") == 0
