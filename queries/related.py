"""Related parties of a subject, up to depth 3, with fan-out caps so a hub cannot explode the walk.

The walk is breadth-first. A node with more (current, chosen-type) neighbours than ``fanout`` is a
hub: it is shown with its first ``fanout`` neighbours, but it is flagged and its other neighbours
are left out (a generic customer-service phone ties no one). The subject itself is never a hub.

Where the time goes (ladybug 0.22, 1M subjects): a store round trip costs ~0.1 ms, a typed
one-step expansion ~0.3 ms, but ``LIMIT $limit`` added ~1 ms and ``WHERE type(r) IN $types`` ~0.7 ms
to every query, and ``UNWIND $keys MATCH …`` expansions are ~1000x slower. So:

- the first two levels come from one query anchored on the subject (``related_two_steps``: its
  name, its neighbours and theirs, ~2-3 ms), capped by a literal row limit; a walk that reaches it
  (a huge hub next to the subject) is redone step by step. The name rides along because a second
  read for it cost ~0.5 ms a walk on 15M subjects;
- the third level runs one anchored query per frontier node (``related_step``,
  ``related_step_phone`` …), again with a literal row limit and no parameterised ``LIMIT``;
- relationship types, dates and fan-out are applied here, in Python, on the few rows returned;
- persons' identities come with the rows (no extra ``persons_by_key`` round trip).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.stores.base import Store

from .library import query
from .subjects import SubjectRef, in_force, people_by_key, subject_out

GROUPS: dict[str, tuple[str, ...]] = {
    "roles": ("LEGAL_REP_OF", "OFFICER_OF"),
    "shareholding": ("SHAREHOLDER_OF",),
    "operation": ("OPERATES",),
    "shared_identifiers": ("HAS_PHONE", "HAS_ADDRESS", "HAS_ACCOUNT"),
}
IDENTIFIER_QUERIES = {
    "Phone": "related_step_phone",
    "Address": "related_step_address",
    "Account": "related_step_account",
}
IDENTIFIER_RELS = {"Phone": "HAS_PHONE", "Address": "HAS_ADDRESS", "Account": "HAS_ACCOUNT"}
MAX_DEPTH = 3
DEFAULT_FANOUT = 50
MAX_NODES = 2_000
# the literal LIMITs of the queries (a parameterised LIMIT cost ~1 ms a query on Ladybug)
STEP_ROWS = 1_000  # related_step*: one node's neighbours; more tells a hub for any allowed fanout
TWO_STEP_ROWS = 5_000  # related_two_steps: reaching it means a huge hub next to the subject
MAX_FANOUT = STEP_ROWS - 1

_LINK = ("rel", "label", "key", "name", "id_number", "id_masked", "since", "until", "role", "ratio")
_FIRST = tuple(f"{c}1" for c in _LINK)
_SECOND = tuple(f"{c}2" for c in _LINK)


def rel_types(groups: list[str] | None) -> list[str]:
    chosen = groups or list(GROUPS)
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown:
        raise InputError(f"types must be among {sorted(GROUPS)}; unknown {unknown}")
    return [t for g in chosen for t in GROUPS[g]]


def _step(store: Store, label: str, key: str, types: set[str]) -> list[dict[str, Any]]:
    """One node's neighbours, one query anchored on its key (``UNWIND $keys`` then expanding was
    ~1000x slower on Ladybug). Types and dates are filtered by the caller."""
    if label in IDENTIFIER_QUERIES:
        if IDENTIFIER_RELS[label] not in types:
            return []
        return query(store, IDENTIFIER_QUERIES[label], key=key)
    if label not in store.schema.subjects:
        return []
    return query(store, "related_step", subject=label, key=key)


def _two_steps(
    store: Store, ref: SubjectRef, keep: Callable[[dict[str, Any]], bool]
) -> tuple[Any, list[dict[str, Any]], dict[str, list[dict[str, Any]]]] | None:
    """The subject's name, its links and each neighbour's links from one query, or None past the
    row cap (a subject with no links returns no row: the name is read apart then).

    The query repeats a neighbour's links under every link that reaches it (legal representative
    and officer of one company): they are taken once, under the first link kept."""
    rows = query(store, "related_two_steps", subject=ref.label, key=ref.key)
    if len(rows) >= TWO_STEP_ROWS:
        return None
    first: list[dict[str, Any]] = []
    second: dict[str, list[dict[str, Any]]] = {}
    under: dict[str, tuple] = {}  # neighbour -> the link its own links are taken under
    seen: set[tuple] = set()  # links already taken: (source, link)
    for row in rows:
        ident = tuple(row[c] for c in _FIRST)
        b = ident[2]
        taken = under.get(b)
        if taken is None or taken != ident:
            if (ref.key, ident) in seen:
                continue
            seen.add((ref.key, ident))
            link = dict(zip(_LINK, ident, strict=True))
            if not keep(link):
                continue
            first.append(link)
            if taken is not None:  # a second link to the same neighbour
                continue
            under[b] = ident
            second[b] = []
        if row["key2"] is None:
            continue
        nxt_ident = tuple(row[c] for c in _SECOND)
        if (b, nxt_ident) not in seen:
            seen.add((b, nxt_ident))
            nxt = dict(zip(_LINK, nxt_ident, strict=True))
            if keep(nxt):
                second[b].append(nxt)
    return (rows[0]["name0"] if rows else _name(store, ref)), first, second


def related_parties(
    store: Store,
    ref: SubjectRef,
    *,
    depth: int = 2,
    groups: list[str] | None = None,
    as_of: date | None = None,
    fanout: int = DEFAULT_FANOUT,
    max_nodes: int = MAX_NODES,
) -> dict[str, Any]:
    """Nodes and edges around a subject, for drawing. Links not current on ``as_of`` are skipped.

    An edge runs from the node the walk came from (``source``) to the node it reached; each
    stored link is drawn once."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth must be between 1 and {MAX_DEPTH}")
    if not 1 <= fanout <= MAX_FANOUT:
        raise InputError(f"fanout must be between 1 and {MAX_FANOUT}")
    as_of = as_of or today()
    types = set(rel_types(groups))

    def keep(link: dict[str, Any]) -> bool:
        return link["rel"] in types and in_force(link, as_of)

    prefetched: dict[str, list[dict[str, Any]]] = {}
    both = _two_steps(store, ref, keep) if depth >= 2 else None
    if both is not None:
        name, first, second = both
        prefetched = {**second, ref.key: first}
    else:
        name = _name(store, ref)
    root = {"label": ref.label, "key": ref.key, "name": name, "depth": 0}
    nodes: dict[str, dict[str, Any]] = {ref.key: root}
    people: dict[str, dict[str, Any]] = {}
    edges: dict[tuple, dict[str, Any]] = {}
    hubs: list[str] = []
    truncated = False

    frontier = [ref.key]
    for level in range(1, depth + 1):
        next_frontier: list[str] = []
        for src in frontier:
            if src in prefetched and level <= 2:
                links = prefetched[src]
            else:
                node = nodes[src]
                links = [x for x in _step(store, node["label"], src, types) if keep(x)]
            # which neighbours a capped node shows, and the order of nodes and edges, must not
            # hang on a store's row order
            links = sorted(links, key=_order)
            if len(links) > fanout:
                if src != ref.key:
                    hubs.append(src)
                    nodes[src]["hub"] = True
                links = links[:fanout]
            for link in links:
                dst = link["key"]
                if link["label"] == "Person":
                    people.setdefault(dst, link)
                if dst not in nodes:
                    if len(nodes) >= max_nodes:
                        truncated = True
                        break
                    nodes[dst] = {"label": link["label"], "key": dst, "name": link["name"], "depth": level}
                    next_frontier.append(dst)
                ends = (src, dst) if src <= dst else (dst, src)
                edges.setdefault((*ends, link["rel"], link["role"]), _edge(src, link))
            if truncated:
                break
        frontier = sorted(next_frontier)
        if not frontier or truncated:
            break
    missing = [k for k, n in nodes.items() if n["label"] == "Person" and k not in people]
    people.update(people_by_key(store, missing))  # the subject itself, at depth 1
    out_nodes = [
        {
            **subject_out(n["label"], n["key"], n.get("name"), people),
            "label": n["label"],
            "depth": n["depth"],
            "hub": n.get("hub", False),
        }
        for n in nodes.values()
    ]
    return {
        "subject": {"kind": ref.kind, "node_key": ref.key},
        "depth": depth,
        "as_of": as_of,
        "nodes": out_nodes,
        "edges": list(edges.values()),
        "hubs": hubs,
        "truncated": truncated,
    }


def _name(store: Store, ref: SubjectRef) -> Any:
    """The subject's own name: the walk names only the nodes it reaches, so the root needs a read
    (unless ``resolve`` read the node already)."""
    if ref.node is not None:
        return ref.node.get("name")
    rows = query(store, "subject", subject=ref.label, key=ref.key)
    return rows[0]["s"].get("name") if rows else None


def _order(link: dict[str, Any]) -> tuple:
    return (
        link["key"],
        link["rel"],
        link["role"] or "",
        str(link["since"]),
        str(link["until"]),
        str(link.get("ratio")),
    )


def _edge(src: str, link: dict[str, Any]) -> dict[str, Any]:
    edge = {"source": src, "target": link["key"], "type": link["rel"]}
    edge.update({k: link[k] for k in ("role", "ratio", "since", "until") if link.get(k) is not None})
    return edge
