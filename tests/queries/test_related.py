"""Related parties: the two-step fast path against the plain step-by-step walk, caps, dates, edges;
and the reappearance scan's generic-identifier filter."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

import creditgraph.queries.related as related
from creditgraph.graph_model.errors import InputError
from creditgraph.queries.alerts import reappearances
from creditgraph.queries.related import related_parties
from creditgraph.queries.subjects import SubjectRef, people_by_key, resolve


@pytest.fixture
def graph(synth_graph):
    return synth_graph(3)


def _as_of(truth) -> date:
    return date.fromisoformat(truth["as_of"])


def _refs(store) -> list[SubjectRef]:
    """Subjects with something around them: a listed person, companies with several people,
    a holder of a generic phone (a hub next to the subject) and a shop."""
    refs = []
    for label, cypher in [
        ("Person", "MATCH (p:Person)-[:LISTED_IN]->(:ListEntry) RETURN p.key AS k LIMIT 3"),
        ("Company", "MATCH (p:Person)-[:OFFICER_OF]->(c:Company) RETURN DISTINCT c.key AS k LIMIT 3"),
        (
            "Person",
            "MATCH (x:Phone)<-[:HAS_PHONE]-(s) WITH x, count(s) AS n WHERE n > 20 "
            "MATCH (x)<-[:HAS_PHONE]-(p:Person) RETURN p.key AS k LIMIT 2",
        ),
        ("Shop", "MATCH (s:Shop)-[:HAS_PHONE]->(:Phone) RETURN s.key AS k LIMIT 2"),
    ]:
        refs += [SubjectRef(label, r["k"]) for r in store.run(cypher)]
    assert len(refs) >= 8
    return refs


def _shape(result) -> tuple:
    nodes = sorted(
        (n["node_key"], n["label"], n["depth"], n["hub"], n["key"], n.get("name")) for n in result["nodes"]
    )
    edges = sorted(
        (e["source"], e["target"], e["type"], e.get("role"), str(e.get("since")), str(e.get("until")))
        for e in result["edges"]
    )
    return nodes, edges, sorted(result["hubs"]), result["truncated"]


@pytest.mark.parametrize("fanout", [50, 4])
@pytest.mark.parametrize("depth", [2, 3])
def test_two_step_query_walks_exactly_like_one_step_at_a_time(graph, monkeypatch, depth, fanout):
    store, truth = graph
    refs = _refs(store)
    fast = [related_parties(store, r, depth=depth, fanout=fanout, as_of=_as_of(truth)) for r in refs]
    monkeypatch.setattr(related, "_two_steps", lambda *a: None)
    slow = [related_parties(store, r, depth=depth, fanout=fanout, as_of=_as_of(truth)) for r in refs]
    assert [_shape(x) for x in fast] == [_shape(x) for x in slow]
    if fanout == 4:
        assert any(x["hubs"] for x in fast), "the sample must hold a capped hub"


def test_a_walk_past_the_row_cap_is_redone_step_by_step(graph, monkeypatch, query_calls):
    store, truth = graph
    ref = _refs(store)[3]
    want = _shape(related_parties(store, ref, depth=3, as_of=_as_of(truth)))
    monkeypatch.setattr(related, "TWO_STEP_ROWS", 1)
    calls = query_calls(related)
    assert _shape(related_parties(store, ref, depth=3, as_of=_as_of(truth))) == want
    assert calls["related_two_steps"] == 1 and calls["related_step"] >= 1


def test_the_subjects_name_comes_with_the_two_steps(graph, query_calls):
    """A walk of depth 2 or more reads its subject's name in the walk's own query (a second read
    cost ~0.5 ms a walk on 15M subjects); depth 1, and a subject with no links, read it apart."""
    store, truth = graph
    calls = query_calls(related)
    walked = "|".join(t for types in related.GROUPS.values() for t in types)
    seen = set()
    for ref in _refs(store):
        want = store.run(f"MATCH (s:{ref.label} {{key: $k}}) RETURN s.name AS n", {"k": ref.key})[0]["n"]
        for depth in (2, 1):
            calls.clear()
            nodes = related_parties(store, ref, depth=depth, as_of=_as_of(truth))["nodes"]
            assert (nodes[0]["node_key"], nodes[0]["name"]) == (ref.key, want)
            linked = store.run(
                f"MATCH (s:{ref.label} {{key: $k}})-[r:{walked}]-() RETURN count(r) AS n", {"k": ref.key}
            )[0]["n"]
            reads = 1 if depth == 1 or not linked else 0
            assert calls["subject"] == reads, (ref, depth, linked)
        seen.add(bool(linked))
    assert seen == {True, False}, "the sample must hold a subject with links and one without"


def test_hubs_show_fanout_neighbours_and_every_link_is_drawn_once(graph):
    store, truth = graph
    fanout = 4
    for ref in _refs(store):
        result = related_parties(store, ref, depth=3, fanout=fanout, as_of=_as_of(truth))
        keys = {n["node_key"] for n in result["nodes"]}
        assert all(e["source"] in keys and e["target"] in keys for e in result["edges"])
        links = Counter(
            (frozenset((e["source"], e["target"])), e["type"], e.get("role")) for e in result["edges"]
        )
        assert all(n == 1 for n in links.values()), "a stored link is drawn once, not once from each end"
        assert ref.key not in result["hubs"], "the subject itself is never a hub"
        depth_of = {n["node_key"]: n["depth"] for n in result["nodes"]}
        for hub in result["hubs"]:
            reached = {e["target"] for e in result["edges"] if e["source"] == hub}
            deeper = {k for k in reached if depth_of[k] == depth_of[hub] + 1}
            assert len(reached) <= fanout and deeper <= reached
            degree = store.run(
                "MATCH (a {key: $k})-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS"
                "|HAS_ACCOUNT]-(b) WHERE (r.since IS NULL OR r.since <= $d) AND (r.until IS NULL OR r.until > $d) "
                "RETURN count(*) AS n",
                {"k": hub, "d": _as_of(truth)},
            )[0]["n"]
            assert degree > fanout, "a hub has more current links than the fan-out"


def test_links_not_current_are_not_walked(graph):
    store, _ = graph
    rows = store.run(
        "MATCH (p:Person)-[r:OFFICER_OF]->(c:Company) WHERE r.until IS NOT NULL "
        "RETURN p.key AS p, c.key AS c, r.since AS since, r.until AS until LIMIT 50"
    )
    row = next(r for r in rows if r["since"] is None or r["since"] < r["until"] - timedelta(days=1))
    ref = SubjectRef("Person", row["p"])

    def officer_edges(on: date) -> list[dict]:
        result = related_parties(store, ref, depth=2, groups=["roles"], as_of=on)
        return [e for e in result["edges"] if e["target"] == row["c"] and e.get("until") == row["until"]]

    assert officer_edges(row["until"] - timedelta(days=1)), "the day before it ends the role is walked"
    assert not officer_edges(row["until"]), "from the day it ends it is not"


def test_persons_carry_their_identity_and_groups_filter_types(graph):
    store, truth = graph
    planted = next(r for r in truth["reappearances"] if r["basis"] == "shared_identifier")
    ref = resolve(store, "person", planted["person"])
    result = related_parties(store, ref, depth=2, as_of=_as_of(truth))
    people = [n for n in result["nodes"] if n["label"] == "Person"]
    known = people_by_key(store, [n["node_key"] for n in people])
    assert people and all(n["id_number"] == known[n["node_key"]]["id_number"] for n in people)
    assert next(n for n in people if n["depth"] == 0)["id_number"] == planted["person"]
    roles = related_parties(store, ref, depth=3, groups=["roles"], as_of=_as_of(truth))
    assert {e["type"] for e in roles["edges"]} <= {"LEGAL_REP_OF", "OFFICER_OF"}
    with pytest.raises(InputError, match="fanout"):
        related_parties(store, ref, fanout=related.MAX_FANOUT + 1)


def test_generic_identifiers_tie_no_one(graph):
    store, truth = graph
    as_of, threshold = _as_of(truth), truth["generic_threshold"]

    def shared(max_share: int) -> list[dict]:
        items = reappearances(store, as_of, max_share=max_share, bases=("shared_identifier",))
        return [i for i in items if i["basis"] == "shared_identifier"]

    everything = shared(10**6)
    assert everything
    holders = {}
    for item in everything:
        ident = item["via"]["identifier"]
        holders[ident["key"]] = store.run(
            f"MATCH (i:{ident['kind'].capitalize()} {{key: $k}})<-[]-(h) RETURN count(DISTINCT h) AS n",
            {"k": ident["key"]},
        )[0]["n"]
    for max_share in sorted({threshold, *holders.values()}):
        kept = shared(max_share)
        assert kept == [i for i in everything if holders[i["via"]["identifier"]["key"]] <= max_share]
    assert shared(1) == [], "every shared identifier has at least two holders"
