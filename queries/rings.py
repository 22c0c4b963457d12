"""Shared-identifier rings: subjects tied together by phones, addresses or accounts they share.

A ring is a connected component of the subject–identifier graph that holds at least two subjects
and at least one blacklisted or violating subject. Identifiers held by more than ``max_share``
subjects are generic (a platform's service line, a registered-agent address) and tie no one.
Components are found with scipy on the exported links: Cypher has no portable way to do it.

One pass: the store counts each identifier's links and hands over only those of identifiers with
two links or more (one library query per identifier label, shared with risk propagation); on the
1M-subject benchmark graph that is 2.3k of 1.76M links, so no key of a lone identifier's holder
is read, hashed or joined. Names, people and identifier values are then fetched for the ring
members only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix, csc_matrix
from scipy.sparse.csgraph import connected_components

from creditgraph.graph_model.stores.base import Store

from .alerts import DEFAULT_MAX_SHARE
from .library import query, query_table
from .risk.fetch import SHARED_EDGES
from .subjects import identifier_values, people_by_key, subject_out

_SEP = "\x1f"
#: The library's query of the links of every identifier with two links or more, by identifier label.
SHARED_LINKS = {
    "Phone": SHARED_EDGES["HAS_PHONE"],
    "Address": SHARED_EDGES["HAS_ADDRESS"],
    "Account": SHARED_EDGES["HAS_ACCOUNT"],
}
#: Every library query the rings run (the alert registry names them).
QUERIES = (
    *SHARED_LINKS.values(),
    "flagged_subjects",
    "subject_names",
    "identifier_names",
    "persons_by_key",
    "phone_numbers",
    "account_numbers",
)


class _Links:
    """The subject-identifier links of every identifier with two links or more, as integer codes,
    with the distinct subjects (label, key) and identifiers (label, key) they join.

    One library query per identifier label (``SHARED_LINKS``) counts each identifier's links in
    the store and returns only those of identifiers with two or more: an identifier held by one
    subject ties no one, and they are nearly all of them (1.76M links of 1.76M + 2.3k on the
    benchmark graph), so reading every link's keys was most of the time. A link count of two or
    more is a superset of "two or more distinct holders"; the exact holder count is taken here.
    Identifier keys are keyed hashes of kind and value, distinct across kinds."""

    def __init__(self, store: Store) -> None:
        parts = []
        for label, name in SHARED_LINKS.items():
            t = query_table(store, name)
            if t.num_rows:
                n = t.num_rows
                parts.append(
                    pa.table(
                        {
                            "subject_label": t["src_label"].cast(pa.string()),
                            "subject_key": t["src"].cast(pa.string()),
                            "identifier_label": pa.array([label] * n, pa.string()),
                            "identifier_key": t["dst"].cast(pa.string()),
                        }
                    )
                )
        self.table = pa.concat_tables(parts).combine_chunks() if parts else None
        if self.table is not None:
            frame = self.table.select(["subject_label", "subject_key"]).to_pandas()
            self.subject, uniques = pd.MultiIndex.from_frame(frame).factorize()
            self.subjects = uniques.to_frame(index=False, name=["subject_label", "subject_key"])
            self.ident, self.idents = _codes(self.table["identifier_key"])


def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Integer codes of a string column and its distinct values (Arrow's hash, not Python's)."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary


def _components(
    subj: np.ndarray, ident: np.ndarray, n_s: int, n_i: int, max_share: int
) -> tuple[np.ndarray, np.ndarray]:
    """Which links tie subjects (their identifier held by 2..max_share subjects), and each
    subject's component over those links (-1 for a subject with none)."""
    held = csc_matrix((np.ones(len(subj)), (subj, ident)), shape=(n_s, n_i))  # duplicates summed
    holders = np.diff(held.indptr)  # distinct subjects per identifier
    keep = (holders[ident] >= 2) & (holders[ident] <= max_share)
    graph = coo_matrix((np.ones(int(keep.sum())), (subj[keep], n_s + ident[keep])), shape=(n_s + n_i,) * 2)
    _, comp = connected_components(graph, directed=False)
    tied = np.zeros(n_s, bool)
    tied[subj[keep]] = True
    return keep, np.where(tied, comp[:n_s], -1)


def _flags(store: Store, as_of: date) -> pd.DataFrame:
    """Every flagged subject's flags (one Arrow read per label), in a stable order."""
    parts = []
    for label in store.schema.subjects:
        t = query_table(store, "flagged_subjects", subject=label, as_of=as_of)
        if t.num_rows:
            parts.append(t.to_pandas().assign(subject_label=label))
    columns = ["subject_label", "key", "name", "flag", "record"]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return frame[columns].sort_values(columns, kind="stable", ignore_index=True)


def shared_identifier_rings(
    store: Store, as_of: date, *, max_share: int = DEFAULT_MAX_SHARE, min_size: int = 2
) -> list[dict[str, Any]]:
    """Rings that include a blacklisted or violating subject, largest first."""
    found = _Links(store)
    if found.table is None:
        return []
    subj, ident, subjects = found.subject, found.ident, found.subjects
    keep, comp = _components(subj, ident, len(subjects), len(found.idents), max_share)
    sizes = np.bincount(comp[comp >= 0]) if (comp >= 0).any() else np.zeros(0, int)

    flags = _flags(store, as_of)
    subjects["code"] = np.arange(len(subjects))
    at = flags.merge(subjects, left_on=["subject_label", "key"], right_on=["subject_label", "subject_key"])
    flag_comp = comp[at["code"].to_numpy()]
    flag_comp = flag_comp[flag_comp >= 0]
    ring_comps = np.unique(flag_comp[sizes[flag_comp] >= min_size])
    if not len(ring_comps):
        return []

    chosen = keep & np.isin(comp[subj], ring_comps)
    links = found.table.filter(pa.array(chosen)).to_pandas()
    links = links.assign(ring_comp=comp[subj[chosen]])
    links["subject"] = links["subject_label"] + _SEP + links["subject_key"]
    links["ident"] = links["identifier_label"] + _SEP + links["identifier_key"]
    links = links.sort_values(["ident", "subject"], kind="stable", ignore_index=True)  # not the store's order
    flags["subject"] = flags["subject_label"] + _SEP + flags["key"]
    flagged = flags[flags["subject"].isin(links["subject"])]
    people = people_by_key(
        store, links.loc[links["subject_label"] == "Person", "subject_key"].unique().tolist()
    )
    names = _subject_names(store, links.drop_duplicates("subject"))
    first_ident = links.drop_duplicates("ident")
    links["identifier"] = _identifier_names(store, links)
    values = identifier_values(
        store, list(zip(first_ident["identifier_label"], first_ident["identifier_key"], strict=True))
    )
    flag_map: dict[str, list[dict[str, Any]]] = {}
    for subject, flag, record in flagged[["subject", "flag", "record"]].itertuples(index=False, name=None):
        flag_map.setdefault(subject, []).append({"flag": flag, "record": record})

    by_comp: dict[int, list[tuple]] = {}
    columns = ["ring_comp", "subject", "subject_label", "subject_key", "ident"]
    columns += ["identifier_label", "identifier_key", "identifier"]
    for row in links[columns].itertuples(index=False, name=None):
        by_comp.setdefault(row[0], []).append(row[1:])
    rings = [_ring(rows, names, people, values, flag_map) for rows in by_comp.values()]
    rings.sort(key=lambda r: (-len(r["members"]), r["members"][0]["node_key"]))
    for i, ring in enumerate(rings, 1):
        ring["ring"] = i
        ring["size"] = len(ring["members"])
    return rings


def _subject_names(store: Store, members: pd.DataFrame) -> pd.Series:
    """Each ring member's name, by ``subject`` id (fetched for the members only)."""
    names: dict[str, Any] = {}
    for label, keys in members.groupby("subject_label")["subject_key"]:
        for r in query(store, "subject_names", subject=label, keys=keys.tolist()):
            names[label + _SEP + r["key"]] = r["name"]
    return pd.Series(names, dtype=object)


def _identifier_names(store: Store, links: pd.DataFrame) -> pd.Series:
    """The shown name of each link's identifier (a masked number, an address as written)."""
    rows = query(store, "identifier_names", keys=links["identifier_key"].unique().tolist())
    names = {(r["label"], r["key"]): r["name"] for r in rows}
    return pd.Series(
        [names.get(k) for k in zip(links["identifier_label"], links["identifier_key"], strict=True)],
        index=links.index,
        dtype=object,
    )


def _ring(
    rows: list[tuple], names: pd.Series, people: dict, values: dict, flag_map: pd.Series
) -> dict[str, Any]:
    """One ring's members (with their flags), identifiers and links, in a stable order. ``rows``
    are its links sorted by identifier then subject: (subject, subject label, subject key, ident,
    identifier label, identifier key, identifier name)."""
    idents: dict[str, tuple] = {}
    for row in rows:
        idents.setdefault(row[3], row)
    return {
        "members": [
            {**subject_out(*m.split(_SEP), names.get(m), people), "flags": flag_map.get(m, [])}
            for m in sorted({row[0] for row in rows})
        ],
        "identifiers": [
            {
                "kind": label.lower(),
                "key": key,
                "name": name,
                **values.get((label, key), {}),
            }
            for _, _, _, _, label, key, name in idents.values()
        ],
        "links": [{"subject_node_key": row[2], "identifier_key": row[5]} for row in rows],
    }
