"""Why a subject scores what it does: its own records, and where the rest of its risk came from.

The propagated score is linear in the personalisation, so it splits into one share per source:
``score_t = sum_s r_s * pi_s(t)``. On an undirected graph ``pi_s(t) = pi_t(s) * d_t / d_s``
(Andersen, Chung & Lang 2006), so one walk personalised on the *target* prices every source at
once. That walk runs on the ``hops``-neighbourhood only (shares arriving over longer walks are
left out and reported as ``coverage`` < 1). Each source's path is the most probable walk to the
target (Dijkstra over ``-log`` transition probabilities), named by its stored edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, Protocol

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from creditgraph.graph_model.errors import NotFound

from .matrix import RiskGraph
from .own import OwnRisk, RecordRisk
from .solve import _power_iteration


class Solved(Protocol):
    """What an explanation reads of a propagation run (``propagation.RiskResult`` is one): declared
    here so that this module does not import the one that imports it."""

    graph: RiskGraph
    own: OwnRisk | None
    own_by_node: np.ndarray
    stationary: np.ndarray
    scores: pd.DataFrame
    alpha: float
    tol: float
    total_own: float
    as_of: date | None


@dataclass(frozen=True)
class PathNode:
    label: str
    key: str
    note: str = ""  # "blacklisted", "own risk 4.5"

    def __str__(self) -> str:
        return f"{self.label}({self.key}{', ' + self.note if self.note else ''})"


@dataclass(frozen=True)
class PathEdge:
    type: str
    forward: bool  # stored direction runs along the path (src is the earlier node)

    def __str__(self) -> str:
        return f"-{self.type}->" if self.forward else f"<-{self.type}-"


@dataclass(frozen=True)
class RiskPath:
    """How risk travelled from a source to the target: nodes[0] -edges[0]- nodes[1] … nodes[-1]."""

    nodes: tuple[PathNode, ...]
    edges: tuple[PathEdge, ...]
    probability: float  # product of the transition probabilities along it (damping not included)

    def __str__(self) -> str:
        parts = [str(self.nodes[0])]
        for e, n in zip(self.edges, self.nodes[1:], strict=True):
            parts += [str(e), str(n)]
        return " ".join(parts)


@dataclass(frozen=True)
class SourceShare:
    """One source of the target's score: its own risk and how much of it reached the target."""

    label: str
    key: str
    own_risk: float
    contribution: float
    share: float  # of the target's score
    path: RiskPath | None  # None for the target itself (risk it keeps)


@dataclass(frozen=True)
class Explanation:
    label: str
    key: str
    risk_own: float
    risk_score: float
    risk_rank: int | None
    records: tuple[RecordRisk, ...]
    sources: tuple[SourceShare, ...]
    coverage: float  # share of the score the listed neighbourhood accounts for
    alpha: float
    as_of: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [
            f"{self.label} {self.key}: risk score {self.risk_score:.4g} (rank {self.risk_rank}), "
            f"own risk {self.risk_own:.4g}" + (f", as of {self.as_of}" if self.as_of else "")
        ]
        if self.records:
            lines.append("own risk from:")
            lines += [f"  {r}" for r in self.records]
        if self.sources:
            lines.append("score from:")
            for s in self.sources:
                how = "kept of its own risk" if s.path is None else f"via {s.path}"
                lines.append(f"  {s.contribution:.4g} ({s.share:.0%}) from {s.label} {s.key}: {how}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        def path(p: RiskPath | None) -> dict[str, Any] | None:
            if p is None:
                return None
            return {
                "nodes": [{"label": n.label, "key": n.key, "note": n.note} for n in p.nodes],
                "edges": [{"type": e.type, "forward": e.forward} for e in p.edges],
                "probability": p.probability,
                "text": str(p),
            }

        return {
            "label": self.label,
            "key": self.key,
            "risk_own": self.risk_own,
            "risk_score": self.risk_score,
            "risk_rank": self.risk_rank,
            "records": [
                {
                    "kind": r.kind,
                    "record": r.record,
                    "contribution": r.contribution,
                    "factors": [{"name": f.name, "value": f.value, "detail": f.detail} for f in r.factors],
                }
                for r in self.records
            ],
            "sources": [
                {
                    "label": s.label,
                    "key": s.key,
                    "own_risk": s.own_risk,
                    "contribution": s.contribution,
                    "share": s.share,
                    "path": path(s.path),
                }
                for s in self.sources
            ],
            "coverage": self.coverage,
        }


def _ball(adjacency: sp.csr_array, start: int, hops: int) -> np.ndarray:
    """Nodes within ``hops`` ties of ``start``, start first (frontier expansion on the CSR rows)."""
    seen = np.zeros(adjacency.shape[0], dtype=bool)
    seen[start] = True
    frontier = np.array([start])
    order = [frontier]
    for _ in range(hops):
        if not len(frontier):
            break
        nbrs = np.unique(adjacency[frontier].indices)  # the rows' neighbours, sliced in C
        frontier = nbrs[~seen[nbrs]]
        seen[frontier] = True
        order.append(frontier)
    return np.concatenate(order)


def explain_risk(result: Solved, label: str, key: str, *, top_k: int = 5, hops: int = 4) -> Explanation:
    """Explain one subject of a propagation result (see the module docstring for the method)."""
    g = result.graph
    t = g.locate(label, key)
    records = tuple(result.own.explain(label, key)) if result.own is not None else ()
    if t is None:
        if not records:
            raise NotFound(f"{label} {key} is neither in the risk graph nor has records")
        own = sum(r.contribution for r in records)
        return Explanation(label, key, own, own, None, records, (), 1.0, result.alpha, result.as_of)

    score = float(result.stationary[t] * result.total_own)
    row = result.scores
    rank = row.loc[(row["label"] == label) & (row["key"] == key), "risk_rank"]
    ball = _ball(g.adjacency, t, hops)
    sub = g.transition[ball][:, ball].tocsr()
    r = result.own_by_node[ball]
    d = g.degree[ball]

    # the walk personalised on the target (local index 0), by the same power iteration as the score;
    # mass leaving the neighbourhood is dropped, so shares are exact up to the walks left out
    e = np.zeros(len(ball))
    e[0] = 1.0
    pi_t, _, _ = _power_iteration(sub, e, result.alpha, result.tol * 1e-3, 100_000)
    contribution = r * pi_t * d[0] / d
    coverage = float(contribution.sum() / score) if score > 0 else 1.0

    candidates = np.flatnonzero(contribution > 0)
    top = candidates[np.argsort(-contribution[candidates], kind="stable")][:top_k]
    pred = None
    if any(i != 0 for i in top):
        cost = sub.copy()
        cost.data = -np.log(cost.data) + 1e-12  # explicit zeros would be read as "no tie"
        _, pred = dijkstra(cost, directed=True, indices=0, return_predecessors=True)

    notes = _notes(result)
    sources = []
    for i in top:
        node = int(ball[i])
        path = None if i == 0 else _path(result, ball, pred, int(i), notes)
        sources.append(
            SourceShare(
                label=str(g.labels[node]),
                key=str(g.keys[node]),
                own_risk=float(r[i]),
                contribution=float(contribution[i]),
                share=float(contribution[i] / score) if score > 0 else 0.0,
                path=path,
            )
        )
    return Explanation(
        label=label,
        key=key,
        risk_own=float(result.own_by_node[t]),
        risk_score=score,
        risk_rank=int(rank.iloc[0]) if len(rank) else None,
        records=records,
        sources=tuple(sources),
        coverage=coverage,
        alpha=result.alpha,
        as_of=result.as_of,
        extra={"neighbourhood": len(ball), "hops": hops},
    )


def _notes(result: Solved) -> dict[tuple[str, str], str]:
    """A word per risky node for path labels: "blacklisted" beats "own risk N"."""
    out: dict[tuple[str, str], str] = {}
    sc = result.scores
    black = sc[sc["list_status"] == "black"]
    out.update(
        {(str(lab), str(k)): "blacklisted" for lab, k in zip(black["label"], black["key"], strict=True)}
    )
    return out


def _path(result: Solved, ball: np.ndarray, pred: np.ndarray, i: int, notes: dict) -> RiskPath | None:
    g = result.graph
    local = [i]
    while local[-1] != 0:
        nxt = int(pred[local[-1]])
        if nxt < 0:
            return None
        local.append(nxt)
    nodes_idx = [int(ball[j]) for j in local]  # source … target
    sub = g.transition
    prob = 1.0
    nodes, edges = [], []
    for a, b in pairwise(nodes_idx):
        prob *= float(sub[b, a])  # M[b, a]: probability a walk at a steps to b
        kind, src, _ = g.ties(a, b)[0]
        edges.append(PathEdge(kind, forward=src == a))
    for j, node in enumerate(nodes_idx):
        lab, k = str(g.labels[node]), str(g.keys[node])
        note = notes.get((lab, k), "")
        if not note and j == 0 and result.own_by_node[node] > 0:
            note = f"own risk {result.own_by_node[node]:.3g}"
        nodes.append(PathNode(lab, k, note))
    return RiskPath(tuple(nodes), tuple(edges), prob)
