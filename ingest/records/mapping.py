"""Validated record frames → graph frames: which nodes and relationships each contract file makes.

One function per contract file, vectorised over a pandas DataFrame of cleaned rows (the contract's
column names), so the same code feeds the bulk path (Arrow → ``COPY``) and the incremental path
(dicts → ``UNWIND … MERGE``). Every reference to a subject yields a placeholder node, so a
relationship always finds both ends; the loader writes placeholders only where no record exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from creditgraph.graph_model.reference.display import fill_display_until
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.base import RelBatch
from creditgraph.graph_model.types import id_key, identifier_key, mask_account, mask_id, mask_phone

PERSON_KEY_CACHE = 1_000_000  # ID numbers whose keyed hash is kept (~200 bytes each)
SENSITIVE_CATEGORIES = frozenset({"食品", "保健食品", "婴配食品", "药品", "医疗器械", "化妆品"})
LEGAL_REP = "法定代表人"
SUBJECT_LABELS = load_schema().subject_kinds  # {"company": "Company", …}, from the schema's subjects


@dataclass
class NodeFrame:
    """Rows for one label. ``kind``: ``record`` (the subject's own row), ``partial`` (adds
    properties without making it a record), ``placeholder`` (created only if missing)."""

    label: str
    frame: pd.DataFrame
    kind: str = "record"


@dataclass
class RelFrame:
    rel_type: str
    src_label: str
    dst_label: str
    frame: pd.DataFrame  # src, dst, properties
    merge_on: tuple[str, ...] = ()

    @property
    def identity(self) -> list[str]:
        """The columns that make one edge: its ends, and what tells two edges of a pair apart."""
        return ["src", "dst", *self.merge_on]

    def edges(self) -> pd.DataFrame:
        """One row per edge: the last row of each wins, as a later record updates an earlier one."""
        return self.frame.drop_duplicates(self.identity, keep="last")

    def batch(self) -> RelBatch:
        """The edges as the stores write them (``Store.upsert_rels_many``)."""
        return RelBatch(self.rel_type, self.src_label, self.dst_label, rows_of(self.edges()), self.merge_on)


@dataclass
class GraphFrames:
    nodes: list[NodeFrame] = field(default_factory=list)
    rels: list[RelFrame] = field(default_factory=list)

    def node(self, label: str, frame: pd.DataFrame, kind: str = "record") -> None:
        if len(frame):
            self.nodes.append(NodeFrame(label, frame.reset_index(drop=True), kind))

    def rel(
        self, rel_type: str, src: str, dst: str, frame: pd.DataFrame, merge_on: tuple[str, ...] = ()
    ) -> None:
        if len(frame):
            self.rels.append(RelFrame(rel_type, src, dst, frame.reset_index(drop=True), merge_on))


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts with None for missing values: what the stores' batches take.
    Column by column (``to_dict("records")`` boxes every value on its own: 6x slower)."""
    names = list(frame.columns)
    return [
        dict(zip(names, row, strict=True))
        for row in zip(*map(_values, (frame[c] for c in names)), strict=True)
    ]


def _values(column: pd.Series) -> list[Any]:
    """A column's values as Python objects, None where missing."""
    values = column.tolist()
    if column.hasnans:
        values = [None if gone else v for v, gone in zip(values, column.isna().tolist(), strict=True)]
    return values


@dataclass
class Context:
    """What mapping needs beyond the rows: the store's secret and the registries' resolvers."""

    secret: str
    resolve_agency: Callable[[str, str | None], str | None] = lambda name, jurisdiction: None
    map_violation_type: Callable[[str], str] = lambda text: "OTHER"
    address_key: Callable[[str], str] = lambda text: text
    agency_jurisdiction: Callable[[str], str | None] = lambda name: None
    _person_keys: dict[str, str] = field(default_factory=dict, repr=False)

    def person_key(self, id_number: str | None) -> str | None:
        """The keyed hash of an ID number, once per batch: persons recur in roles, holdings …"""
        if not id_number:
            return None
        key = self._person_keys.get(id_number)
        if key is None:
            if len(self._person_keys) >= PERSON_KEY_CACHE:  # a province has ~8M persons: bounded
                self._person_keys.clear()
            key = self._person_keys[id_number] = id_key(id_number, self.secret)
        return key


# -- helpers -------------------------------------------------------------------------------------


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    """A column, or all-None when the file does not have it (optional columns may be absent)."""
    if name in df.columns:
        return df[name].astype(object).where(df[name].notna(), None)
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def _frame(**columns: pd.Series | list) -> pd.DataFrame:
    return pd.DataFrame(columns)


def _has(series: pd.Series) -> pd.Series:
    return series.notna() & (series.astype(str) != "")


def _hash_key(prefix: str, *parts: pd.Series) -> pd.Series:
    joined = parts[0].astype(str)
    for p in parts[1:]:
        joined = joined + "|" + p.astype(str)
    return prefix + joined.map(lambda s: hashlib.sha256(s.encode()).hexdigest()[:24])


def map_unique(values: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``values.map(fn)``, calling ``fn`` once per distinct value: a person's ID recurs in every
    file that names them, and a keyed hash or an address key is the costly part of a batch."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series([None] * len(values), index=values.index, dtype=object)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def person_keys(ids: pd.Series, ctx: Context) -> pd.Series:
    return map_unique(ids, ctx.person_key)


def person_placeholders(ids: pd.Series, ctx: Context) -> pd.DataFrame:
    ids = ids.dropna().drop_duplicates()
    masked = map_unique(ids, mask_id)
    return _frame(key=person_keys(ids, ctx), id_number=ids, id_masked=masked, name=masked)


def subject_refs(kinds: pd.Series, ids: pd.Series, ctx: Context) -> tuple[pd.Series, pd.Series]:
    """(label, key) of each referenced subject; persons are keyed by the keyed hash of their ID."""
    labels = kinds.map(SUBJECT_LABELS)
    keys = ids.astype(object).copy()
    is_person = labels == "Person"
    if is_person.any():
        keys[is_person] = person_keys(ids[is_person], ctx)
    return labels, keys


def add_subject_placeholders(out: GraphFrames, labels: pd.Series, ids: pd.Series, ctx: Context) -> None:
    for label in labels.dropna().unique():
        mask = labels == label
        if label == "Person":
            out.node("Person", person_placeholders(ids[mask], ctx), "placeholder")
        elif label == "Shop":
            refs = ids[mask].drop_duplicates()
            parts = refs.str.split("/", n=1, expand=True)
            out.node("Shop", _frame(key=refs, platform_id=parts[0], shop_id=parts[1]), "placeholder")
        else:
            out.node(label, _frame(key=ids[mask].drop_duplicates()), "placeholder")


def add_relation_by_subject(
    out: GraphFrames,
    rel_type: str,
    labels: pd.Series,
    keys: pd.Series,
    other_label: str,
    other: pd.Series,
    outgoing: bool,
) -> None:
    """One rel type whose one end is any kind of subject: a frame per subject label."""
    for label in labels.dropna().unique():
        mask = labels == label
        if outgoing:
            out.rel(rel_type, label, other_label, _frame(src=keys[mask], dst=other[mask]))
        else:
            out.rel(rel_type, other_label, label, _frame(src=other[mask], dst=keys[mask]))


def add_company(out: GraphFrames, rel: str, label: str, keys: pd.Series, usccs: pd.Series) -> None:
    """The company a row names by USCC (operator, manufacturer), linked by ``rel`` to the row's
    ``label`` node: a placeholder until its own record is loaded; rows naming none are skipped."""
    has = _has(usccs)
    out.node("Company", _frame(key=usccs[has].drop_duplicates()), "placeholder")
    out.rel(rel, "Company", label, _frame(src=usccs[has], dst=keys[has]))


def add_phones(
    out: GraphFrames, labels: pd.Series | str, keys: pd.Series, phones: pd.Series, ctx: Context
) -> None:
    has = _has(phones)
    if not has.any():
        return
    phones, keys = phones[has], keys[has]
    labels = labels[has] if isinstance(labels, pd.Series) else pd.Series(labels, index=keys.index)
    pkeys = map_unique(phones, lambda p: identifier_key("phone", p, ctx.secret))
    uniq = pd.DataFrame({"key": pkeys, "number": phones}).drop_duplicates("key")
    out.node("Phone", uniq.assign(name=uniq["number"].map(mask_phone)))
    add_relation_by_subject(out, "HAS_PHONE", labels, keys, "Phone", pkeys, outgoing=True)


def add_addresses(
    out: GraphFrames, labels: pd.Series | str, keys: pd.Series, addresses: pd.Series, ctx: Context
) -> None:
    has = _has(addresses)
    if not has.any():
        return
    addresses, keys = addresses[has], keys[has]
    labels = labels[has] if isinstance(labels, pd.Series) else pd.Series(labels, index=keys.index)
    akeys = map_unique(addresses, ctx.address_key)
    out.node("Address", pd.DataFrame({"key": akeys, "name": addresses}).drop_duplicates("key"))
    add_relation_by_subject(out, "HAS_ADDRESS", labels, keys, "Address", akeys, outgoing=True)


def add_agency_links(
    out: GraphFrames,
    rel_type: str,
    src_label: str,
    src_keys: pd.Series,
    agencies: pd.Series,
    jurisdictions: pd.Series,
    ctx: Context,
) -> None:
    """Link records to the agency node when the registry knows the name as written; keep the text always."""
    resolved = pd.Series(
        [ctx.resolve_agency(a, j) if a else None for a, j in zip(agencies, jurisdictions, strict=True)],
        index=agencies.index,
        dtype=object,
    )
    known = resolved.notna()
    if known.any():
        out.node("Agency", _frame(key=resolved[known].drop_duplicates()), "placeholder")
        out.rel(rel_type, src_label, "Agency", _frame(src=src_keys[known], dst=resolved[known]))


# -- one mapper per contract file ------------------------------------------------------------------


def map_companies(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    keys = _col(df, "uscc")
    names = _col(df, "name")
    out.node(
        "Company",
        _frame(
            key=keys,
            name=names,
            kind=_col(df, "kind"),
            registered_at=_col(df, "registered_at"),
            status=_col(df, "status"),
            jurisdiction=_col(df, "jurisdiction"),
        ),
    )
    jur = _col(df, "jurisdiction")
    has = _has(jur)
    if has.any():
        out.node("Jurisdiction", _frame(key=jur[has].drop_duplicates()), "placeholder")
        out.rel("IN_JURISDICTION", "Company", "Jurisdiction", _frame(src=keys[has], dst=jur[has]))
    add_phones(out, "Company", keys, _col(df, "phone"), ctx)
    add_addresses(out, "Company", keys, _col(df, "address"), ctx)
    return out


def map_persons(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    ids = _col(df, "id_number")
    keys = person_keys(ids, ctx)
    out.node(
        "Person", _frame(key=keys, name=_col(df, "name"), id_number=ids, id_masked=map_unique(ids, mask_id))
    )
    add_phones(out, "Person", keys, _col(df, "phone"), ctx)
    add_addresses(out, "Person", keys, _col(df, "address"), ctx)
    return out


def map_roles(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    ids = _col(df, "person_id_number")
    companies = _col(df, "company_uscc")
    out.node("Person", person_placeholders(ids, ctx), "placeholder")
    out.node("Company", _frame(key=companies.drop_duplicates()), "placeholder")
    role = _col(df, "role")
    rows = _frame(
        src=person_keys(ids, ctx), dst=companies, role=role, since=_col(df, "since"), until=_col(df, "until")
    )
    legal = role == LEGAL_REP
    out.rel("LEGAL_REP_OF", "Person", "Company", rows[legal].drop(columns="role"))
    out.rel("OFFICER_OF", "Person", "Company", rows[~legal], merge_on=("role",))
    return out


def map_shareholdings(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    companies = _col(df, "company_uscc")
    labels, keys = subject_refs(_col(df, "holder_kind"), _col(df, "holder_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "holder_id"), ctx)
    out.node("Company", _frame(key=companies.drop_duplicates()), "placeholder")
    for label in ("Person", "Company"):
        m = labels == label
        out.rel(
            "SHAREHOLDER_OF",
            label,
            "Company",
            _frame(
                src=keys[m],
                dst=companies[m],
                ratio=_col(df, "ratio")[m],
                since=_col(df, "since")[m],
                until=_col(df, "until")[m],
            ),
        )
    return out


def map_accounts(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    labels, keys = subject_refs(_col(df, "holder_kind"), _col(df, "holder_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "holder_id"), ctx)
    numbers = _col(df, "account_no")
    akeys = map_unique(numbers, lambda a: identifier_key("account", a, ctx.secret))
    nodes = _frame(key=akeys, account_no=numbers, name=numbers.map(mask_account), bank=_col(df, "bank"))
    out.node("Account", nodes.drop_duplicates("key"))
    add_relation_by_subject(out, "HAS_ACCOUNT", labels, keys, "Account", akeys, outgoing=True)
    return out


def map_platforms(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    keys = _col(df, "platform_id")
    out.node("Platform", _frame(key=keys, name=_col(df, "name"), url=_col(df, "url")))
    add_company(out, "OPERATES", "Platform", keys, _col(df, "operator_uscc"))
    return out


def map_shops(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    pid, sid = _col(df, "platform_id"), _col(df, "shop_id")
    keys = pid + "/" + sid
    opened, closed = _col(df, "opened_at"), _col(df, "closed_at")
    out.node(
        "Shop",
        _frame(
            key=keys, name=_col(df, "name"), platform_id=pid, shop_id=sid, opened_at=opened, closed_at=closed
        ),
    )
    out.node("Platform", _frame(key=pid.drop_duplicates()), "placeholder")
    out.rel("ON_PLATFORM", "Shop", "Platform", _frame(src=keys, dst=pid, since=opened, until=closed))
    labels, op_keys = subject_refs(_col(df, "operator_kind"), _col(df, "operator_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "operator_id"), ctx)
    for label in ("Person", "Company"):
        m = labels == label
        out.rel(
            "OPERATES", label, "Shop", _frame(src=op_keys[m], dst=keys[m], since=opened[m], until=closed[m])
        )
    add_phones(out, "Shop", keys, _col(df, "phone"), ctx)
    add_addresses(out, "Shop", keys, _col(df, "address"), ctx)
    return out


def map_couriers(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    keys = _col(df, "courier_id")
    out.node("Courier", _frame(key=keys, name=_col(df, "name"), license_no=_col(df, "license_no")))
    add_company(out, "OPERATES", "Courier", keys, _col(df, "operator_uscc"))  # required: every row names one
    return out


def map_shipping(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    courier, pid, sid = _col(df, "courier_id"), _col(df, "platform_id"), _col(df, "shop_id")
    out.node("Courier", _frame(key=courier.drop_duplicates()), "placeholder")
    out.node("Platform", _frame(key=pid.drop_duplicates()), "placeholder")
    props = {"since": _col(df, "since"), "until": _col(df, "until"), "parcels": _col(df, "parcels")}
    to_shop = _has(sid)
    shop_keys = (pid + "/" + sid)[to_shop]
    out.node(
        "Shop",
        _frame(key=shop_keys, platform_id=pid[to_shop], shop_id=sid[to_shop]).drop_duplicates("key"),
        "placeholder",
    )
    out.rel(
        "SHIPS_FOR",
        "Courier",
        "Shop",
        _frame(src=courier[to_shop], dst=shop_keys, **{k: v[to_shop] for k, v in props.items()}),
    )
    out.rel(
        "SHIPS_FOR",
        "Courier",
        "Platform",
        _frame(src=courier[~to_shop], dst=pid[~to_shop], **{k: v[~to_shop] for k, v in props.items()}),
    )
    return out


def map_products(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    keys = _col(df, "product_id")
    category = _col(df, "category")
    out.node(
        "Product",
        _frame(
            key=keys,
            name=_col(df, "name"),
            category=category,
            barcode=_col(df, "barcode"),
            sensitive=category.isin(SENSITIVE_CATEGORIES),
        ),
    )
    add_company(out, "MANUFACTURES", "Product", keys, _col(df, "manufacturer_uscc"))
    return out


def map_listings(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    pid, sid, product = _col(df, "platform_id"), _col(df, "shop_id"), _col(df, "product_id")
    shop_keys = pid + "/" + sid
    out.node(
        "Shop", _frame(key=shop_keys, platform_id=pid, shop_id=sid).drop_duplicates("key"), "placeholder"
    )
    out.node("Product", _frame(key=product.drop_duplicates()), "placeholder")
    out.rel(
        "SELLS",
        "Shop",
        "Product",
        _frame(src=shop_keys, dst=product, since=_col(df, "listed_at"), until=_col(df, "delisted_at")),
    )
    return out


def map_intermediaries(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    keys = _col(df, "uscc")
    out.node("Company", _frame(key=keys), "placeholder")
    out.node("Company", _frame(key=keys, intermediary_category=_col(df, "category")), "partial")
    return out


def map_evaluations(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    labels, subjects = subject_refs(_col(df, "subject_kind"), _col(df, "subject_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "subject_id"), ctx)
    agency, when = _col(df, "agency"), _col(df, "evaluated_at")
    keys = _hash_key("E", labels, subjects, agency, when)
    out.node(
        "Evaluation",
        _frame(
            key=keys,
            name=_col(df, "grade"),
            agency_as_written=agency,
            evaluated_at=when,
            grade=_col(df, "grade"),
            score=_col(df, "score"),
        ),
    )
    add_relation_by_subject(out, "EVALUATES", labels, subjects, "Evaluation", keys, outgoing=False)
    add_agency_links(
        out, "ISSUED_BY", "Evaluation", keys, agency, pd.Series([None] * len(df), index=df.index), ctx
    )
    return out


def map_violations(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    labels, subjects = subject_refs(_col(df, "subject_kind"), _col(df, "subject_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "subject_id"), ctx)
    keys = _col(df, "record_id")
    vtype = _col(df, "violation_type")
    agency, jur = _col(df, "agency"), _col(df, "jurisdiction")
    codes = map_unique(vtype, ctx.map_violation_type)
    decided, severity = _col(df, "decided_at"), _col(df, "severity")
    display_until = fill_display_until(_col(df, "display_until"), decided, severity, codes)
    out.node(
        "Violation",
        _frame(
            key=keys,
            name=vtype,
            violation_type_as_written=vtype,
            decided_at=decided,
            agency_as_written=agency,
            jurisdiction=jur,
            source=_col(df, "source"),
            severity=severity,
            description=_col(df, "description"),
            display_until=display_until,
            repaired_at=_col(df, "repaired_at"),
            commitment_id=_col(df, "commitment_id"),
        ),
    )
    add_relation_by_subject(out, "COMMITTED", labels, subjects, "Violation", keys, outgoing=True)
    broken = _col(df, "commitment_id")
    has = _has(broken)
    if has.any():
        out.node("Commitment", _frame(key=broken[has].drop_duplicates()), "placeholder")
        out.rel("BREAKS", "Violation", "Commitment", _frame(src=keys[has], dst=broken[has]))
    out.node("ViolationType", _frame(key=codes.drop_duplicates()), "placeholder")
    out.rel("OF_TYPE", "Violation", "ViolationType", _frame(src=keys, dst=codes))
    add_agency_links(out, "RECORDED_BY", "Violation", keys, agency, jur, ctx)
    return out


def map_complaints(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    labels, subjects = subject_refs(_col(df, "subject_kind"), _col(df, "subject_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "subject_id"), ctx)
    keys = _col(df, "complaint_id")
    out.node(
        "Complaint",
        _frame(
            key=keys,
            name=_col(df, "category"),
            channel=_col(df, "channel"),
            received_at=_col(df, "received_at"),
            category=_col(df, "category"),
            substantiated=_col(df, "substantiated"),
            status=_col(df, "status"),
            resolved_at=_col(df, "resolved_at"),
            compensation=_col(df, "compensation"),
            orders=_col(df, "orders"),
        ),
    )
    add_relation_by_subject(out, "COMPLAINT_AGAINST", labels, subjects, "Complaint", keys, outgoing=False)
    return out


def map_practitioners(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    """A practitioner row is the person's Qualification node; its jurisdiction is the issuing
    agency's (the issue's reading: a practitioner belongs where the licence was issued)."""
    out = GraphFrames()
    ids = _col(df, "person_id_number")
    people = person_keys(ids, ctx)
    out.node("Person", person_placeholders(ids, ctx), "placeholder")
    group, licence, agency = _col(df, "group"), _col(df, "licence_no"), _col(df, "issuing_agency")
    keys = _hash_key("Q", people, group, licence.fillna(""))
    since, until = _col(df, "since"), _col(df, "until")
    out.node(
        "Qualification",
        _frame(
            key=keys,
            name=group,
            occupation=group,
            licence_no=licence,
            issuing_agency_as_written=agency,
            jurisdiction=map_unique(agency, lambda a: ctx.agency_jurisdiction(a) if a else None),
            since=since,
            until=until,
        ),
    )
    out.rel("HOLDS_QUALIFICATION", "Person", "Qualification", _frame(src=people, dst=keys))
    employer = _col(df, "employer_uscc")
    has = _has(employer)
    out.node("Company", _frame(key=employer[has].drop_duplicates()), "placeholder")
    out.rel(
        "PRACTISES_AT",
        "Qualification",
        "Company",
        _frame(src=keys[has], dst=employer[has], since=since[has], until=until[has]),
    )
    none = pd.Series([None] * len(df), index=df.index, dtype=object)
    add_agency_links(out, "ISSUED_BY", "Qualification", keys, agency, none, ctx)
    return out


def map_commitments(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    """A commitment is public unless the row says ``public`` false (the contract's default)."""
    out = GraphFrames()
    labels, subjects = subject_refs(_col(df, "subject_kind"), _col(df, "subject_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "subject_id"), ctx)
    keys = _col(df, "commitment_id")
    agency = _col(df, "agency")
    public = _col(df, "public")
    out.node(
        "Commitment",
        _frame(
            key=keys,
            name=_col(df, "kind"),
            kind=_col(df, "kind"),
            content=_col(df, "content"),
            made_at=_col(df, "made_at"),
            agency_as_written=agency,
            valid_until=_col(df, "valid_until"),
            public=public.where(public.notna(), True).astype(bool),
        ),
    )
    add_relation_by_subject(out, "MADE_COMMITMENT", labels, subjects, "Commitment", keys, outgoing=True)
    none = pd.Series([None] * len(df), index=df.index, dtype=object)
    add_agency_links(out, "RECORDED_BY", "Commitment", keys, agency, none, ctx)
    return out


def map_list_entries(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    labels, subjects = subject_refs(_col(df, "subject_kind"), _col(df, "subject_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "subject_id"), ctx)
    keys = _col(df, "entry_id")
    agency, jur = _col(df, "agency"), _col(df, "jurisdiction")
    measures = _col(df, "measures").map(_split_measures)
    out.node(
        "ListEntry",
        _frame(
            key=keys,
            name=_col(df, "list") + ":" + _col(df, "reason").fillna("").astype(str),
            list=_col(df, "list"),
            agency_as_written=agency,
            listed_at=_col(df, "listed_at"),
            reason=_col(df, "reason"),
            jurisdiction=jur,
            expires_at=_col(df, "expires_at"),
            removed_at=_col(df, "removed_at"),
            measures=measures,
        ),
    )
    add_relation_by_subject(out, "LISTED_IN", labels, subjects, "ListEntry", keys, outgoing=True)
    add_agency_links(out, "ISSUED_BY", "ListEntry", keys, agency, jur, ctx)
    return out


def map_inspections(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    keys, product, agency = _col(df, "inspection_id"), _col(df, "product_id"), _col(df, "agency")
    result = _col(df, "result")
    out.node(
        "Inspection",
        _frame(
            key=keys,
            name=result,
            agency_as_written=agency,
            sampled_at=_col(df, "sampled_at"),
            batch_no=_col(df, "batch"),
            outcome=result,
            items=_col(df, "items"),
        ),
    )
    out.node("Product", _frame(key=product.drop_duplicates()), "placeholder")
    out.rel("INSPECTS", "Inspection", "Product", _frame(src=keys, dst=product))
    shop = _col(df, "shop")
    has = _has(shop)
    if has.any():
        refs = shop[has].drop_duplicates()
        parts = refs.str.split("/", n=1, expand=True)
        out.node("Shop", _frame(key=refs, platform_id=parts[0], shop_id=parts[1]), "placeholder")
        out.rel("SAMPLED_FROM", "Inspection", "Shop", _frame(src=keys[has], dst=shop[has]))
    none = pd.Series([None] * len(df), index=df.index, dtype=object)
    add_agency_links(out, "ISSUED_BY", "Inspection", keys, agency, none, ctx)
    return out


def map_abnormal_entries(df: pd.DataFrame, ctx: Context) -> GraphFrames:
    out = GraphFrames()
    labels, subjects = subject_refs(_col(df, "subject_kind"), _col(df, "subject_id"), ctx)
    add_subject_placeholders(out, labels, _col(df, "subject_id"), ctx)
    keys = _col(df, "entry_id")
    agency = _col(df, "agency")
    out.node(
        "AbnormalEntry",
        _frame(
            key=keys,
            name=_col(df, "reason"),
            agency_as_written=agency,
            listed_at=_col(df, "listed_at"),
            reason=_col(df, "reason"),
            removed_at=_col(df, "removed_at"),
        ),
    )
    add_relation_by_subject(out, "LISTED_ABNORMAL", labels, subjects, "AbnormalEntry", keys, outgoing=True)
    none = pd.Series([None] * len(df), index=df.index, dtype=object)
    add_agency_links(out, "ISSUED_BY", "AbnormalEntry", keys, agency, none, ctx)
    return out


def _split_measures(value: object) -> list[str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, list):
        return value
    return [m.strip() for m in str(value).replace("；", ";").split(";") if m.strip()]


MAPPERS: dict[str, Callable[[pd.DataFrame, Context], GraphFrames]] = {
    "companies": map_companies,
    "persons": map_persons,
    "roles": map_roles,
    "shareholdings": map_shareholdings,
    "accounts": map_accounts,
    "platforms": map_platforms,
    "shops": map_shops,
    "couriers": map_couriers,
    "shipping": map_shipping,
    "products": map_products,
    "listings": map_listings,
    "intermediaries": map_intermediaries,
    "evaluations": map_evaluations,
    "practitioners": map_practitioners,
    "commitments": map_commitments,
    "violations": map_violations,
    "complaints": map_complaints,
    "list_entries": map_list_entries,
    "abnormal_entries": map_abnormal_entries,
    "inspections": map_inspections,
}
