"""A Python client for analysts: one ``connect()``, named queries as DataFrames, graphs as networkx.

    import creditgraph
    cg = creditgraph.connect()                      # embedded store (CREDITGRAPH_DB), or Neo4j if NEO4J_URI
    cg.query("risk_top", subject="Company", limit=10)   # any named query of queries/cypher → DataFrame
    cg.entity_file("company", "91320400MA1X2Y3Z4K")     # the 一企一档 file, as a dict
    g = cg.to_networkx(cg.related("company", "91320400MA1X2Y3Z4K", depth=2))
    cg.edges(["LEGAL_REP_OF", "SHAREHOLDER_OF"], ["since", "until"])  # every edge of those types

Personal data (citizen ID numbers, phone numbers, account numbers: the schema's ``personal``
properties) is masked in everything the client returns unless ``connect(..., unmasked=True)``.
The client is a thin layer over the same service functions as the CLI and the HTTP API
(``queries.*``); it adds only the shapes notebooks want.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow as pa

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.privacy import mask, mask_value, personal_fields
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import Store, open_store
from creditgraph.service import intermediaries as intermediaries_svc
from creditgraph.service import named, policy, products, risk, screening, subjects
from creditgraph.service import practitioners as practitioners_svc
from creditgraph.service.alerts import ALERTS, AlertRegistry, alert_page

# Named queries whose flat ``number`` column is a policy document's number, not a phone.
NOT_PERSONAL: dict[str, frozenset[str]] = {"policy_documents": frozenset({"number"})}
DEMO_AS_OF = "demo_as_of"  # Meta key creditgraph.demo sets: the date the demo batch holds on


def mask_frame(df: pd.DataFrame, skip: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Mask personal columns (``id_number``, ``number``, ``account_no``) and nested node dicts."""
    if df.empty:
        return df
    df = df.copy()
    for col in df.columns:
        if col in personal_fields() and col not in skip:
            df[col] = df[col].map(lambda v, c=col: mask_value(c, v))
        elif df[col].dtype == object:
            df[col] = df[col].map(lambda v: mask(v, skip=skip) if isinstance(v, dict | list) else v)
    return df


def _default_db() -> Path:
    return Path(os.environ.get("CREDITGRAPH_DB") or Settings().db)


class Client:
    """A connection to one creditgraph store, for notebooks and scripts (see :func:`connect`)."""

    def __init__(self, store: Store, *, unmasked: bool = False, alerts: AlertRegistry = ALERTS) -> None:
        self.store = store
        self.unmasked = unmasked
        self.schema = store.schema
        self.alerts = alerts

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = getattr(self.store, "path", None) or getattr(self.store, "uri", "")
        return (
            f"<creditgraph.Client {self.store.backend} {where} {'unmasked' if self.unmasked else 'masked'}>"
        )

    # -- masking -----------------------------------------------------------------------------
    def _frame(self, df: pd.DataFrame, skip: frozenset[str] = frozenset()) -> pd.DataFrame:
        return df if self.unmasked else mask_frame(df, skip)

    def _out(self, value: Any) -> Any:
        return value if self.unmasked else mask(value)

    # -- queries -----------------------------------------------------------------------------
    def query(
        self, name: str, subject: str | None = None, other: str | None = None, **params: Any
    ) -> pd.DataFrame:
        """Run a named query of the library (``queries/cypher/NAME.cypher``) → DataFrame.

        ``subject`` / ``other`` fill a templated query's ``:Subject`` / ``:Other`` label.
        """
        rows = named.run(self.store, name, subject=subject, other=other, **params)
        return self._frame(_rows_frame(rows), NOT_PERSONAL.get(name, frozenset()))

    def cypher(self, text: str, **params: Any) -> pd.DataFrame:
        """Run one read-only Cypher statement (in the common dialect, if it must run on both stores)."""
        return self._frame(_rows_frame(self.store.run(text, params)))

    def queries(self) -> pd.DataFrame:
        """The named queries available to :meth:`query`, with their parameters and what they answer."""
        return pd.DataFrame(named.catalog())

    def edges(self, types: Iterable[str], properties: Sequence[str] = ()) -> pd.DataFrame:
        """Every edge of the given relationship types: type, src_label, src, dst_label, dst, properties…"""
        table = self.store.export_edges(list(types), list(properties))
        return table.to_pandas() if table.num_rows else pd.DataFrame(columns=table.column_names)

    def counts(self) -> pd.DataFrame:
        """How many nodes of every label and relationships of every type the store holds."""
        c = self.store.counts()
        rows = [("node", k, v) for k, v in c["nodes"].items()] + [
            ("relationship", k, v) for k, v in c["relationships"].items()
        ]
        return pd.DataFrame(rows, columns=["kind", "name", "count"])

    def meta(self, key: str) -> str | None:
        return self.store.get_meta(key)

    def default_as_of(self) -> date:
        """The date the demo batch holds on when this is the demo graph, else today."""
        try:
            value = self.store.get_meta(DEMO_AS_OF)
        except Exception:  # an empty or foreign database: no Meta table yet
            value = None
        return date.fromisoformat(value) if value else today()

    # -- service functions -------------------------------------------------------------------
    def resolve(self, kind: str, ident: str):
        """The subject a user names (``company`` + USCC, ``person`` + ID number or node key …)."""
        return subjects.resolve(self.store, kind, ident)

    def entity_file(self, kind: str, ident: str, as_of: date | None = None, *, history: bool = True) -> dict:
        """Everything on one subject as of a date (一企一档 / 一人一档)."""
        return self._out(subjects.entity_file(self.store, self.resolve(kind, ident), as_of, history=history))

    def related(self, kind: str, ident: str, depth: int = 2, **kwargs: Any) -> dict:
        """Related parties around a subject (nodes and edges; ``groups``, ``as_of``, ``fanout`` …)."""
        return self._out(subjects.related(self.store, self.resolve(kind, ident), depth=depth, **kwargs))

    def measures(self, kind: str, ident: str, as_of: date | None = None) -> dict:
        """The incentives and restrictions that apply to a subject on a date, each with its clause."""
        return self._out(subjects.measures(self.store, self.resolve(kind, ident), as_of))

    def screen(self, ids: list[str], purpose: str | None = None, as_of: date | None = None) -> pd.DataFrame:
        """Screen identifiers against the lists in force (名单比对): one row per identifier, in order,
        with ``barred`` for ``purpose`` and the nested answers flattened (``service.screening``)."""
        return _flatten(self._out(screening.screen(self.store, ids, purpose, as_of))["items"])

    def path(self, kind_a: str, ident_a: str, kind_b: str, ident_b: str) -> dict | None:
        """A shortest path (≤ 4 links) between two subjects, or None."""
        a, b = self.resolve(kind_a, ident_a), self.resolve(kind_b, ident_b)
        return self._out(subjects.path(self.store, a, b))

    def practitioners(
        self,
        group: str,
        as_of: date | None = None,
        *,
        jurisdiction: str | None = None,
        dishonest: bool = False,
    ) -> pd.DataFrame:
        """Practitioners of a key occupational group on a date (``jurisdiction``: a division-code
        prefix of the issuing agency; ``dishonest``: only those with serious dishonesty), one row
        each, nested fields flattened; licence numbers masked unless ``unmasked``."""
        items = practitioners_svc.practitioners(
            self.store, group, as_of, jurisdiction=jurisdiction, dishonest=dishonest
        )
        return _flatten(self._out(items))

    def product_trace(self, product_id: str, as_of: date | None = None) -> dict:
        """A product's trail on a date (manufacturer, shops, platforms, couriers, violations) and its
        sampling inspections (抽检)."""
        return self._out(products.trace(self.store, product_id, as_of))

    def intermediaries_eligible(
        self,
        category: str,
        as_of: date | None = None,
        *,
        jurisdiction: str | None = None,
        explain: bool = False,
    ) -> dict:
        """Which intermediaries of ``category`` may be chosen for a government purchase on a date:
        ``data`` (each with ``why``), ``left_out`` with ``explain``, the industry ``warning``."""
        return self._out(
            intermediaries_svc.eligible(
                self.store, category, as_of, jurisdiction=jurisdiction, explain=explain
            )
        )

    # -- the alert registry: one method per alert (``service.alerts``) -------------------------------
    def alert(self, name: str, as_of: date | None = None, **params: Any) -> pd.DataFrame | list[dict]:
        """The whole list of the alert ``name`` as of ``as_of`` (default today), filtered by ``params``:
        a DataFrame of one row per item (nested fields flattened), or for rings the list itself."""
        found = self.alerts.get(name)
        items = self._out(alert_page(self.store, found, as_of, **params).data)
        return _flatten(items) if found.client_frame else items

    def __getattr__(self, name: str) -> Any:
        """``cg.reappearances()``, ``cg.barred_roles()``, ``cg.rings()`` …: the registry's alerts."""
        registry = self.__dict__.get("alerts")
        alert = next((a for a in registry or () if a.method_name == name), None)
        if alert is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

        def method(as_of: date | None = None, **params: Any) -> pd.DataFrame | list[dict]:
            return self.alert(alert.name, as_of, **params)

        method.__doc__ = alert.summary
        method.__name__ = name
        return method

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *(a.method_name for a in self.alerts)})

    def risk_top(self, n: int = 20, labels: Iterable[str] | None = None) -> pd.DataFrame:
        """The ``n`` riskiest subjects (propagated ``risk_score`` as written back), all labels together."""
        rows = [r.stored() for r in risk.top(self.store, n, tuple(labels) if labels else None)]
        if not rows:
            cols = ["label", "key", "name", "risk_score", "risk_own", "risk_rank", "list_status"]
            return pd.DataFrame(columns=cols)
        return self._frame(pd.DataFrame(rows))

    def risk_scores(self, labels: Iterable[str] | None = None) -> pd.DataFrame:
        """Every subject's risk properties (label, key, name, risk_own, risk_score, risk_rank, list_status)."""
        for label in labels or ():
            self.schema.node(label)  # an unknown label is refused by name
        rows = risk.scores(self.store, tuple(labels) if labels else None)
        return self._frame(pd.DataFrame(rows)) if rows else pd.DataFrame()

    def explain_risk(self, kind: str, ident: str, as_of: date | None = None, top_k: int = 5) -> dict:
        """Why a subject scores what it does (``queries.risk``): its records and its risk's sources.

        Propagation runs in memory (nothing is written); the result is cached per date.
        """
        ref = self.resolve(kind, ident)
        return self._out(risk.explain(self.store, ref, as_of, top_k=top_k, runs=self._risk_result).to_dict())

    def _risk_result(self, as_of: date):
        cache_ = self.__dict__.setdefault("_risk_cache", {})
        if as_of not in cache_:
            cache_[as_of] = risk.run(self.store, as_of)
        return cache_[as_of]

    def responsible(self, violation_type: str, jurisdiction: str, as_of: date | None = None) -> dict:
        """Who must act on a violation type in a jurisdiction on a date, with provenance."""
        return policy.responsible(self.store, violation_type, jurisdiction, as_of)

    def responsible_frame(
        self, violation_type: str, jurisdiction: str, as_of: date | None = None
    ) -> pd.DataFrame:
        """:meth:`responsible` as one row per lead or cooperating mention (as written → current body)."""
        r = self.responsible(violation_type, jurisdiction, as_of)
        rows = []
        for role in ("lead", "coop"):
            for m in r[role]:
                rows.append(
                    {
                        "violation_type": r["violation_type"]["code"],
                        "jurisdiction": r["jurisdiction"]["code"],
                        "as_of": r["as_of"],
                        "table_jurisdiction": r["table"]["jurisdiction"]["code"],
                        "fallback": r["table"]["fallback"],
                        "role": role,
                        "as_written": m["as_written"],
                        "agency_id": m["agency"]["id"],
                        "agency": m["agency"]["name"],
                        "current_id": m["current"]["id"],
                        "current": m["current"]["name"],
                        "reformed": bool(m.get("chain")),
                        "document": m["document"]["number"] or m["document"]["key"],
                        "task_seq": m.get("task_seq"),
                    }
                )
        return pd.DataFrame(rows)

    def tasks(self, document: str = "") -> pd.DataFrame:
        """The task-division tables (one row per lead or cooperating agency), of one document or all."""
        return self.query("tasks", document=document)

    # -- graphs ------------------------------------------------------------------------------
    def to_networkx(self, result_or_edges: Any, *, directed: bool = True) -> nx.MultiDiGraph | nx.MultiGraph:
        """A networkx multigraph from a related-parties or path result, or from an edge table.

        - ``{"nodes": [...], "edges": [...]}`` (``related``, ``path``): nodes by ``node_key``
          (persons' node keys are opaque hashes; ``key`` is the masked ID), edges ``source → target``
          keyed by type, with their properties.
        - an edge table (:meth:`edges`, ``Store.export_edges``; DataFrame or Arrow) with ``src`` and
          ``dst`` (``src_label``/``dst_label`` become the nodes' ``label``): nodes by key.
        """
        g: nx.MultiDiGraph | nx.MultiGraph = nx.MultiDiGraph() if directed else nx.MultiGraph()
        data = result_or_edges
        if isinstance(data, pa.Table):
            data = data.to_pandas()
        if isinstance(data, dict) and "edges" in data:
            for n in data.get("nodes", []):
                attrs = {k: v for k, v in n.items() if k != "node_key"}
                g.add_node(n.get("node_key") or n["key"], **attrs)
            for e in data["edges"]:
                attrs = {k: v for k, v in e.items() if k not in ("source", "target")}
                g.add_edge(e["source"], e["target"], key=e.get("type"), **attrs)
            return g
        if isinstance(data, list):
            data = pd.DataFrame(data)
        if isinstance(data, pd.DataFrame):
            src = "src" if "src" in data.columns else "source"
            dst = "dst" if "dst" in data.columns else "target"
            if src not in data.columns or dst not in data.columns:
                raise ValueError("an edge table needs src/dst (or source/target) columns")
            extra = [c for c in data.columns if c not in (src, dst, "src_label", "dst_label")]
            for row in data.itertuples(index=False):
                r = row._asdict()
                if "src_label" in r:
                    g.add_node(r[src], label=r["src_label"])
                if "dst_label" in r:
                    g.add_node(r[dst], label=r["dst_label"])
                attrs = {c: r[c] for c in extra if not _missing(r[c])}
                g.add_edge(r[src], r[dst], key=r.get("type"), **attrs)
            return g
        raise TypeError(f"cannot make a graph of {type(result_or_edges).__name__}")


def _missing(v: Any) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _rows_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows, columns=list(rows[0].keys()))


def _flatten(items: list[dict[str, Any]]) -> pd.DataFrame:
    if not items:
        return pd.DataFrame()
    return pd.json_normalize(items, sep=".")


def connect(
    db: Path | str | None = None,
    *,
    unmasked: bool = False,
    read_only: bool = True,
    settings: Settings | None = None,
) -> Client:
    """Open the creditgraph store and return a :class:`Client`.

    Embedded (Ladybug) by default, at ``db`` or ``$CREDITGRAPH_DB`` (default
    ``data/creditgraph.lbug``); Neo4j when ``NEO4J_URI`` is set (``NEO4J_USER``/``NEO4J_PASSWORD``/
    ``NEO4J_DATABASE``). The embedded store is opened read-only by default, so a notebook can
    read a database the API server holds open; pass ``read_only=False`` to write.
    Personal data is masked in every result unless ``unmasked=True``.
    """
    if settings is None:
        settings = Settings(db=Path(db) if db is not None else _default_db(), read_only=read_only)
    if settings.backend == "embedded" and not Path(settings.db).exists():
        raise FileNotFoundError(
            f"no creditgraph database at {settings.db}: build one with `python -m creditgraph.demo {settings.db}`"
        )
    return Client(open_store(settings), unmasked=unmasked)
