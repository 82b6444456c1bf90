"""optimizing-solution-for-objective through boto3: a User-Personalization or Personalized-Ranking solution
optimized for the Items dataset's PRICE recommends dearer items the higher its objectiveSensitivity, keeps
most of its relevance, and reports ``average_rewards_at_k`` — which equals a direct computation from the
campaign's own answers."""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from typing import Any, Optional

import boto3
import pytest

from cleanroom_mock import mock_personalize

from ..support import ITEMS_SCHEMA, RECIPE, UP, client, make_campaign, make_group, make_solution, make_version
from ..test_runtime_support import add_dataset, item_ids, runtime

COMMUNITIES, USERS_EACH, ITEMS_EACH, PER_USER = 4, 60, 50, 12
LEVELS: tuple[Optional[str], ...] = (None, "OFF", "LOW", "MEDIUM", "HIGH")
RANKING = RECIPE + "aws-personalized-ranking"


def _data() -> tuple[list[dict], dict[str, float]]:
    """Users c<k>u<n> each interact with 12 of their community's 50 items, chosen without regard to price;
    prices are uniform between 1 and 100."""
    generator = random.Random(3)
    rows, moment = [], 1_700_000_000
    for c in range(COMMUNITIES):
        for u in range(USERS_EACH):
            for item in generator.sample(range(ITEMS_EACH), PER_USER):
                moment += 60
                rows.append({"USER_ID": f"c{c}u{u}", "ITEM_ID": f"c{c}i{item}", "TIMESTAMP": moment})
    prices = {f"c{c}i{i}": round(generator.uniform(1, 100), 2) for c in range(COMMUNITIES) for i in range(ITEMS_EACH)}
    return rows, prices


def _config(level: Optional[str]) -> dict:
    return {} if level is None else {"optimizationObjective": {"itemAttribute": "PRICE", "objectiveSensitivity": level}}


@pytest.fixture(scope="module")
def shop() -> Iterator[dict[str, Any]]:
    """One group; a User-Personalization campaign (no exploration) and the solution version's metrics per
    sensitivity (None: no objective), and Personalized-Ranking campaigns at OFF and HIGH."""
    with mock_personalize() as aws:
        aws.quotas.set("personalize", "Active campaigns per dataset group", 10)
        pz = client()
        rows, prices = _data()
        csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n" + "".join(
            f"{r['USER_ID']},{r['ITEM_ID']},{r['TIMESTAMP']},click,\n" for r in rows
        )
        group = make_group(pz, aws, "objective", csv)
        add_dataset(
            pz,
            aws,
            group,
            "Items",
            ITEMS_SCHEMA,
            "ITEM_ID,GENRE,PRICE\n" + "".join(f"{i},any,{p}\n" for i, p in prices.items()),
            "objective",
        )
        campaigns, metrics, ranking = {}, {}, {}
        for level in LEVELS:
            solution = make_solution(pz, group, f"up-{level}", UP, solutionConfig=_config(level))
            version, described = make_version(pz, solution)
            assert described["status"] == "ACTIVE", described
            metrics[level] = pz.get_solution_metrics(solutionVersionArn=version)["metrics"]
            campaigns[level] = make_campaign(
                pz, version, f"up-{level}", campaignConfig={"itemExplorationConfig": {"explorationWeight": "0"}}
            )
        for level in ("OFF", "HIGH"):
            solution = make_solution(pz, group, f"rank-{level}", RANKING, solutionConfig=_config(level))
            version, _ = make_version(pz, solution)
            ranking[level] = make_campaign(pz, version, f"rank-{level}")
        yield {
            "aws": aws,
            "pz": pz,
            "rt": runtime(),
            "group": group,
            "rows": rows,
            "prices": prices,
            "campaigns": campaigns,
            "metrics": metrics,
            "ranking": ranking,
        }


def _sample_users() -> list[str]:
    return [f"c{c}u{u}" for c in range(COMMUNITIES) for u in range(0, USERS_EACH, 5)]


def test_higher_sensitivity_recommends_dearer_items_and_keeps_relevance(shop: dict[str, Any]) -> None:
    rt, prices = shop["rt"], shop["prices"]
    mean_price, own_community = {}, {}
    lists: dict[Optional[str], list[list[str]]] = {}
    for level in LEVELS:
        answers = [
            rt.get_recommendations(campaignArn=shop["campaigns"][level], userId=user, numResults=10)
            for user in _sample_users()
        ]
        lists[level] = [item_ids(answer) for answer in answers]
        chosen = [(user, item) for user, items in zip(_sample_users(), lists[level]) for item in items]
        mean_price[level] = sum(prices[item] for _, item in chosen) / len(chosen)
        own_community[level] = sum(item.split("i")[0] == user.split("u")[0] for user, item in chosen) / len(chosen)
        for answer in answers:  # the scores still follow the order
            scores = [entry["score"] for entry in answer["itemList"]]
            assert scores == sorted(scores, reverse=True)
    assert lists["OFF"] == lists[None]  # OFF: the interactions alone decide
    assert mean_price["OFF"] < mean_price["LOW"] < mean_price["MEDIUM"] < mean_price["HIGH"]
    # Relevance gives way gradually: the user's own community keeps nearly every slot up to MEDIUM.
    assert own_community["OFF"] == 1.0
    assert own_community["MEDIUM"] >= 0.95
    assert 0.8 <= own_community["HIGH"] <= own_community["MEDIUM"]


def test_personalized_ranking_puts_dearer_candidates_first(shop: dict[str, Any]) -> None:
    """Over a dozen users of one community, HIGH ranks the same candidates dearer-first more than OFF does
    (positions weighted: the top of the list counts most)."""
    rt, prices = shop["rt"], shop["prices"]
    candidates = [f"c1i{k}" for k in range(0, ITEMS_EACH, 5)]

    def weighted_price(level: str) -> float:
        total = 0.0
        for user in range(12):
            answer = rt.get_personalized_ranking(campaignArn=shop["ranking"][level], userId=f"c1u{user}",
                                                 inputList=candidates)
            ranked = item_ids(answer, "personalizedRanking")
            assert sorted(ranked) == sorted(candidates)
            total += sum(prices[item] * (len(ranked) - position) for position, item in enumerate(ranked))
        return total

    assert weighted_price("HIGH") > weighted_price("OFF")


def _test_users(rows: list[dict]) -> dict[str, list[dict]]:
    """working-with-training-metrics: 10 % of the users (the first by a stable hash), each history in time
    order."""
    by_user: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["TIMESTAMP"]):
        by_user.setdefault(row["USER_ID"], []).append(row)
    chosen = sorted(by_user, key=lambda u: hashlib.sha256(u.encode()).digest()[:8])[: math.ceil(0.1 * len(by_user))]
    return {user: by_user[user] for user in chosen}


def test_average_rewards_at_k_equals_a_direct_computation(shop: dict[str, Any]) -> None:
    """measuring-performance: per test user, the price of their newest 10 % found in the top 25 recommended
    from their oldest 90 % ÷ the price of their newest 10 %; averaged. The campaign is asked for each test
    user's top 25 from an anonymous session replaying their oldest 90 % (recording-anonymous-user-events),
    which is how the model represents a test user."""
    metrics, prices = shop["metrics"], shop["prices"]
    assert "average_rewards_at_k" not in metrics[None]  # only with an optimization objective
    assert all(0 < metrics[level]["average_rewards_at_k"] <= 1 for level in LEVELS[1:])
    pz = shop["pz"]
    tracker = pz.create_event_tracker(name="replay", datasetGroupArn=shop["group"])["eventTrackerArn"]
    tracking_id = pz.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]["trackingId"]
    events = boto3.client("personalize-events", region_name="us-east-1")
    held_out = {}
    for user, history in _test_users(shop["rows"]).items():
        newest = max(1, math.ceil(0.1 * len(history)))
        inputs = history[:-newest]
        held_out[user] = {r["ITEM_ID"] for r in history[-newest:]} - {r["ITEM_ID"] for r in inputs}
        for start in range(0, len(inputs), 10):
            events.put_events(
                trackingId=tracking_id,
                sessionId=f"replay-{user}",
                eventList=[
                    {"eventType": "click", "itemId": r["ITEM_ID"], "sentAt": r["TIMESTAMP"]}
                    for r in inputs[start : start + 10]
                ],
            )
    direct = {}
    for level in ("OFF", "MEDIUM", "HIGH"):
        ratios = []
        for user, wanted in held_out.items():
            top = item_ids(
                shop["rt"].get_recommendations(
                    campaignArn=shop["campaigns"][level], userId=f"replay-{user}", numResults=25
                )
            )
            ratios.append(sum(prices[item] for item in top if item in wanted) / sum(prices[i] for i in wanted))
        direct[level] = round(sum(ratios) / len(ratios), 4)
        assert metrics[level]["average_rewards_at_k"] == pytest.approx(direct[level], abs=1e-4), level
    # The objective earns more of the users' spending than relevance alone.
    assert direct["MEDIUM"] > direct["OFF"] and direct["HIGH"] > direct["OFF"]
    assert metrics["OFF"]["precision_at_10"] == metrics[None]["precision_at_10"]


def test_an_omitted_sensitivity_is_medium_and_missing_values_earn_nothing() -> None:
    """Engine level: no objectiveSensitivity behaves as MEDIUM; an item without a value, or with a negative one,
    is no reward in average_rewards_at_k and weighs like 1 % of the best value in the blend."""
    from cleanroom_mock.personalize.engines import training as engine

    rows, prices = _data()
    items = [{"ITEM_ID": item, "PRICE": price} for item, price in prices.items()]
    items[0]["PRICE"] = -5.0
    del items[1]["PRICE"]
    selected = engine.select_for_training(engine.read_interactions(rows), None, {})

    def trained(objective: dict) -> Any:
        config = {"optimizationObjective": objective}
        return engine.train(UP, selected, solution_config=config, items=items).recipe_model

    default, medium = trained({"itemAttribute": "PRICE"}), trained(_config("MEDIUM")["optimizationObjective"])
    assert default.objective.sensitivity == "MEDIUM"
    vector, _ = medium.user_vector("c0u1", [])
    assert (
        default.objective.blend(medium.item_factors @ vector) == medium.objective.blend(medium.item_factors @ vector)
    ).all()
    objective = medium.objective
    first, second = medium.item_of[items[0]["ITEM_ID"]], medium.item_of[items[1]["ITEM_ID"]]
    assert objective.rewards[first] == objective.rewards[second] == 0.0
    assert math.exp(objective.log_reward[first]) == pytest.approx(0.01)
    # average_rewards: a held-out item already in the input is left out; unrewarded users do not count.
    dearest = int(objective.rewards.argmax())
    assert objective.average_rewards([[dearest]], [set()], [{dearest, first}]) == 1.0
    assert objective.average_rewards([[first]], [{dearest}], [{dearest, first}]) == 0.0
    assert objective.average_rewards([[first], [dearest]], [set(), set()], [{first}, {dearest, 5}]) == round(
        objective.rewards[dearest] / (objective.rewards[dearest] + objective.rewards[5]), 4
    )
