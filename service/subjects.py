"""Subjects as users name them (a kind and an identifier): resolving them, the entity file, related
parties, the shortest path between two, and the plain company and person records."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditgraph.graph_model.errors import NotFound
from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.entity import entity_file as _entity_file
from creditgraph.queries.library import query
from creditgraph.queries.measures_in_force import measures_in_force
from creditgraph.queries.paths import shortest_path
from creditgraph.queries.related import DEFAULT_FANOUT, GROUPS, MAX_DEPTH, MAX_NODES, related_parties
from creditgraph.queries.subjects import (
    SubjectRef,
    display_key,
    is_citizen_id,
    name_persons,
    person_key,
    resolve,
)

from .clock import day

__all__ = [
    "GROUPS",
    "MAX_DEPTH",
    "SubjectRef",
    "company",
    "day",
    "display_key",
    "entity_file",
    "is_citizen_id",
    "measures",
    "name_persons",
    "path",
    "person",
    "person_key",
    "related",
    "resolve",
]


def entity_file(
    store: Store, ref: SubjectRef, as_of: date | None = None, *, history: bool = True
) -> dict[str, Any]:
    """Everything on one subject as of ``as_of`` (default today): 一企一档 / 一人一档."""
    return _entity_file(store, ref, day(as_of), history=history)


def related(
    store: Store,
    ref: SubjectRef,
    *,
    depth: int = 2,
    groups: list[str] | None = None,
    as_of: date | None = None,
    fanout: int = DEFAULT_FANOUT,
    max_nodes: int = MAX_NODES,
) -> dict[str, Any]:
    """The related parties around ``ref`` (nodes, edges), the start node named even when no walk reaches it."""
    answer = related_parties(
        store, ref, depth=depth, groups=groups, as_of=day(as_of), fanout=fanout, max_nodes=max_nodes
    )
    start = next((n for n in answer["nodes"] if n["depth"] == 0), None)
    if start is not None and start.get("name") is None:  # the walk names only the nodes it reaches
        start["name"] = query(store, "subject", subject=ref.label, key=ref.key)[0]["s"].get("name")
    return answer


def measures(store: Store, ref: SubjectRef, as_of: date | None = None) -> dict[str, Any]:
    """The incentives (red list) and restrictions (black list) that apply to ``ref`` on ``as_of``
    (default today), each with its entry, document and clause."""
    return measures_in_force(store, ref, day(as_of))


def path(store: Store, a: SubjectRef, b: SubjectRef) -> dict[str, Any] | None:
    """A shortest path of at most 4 links between two subjects, or None."""
    return shortest_path(store, a, b)


def company(store: Store, uscc: str) -> dict[str, Any]:
    """A company's own record by its USCC."""
    rows = query(store, "company", key=uscc)
    if not rows:
        raise NotFound(f"no company with USCC {uscc}")
    return rows[0]


def person(store: Store, ident: str, fanout: int) -> dict[str, Any]:
    """A person by node key or citizen ID (hashed on arrival): identity, phones and company roles,
    each list cut at ``fanout`` (``truncated`` says so)."""
    key = person_key(store, ident)
    rows = query(store, "person", key=key)
    if not rows:
        raise NotFound("no person with that key or citizen ID")
    phones = [r["number"] for r in query(store, "person_phones", key=key, fanout=fanout + 1)]
    companies = query(store, "person_companies", key=key, fanout=fanout + 1)
    return {
        **rows[0],
        "phones": phones[:fanout],
        "companies": [{**c, "role": c.get("role") or None} for c in companies[:fanout]],
        "truncated": len(phones) > fanout or len(companies) > fanout,
    }
