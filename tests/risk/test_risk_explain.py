"""Explanations: the path is named, shares add up to the score, and each share is what that source
alone would have given (the score is linear in the personalisation)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from creditgraph.graph_model.errors import NotFound
from creditgraph.queries.risk import own_risk, propagate_risk

AS_OF = date(2025, 1, 1)
COLUMNS = ["type", "src_label", "src", "dst_label", "dst"]
EDGES = pd.DataFrame(
    [
        ("LEGAL_REP_OF", "Person", "bad", "Company", "c1"),
        ("OFFICER_OF", "Person", "x", "Company", "c1"),
        ("HAS_PHONE", "Person", "x", "Phone", "ph1"),
        ("HAS_PHONE", "Shop", "s1", "Phone", "ph1"),
        ("SHAREHOLDER_OF", "Company", "c2", "Company", "c1"),
    ],
    columns=COLUMNS,
)
VIOLATIONS = [
    {"label": "Company", "key": "c2", "record": "v1", "severity": "较重", "decided_at": date(2024, 7, 1)},
    {"label": "Company", "key": "c2", "record": "v2", "severity": "严重", "decided_at": date(2024, 1, 1),
     "repaired_at": date(2024, 6, 1)},
]  # fmt: skip
LISTINGS = [{"label": "Person", "key": "bad", "record": "b1", "list": "black", "listed_at": date(2024, 3, 1)}]


@pytest.fixture(scope="module")
def result():
    return propagate_risk(EDGES, own_risk(VIOLATIONS, LISTINGS, as_of=AS_OF), tol=1e-12)


def test_explanation_names_the_path(result):
    exp = result.explain("Person", "x")
    top = exp.sources[0]
    assert (top.label, top.key) == ("Person", "bad")
    assert str(top.path) == "Person(bad, blacklisted) -LEGAL_REP_OF-> Company(c1) <-OFFICER_OF- Person(x)"
    assert [n.key for n in top.path.nodes] == ["bad", "c1", "x"]
    assert [(e.type, e.forward) for e in top.path.edges] == [("LEGAL_REP_OF", True), ("OFFICER_OF", False)]
    assert "via Person(bad, blacklisted) -LEGAL_REP_OF->" in str(exp)


def test_path_through_a_shared_identifier(result):
    exp = result.explain("Shop", "s1")
    path = str(exp.sources[0].path)
    assert path.startswith("Person(bad, blacklisted) -LEGAL_REP_OF-> Company(c1) <-OFFICER_OF- Person(x)")
    assert path.endswith("-HAS_PHONE-> Phone(ph1) <-HAS_PHONE- Shop(s1)")


def test_shares_add_up_to_the_score(result):
    for label, key in [("Person", "x"), ("Company", "c1"), ("Shop", "s1"), ("Company", "c2")]:
        exp = result.explain(label, key, top_k=10)
        assert sum(s.contribution for s in exp.sources) == pytest.approx(exp.risk_score, rel=1e-6)
        assert exp.coverage == pytest.approx(1.0, abs=1e-6)


def test_each_share_is_what_that_source_alone_gives(result):
    exp = result.explain("Shop", "s1", top_k=10)
    for src in exp.sources:
        alone = propagate_risk(EDGES, {(src.label, src.key): src.own_risk}, tol=1e-12)
        s = alone.scores
        expected = s.loc[(s["label"] == "Shop") & (s["key"] == "s1"), "risk_score"].iloc[0]
        assert src.contribution == pytest.approx(expected, rel=1e-6)


def test_own_records_are_in_the_explanation(result):
    exp = result.explain("Company", "c2")
    assert [r.record for r in exp.records] == ["v1", "v2"]
    assert "credit repaired on 2024-06-01" in str(exp)
    assert exp.risk_own == pytest.approx(sum(r.contribution for r in exp.records))
    kept = [s for s in exp.sources if s.path is None]
    assert kept and kept[0].key == "c2"  # the share of its own risk it keeps


def test_small_neighbourhood_reports_partial_coverage(result):
    exp = result.explain("Shop", "s1", hops=2)
    assert 0 <= exp.coverage < 1


def test_unknown_subject():
    res = propagate_risk(EDGES, {("Person", "bad"): 1.0})
    with pytest.raises(NotFound):
        res.explain("Company", "nope")


def test_to_dict_is_json(result):
    data = result.explain("Person", "x").to_dict()
    assert (
        json.loads(json.dumps(data, ensure_ascii=False))["sources"][0]["path"]["nodes"][0]["note"]
        == "blacklisted"
    )
