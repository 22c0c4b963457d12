"""Parity between the stores: one graph built alike in both, and comparisons that report differences.

The comparisons return lists of differences (one line each) rather than asserting, so a test can
also show that a deliberate difference is reported.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from creditgraph.graph_model.stores.base import Store
from creditgraph.queries.library import get_query, query, query_names

#: One secret for both stores: persons are keyed alike (``CREDITGRAPH_ID_SECRET`` does this for a CLI).
SECRET = "parity-fixed-secret"
BATCH = dict(seed=3, subjects=1200)
#: Share of each file's rows the bulk path loads into the empty store; the incremental path merges
#: the rest (later rows of the same files: new records, and updates to what the first part holds).
BULK_SHARE = 0.8
#: Internal ids differ by nature between the stores (Ladybug table offsets, Neo4j element ids).
INTERNAL = ("_id", "_src", "_dst")


def split_batch(batch: Path, out: Path) -> tuple[Path, Path]:
    """The batch's files cut in two by rows (header on both): ``out/bulk`` and ``out/incremental``."""
    import csv

    parts = out / "bulk", out / "incremental"
    if parts[1].exists():
        return parts
    for part in parts:
        part.mkdir(parents=True)
    for path in sorted(batch.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        cut = int(len(rows) * BULK_SHARE)
        for part, chunk in zip(parts, (rows[:cut], rows[cut:]), strict=True):
            with open(part / path.name, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([header, *chunk])
    return parts


def build(store: Store, bulk_batch: Path, incremental_batch: Path, as_of: date) -> dict[str, Any]:
    """Policy ingest (the shipped extraction), a bulk record load, an incremental one, risk propagation."""
    from creditgraph.ingest.policies import read_policy_data
    from creditgraph.ingest.policies.graph import load_policy_corpus
    from creditgraph.ingest.records.loader import load_records
    from creditgraph.queries.risk.runs import propagate

    store.set_meta("id_secret", SECRET)
    load_policy_corpus(store, read_policy_data(), progress=False)
    first = load_records(store, bulk_batch, as_of=as_of, progress=False, bulk=True)
    second = load_records(store, incremental_batch, as_of=as_of, progress=False, bulk=False)
    run = propagate(store, as_of, progress=False)
    return {"modes": (first.mode, second.mode), "risk": run}


# -- normalised values ---------------------------------------------------------------------------
def canon(value: Any, *, top: bool = True, sort_lists: bool = True) -> Any:
    """A value both stores should give alike: internal ids dropped, floats to 10 significant digits,
    lists inside a row sorted (``collect`` has no order in either dialect), dates as ISO text. In a
    node, relationship or map an unset property and a NULL one are the same (Ladybug returns every
    declared column, Neo4j only those set); a row's own columns keep their NULLs."""
    if isinstance(value, dict):
        return {
            k: canon(v, top=False, sort_lists=sort_lists)
            for k, v in sorted(value.items())
            if k not in INTERNAL and (top or v is not None)
        }
    if isinstance(value, list | tuple):
        items = [canon(v, top=False, sort_lists=sort_lists) for v in value]
        return sorted(items, key=_text) if sort_lists else items
    if isinstance(value, float):
        return float(f"{value:.10g}") if math.isfinite(value) else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def rows_of(rows: list[dict[str, Any]], ordered: bool) -> list[str]:
    out = [_text(canon(r)) for r in rows]
    return out if ordered else sorted(out)


def diff(what: str, left: Any, right: Any) -> list[str]:
    """One line per difference: empty when the two answers are the same (lists in their order)."""
    a, b = _text(canon(left, sort_lists=False)), _text(canon(right, sort_lists=False))
    if a == b:
        return []
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return [f"{what}: embedded …{a[max(0, i - 60) : i + 60]}… neo4j …{b[max(0, i - 60) : i + 60]}…"]


# -- the library ----------------------------------------------------------------------------------
def is_ordered(name: str) -> bool:
    return any("ORDER BY" in text for text in get_query(name).variants.values())


Runner = Callable[[Store, str, str | None, str | None, dict[str, Any]], list[dict[str, Any]]]


def run_named(store: Store, name: str, subject: str | None, other: str | None, params: dict) -> list[dict]:
    return query(store, name, subject=subject, other=other, **params)


def compare_query(
    stores: tuple[Store, Store],
    name: str,
    cases: list[tuple[str | None, str | None, dict[str, Any]]],
    runner: Runner = run_named,
) -> list[str]:
    """Run ``name`` with every case on both stores; the differences of the normalised rows."""
    problems = []
    ordered = is_ordered(name)
    for subject, other, params in cases:
        left, right = (rows_of(runner(s, name, subject, other, params), ordered) for s in stores)
        what = f"{name}[{subject or ''}{'→' + other if other else ''}] {_text(params)[:120]}"
        if left != right:
            only_left = [r for r in left if r not in right][:2]
            only_right = [r for r in right if r not in left][:2]
            problems.append(
                f"{what}: {len(left)} rows vs {len(right)}; embedded only {only_left}, neo4j only {only_right}"
                if only_left or only_right
                else f"{what}: the same rows in another order"
            )
    return problems


def example_cases(name: str) -> list[tuple[str | None, str | None, dict[str, Any]]]:
    """The header's example parameters, over every label a templated query accepts."""
    q = get_query(name)
    other = "Company" if "Other" in q.templated else None
    subjects = q.subjects if "Subject" in q.templated else (None,)
    return [(s, other, dict(q.example)) for s in subjects]


def _keys(store: Store, label: str, n: int = 3) -> list[str]:
    """A few record keys of a label, the same on both stores: the first by key and the best linked."""
    first = store.run(f"MATCH (s:{label}) WHERE s.placeholder = false RETURN s.key AS k ORDER BY k LIMIT {n}")
    linked = store.run(
        f"MATCH (s:{label})-[r]-() WITH s, count(r) AS d RETURN s.key AS k ORDER BY d DESC, k LIMIT {n}"
    )
    return list(dict.fromkeys([r["k"] for r in first + linked]))


def drawn_cases(store: Store, truth: dict[str, Any]) -> dict[str, list[tuple[str | None, str | None, dict]]]:
    """Parameters drawn from the loaded batch for every library query (read from one store: the
    keys are the same in both, which the count and sample checks show first)."""
    as_of = date.fromisoformat(truth["as_of"])
    before = date(2021, 1, 1)
    subjects = get_query("subject").subjects
    keys = {label: _keys(store, label) for label in (*subjects, *store.schema.identifiers, "Product")}
    # the records an objection contests (queries anchored on ``// labels: Violation, ListEntry, Evaluation``)
    keys |= {label: _keys(store, label) for label in ("Violation", "ListEntry", "Evaluation")}
    agencies = _keys(store, "Agency")
    documents = [r["k"] for r in store.run("MATCH (d:PolicyDocument) RETURN d.key AS k ORDER BY k")]
    jurisdictions = [r["k"] for r in store.run("MATCH (j:Jurisdiction) RETURN j.key AS k ORDER BY k")]
    vtypes = [r["k"] for r in store.run("MATCH (v:ViolationType) RETURN v.key AS k ORDER BY k LIMIT 6")]
    records = [r["k"] for r in store.run("MATCH (v:Violation) RETURN v.key AS k ORDER BY k LIMIT 5")]
    records += [r["k"] for r in store.run("MATCH (e:ListEntry) RETURN e.key AS k ORDER BY k LIMIT 5")]
    names = [r["n"] for r in store.run("MATCH (c:Company) RETURN c.name AS n ORDER BY c.key LIMIT 3")]
    # display periods end most old violations: draw subjects with one still on display as well
    on_display = {
        label: [
            r["k"]
            for r in store.run(
                f"MATCH (s:{label})-[:COMMITTED]->(v:Violation) WHERE v.decided_at <= $d "
                "AND (v.display_until IS NULL OR v.display_until > $d) RETURN DISTINCT s.key AS k ORDER BY k LIMIT 3",
                {"d": as_of},
            )
        ]
        for label in ("Company", "Person")
    }
    dates = {"as_of": as_of}
    cases: dict[str, list] = {}

    def add(name: str, subject: str | None, other: str | None, **params: Any) -> None:
        cases.setdefault(name, []).append((subject, other, params))

    for name in query_names():
        q = get_query(name)
        labels = q.subjects if "Subject" in q.templated else (None,)
        for label in labels:
            own = keys.get(label or "", [])
            p = set(q.params)
            if name == "path":
                for a in own[:2]:
                    for b in keys["Company"][:3]:
                        if (label, a) != ("Company", b):  # never asked: shortest_path answers None itself
                            add(name, label, "Company", a=a, b=b)
            elif p == {"key"} or p == {"key", "as_of"} or p == {"key", "fanout"}:
                pool = {
                    "company": keys["Company"],
                    "person": keys["Person"],
                    "person_companies": keys["Person"],
                    "person_phones": keys["Person"],
                    "related_step_phone": keys["Phone"],
                    "related_step_address": keys["Address"],
                    "related_step_account": keys["Account"],
                    "product_trace": keys["Product"],
                    "product_inspections": keys["Product"],
                    "agency": agencies,
                }.get(name, own)
                if name == "subject_violations":
                    pool = [*pool, *on_display.get(label or "", [])]
                for k in pool:
                    for d in (as_of, before) if "as_of" in p else (None,):
                        extra = {"as_of": d} if d else {}
                        add(name, label, None, key=k, **extra, **({"fanout": 5} if "fanout" in p else {}))
            elif p == {"as_of"}:
                for d in (as_of, before):
                    add(name, label, None, as_of=d)
            elif p == set():
                add(name, label, None)
            elif name in ("agencies", "agencies_count"):
                for j in jurisdictions[:4]:
                    add(
                        name,
                        None,
                        None,
                        jurisdiction=j,
                        **({"offset": 0, "limit": 50} if "limit" in p else {}),
                    )
            elif name == "agency_successors":
                add(name, None, None, keys=agencies, as_of=as_of)
                add(name, None, None, keys=agencies, as_of=date(2018, 1, 1))
            elif name == "agency_tasks":
                for k in agencies:
                    add(name, None, None, key=k, limit=100)
            elif name in ("record_subjects", "objections_on"):
                for k in (*own[:4], None) if name == "objections_on" else own[:4]:
                    add(name, label, None, key=k, subjects=list(subjects))
            elif name == "objection_contests":  # no objection in a record batch: the MATCH finds none
                add(name, label, None, key="OBJ-20260101-00000000", target=own[0])
            elif name == "record_flags":
                for k, upheld in zip(own[:2], (None, False), strict=False):
                    add(name, label, None, key=k, contested=False, upheld=upheld)
            elif name == "flag_records":
                add(name, None, None, keys=records)
            elif name == "screen_violations":
                for d in (as_of, before):
                    add(name, label, None, keys=[*own, *on_display.get(label or "", [])], as_of=d)
            elif name == "screen_complaints":
                for d in (as_of, before):
                    add(name, label, None, keys=own, since=date(2000, 1, 1), as_of=d)
            elif name == "screen_commitments":
                made = store.run(
                    f"MATCH (s:{label})-[:MADE_COMMITMENT]->(:Commitment) RETURN DISTINCT s.key AS k ORDER BY k LIMIT 8"
                )
                for d in (as_of, before):
                    add(name, label, None, keys=[*own, *(r["k"] for r in made)], as_of=d)
            elif name == "complaint_rates":
                for since in (date(2000, 1, 1), before):
                    add(name, None, None, since=since, as_of=as_of)
            elif name in ("shared_violations", "shared_list_entries", "shared_commitments"):
                for since in (date(1990, 1, 1), before, as_of):
                    add(name, None, None, since=since, until=as_of)
            elif name in ("published_entries", "published_entries_count"):
                page = {"offset": 0, "limit": 500} if "limit" in p else {}
                for lists in (["red"], ["black"]):
                    for q_text in ("", *(n[:2] for n in names), "王"):
                        add(name, None, None, lists=lists, q=q_text, **dates, **page)
            elif name in ("list_entries", "list_entries_count"):
                for lists in (["red", "black"], ["black"]):
                    page = {"offset": 0, "limit": 500} if "limit" in p else {}
                    add(name, None, None, lists=lists, **dates, **page)
            elif name == "persons_by_key":
                add(name, None, None, keys=keys["Person"])
            elif name == "phone_numbers":
                add(name, None, None, keys=keys["Phone"])
            elif name == "identifier_names":
                add(name, None, None, keys=keys["Phone"] + keys["Address"] + keys["Account"])
            elif name == "subject_names":
                add(name, label, None, keys=own)
            elif name == "screen_subjects":
                listed = store.run(
                    f"MATCH (s:{label})-[:LISTED_IN]->(:ListEntry) RETURN DISTINCT s.key AS k ORDER BY k LIMIT 8"
                )
                for d in (as_of, before):
                    add(name, label, None, keys=[*own, *(r["k"] for r in listed), "absent-key"], as_of=d)
            elif name == "account_numbers":
                add(name, None, None, keys=keys["Account"])
            elif name == "reappear_identifier_holders":
                add(
                    name,
                    None,
                    None,
                    phones=keys["Phone"],
                    addresses=keys["Address"],
                    accounts=keys["Account"],
                )
            elif name == "responsible_tasks":
                for v in vtypes:
                    add(name, None, None, violation_type=v, jurisdictions=jurisdictions)
            elif name == "responsible_list_tasks":
                from creditgraph.queries.responsible import list_rules

                for rule in list_rules().values():
                    add(name, None, None, forms=rule["task_forms"], jurisdictions=jurisdictions)
            elif name == "risk_top":
                add(name, label, None, limit=25)
            elif name in ("search_names", "search_names_count"):
                for n in names:
                    q_text = n[:2]
                    page = {"offset": 0, "limit": 50} if "limit" in p else {}
                    add(name, label, None, q=q_text, tokens=[q_text], **page)
            elif name == "practitioners":
                for group in ("律师", "医师", "会计", "快递从业人员"):
                    for d in (as_of, before):
                        add(name, None, None, occupation=group, as_of=d)
            elif name == "practitioner_dishonesty":
                practising = [
                    r["k"]
                    for r in store.run(
                        "MATCH (p:Person)-[:HOLDS_QUALIFICATION]->(:Qualification) RETURN DISTINCT p.key AS k ORDER BY k"
                    )
                ]
                for d in (as_of, before):
                    add(name, None, None, keys=practising, as_of=d, severity="严重")
            elif name == "intermediaries":
                for category in ("评估", "审计", "鉴证技术", "其他"):
                    add(name, None, None, category=category)
            elif name in ("intermediary_blocks", "intermediary_grades"):
                agencies_of_approval = [
                    r["k"]
                    for r in store.run(
                        "MATCH (c:Company) WHERE c.intermediary_category IS NOT NULL RETURN c.key AS k ORDER BY k"
                    )
                ]
                for d in (as_of, before):
                    add(name, None, None, keys=agencies_of_approval, as_of=d)
            elif name == "broken_commitments":
                for d in (as_of, before):
                    add(name, None, None, as_of=d, violation_type="V20")
            elif name == "tasks":
                for d in documents:
                    add(name, None, None, document=d)
            else:
                raise AssertionError(f"no drawn parameters for query {name}: add them here")
    return cases


def altered(name: str, store_backend: str, change: Callable[[str], str]) -> Runner:
    """A runner that runs ``name`` with its text changed by ``change`` on one store only."""

    def run(store: Store, qname: str, subject: str | None, other: str | None, params: dict) -> list[dict]:
        if qname != name or store.backend != store_backend:
            return run_named(store, qname, subject, other, params)
        q = get_query(qname)
        text = change(q.text_for(store.backend, subject=subject, other=other))
        return store.run(text, q.bind(params))

    return run


def listed_the_day_after(text: str) -> str:
    """A plausible slip, off by one day: an entry counted from the day after its listing."""
    out = text.replace("e.listed_at <= $as_of", "e.listed_at < $as_of")
    assert out != text, "the query has no listing-day condition to change"
    return out


# -- the fixture --------------------------------------------------------------------------------------
class Parity:
    """The same graph in both stores, with the batch's truth and what each build reported."""

    def __init__(
        self, embedded: Store, neo4j: Store, truth: dict[str, Any], built: tuple[dict, dict]
    ) -> None:
        self.embedded, self.neo4j, self.truth, self.built = embedded, neo4j, truth, built
        self.as_of = date.fromisoformat(truth["as_of"])

    @property
    def stores(self) -> tuple[Store, Store]:
        return self.embedded, self.neo4j

    def both(self, fn: Callable[[Store], Any]) -> tuple[Any, Any]:
        return fn(self.embedded), fn(self.neo4j)


def parity_graphs(_embedded_graphs, _neo4j_graphs, synth_batch) -> Parity:
    """Built once per session in each store (the live server's graph again if another test replaced it);
    the test modules' ``parity`` fixture."""
    folder, truth = synth_batch(**BATCH)
    bulk, incremental = split_batch(folder, folder.parent / "split")
    as_of = date.fromisoformat(truth["as_of"])
    embedded, e_built = _embedded_graphs("parity", lambda s: build(s, bulk, incremental, as_of))
    neo4j, n_built = _neo4j_graphs("parity", lambda s: build(s, bulk, incremental, as_of))
    return Parity(embedded, neo4j, truth, (e_built, n_built))
