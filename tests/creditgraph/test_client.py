"""The analysts' client (creditgraph.client): named queries as DataFrames, networkx graphs, masking.

One small demo graph (creditgraph.demo: synthetic batch + shipped policy data + risk) is built per
module and opened read-only, as the notebooks do.
"""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd
import pytest

import creditgraph
from creditgraph.client import Client, mask
from creditgraph.demo import build_demo

MASKED_ID = re.compile(r"\d{6}\*+[\dX]{4}")
MASKED_PHONE = re.compile(r"\d{3}\*+\d{4}")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("client") / "demo.lbug"
    summary = build_demo(db, subjects=400, seed=1, progress=False)
    assert summary["nodes"] > 0
    return db


@pytest.fixture(scope="module")
def cg(demo_db):
    with creditgraph.connect(demo_db) as client:
        yield client


@pytest.fixture(scope="module")
def raw(demo_db):
    with creditgraph.connect(demo_db, unmasked=True) as client:
        yield client


def test_connect_reads_creditgraph_db(demo_db, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CREDITGRAPH_DB", str(demo_db))
    with creditgraph.connect() as client:
        assert isinstance(client, Client) and client.store.backend == "embedded"
        assert str(client.default_as_of()) == "2026-06-30"  # the demo batch's date, from Meta
    with pytest.raises(FileNotFoundError, match=r"creditgraph\.demo"):
        creditgraph.connect(demo_db.parent / "missing.lbug")


def test_query_returns_a_dataframe(cg):
    df = cg.query("violation_types")
    assert isinstance(df, pd.DataFrame)
    assert {"code", "name", "category"} <= set(df.columns) and len(df) > 10
    top = cg.risk_top(5)
    assert len(top) == 5 and top["risk_score"].is_monotonic_decreasing
    templated = cg.query("risk_top", subject="Company", limit=3)
    assert set(templated["label"]) == {"Company"}
    assert "risk_top" in set(cg.queries()["name"])
    assert set(cg.counts()["kind"]) == {"node", "relationship"}


def test_masking_on_and_off(cg, raw):
    people = raw.cypher("MATCH (p:Person) WHERE p.id_number IS NOT NULL RETURN p.key AS key LIMIT 5")
    keys = people["key"].tolist()
    masked = cg.query("persons_by_key", keys=keys)
    plain = raw.query("persons_by_key", keys=keys)
    assert all(MASKED_ID.fullmatch(v) for v in masked["id_number"])
    assert all(re.fullmatch(r"\d{17}[\dX]", v) for v in plain["id_number"])
    assert (masked["key"] == plain["key"]).all()

    phones = cg.cypher("MATCH (p:Phone) RETURN p.number AS number, p LIMIT 5")
    assert all(MASKED_PHONE.fullmatch(v) for v in phones["number"])
    assert all(MASKED_PHONE.fullmatch(node["number"]) for node in phones["p"])  # nested node dicts too
    assert (
        not raw.cypher("MATCH (p:Phone) RETURN p.number AS number LIMIT 5")["number"]
        .str.contains(r"\*")
        .any()
    )

    # a policy document's number is not a phone number
    docs = cg.query("policy_documents")
    assert docs["number"].dropna().str.contains("〔").all()
    assert (
        mask({"label": "PolicyDocument", "number": "苏政办发〔2017〕144号"})["number"]
        == "苏政办发〔2017〕144号"
    )

    key = keys[0]
    masked_file, plain_file = cg.entity_file("person", key), raw.entity_file("person", key)
    assert MASKED_ID.fullmatch(masked_file["subject"]["id_number"])
    assert plain_file["subject"]["id_number"] == plain["id_number"].iloc[0]


def test_to_networkx_from_a_related_parties_result(cg):
    company = cg.cypher(
        "MATCH (p:Person)-[:LEGAL_REP_OF]->(c:Company) MATCH (c)-[:HAS_PHONE]->(x:Phone) RETURN c.key AS key LIMIT 1"
    )["key"].iloc[0]
    result = cg.related("company", company, depth=2)
    g = cg.to_networkx(result)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(result["nodes"]) >= 3
    assert g.number_of_edges() == len(result["edges"]) >= 2
    assert g.nodes[company]["label"] == "Company"
    for n, attrs in g.nodes(data=True):
        if attrs["label"] == "Person" and attrs.get("id_number"):
            assert MASKED_ID.fullmatch(attrs["id_number"]), n


def test_to_networkx_root_node_carries_its_name(cg):
    """Issue 18: the root of ``to_networkx(related(...))`` had no name (the walk names only the nodes it reaches)."""
    row = cg.cypher(
        "MATCH (p:Person)-[:LEGAL_REP_OF]->(c:Company) RETURN c.key AS key, c.name AS name, p.name AS person LIMIT 1"
    ).iloc[0]
    g = cg.to_networkx(cg.related("company", row["key"], depth=1))
    assert g.nodes[row["key"]]["name"] == row["name"]
    assert g.nodes[row["key"]]["depth"] == 0
    assert all(attrs.get("name") for _, attrs in g.nodes(data=True))


def test_to_networkx_from_an_edge_table(cg):
    edges = cg.edges(["LEGAL_REP_OF", "SHAREHOLDER_OF"], ["since", "until", "ratio"])
    assert {"type", "src_label", "src", "dst_label", "dst", "since", "ratio"} <= set(edges.columns)
    g = cg.to_networkx(edges)
    assert g.number_of_edges() == len(edges)
    assert g.number_of_nodes() == len(set(edges["src"]) | set(edges["dst"]))
    assert {d["label"] for _, d in g.nodes(data=True)} <= {"Person", "Company"}
    undirected = cg.to_networkx(cg.store.export_edges(["LEGAL_REP_OF"]), directed=False)  # Arrow works too
    assert isinstance(undirected, nx.MultiGraph) and not undirected.is_directed()


def test_convenience_methods(cg):
    reapp = cg.reappearances()
    assert len(reapp) and {"basis", "subject.key", "entity.key"} <= set(reapp.columns)
    assert all(
        MASKED_ID.fullmatch(v) for v in reapp.loc[reapp["subject.kind"] == "person", "subject.id_number"]
    )
    resp = cg.responsible("V01", "320400")
    assert resp["lead"]
    frame = cg.responsible_frame("V01", "320400")
    assert set(frame["role"]) == {"lead", "coop"}
    scores = cg.risk_scores()
    assert scores["risk_score"].notna().any()
    top = scores.loc[scores["risk_score"].idxmax()]
    explanation = cg.explain_risk(top["label"].lower(), top["key"])
    assert explanation["sources"] or explanation["records"]
