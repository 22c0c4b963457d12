"""The same batch and policy data in both stores, by every path: the same graph, and the same answers
from every library query and every function built on them."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from parity_support import (
    Parity,
    _text,
    altered,
    canon,
    compare_query,
    diff,
    drawn_cases,
    example_cases,
    listed_the_day_after,
    parity_graphs,
)

from creditgraph.graph_model.schema import load_schema
from creditgraph.queries.library import get_query, query, query_names
from creditgraph.queries.subjects import SubjectRef

from conftest import NEO4J_GROUP

pytestmark = NEO4J_GROUP


@pytest.fixture
def parity(_embedded_graphs, _neo4j_graphs, synth_batch) -> Parity:
    return parity_graphs(_embedded_graphs, _neo4j_graphs, synth_batch)


def test_both_stores_were_built_by_every_path(parity: Parity):
    for built in parity.built:
        assert built["modes"] == ("bulk", "incremental")
        assert built["risk"].written > 0


def test_the_same_counts_per_label_and_relationship_type(parity: Parity):
    embedded, neo4j = parity.both(lambda s: s.counts())
    assert embedded == neo4j
    assert sum(embedded["nodes"].values()) > 3000 and sum(embedded["relationships"].values()) > 5000
    empty = [t for t, n in {**embedded["nodes"], **embedded["relationships"]}.items() if n == 0]
    assert len(empty) <= 3, f"most labels and types should be exercised: empty {empty}"


def _sample(parity: Parity, label: str, n: int = 25) -> list[str]:
    keys = [r["k"] for r in parity.embedded.run(f"MATCH (x:{label}) RETURN x.key AS k ORDER BY k")]
    return keys[:: max(1, len(keys) // n)]


@pytest.mark.parametrize("label", sorted(load_schema().domain_nodes))
def test_the_same_properties_on_a_sample_of_every_label(parity: Parity, label: str):
    keys = _sample(parity, label)
    read = f"MATCH (x:{label}) WHERE x.key IN $keys RETURN x ORDER BY x.key"
    embedded, neo4j = parity.both(lambda s: s.run(read, {"keys": keys}))
    assert len(embedded) == len(keys)
    assert diff(label, embedded, neo4j) == []


def _key(row: dict) -> str:
    return _text(canon(row))


def test_the_same_edges_with_the_same_properties(parity: Parity):
    problems = []
    for rel_type, rel in parity.embedded.schema.relationships.items():
        for src, dst in rel.pairs:
            read = f"MATCH (a:{src})-[r:{rel_type}]->(b:{dst}) RETURN a.key AS a, b.key AS b, r"
            embedded, neo4j = parity.both(lambda s, q=read: s.run(q))
            problems += diff(f"{src}-{rel_type}->{dst}", sorted(embedded, key=_key), sorted(neo4j, key=_key))
    assert problems == []


@pytest.mark.parametrize("name", query_names())
def test_every_library_query_with_its_example(parity: Parity, name: str):
    assert compare_query(parity.stores, name, example_cases(name)) == []


@pytest.fixture(scope="module")
def drawn(request):
    return {}


@pytest.mark.parametrize("name", query_names())
def test_every_library_query_with_parameters_drawn_from_the_batch(parity: Parity, name: str, drawn):
    if "cases" not in drawn:
        drawn["cases"] = drawn_cases(parity.embedded, parity.truth)
    cases = drawn["cases"][name]
    assert cases
    assert compare_query(parity.stores, name, cases) == []
    if not get_query(name).writes:
        rows = [
            r
            for case in cases
            for r in query(parity.embedded, name, subject=case[0], other=case[1], **case[2])
        ]
        assert rows or name in NOT_FOUND_IN_A_SMALL_BATCH, f"{name}: the drawn parameters find nothing"


#: Queries whose drawn parameters may honestly find nothing in 1,500 subjects.
NOT_FOUND_IN_A_SMALL_BATCH = {
    "record_objections",  # objections are made through the API, not by a record batch
    "objections_on",
    "agency_successors",
    "reappear_identifier_holders",
    "reappear_responsible_shop",  # bases seed 3's batch plants no case of
    "reappear_shared_identifier_shop",
}


def test_a_query_changed_on_one_store_fails_parity(parity: Parity):
    """The comparison is not blind: a query changed on one store only (off by one day) is reported."""
    name = "list_entries"
    day = parity.embedded.run(
        "MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry) WHERE e.removed_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > e.listed_at) "
        "AND coalesce(e.upheld_objection, false) = false RETURN e.listed_at AS d ORDER BY e.key LIMIT 1"
    )[0]["d"]
    cases = [(None, None, {"lists": ["red", "black"], "as_of": day, "offset": 0, "limit": 500})]
    assert compare_query(parity.stores, name, cases) == []
    for changed in ("neo4j", "embedded"):
        problems = compare_query(parity.stores, name, cases, altered(name, changed, listed_the_day_after))
        assert len(problems) == 1 and problems[0].startswith(f"{name}[]"), problems
        assert f"{'embedded' if changed == 'neo4j' else 'neo4j'} only [" in problems[0]


# -- what the product builds on the queries ----------------------------------------------------------
def test_every_alert_list_is_identical(parity: Parity):
    from creditgraph.queries.alerts import courier_bans, reappearances
    from creditgraph.queries.barred import barred_roles
    from creditgraph.queries.rings import shared_identifier_rings

    for as_of in (parity.as_of, date(2022, 1, 1)):
        for name, fn in (
            ("reappearances", reappearances),
            ("barred_roles", barred_roles),
            ("courier_bans", courier_bans),
        ):
            embedded, neo4j = parity.both(lambda s, f=fn, d=as_of: f(s, d))
            assert embedded, f"{name} as of {as_of} found nothing"
            assert diff(f"{name} {as_of}", embedded, neo4j) == []
        embedded, neo4j = parity.both(lambda s, d=as_of: shared_identifier_rings(s, d))
        assert diff(f"rings {as_of}", embedded, neo4j) == []


def _refs(parity: Parity) -> list[SubjectRef]:
    from parity_support import _keys

    labels = get_query("subject").subjects
    return [SubjectRef(label, k) for label in labels for k in _keys(parity.embedded, label, 2)]


def test_every_entity_file_is_identical(parity: Parity):
    from creditgraph.queries.entity import entity_file

    for ref in _refs(parity):
        for as_of in (parity.as_of, date(2021, 1, 1)):
            embedded, neo4j = parity.both(lambda s, r=ref, d=as_of: entity_file(s, r, d))
            assert diff(f"entity file {ref} {as_of}", embedded, neo4j) == []


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_every_related_parties_walk_is_identical(parity: Parity, depth: int):
    from creditgraph.queries.related import related_parties

    for ref in _refs(parity):
        for groups in (None, ["roles"]):
            embedded, neo4j = parity.both(
                lambda s, r=ref, g=groups: related_parties(s, r, depth=depth, groups=g, as_of=parity.as_of)
            )
            assert diff(f"related {ref} depth {depth} {groups}", embedded, neo4j) == []


def test_every_path_is_identical(parity: Parity):
    from creditgraph.queries.paths import shortest_path
    from creditgraph.queries.subjects import person_key

    found = 0
    for item in parity.truth["reappearances"][:12]:
        a = SubjectRef("Person", person_key(parity.embedded, item["person"]))
        entity = item["entity"]
        b = SubjectRef({"company": "Company", "shop": "Shop"}[entity["kind"]], entity["id"])
        embedded, neo4j = parity.both(lambda s, x=a, y=b: shortest_path(s, x, y))
        found += embedded is not None
        assert diff(f"path {a} {b}", embedded, neo4j) == []
    assert found


def test_every_product_trace_is_identical(parity: Parity):
    from parity_support import _keys

    from creditgraph.queries.trace import product_trace

    for key in _keys(parity.embedded, "Product", 5):
        for as_of in (parity.as_of, date(2021, 1, 1)):
            embedded, neo4j = parity.both(lambda s, k=key, d=as_of: product_trace(s, k, d))
            assert diff(f"trace {key} {as_of}", embedded, neo4j) == []


def test_every_who_must_act_answer_is_identical(parity: Parity):
    from creditgraph.queries.responsible import responsible, tasks

    types = [r["n"] for r in parity.embedded.run("MATCH (v:ViolationType) RETURN v.name AS n ORDER BY v.key")]
    places = [r["k"] for r in parity.embedded.run("MATCH (j:Jurisdiction) RETURN j.key AS k ORDER BY k")]
    assert types and places
    for vtype in types:
        for place in places[:: max(1, len(places) // 6)]:
            for as_of in (parity.as_of, date(2018, 6, 1), date(2017, 1, 1)):
                embedded, neo4j = parity.both(lambda s, v=vtype, p=place, d=as_of: responsible(s, v, p, d))
                assert diff(f"responsible {vtype} {place} {as_of}", embedded, neo4j) == []
    embedded, neo4j = parity.both(lambda s: tasks(s))
    assert diff("tasks", embedded, neo4j) == []


def test_propagation_scores_agree_to_1e_9_and_ranks_exactly(parity: Parity):
    from creditgraph.queries.risk.runs import compute

    embedded, neo4j = parity.both(lambda s: compute(s, parity.as_of).scores)
    cols = ["label", "key", "risk_own", "risk_score", "risk_rank", "list_status"]
    embedded = embedded[cols].sort_values(["label", "key"]).reset_index(drop=True)
    neo4j = neo4j[cols].sort_values(["label", "key"]).reset_index(drop=True)
    assert embedded[["label", "key"]].astype(str).equals(neo4j[["label", "key"]].astype(str))
    assert (embedded["risk_score"] > 0).sum() > 10
    for c in ("risk_own", "risk_score"):
        a, b = embedded[c].to_numpy(float), neo4j[c].to_numpy(float)
        assert np.allclose(a, b, rtol=1e-9, atol=1e-9), c
    assert embedded["risk_rank"].tolist() == neo4j["risk_rank"].tolist()
    assert embedded["list_status"].tolist() == neo4j["list_status"].tolist()


def test_the_written_back_scores_are_the_same(parity: Parity):
    read = "MATCH (s:{l}) RETURN s.key AS k, s.risk_own AS o, s.risk_score AS s, s.risk_rank AS r, s.list_status AS t"
    for label in get_query("subject").subjects:
        embedded, neo4j = parity.both(
            lambda st, q=read.format(l=label): sorted(st.run(q), key=lambda row: row["k"])
        )
        assert [(r["k"], r["r"], r["t"]) for r in embedded] == [(r["k"], r["r"], r["t"]) for r in neo4j]
        for a, b in zip(embedded, neo4j, strict=True):
            for c in ("o", "s"):
                assert (a[c] is None) == (b[c] is None) and (
                    a[c] is None or abs(a[c] - b[c]) <= 1e-9 * max(1, abs(a[c]))
                )
