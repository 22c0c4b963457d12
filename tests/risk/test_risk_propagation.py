"""Propagation on tiny graphs whose answers are known by hand, and against networkx."""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import creditgraph.queries.risk.propagation as propagation_module
from creditgraph.graph_model.errors import InputError
from creditgraph.queries.risk import (
    EDGE_WEIGHTS,
    PropagationNotConverged,
    build_graph,
    own_risk,
    propagate_risk,
)
from creditgraph.queries.subjects import in_force

ALPHA = 0.85
TIGHT = 1e-12
COLUMNS = ["type", "src_label", "src", "dst_label", "dst"]


def edges(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(
        list(rows), columns=COLUMNS + (["since", "until"] if rows and len(rows[0]) == 7 else [])
    )


def score(result, label: str, key: str) -> float:
    s = result.scores
    return float(s.loc[(s["label"] == label) & (s["key"] == key), "risk_score"].iloc[0])


def unweighted(type_: str = "LEGAL_REP_OF") -> dict[str, float]:
    return {type_: 1.0}


# -- closed forms --------------------------------------------------------------------------------------
def test_pair_closed_form():
    # x_a = alpha x_b + (1 - alpha), x_b = alpha x_a  =>  x_a = 1/(1+alpha), x_b = alpha/(1+alpha)
    result = propagate_risk(
        edges(("LEGAL_REP_OF", "Person", "a", "Company", "b")), {("Person", "a"): 2.0}, tol=TIGHT
    )
    assert score(result, "Person", "a") == pytest.approx(2.0 / (1 + ALPHA), abs=1e-9)
    assert score(result, "Company", "b") == pytest.approx(2.0 * ALPHA / (1 + ALPHA), abs=1e-9)


def test_chain_closed_form():
    # a - b - c, risk at a: x_b = alpha/(1+alpha), x_c = alpha^2/(2(1+alpha)), x_a = the rest
    e = edges(
        ("LEGAL_REP_OF", "Person", "a", "Company", "b"), ("LEGAL_REP_OF", "Person", "c", "Company", "b")
    )
    result = propagate_risk(e, {("Person", "a"): 1.0}, tol=TIGHT)
    xb, xc = ALPHA / (1 + ALPHA), ALPHA**2 / (2 * (1 + ALPHA))
    assert score(result, "Company", "b") == pytest.approx(xb, abs=1e-9)
    assert score(result, "Person", "c") == pytest.approx(xc, abs=1e-9)
    assert score(result, "Person", "a") == pytest.approx(1 - xb - xc, abs=1e-9)
    assert result.scores.sort_values("risk_rank")["key"].tolist() == [
        "b",
        "a",
        "c",
    ]  # b collects from both sides


@pytest.mark.parametrize("k", [3, 5])
def test_star_closed_form(k):
    e = edges(*[("LEGAL_REP_OF", "Person", f"p{i}", "Company", "hub") for i in range(k)])
    centre = propagate_risk(e, {("Company", "hub"): 1.0}, tol=TIGHT)
    assert score(centre, "Company", "hub") == pytest.approx(1 / (1 + ALPHA), abs=1e-9)
    assert score(centre, "Person", "p0") == pytest.approx(ALPHA / (k * (1 + ALPHA)), abs=1e-9)
    leaf = propagate_risk(e, {("Person", "p0"): 1.0}, tol=TIGHT)
    other = ALPHA**2 / (k * (1 + ALPHA))
    assert score(leaf, "Company", "hub") == pytest.approx(ALPHA / (1 + ALPHA), abs=1e-9)
    assert score(leaf, "Person", "p1") == pytest.approx(other, abs=1e-9)
    assert score(leaf, "Person", "p0") == pytest.approx(other + 1 - ALPHA, abs=1e-9)
    ranks = leaf.scores.set_index("key")["risk_rank"]
    assert ranks["p1"] == ranks["p2"] == 3  # ties share a rank


def test_isolated_subject_keeps_its_own_risk_and_mass_is_conserved():
    e = edges(("LEGAL_REP_OF", "Person", "a", "Company", "b"))
    result = propagate_risk(
        e, {("Person", "a"): 3.0, ("Company", "alone"): 2.0}, subjects=[("Shop", "quiet")]
    )
    assert score(result, "Company", "alone") == pytest.approx(2.0, abs=1e-5)
    assert score(result, "Shop", "quiet") == 0.0
    assert result.scores["risk_score"].sum() == pytest.approx(5.0, abs=1e-5)
    assert result.stationary.sum() == pytest.approx(1.0)


def test_no_risk_anywhere_scores_zero_without_iterating():
    result = propagate_risk(edges(("LEGAL_REP_OF", "Person", "a", "Company", "b")), {})
    assert result.iterations == 0 and (result.scores["risk_score"] == 0).all()


# -- the behaviour the issue asks for ------------------------------------------------------------------
AS_OF = date(2025, 1, 1)
TWO_FIRMS = edges(
    ("LEGAL_REP_OF", "Person", "bad", "Company", "c1"),
    ("OFFICER_OF", "Person", "x", "Company", "c1"),
    ("LEGAL_REP_OF", "Person", "clean", "Company", "c2"),
    ("OFFICER_OF", "Person", "y", "Company", "c2"),
)
ELSEWHERE = {"label": "Company", "key": "far", "record": "v0", "severity": "一般", "decided_at": AS_OF}


def blacklisted(**kw) -> dict:
    return {
        "label": "Person",
        "key": "bad",
        "record": "b1",
        "list": "black",
        "listed_at": date(2024, 1, 1),
        **kw,
    }


def test_two_hops_from_a_blacklisted_subject_scores_higher():
    own = own_risk([ELSEWHERE], [blacklisted()], as_of=AS_OF)
    result = propagate_risk(TWO_FIRMS, own)
    assert score(result, "Person", "x") > score(result, "Person", "y") == 0.0
    assert score(result, "Company", "c1") > score(result, "Company", "c2")


def test_removing_the_listing_removes_the_lift():
    own = own_risk([ELSEWHERE], [blacklisted(removed_at=date(2024, 12, 1))], as_of=AS_OF)
    result = propagate_risk(TWO_FIRMS, own)
    assert score(result, "Person", "x") == score(result, "Person", "y") == 0.0
    assert score(result, "Company", "far") == pytest.approx(1.0, abs=1e-5)


def test_generic_identifiers_tie_no_one():
    holders = [("HAS_ADDRESS", "Company", f"c{i}", "Address", "某某大厦") for i in range(25)]
    shared = [("HAS_PHONE", "Company", "c0", "Phone", "ph1"), ("HAS_PHONE", "Company", "c1", "Phone", "ph1")]
    lone = [("HAS_ACCOUNT", "Company", "c2", "Account", "acc1")]
    own = {("Company", "c0"): 1.0}
    result = propagate_risk(edges(*holders, *shared, *lone), own, max_identifier_subjects=20)
    assert score(result, "Company", "c1") > 0  # through the shared phone
    assert all(score(result, "Company", f"c{i}") == 0 for i in range(2, 25))
    assert result.graph.generic[["label", "key", "subjects"]].values.tolist() == [["Address", "某某大厦", 25]]
    assert result.graph.locate("Account", "acc1") is None  # held by one subject: ties no one
    assert result.graph.locate("Address", "某某大厦") is None
    loose = propagate_risk(edges(*holders), own, max_identifier_subjects=30)
    assert score(loose, "Company", "c7") > 0


def test_time_filter_on_edges():
    links = [
        ("LEGAL_REP_OF", "Person", "a", "Company", "ended", date(2010, 1, 1), date(2020, 1, 1)),
        ("LEGAL_REP_OF", "Person", "a", "Company", "future", date(2026, 1, 1), None),
        ("LEGAL_REP_OF", "Person", "a", "Company", "now", date(2010, 1, 1), None),
        ("LEGAL_REP_OF", "Person", "a", "Company", "today", None, AS_OF),
        ("LEGAL_REP_OF", "Person", "a", "Company", "tomorrow", None, AS_OF + timedelta(days=1)),
        ("LEGAL_REP_OF", "Person", "a", "Company", "since_today", AS_OF, None),
    ]
    e = edges(*links)
    result = propagate_risk(
        pa.Table.from_pandas(e, preserve_index=False), {("Person", "a"): 1.0}, as_of=AS_OF
    )
    for held in ("now", "tomorrow", "since_today"):
        assert score(result, "Company", held) > 0
    # an end date is the first day a link no longer holds (queries.subjects.in_force agrees)
    for gone in ("ended", "future", "today"):
        assert result.graph.locate("Company", gone) is None
    for *_, key, since, until in links:  # the entity file and related links read dates the same way
        held = result.graph.locate("Company", key) is not None
        assert in_force({"since": since, "until": until}, AS_OF) == held, key
    no_filter = propagate_risk(e, {("Person", "a"): 1.0})
    assert score(no_filter, "Company", "ended") > 0


def test_edge_weights_and_unknown_types():
    e = edges(
        ("LEGAL_REP_OF", "Person", "a", "Company", "strong"),
        ("HAS_ADDRESS", "Person", "a", "Address", "ad"),
        ("HAS_ADDRESS", "Company", "weak", "Address", "ad"),
        ("SELLS", "Person", "a", "Company", "ignored"),
    )
    result = propagate_risk(e, {("Person", "a"): 1.0})
    assert score(result, "Company", "strong") > score(result, "Company", "weak") > 0
    assert result.graph.locate("Company", "ignored") is None
    assert EDGE_WEIGHTS["LEGAL_REP_OF"] > EDGE_WEIGHTS["HAS_ADDRESS"]


def test_parallel_ties_add_up():
    g = build_graph(
        edges(("LEGAL_REP_OF", "Person", "a", "Company", "b"), ("OFFICER_OF", "Person", "a", "Company", "b")),
    )
    assert g.adjacency.toarray().max() == pytest.approx(
        EDGE_WEIGHTS["LEGAL_REP_OF"] + EDGE_WEIGHTS["OFFICER_OF"]
    )


def test_same_key_under_two_labels_is_two_nodes():
    g = build_graph(edges(("OPERATES", "Company", "x", "Courier", "x")))
    assert sorted(zip(g.labels, g.keys, strict=True)) == [("Company", "x"), ("Courier", "x")]


# -- convergence ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("method,max_iter", [("power", 2), ("cg", 1)])
def test_non_convergence_raises_the_typed_error(method, max_iter):
    # CG is exact in as many steps as the matrix has distinct eigenvalues (two on these stars)
    e = edges(*[("LEGAL_REP_OF", "Person", f"p{i}", "Company", f"c{i // 2}") for i in range(10)])
    with pytest.raises(PropagationNotConverged) as info:
        propagate_risk(e, {("Person", "p0"): 1.0}, max_iter=max_iter, method=method)
    assert info.value.residual > info.value.tol == 1e-6
    assert info.value.max_iter == max_iter and "did not converge" in str(info.value)


def test_conjugate_gradient_and_power_iteration_agree():
    rows = [("LEGAL_REP_OF", "Person", f"p{i}", "Company", f"c{(i * 7) % 13}") for i in range(40)]
    rows += [("HAS_PHONE", "Person", f"p{i}", "Phone", f"ph{i % 5}") for i in range(0, 40, 3)]
    own = {("Person", "p3"): 10.0, ("Company", "c5"): 2.0, ("Company", "alone"): 1.0}
    cg = propagate_risk(edges(*rows), own)
    power = propagate_risk(edges(*rows), own, method="power", tol=1e-13)
    assert cg.residual < 1e-6 and cg.iterations < power.iterations
    g = cg.graph  # the reported residual is the fixed-point equation's, recomputed here
    p = cg.own_by_node / cg.own_by_node.sum()
    x = cg.stationary
    assert np.abs(0.85 * (g.transition @ x) + 0.15 * p - x).sum() == pytest.approx(cg.residual, abs=1e-12)
    assert (x >= 0).all() and abs(x.sum() - 1) < 1e-6
    assert np.abs(cg.stationary - power.stationary).sum() < 1e-5
    assert cg.scores["risk_rank"].tolist() == power.scores["risk_rank"].tolist()


def test_reports_iterations_and_residual():
    result = propagate_risk(TWO_FIRMS, {("Person", "bad"): 1.0})
    assert 0 < result.iterations < 200 and result.residual < 1e-6


def test_bad_alpha():
    with pytest.raises(InputError):
        propagate_risk(TWO_FIRMS, {("Person", "bad"): 1.0}, alpha=1.0)


def test_progress_bar_runs():
    assert propagate_risk(TWO_FIRMS, {("Person", "bad"): 1.0}, progress=True).iterations > 0


# -- against networkx ----------------------------------------------------------------------------------
def test_matches_networkx_pagerank_on_a_random_graph():
    rng = np.random.default_rng(3)
    types = ["LEGAL_REP_OF", "OFFICER_OF", "SHAREHOLDER_OF", "HAS_PHONE"]
    people, firms, phones = 40, 30, 8
    rows = []
    for _ in range(90):
        t = types[rng.integers(0, 3)]
        rows.append((t, "Person", f"p{rng.integers(people)}", "Company", f"c{rng.integers(firms)}"))
    for i in range(phones):  # each phone held by two or three subjects
        for who in rng.choice(people, size=rng.integers(2, 4), replace=False):
            rows.append(("HAS_PHONE", "Person", f"p{who}", "Phone", f"ph{i}"))
    e = edges(*rows)
    own = {("Person", f"p{i}"): float(rng.exponential()) for i in rng.choice(people, 6, replace=False)}
    own[("Company", "c_alone")] = 0.5  # an isolated subject: a self-loop in both
    result = propagate_risk(e, own, tol=1e-13)

    g = result.graph
    graph = nx.Graph()
    graph.add_nodes_from(range(g.n))
    a = g.adjacency.tocoo()
    graph.add_weighted_edges_from(
        (int(i), int(j), float(w)) for i, j, w in zip(a.row, a.col, a.data, strict=True)
    )
    personalization = {int(i): float(r) for i, r in enumerate(result.own_by_node) if r > 0}
    expected = nx.pagerank(
        graph, alpha=ALPHA, personalization=personalization, tol=1e-14 / g.n, max_iter=1000
    )
    ours = result.stationary / result.stationary.sum()
    theirs = np.array([expected[i] for i in range(g.n)])
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    assert np.abs(ours - theirs).sum() < 1e-6


def test_docstring_example():
    assert doctest.testmod(propagation_module, raise_on_error=False).failed == 0


def test_single_precision_meets_the_tolerance():
    rows = [("LEGAL_REP_OF", "Person", f"p{i}", "Company", f"c{(i * 7) % 13}") for i in range(40)]
    own = {("Person", "p3"): 10.0, ("Company", "c5"): 2.0}
    double = propagate_risk(edges(*rows), own, tol=1e-12)
    single = propagate_risk(edges(*rows), own, dtype=np.float32, method="power")
    assert single.residual < 1e-6
    assert np.abs(single.stationary - double.stationary).sum() < 1e-6
    assert single.scores["risk_rank"].tolist() == double.scores["risk_rank"].tolist()


def test_rank_ties_scores_equal_to_rounding_noise():
    from creditgraph.queries.risk.propagation import _rank

    scores = np.array([1.0, 1.0 + 1e-15, 0.5, 0.0, 0.5 * (1 - 1e-14), 2e-9, 2e-9 * (1 + 1e-13)])
    assert _rank(scores).tolist() == [1, 1, 3, 7, 3, 5, 5]
