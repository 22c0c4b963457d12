"""Fetch from and write back to a real embedded store: the whole run on a tiny graph."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from graph_model.schema import SchemaError
from queries.risk import fetch_inputs, own_risk, propagate_risk, write_back

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
