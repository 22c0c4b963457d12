"""Entity file, related parties, paths and product trace on a loaded synthetic graph."""

from __future__ import annotations

from datetime import date

import pytest

from creditgraph.graph_model.errors import InputError, NotFound
from creditgraph.queries.entity import entity_file
from creditgraph.queries.paths import shortest_path
from creditgraph.queries.related import related_parties
from creditgraph.queries.subjects import resolve
from creditgraph.queries.trace import product_trace


@pytest.fixture
def graph(synth_graph):
    return synth_graph(3)


def _as_of(truth) -> date:
    return date.fromisoformat(truth["as_of"])


def test_entity_file_of_a_reappearing_person(graph):
    store, truth = graph
    planted = next(r for r in truth["reappearances"] if r["basis"] == "direct_role")
    ref = resolve(store, "person", planted["person"])
    f = entity_file(store, ref, _as_of(truth))
    assert f["subject"]["kind"] == "person"
    assert f["subject"]["key"] != planted["person"] and "*" in f["subject"]["key"]
    assert f["subject"]["id_number"] == planted["person"], "carried for roles allowed to see it"
    roles = f["sections"]["roles"]
    assert any(r["node"]["key"] == planted["entity"]["id"] for r in roles)
    entries = f["sections"]["list_entries"]
    assert any(e["key"] == planted["entry_id"] and e["status"] == "active" for e in entries)


def test_entity_file_of_a_company_lists_people_and_identifiers(graph):
    store, truth = graph
    planted = next(r for r in truth["reappearances"] if r["basis"] == "direct_role")
    f = entity_file(store, resolve(store, "company", planted["entity"]["id"]), _as_of(truth))
    people = f["sections"]["people"]
    assert any(p["node"]["id_number"] == planted["person"] for p in people), (
        "the reappearing person holds a role"
    )
    assert "roles" not in f["sections"], "a company holds no roles; people hold roles in it"
    assert f["properties"]["name"]


def test_a_resolved_subject_is_not_read_again(graph, query_calls):
    """``resolve`` reads the subject's node to know it exists; the entity file and a walk's root
    name take it from the reference (one read fewer a request); a bare reference still works."""
    import creditgraph.queries.entity as entity
    import creditgraph.queries.related as related
    from creditgraph.queries.subjects import SubjectRef

    store, truth = graph
    planted = next(r for r in truth["reappearances"] if r["basis"] == "direct_role")
    ref = resolve(store, "company", planted["entity"]["id"])
    bare = SubjectRef(ref.label, ref.key)
    assert ref == bare and ref.node["key"] == ref.key
    reads = query_calls(entity, related)
    as_of = _as_of(truth)
    assert entity_file(store, ref, as_of) == entity_file(store, bare, as_of)
    assert related_parties(store, ref, depth=1, as_of=as_of) == related_parties(
        store, bare, depth=1, as_of=as_of
    )
    assert reads["subject"] == 2, reads  # the bare reference's file and walk only


def test_unknown_subjects_are_not_found(graph):
    store, _ = graph
    with pytest.raises(NotFound):
        resolve(store, "company", "91320400MA1XXXXX0X")
    with pytest.raises(InputError):
        resolve(store, "spaceship", "x")


def test_related_parties_reach_the_planted_nominee_at_depth_two(graph):
    store, truth = graph
    planted = next(r for r in truth["reappearances"] if r["basis"] == "shared_identifier")
    ref = resolve(store, "person", planted["person"])
    result = related_parties(store, ref, depth=2, groups=["shared_identifiers"], as_of=_as_of(truth))
    nominee = resolve(store, "person", planted["nominee"])
    keys = {n["node_key"] for n in result["nodes"]}
    assert nominee.key in keys
    assert all(e["type"] in ("HAS_PHONE", "HAS_ADDRESS", "HAS_ACCOUNT") for e in result["edges"])
    one = related_parties(store, ref, depth=1, groups=["shared_identifiers"], as_of=_as_of(truth))
    assert nominee.key not in {n["node_key"] for n in one["nodes"]}, "two hops, not one"


def test_hubs_are_capped(graph):
    store, truth = graph
    generic = next(g for g in truth["generic_identifiers"] if g["kind"] == "phone")
    row = store.run(
        "MATCH (p:Phone)<-[:HAS_PHONE]-(s) WITH p, count(s) AS n WHERE n = $n RETURN p.key AS k LIMIT 1",
        {"n": generic["holders"]},
    )
    holder = store.run(
        "MATCH (p:Phone {key: $k})<-[:HAS_PHONE]-(s:Shop) RETURN s.key AS k LIMIT 1", {"k": row[0]["k"]}
    )
    ref = resolve(store, "shop", holder[0]["k"])
    result = related_parties(store, ref, depth=3, groups=["shared_identifiers"], fanout=5)
    assert row[0]["k"] in result["hubs"]
    assert len(result["nodes"]) <= 1 + 1 + 5 + 5 * 5


def test_depth_is_bounded(graph):
    store, _ = graph
    ref = resolve(store, "company", store.run("MATCH (c:Company) RETURN c.key AS k LIMIT 1")[0]["k"])
    with pytest.raises(InputError, match="depth"):
        related_parties(store, ref, depth=4)
    with pytest.raises(InputError, match="types"):
        related_parties(store, ref, groups=["friendship"])


def test_shortest_path_between_a_listed_person_and_the_company_they_front(graph):
    store, truth = graph
    planted = next(r for r in truth["reappearances"] if r["basis"] == "shareholding")
    a = resolve(store, "person", planted["person"])
    b = resolve(store, "company", planted["entity"]["id"])
    path = shortest_path(store, a, b)
    assert path is not None and path["length"] == 1
    assert path["edges"][0]["type"] == "SHAREHOLDER_OF"
    assert {path["edges"][0]["source"], path["edges"][0]["target"]} == {a.key, b.key}


def test_product_trace_flags_sensitive_categories(graph):
    store, truth = graph
    row = store.run(
        "MATCH (s:Shop)-[:SELLS]->(p:Product) WHERE p.category = '婴配食品' RETURN p.key AS k LIMIT 1"
    )
    trace = product_trace(store, row[0]["k"], _as_of(truth))
    assert trace["product"]["sensitive"] is True
    assert trace["shops"] and all(s["platform"] for s in trace["shops"])
    with pytest.raises(NotFound):
        product_trace(store, "NO-SUCH-PRODUCT")
