"""Shared-identifier rings: subjects tied together by phones, addresses or accounts they share.

A ring is a connected component of the subject–identifier graph that holds at least two subjects
and at least one blacklisted or violating subject. Identifiers held by more than ``max_share``
subjects are generic (a platform's service line, a registered-agent address) and tie no one.
Components are found with scipy on the exported links: Cypher has no portable way to do it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graph_model.stores.base import Store

from .alerts import DEFAULT_MAX_SHARE
from .library import query, query_table
from .subjects import identifier_values, people_by_key, subject_out


def _links(store: Store) -> pd.DataFrame:
    parts = []
    for label in store.schema.subjects:
        df = query_table(store, "identifier_holders", subject=label).to_pandas()
        if len(df):
            parts.append(df.assign(subject_label=label))
    cols = [
        "subject_label",
        "subject_key",
        "subject_name",
        "identifier_label",
        "identifier_key",
        "identifier",
    ]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def _flags(store: Store, as_of: date) -> pd.DataFrame:
    rows = []
    for label in store.schema.subjects:
        rows += [
            {**r, "subject_label": label}
            for r in query(store, "flagged_subjects", subject=label, as_of=as_of)
        ]
    columns = ["subject_label", "key", "name", "flag", "record"]
    return pd.DataFrame(rows, columns=columns).sort_values(columns, kind="stable", ignore_index=True)


def shared_identifier_rings(
    store: Store, as_of: date, *, max_share: int = DEFAULT_MAX_SHARE, min_size: int = 2
) -> list[dict[str, Any]]:
    """Rings that include a blacklisted or violating subject, largest first."""
    links = _links(store)
    if links.empty:
        return []
    links["subject"] = links["subject_label"] + "\x1f" + links["subject_key"]
    links["ident"] = links["identifier_label"] + "\x1f" + links["identifier_key"]
    links = links.sort_values(["ident", "subject"], kind="stable", ignore_index=True)  # not the store's order
    holders = links.groupby("ident")["subject"].transform("nunique")
    links = links[holders.between(2, max_share)]
    if links.empty:
        return []
    subj_codes, subjects = pd.factorize(links["subject"])
    ident_codes, _ = pd.factorize(links["ident"])
    n_s = len(subjects)
    n = n_s + ident_codes.max() + 1
    graph = coo_matrix((np.ones(len(links)), (subj_codes, n_s + ident_codes)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    subject_comp = pd.Series(comp[:n_s], index=subjects)

    flags = _flags(store, as_of)
    flags["subject"] = flags["subject_label"] + "\x1f" + flags["key"]
    flagged = flags[flags["subject"].isin(subject_comp.index)]
    ring_ids = set(subject_comp[flagged["subject"]].tolist())
    people = people_by_key(
        store, links.loc[links["subject_label"] == "Person", "subject_key"].unique().tolist()
    )
    names = links.drop_duplicates("subject").set_index("subject")["subject_name"]
    idents = links.drop_duplicates("ident")
    values = identifier_values(
        store, list(zip(idents["identifier_label"], idents["identifier_key"], strict=True))
    )
    flag_map = flagged.groupby("subject")[["flag", "record"]].apply(lambda d: d.to_dict("records"))

    rings = []
    for ring_id in ring_ids:
        members = subject_comp.index[subject_comp == ring_id]
        if len(members) < min_size:
            continue
        ring_links = links[links["subject"].isin(members)]
        rings.append(
            {
                "members": [
                    {
                        **subject_out(*m.split("\x1f"), names[m], people),
                        "flags": flag_map.get(m, []),
                    }
                    for m in sorted(members)
                ],
                "identifiers": [
                    {
                        "kind": r.identifier_label.lower(),
                        "key": r.identifier_key,
                        "name": r.identifier,
                        **values.get((r.identifier_label, r.identifier_key), {}),
                    }
                    for r in ring_links.drop_duplicates("ident").itertuples()
                ],
                "links": [
                    {"subject_node_key": r.subject_key, "identifier_key": r.identifier_key}
                    for r in ring_links.itertuples()
                ],
            }
        )
    rings.sort(key=lambda r: (-len(r["members"]), r["members"][0]["node_key"]))
    for i, ring in enumerate(rings, 1):
        ring["ring"] = i
        ring["size"] = len(ring["members"])
    return rings
