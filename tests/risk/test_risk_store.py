"""Fetch from and write back to a real embedded store: the whole run on a tiny graph."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from creditgraph.graph_model.schema import SchemaError
from creditgraph.queries.risk import fetch_inputs, own_risk, propagate_risk, write_back
from creditgraph.queries.risk.fetch import fetch_edges

AS_OF = date(2025, 1, 1)
COLUMNS = ["type", "src_label", "src", "dst_label", "dst"]


@pytest.fixture
def loaded(store):
    store.upsert_nodes("Person", [{"key": "bad"}, {"key": "x"}])
    store.upsert_nodes("Company", [{"key": "c1"}, {"key": "c2"}, {"key": "quiet"}])
    store.upsert_nodes("Violation", [{"key": "v1", "severity": "严重", "decided_at": date(2024, 6, 1)}])
    store.upsert_nodes("ListEntry", [{"key": "b1", "list": "black", "listed_at": date(2024, 1, 1)}])
    store.upsert_rels(
        "LEGAL_REP_OF", "Person", "Company", [{"src": "bad", "dst": "c1", "since": date(2020, 1, 1)}]
    )
    store.upsert_rels("OFFICER_OF", "Person", "Company", [{"src": "x", "dst": "c1", "role": "董事"}])
    store.upsert_rels("COMMITTED", "Company", "Violation", [{"src": "c2", "dst": "v1"}])
    store.upsert_rels("LISTED_IN", "Person", "ListEntry", [{"src": "bad", "dst": "b1"}])
    return store


def test_fetch_propagate_write_back(loaded):
    inputs = fetch_inputs(loaded)
    assert inputs.violations[["label", "key", "record"]].values.tolist() == [["Company", "c2", "v1"]]
    assert inputs.listings[["label", "key", "list"]].values.tolist() == [["Person", "bad", "black"]]
    assert inputs.edges.num_rows == 2
    assert len(inputs.subjects) == 5

    own = own_risk(inputs.violations, inputs.listings, as_of=AS_OF)
    result = propagate_risk(inputs.edges, own, subjects=inputs.subjects)
    # the quiet company has no risk: it keeps NULLs, so only the four others are written
    assert write_back(loaded, result, batch_size=2, progress=True) == 4
    assert write_back(loaded, result) == 0, "a re-run that changes nothing writes nothing"

    rows = loaded.run(
        "MATCH (n:Person) RETURN n.key AS key, n.risk_own AS own, n.risk_score AS score, "
        "n.risk_rank AS rank, n.list_status AS status ORDER BY key"
    )
    bad, x = rows
    assert bad["own"] == pytest.approx(10.0) and bad["status"] == "black"
    assert x["score"] > 0 and x["status"] is None
    quiet = loaded.run("MATCH (n:Company {key: 'quiet'}) RETURN n.risk_score AS s, n.risk_rank AS r")[0]
    assert quiet["s"] is None and quiet["r"] is None

    # the listing is removed: a second run clears the lift and the status
    loaded.run("MATCH (e:ListEntry {key: 'b1'}) SET e.removed_at = $d", {"d": date(2024, 12, 1)}, write=True)
    inputs = fetch_inputs(loaded)
    result = propagate_risk(
        inputs.edges, own_risk(inputs.violations, inputs.listings, as_of=AS_OF), subjects=inputs.subjects
    )
    write_back(loaded, result)
    again = {
        r["key"]: r
        for r in loaded.run("MATCH (n:Person) RETURN n.key AS key, n.risk_score AS s, n.list_status AS st")
    }
    assert again["x"]["s"] is None and again["bad"]["st"] is None


def test_write_back_refuses_non_subjects(store):
    edges = pd.DataFrame([("LEGAL_REP_OF", "Person", "a", "Company", "b")], columns=COLUMNS)
    result = propagate_risk(edges, {("Person", "a"): 1.0})
    result.scores["label"] = result.scores["label"].astype(str).replace("Company", "Violation")
    with pytest.raises(SchemaError):
        write_back(store, result)


def test_write_back_with_the_fetched_values_matches_reading_them(loaded):
    """The service hands write_back what fetch_inputs read; the result must be the same."""
    inputs = fetch_inputs(loaded)
    assert {"risk_own", "risk_score", "risk_rank", "list_status"} <= set(inputs.subjects.columns)
    result = propagate_risk(
        inputs.edges,
        own_risk(inputs.violations, inputs.listings, as_of=AS_OF),
        subjects=inputs.subjects[["label", "key"]],
    )
    assert write_back(loaded, result, stored=inputs.subjects) == 4
    again = fetch_inputs(loaded)
    assert write_back(loaded, result, stored=again.subjects) == 0
    assert write_back(loaded, result) == 0
    bad = loaded.run("MATCH (n:Person {key: 'bad'}) RETURN n.risk_own AS o, n.risk_rank AS r")[0]
    x = loaded.run("MATCH (n:Person {key: 'x'}) RETURN n.risk_own AS o, n.risk_score AS s")[0]
    assert bad["o"] == pytest.approx(10.0) and bad["r"] >= 1
    assert x["o"] is None and x["s"] > 0, "no own risk is stored as NULL, not 0"


def test_negligible_scores_are_stored_as_null(loaded):
    inputs = fetch_inputs(loaded)
    result = propagate_risk(
        inputs.edges,
        own_risk(inputs.violations, inputs.listings, as_of=AS_OF),
        subjects=inputs.subjects[["label", "key"]],
    )
    scores = result.scores.set_index("key")
    share = scores.loc["x", "risk_score"] / result.total_own
    # a floor just above x's share: x (no own risk) is stored NULL, the seeds keep theirs
    write_back(loaded, result, stored=inputs.subjects, negligible=share * 1.01)
    x = loaded.run("MATCH (n:Person {key: 'x'}) RETURN n.risk_score AS s, n.risk_rank AS r")[0]
    assert x["s"] is None and x["r"] is None
    c2 = loaded.run("MATCH (n:Company {key: 'c2'}) RETURN n.risk_score AS s")[0]
    assert c2["s"] == pytest.approx(scores.loc["c2", "risk_score"])
    assert result.scores.set_index("key").loc["x", "risk_score"] > 0, "the result itself keeps it"


def test_identifier_edges_prefiltered_change_no_score(store):
    """fetch_inputs leaves out edges of identifiers held once; the scores are those of the full export."""
    from creditgraph.queries.risk.weights import EDGE_WEIGHTS

    store.upsert_nodes("Person", [{"key": k} for k in ("p1", "p2", "p3")])
    store.upsert_nodes("Company", [{"key": "c1"}])
    store.upsert_nodes("Phone", [{"key": "shared"}, {"key": "alone"}])
    store.upsert_rels("LEGAL_REP_OF", "Person", "Company", [{"src": "p1", "dst": "c1"}])
    store.upsert_rels(
        "HAS_PHONE",
        "Person",
        "Phone",
        [{"src": "p1", "dst": "shared"}, {"src": "p2", "dst": "shared"}, {"src": "p3", "dst": "alone"}],
    )
    inputs = fetch_inputs(store)
    full = store.export_edges(list(EDGE_WEIGHTS), ["since", "until"])
    kept = sorted(zip(*(inputs.edges[c].to_pylist() for c in COLUMNS), strict=True))
    everything = sorted(zip(*(full[c].to_pylist() for c in COLUMNS), strict=True))
    assert set(kept) <= set(everything) and len(kept) < len(everything)
    assert ("HAS_PHONE", "Person", "p2", "Phone", "shared") in kept
    own = {("Person", "p2"): 1.0}
    a = propagate_risk(inputs.edges, own, subjects=inputs.subjects[["label", "key"]]).scores
    b = propagate_risk(full, own, subjects=inputs.subjects[["label", "key"]]).scores

    def rows(scores: pd.DataFrame) -> pd.DataFrame:  # the label's categories follow the edges' order
        return scores.astype({"label": str}).sort_values(["label", "key"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(rows(a), rows(b))


def test_embedded_export_edges_matches_the_portable_one(loaded):
    from creditgraph.graph_model.stores.base import Store

    types = ["LEGAL_REP_OF", "OFFICER_OF", "HAS_PHONE", "OPERATES"]
    ours = loaded.export_edges(types, ["since", "until"])
    portable = Store.export_edges(loaded, types, ["since", "until"])
    rows = lambda t: sorted(zip(*(t[c].to_pylist() for c in [*COLUMNS, "since", "until"]), strict=True))  # noqa: E731
    assert rows(ours) == rows(portable) and ours.num_rows == 2


def test_indexed_edges_score_as_the_key_table_does(store):
    """fetch_inputs hands the graph over as node positions (IndexedEdges, ends named by the store's
    handle); built from them or from the same edges as keys, the scores agree and ranks are equal."""
    people = [{"key": f"p{i}"} for i in range(6)]
    store.upsert_nodes("Person", people)
    store.upsert_nodes("Company", [{"key": "c1"}, {"key": "c2"}, {"key": "c3"}])
    store.upsert_nodes("Phone", [{"key": "ph"}])
    store.upsert_nodes("ListEntry", [{"key": "b1", "list": "black", "listed_at": date(2024, 1, 1)}])
    store.upsert_rels(
        "LEGAL_REP_OF",
        "Person",
        "Company",
        [
            {"src": "p0", "dst": "c1", "since": date(2020, 1, 1)},
            {"src": "p1", "dst": "c2", "since": date(2026, 1, 1)},  # not yet in force on AS_OF
        ],
    )
    store.upsert_rels(
        "OFFICER_OF", "Person", "Company", [{"src": "p2", "dst": "c1"}, {"src": "p3", "dst": "c3"}]
    )
    store.upsert_rels("SHAREHOLDER_OF", "Company", "Company", [{"src": "c1", "dst": "c3"}])
    store.upsert_rels(
        "HAS_PHONE", "Person", "Phone", [{"src": "p3", "dst": "ph"}, {"src": "p4", "dst": "ph"}]
    )
    store.upsert_rels("LISTED_IN", "Person", "ListEntry", [{"src": "p0", "dst": "b1"}])
    inputs = fetch_inputs(store)
    assert inputs.indexed.num_rows == inputs.edges.num_rows == 7
    # positions name the same edges as the portable key export (and the subjects in key order)
    named = sorted(zip(*(inputs.edges[c].to_pylist() for c in [*COLUMNS, "since"]), strict=True))
    portable = fetch_edges(store)
    assert named == sorted(zip(*(portable[c].to_pylist() for c in [*COLUMNS, "since"]), strict=True))
    people_keys = inputs.subjects.loc[inputs.subjects["label"] == "Person", "key"].tolist()
    assert people_keys == sorted(people_keys)

    own = own_risk(inputs.violations, inputs.listings, as_of=AS_OF)
    subjects = inputs.subjects[["label", "key"]]
    fast = propagate_risk(inputs.indexed, own, as_of=AS_OF, subjects=subjects).scores
    slow = propagate_risk(inputs.edges, own, as_of=AS_OF, subjects=subjects).scores

    def rows(scores: pd.DataFrame) -> pd.DataFrame:
        return scores.astype({"label": str, "key": str}).sort_values(["label", "key"]).reset_index(drop=True)

    fast, slow = rows(fast), rows(slow)
    assert len(fast) == 9 and (fast["risk_score"] > 0).sum() >= 4, "p0's risk reaches c1, p2, c3 and p3"
    pd.testing.assert_frame_equal(fast.drop(columns="risk_score"), slow.drop(columns="risk_score"))
    assert np.allclose(fast["risk_score"], slow["risk_score"], rtol=1e-12, atol=0)
    assert fast.set_index("key").loc["p1", "risk_score"] == 0, "a tie not yet in force carries nothing"
