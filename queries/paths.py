"""Shortest paths between two subjects (at most 4 links), the one place the dialects must differ."""

from __future__ import annotations

from typing import Any

from creditgraph.graph_model.stores.base import Store

from .library import query
from .subjects import SubjectRef, people_by_key, subject_out

MAX_LENGTH = 4


def shortest_path(store: Store, a: SubjectRef, b: SubjectRef) -> dict[str, Any] | None:
    """One shortest path as nodes and edges (edge ends by node key), or None when none within 4 links.

    A subject has no path (of at least one link) to itself: Ladybug finds none, and Neo4j's
    shortestPath refuses the statement when both ends are one node, so neither store is asked."""
    if a == b:
        return None
    rows = query(store, "path", subject=a.label, other=b.label, a=a.key, b=b.key)
    if not rows:
        return None
    # of several shortest paths, the first by its nodes' labels and keys: the stores find them in
    # different orders, and each would otherwise pick its own
    best = min(rows, key=_path_order)
    raw_nodes, raw_rels = best["nodes"], best["rels"]
    by_id = {n["_id"]: n for n in raw_nodes}
    people = people_by_key(store, [n["key"] for n in raw_nodes if n.get("_label") == "Person"])
    nodes = [
        {**subject_out(n["_label"], n["key"], n.get("name"), people), "label": n["_label"]} for n in raw_nodes
    ]
    edges = []
    for r in raw_rels:
        edge = {"type": r["_label"], "source": by_id[r["_src"]]["key"], "target": by_id[r["_dst"]]["key"]}
        edge.update({k: v for k, v in r.items() if not k.startswith("_") and v is not None})
        edges.append(edge)
    return {"length": len(edges), "nodes": nodes, "edges": edges}


def _path_order(row: dict[str, Any]) -> tuple:
    nodes = tuple((n.get("_label") or "", n.get("key") or "") for n in row["nodes"])
    rels = tuple(
        sorted(
            (r.get("_label") or "", str(sorted((k, str(v)) for k, v in r.items() if not k.startswith("_"))))
            for r in row["rels"]
        )
    )
    return nodes, rels
