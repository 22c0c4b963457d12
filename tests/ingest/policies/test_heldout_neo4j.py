"""A policy ingest of the held-out documents into the live Neo4j server: the new properties load and
every mention is listed, as on the embedded store."""

from __future__ import annotations

from creditgraph.ingest.policies import parse_folder
from creditgraph.ingest.policies.graph import load_policy_corpus, mention_counts
from creditgraph.queries.responsible import tasks

from conftest import NEO4J_GROUP
from policies_support import HELDOUT

pytestmark = NEO4J_GROUP


def test_heldout_policies_into_neo4j(neo4j_store) -> None:
    corpus = parse_folder(HELDOUT)
    summary = load_policy_corpus(neo4j_store, corpus, progress=False)
    assert summary["unmatched"] == {} and summary["mentions"] == mention_counts(corpus)
    assert summary["nodes"]["Agency"] == len(corpus.agencies)
    listed = tasks(neo4j_store)
    assert len(listed) == len(corpus.tasks) == 46
    assert sum(len(t["lead"]) + len(t["coop"]) for t in listed) == 141
    office = next(
        m
        for t in listed
        for m in t["lead"]
        if m["as_written"] == "市发展改革委（市信用办）" and "苏州" in m["agency"]["name"]
    )
    assert office["agency"] == {
        "id": "320500:苏州市社会信用体系建设领导小组办公室",
        "name": "苏州市社会信用体系建设领导小组办公室",
        "jurisdiction": "320500",
        "inferred": True,
    }
    assert office["resolution"] == "created" and "信用办 → 社会信用体系建设领导小组办公室" in office["rule"]
    rows = neo4j_store.run(
        "MATCH (a:Agency {inferred: true}) RETURN count(a) AS n UNION ALL "
        "MATCH (j:Jurisdiction {key: '湖州市', inferred: true}) RETURN count(j) AS n UNION ALL "
        "MATCH (d:PolicyDocument {draft: false}) RETURN count(d) AS n"
    )
    assert [r["n"] for r in rows] == [115, 1, 7]
    again = load_policy_corpus(neo4j_store, parse_folder(HELDOUT), progress=False)
    assert again["removed"] == {} and again["nodes"] == summary["nodes"]
