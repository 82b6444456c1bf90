"""CreateSolution's rules for ``solutionConfig.optimizationObjective`` (optimizing-solution-for-objective):
User-Personalization or Personalized-Ranking only, on one numerical, non-null column of the Items dataset."""

from __future__ import annotations

from typing import Any

import pytest

from ..support import ITEMS_SCHEMA, RECIPE, SIMS, UP, client, interactions_csv, make_group, record_schema
from ..test_runtime_support import add_dataset

OBJECTIVE = {"optimizationObjective": {"itemAttribute": "PRICE", "objectiveSensitivity": "HIGH"}}


@pytest.fixture
def items_group(personalize_mock: Any) -> str:
    """A group with interactions and an Items dataset of GENRE (string), PRICE (float), RATING (null or float)
    and LAUNCHED (long)."""
    pz = client()
    group = make_group(pz, personalize_mock, "priced", interactions_csv())
    schema = record_schema(
        "Items",
        ITEM_ID="string",
        GENRE={"type": "string", "categorical": True},
        PRICE="float",
        RATING=["null", "float"],
        LAUNCHED="long",
    )
    add_dataset(
        pz,
        personalize_mock,
        group,
        "Items",
        schema,
        "ITEM_ID,GENRE,PRICE,RATING,LAUNCHED\n" + "".join(f"i{k},g,{k + 1},,{k}\n" for k in range(8)),
        "priced",
    )
    return group


@pytest.mark.parametrize(
    "recipe",
    [
        "aws-user-personalization",
        "aws-user-personalization-v2",
        "aws-personalized-ranking",
        "aws-personalized-ranking-v2",
    ],
)
def test_user_personalization_and_ranking_accept_a_numerical_column(items_group: str, recipe: str) -> None:
    pz = client()
    for column in ("PRICE", "LAUNCHED"):
        config = {"optimizationObjective": {"itemAttribute": column, "objectiveSensitivity": "LOW"}}
        arn = pz.create_solution(
            name=f"{recipe}-{column}", datasetGroupArn=items_group, recipeArn=RECIPE + recipe, solutionConfig=config
        )["solutionArn"]
        assert pz.describe_solution(solutionArn=arn)["solution"]["solutionConfig"] == config


@pytest.mark.parametrize(
    "recipe", [SIMS, RECIPE + "aws-popularity-count", RECIPE + "aws-similar-items", RECIPE + "aws-item-affinity"]
)
def test_other_recipes_refuse_an_objective(items_group: str, recipe: str) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException, match="User-Personalization or Personalized-Ranking"):
        pz.create_solution(name="s", datasetGroupArn=items_group, recipeArn=recipe, solutionConfig=OBJECTIVE)
    assert pz.list_solutions()["solutions"] == []


@pytest.mark.parametrize(
    "objective, text",
    [
        ({"itemAttribute": "GENRE"}, "numerical"),  # a string column
        ({"itemAttribute": "RATING", "objectiveSensitivity": "MEDIUM"}, "null"),  # ["null", "float"]
        ({"itemAttribute": "COST"}, "not a column"),
        ({"itemAttribute": "price"}, "not a column"),  # schema field names are case-sensitive
        ({"objectiveSensitivity": "HIGH"}, "requires itemAttribute"),
    ],
)
def test_the_column_must_be_a_numerical_non_null_items_column(items_group: str, objective: dict, text: str) -> None:
    pz = client()
    with pytest.raises(pz.exceptions.InvalidInputException, match=text):
        pz.create_solution(
            name="s", datasetGroupArn=items_group, recipeArn=UP, solutionConfig={"optimizationObjective": objective}
        )


def test_an_objective_needs_an_items_dataset(personalize_mock: Any) -> None:
    pz = client()
    group = make_group(pz, personalize_mock, "bare", interactions_csv())
    with pytest.raises(pz.exceptions.InvalidInputException, match="Items dataset"):
        pz.create_solution(name="s", datasetGroupArn=group, recipeArn=UP, solutionConfig=OBJECTIVE)
    add_dataset(pz, personalize_mock, group, "Items", ITEMS_SCHEMA, "ITEM_ID,GENRE,PRICE\ni0,g,1\n", "bare")
    assert pz.create_solution(name="s", datasetGroupArn=group, recipeArn=UP, solutionConfig=OBJECTIVE)["solutionArn"]


def test_the_sensitivity_is_one_of_the_documented_levels(items_group: str) -> None:
    """API_OptimizationObjective: LOW | MEDIUM | HIGH | OFF (botocore's model carries the enum)."""
    pz = client(validate=False)
    with pytest.raises(pz.exceptions.InvalidInputException):
        pz.create_solution(
            name="s",
            datasetGroupArn=items_group,
            recipeArn=UP,
            solutionConfig={"optimizationObjective": {"itemAttribute": "PRICE", "objectiveSensitivity": "EXTREME"}},
        )
