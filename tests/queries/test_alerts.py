"""Every planted pattern is found with the right basis and no decoy is: precision and recall 1.0."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from creditgraph.queries.alerts import courier_bans, reappearances
from creditgraph.queries.rings import shared_identifier_rings

SEEDS = (3, 5, 8)


@pytest.fixture(scope="module")
def seed(request) -> int:
    """Module-scoped, so pytest runs a seed's tests together: the live Neo4j server holds one graph
    at a time, and each seed's graph is loaded once instead of once per test."""
    return request.param


# the generator's word for an individual seller reopening a shop; the alert's basis is shop_operator
BASIS = {"reopened_shop": "shop_operator"}


def _as_of(truth) -> date:
    return date.fromisoformat(truth["as_of"])


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_reappearances_precision_and_recall_are_one(synth_graph, seed):
    store, truth = synth_graph(seed)
    items = reappearances(store, _as_of(truth), max_share=truth["generic_threshold"])
    got = {(i["basis"], i["subject"]["id_number"], i["entity"]["key"]) for i in items}
    want = {
        (BASIS.get(r["basis"], r["basis"]), r["person"], r["entity"]["id"]) for r in truth["reappearances"]
    }
    assert want, "the batch must plant reappearances"
    assert {b for b, _, _ in want} >= {
        "direct_role",
        "shop_operator",
        "shareholding",
        "shared_identifier",
        "responsible_person",
    }
    assert got - want == set(), "found something not planted (a decoy?)"
    assert want - got == set(), "missed a planted reappearance"


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_no_decoy_is_reported(synth_graph, seed):
    store, truth = synth_graph(seed)
    items = reappearances(store, _as_of(truth), max_share=truth["generic_threshold"])
    entries = {i["list_entry"]["key"] for i in items}
    people = {i["subject"]["id_number"] for i in items}
    for decoy in truth["decoys"]:
        if decoy.get("entry_id") and decoy.get("person"):
            assert not (
                decoy["entry_id"] in entries
                and decoy["person"] in people
                and decoy.get("entity", {}).get("id")
                in {i["entity"]["key"] for i in items if i["subject"]["id_number"] == decoy["person"]}
            ), decoy


def test_reappearance_items_have_the_documented_shape(synth_graph):
    store, truth = synth_graph(3)
    item = reappearances(store, _as_of(truth))[0]
    assert set(item) >= {"subject", "entity", "basis", "listed_at", "since", "list_entry", "responsible"}
    assert set(item["subject"]) >= {"kind", "key", "name"}
    assert item["subject"]["kind"] == "person" and "*" in item["subject"]["key"], "persons' keys are masked"
    assert item["since"] > item["listed_at"]


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_courier_bans_precision_and_recall_are_one(synth_graph, seed):
    store, truth = synth_graph(seed)
    got = {(c["courier"]["key"], c["entity"]["key"]) for c in courier_bans(store, _as_of(truth))}
    want = {(r["courier"], r["entity"]["id"]) for r in truth["courier_bans"]}
    assert want and got == want


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_rings_are_the_planted_ones(synth_graph, seed):
    store, truth = synth_graph(seed)
    rings = shared_identifier_rings(store, _as_of(truth), max_share=truth["generic_threshold"])

    def ident(m):
        return m["id_number"] if m["kind"] == "person" else m["node_key"]

    got = {frozenset(ident(m) for m in r["members"]) for r in rings}
    want = {frozenset(m["id"] for m in r["members"]) for r in truth["rings"]}
    assert want and got == want


def test_time_travel_before_during_and_after_a_listing(synth_graph):
    store, truth = synth_graph(3)
    planted = next(r for r in truth["reappearances"] if r["basis"] == "direct_role")
    entry = store.run("MATCH (e:ListEntry {key: $k}) RETURN e.listed_at AS at", {"k": planted["entry_id"]})[0]
    since = date.fromisoformat(planted["since"])

    def found(on: date) -> bool:
        return any(
            i["list_entry"]["key"] == planted["entry_id"]
            for i in reappearances(store, on, bases=("direct_role",))
        )

    assert not found(entry["at"] - timedelta(days=1)), "before the listing there is nothing to find"
    assert found(since + timedelta(days=1)), "during the listing the reappearance is found"
    # expire the entry the day after the reappearance began: after that it no longer counts
    expiry = since + timedelta(days=2)
    store.run(
        "MATCH (e:ListEntry {key: $k}) SET e.expires_at = $d",
        {"k": planted["entry_id"], "d": expiry},
        write=True,
    )
    try:
        assert not found(expiry + timedelta(days=1)), "after expiry the entry no longer counts"
    finally:
        store.run(
            "MATCH (e:ListEntry {key: $k}) SET e.expires_at = NULL", {"k": planted["entry_id"]}, write=True
        )
