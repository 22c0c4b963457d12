"""Loading a PolicyCorpus into the graph: jurisdictions, agencies, documents, measures, tasks, taxonomy.

Everything is MERGEd by key (loading twice changes nothing). The corpus is the unit of truth for
the documents it carries: a task or measure of one of its documents that the corpus no longer has
is removed, and so is a responsibility (LEADS/COOPERATES_ON) or ADDRESSES edge of its tasks and
measures that it no longer states — so re-parsing a corrected document leaves no stale edges.
Registry entities (jurisdictions, agencies, reforms, the taxonomy) are only ever added or updated:
record data may refer to them.

Mentions keep the text "as written" on the LEADS/COOPERATES_ON edge; the agency node is the
canonical body the mention resolved to in the document's jurisdiction, or the body the rules
created for it (inferred, with its rule: ingest.policies.resolution), and the edge says which
(`resolution`, `rule`). Collective mentions stay on the task (`collective`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from creditgraph.graph_model.reference.policy import PolicyCorpus
from creditgraph.graph_model.reference.registry import Registry, load_registry
from creditgraph.graph_model.stores.base import Row, Store

log = logging.getLogger("creditgraph.ingest.policies")

NODE_ORDER = ("Jurisdiction", "Agency", "ViolationType", "PolicyDocument", "Measure", "Task")
# Edges a corpus states about its own tasks and measures (replaced, not only added, on reload).
OWNED_EDGES = (("LEADS", "Agency"), ("COOPERATES_ON", "Agency"))
RESPONSIBILITY_MERGE_ON = ("as_written",)  # two spellings resolving to one agency stay two edges


# ---------------------------------------------------------------------------------------- rows
def mention_counts(corpus: PolicyCorpus) -> dict[str, int]:
    """How the corpus's task mentions landed: ``registry`` (an alias the registry knows), ``rule``
    (a registry body met by the resolution rules), ``created`` (an inferred body), ``collective``
    (a group of bodies, kept on the task), ``unresolved`` (no jurisdiction to place it in) and
    ``total``. No mention is dropped: total is the sum of the others."""
    counts = dict.fromkeys(("registry", "rule", "created", "collective", "unresolved"), 0)
    for t in corpus.tasks:
        for m in (*t.lead, *t.coop):
            counts[m.resolution or "unresolved"] += 1
        counts["collective"] += len(t.collective)
    counts["total"] = sum(counts.values())
    return counts


def node_rows(corpus: PolicyCorpus) -> dict[str, list[Row]]:
    """Node rows per label, property names as in graph_model/schema.yaml."""
    return {
        "Jurisdiction": [
            {"key": j.code, "name": j.name, "level": j.level, "inferred": j.inferred}
            for j in corpus.jurisdictions
        ],
        "Agency": [
            {
                "key": a.id,
                "name": a.name,
                "jurisdiction": a.jurisdiction,
                "kind": a.kind,
                "aliases": list(a.aliases),
                "valid_from": a.valid_from,
                "valid_until": a.valid_until,
                "inferred": a.inferred,
                "rule": a.rule,
            }
            for a in corpus.agencies
        ],
        "ViolationType": [
            {
                "key": v.code,
                "name": v.name,
                "category": v.category,
                "default_severity": v.default_severity,
                "synonyms": list(v.synonyms),
            }
            for v in corpus.violation_types
        ],
        "PolicyDocument": [
            {
                "key": d.key,
                "name": d.title,
                "title": d.title,
                "number": d.number,
                "issuer": d.issuer,
                "issued_at": d.issued_at,
                "jurisdiction": d.jurisdiction,
                "source_file": d.source_file,
                "draft": d.draft,
                "status": d.status,
                "comments_requested_at": d.comments_requested_at,
            }
            for d in corpus.documents
        ],
        "Measure": [
            {
                "key": m.key,
                "name": m.title,
                "seq": m.seq,
                "text": m.text,
                "subject_types": list(m.subject_types),
            }
            for m in corpus.measures
        ],
        "Task": [
            {
                "key": t.key,
                "name": t.title,
                "seq": t.seq,
                "title": t.title,
                "text": t.text,
                "collective": list(t.collective),
                "subject_types": list(t.subject_types),
                "source": t.source,
                "attached_reason": t.attached_reason,
            }
            for t in corpus.tasks
        ],
    }


def _typed(store: Store, rel_type: str, props: dict[str, Any]) -> dict[str, Any]:
    """Link properties travel as strings (JSON); give DATE properties their type."""
    rel = store.schema.rel(rel_type)
    out: dict[str, Any] = {}
    for name, value in props.items():
        if value is not None and rel.properties[name].type == "DATE" and isinstance(value, str):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def rel_groups(
    store: Store, corpus: PolicyCorpus, registry: Registry | None = None
) -> dict[tuple[str, str, str], list[Row]]:
    """Edge rows grouped by (type, source label, target label): corpus.links plus ISSUED_BY."""
    groups: dict[tuple[str, str, str], list[Row]] = {}
    for link in corpus.links:
        row = {"src": link.start, "dst": link.end, **_typed(store, link.rel, link.props)}
        groups.setdefault((link.rel, link.start_label, link.end_label), []).append(row)
    reg = registry or load_registry()
    known = {a.id for a in corpus.agencies}
    for d in corpus.documents:
        if not (d.issuer and d.jurisdiction):
            continue
        agency = reg.resolve_agency(d.issuer, d.jurisdiction, d.issued_at)
        if agency and agency.id in known:
            groups.setdefault(("ISSUED_BY", "PolicyDocument", "Agency"), []).append(
                {"src": d.key, "dst": agency.id}
            )
    return groups


# ---------------------------------------------------------------------------------------- stale
def _remove_stale(
    store: Store, corpus: PolicyCorpus, groups: dict[tuple[str, str, str], list[Row]]
) -> dict[str, int]:
    """Drop what the corpus's own documents no longer state (tasks, measures, their edges)."""
    removed: dict[str, int] = {}
    doc_keys = [d.key for d in corpus.documents]
    if not doc_keys:
        return removed
    for label, keep in (
        ("Task", {t.key for t in corpus.tasks}),
        ("Measure", {m.key for m in corpus.measures}),
    ):
        rows = store.rels_between("PART_OF", label, "PolicyDocument", dst_keys=doc_keys)
        stale = sorted({r["src"] for r in rows} - keep)
        if stale:
            store.delete_nodes(label, stale)
            removed[label] = len(stale)
    task_keys = [t.key for t in corpus.tasks]
    for rel_type, src_label in OWNED_EDGES:
        wanted = {
            (r["src"], r["dst"], r.get("as_written")) for r in groups.get((rel_type, src_label, "Task"), [])
        }
        rows = store.rels_between(rel_type, src_label, "Task", dst_keys=task_keys, properties=["as_written"])
        stale_rows = [r for r in rows if (r["src"], r["dst"], r["as_written"]) not in wanted]
        if stale_rows:
            store.delete_rels(rel_type, src_label, "Task", stale_rows, match_on=["as_written"])
            removed[rel_type] = removed.get(rel_type, 0) + len(stale_rows)
    for label, keys in (("Task", task_keys), ("Measure", [m.key for m in corpus.measures])):
        wanted_pairs = {(r["src"], r["dst"]) for r in groups.get(("ADDRESSES", label, "ViolationType"), [])}
        rows = store.rels_between("ADDRESSES", label, "ViolationType", src_keys=keys)
        stale_rows = [r for r in rows if (r["src"], r["dst"]) not in wanted_pairs]
        if stale_rows:
            store.delete_rels("ADDRESSES", label, "ViolationType", stale_rows)
            removed["ADDRESSES"] = removed.get("ADDRESSES", 0) + len(stale_rows)
    return removed


# ---------------------------------------------------------------------------------------- load
@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Any]:
    if not enabled:

        class _Quiet:
            def advance(self, description: str) -> None:
                pass

            def finish(self, description: str) -> None:
                pass

        yield _Quiet()
        return
    bar = Progress(
        TextColumn("[bold]policies[/bold] {task.description:<40}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    with bar:
        task = bar.add_task("starting", total=total)

        class _Bar:
            def advance(self, description: str) -> None:
                bar.update(task, advance=1, description=description)

            def finish(self, description: str) -> None:
                bar.update(task, description=description)

        yield _Bar()


def load_policy_corpus(store: Store, corpus: PolicyCorpus, progress: bool = True) -> dict[str, Any]:
    """Write a parsed (or shipped) policy corpus into the store; returns a summary.

    Summary: ``nodes`` and ``relationships`` (rows written per label / type — equal to the rows
    in the corpus, so loading twice reports the same), ``removed`` (stale tasks, measures and
    edges of the corpus's own documents), ``unmatched`` (edges one of whose ends was missing),
    ``mentions`` (how the task mentions landed: `mention_counts`), ``documents`` (key, number, jurisdiction, tasks) and the parser's ``unresolved`` mentions
    and ``notes``.
    """
    nodes = node_rows(corpus)
    groups = rel_groups(store, corpus)
    summary: dict[str, Any] = {"nodes": {}, "relationships": {}, "removed": {}, "unmatched": {}}
    with _progress(progress, len(nodes) + len(groups) + 1) as bar:
        for label in NODE_ORDER:
            summary["nodes"][label] = store.upsert_nodes(label, nodes[label])
            bar.advance(f"{label} nodes")
        summary["removed"] = _remove_stale(store, corpus, groups)
        bar.advance("stale tasks and edges")
        for (rel_type, src, dst), rows in sorted(groups.items()):
            merge_on = RESPONSIBILITY_MERGE_ON if rel_type in ("LEADS", "COOPERATES_ON") else ()
            written = store.upsert_rels(rel_type, src, dst, rows, merge_on=merge_on)
            summary["relationships"][rel_type] = summary["relationships"].get(rel_type, 0) + written
            if written != len(rows):
                summary["unmatched"][f"{rel_type} {src}->{dst}"] = len(rows) - written
            bar.advance(f"{rel_type} {src}->{dst}")
        bar.finish(f"loaded {len(corpus.documents)} documents, {len(corpus.tasks)} tasks")
    if summary["unmatched"]:
        log.warning("policy edges with a missing end: %s", summary["unmatched"])
    summary["documents"] = [
        {
            "key": d.key,
            "number": d.number,
            "jurisdiction": d.jurisdiction,
            "title": d.title,
            "tasks": len(corpus.tasks_of(d.key)),
        }
        for d in corpus.documents
    ]
    summary["mentions"] = mention_counts(corpus)
    summary["unresolved"] = list(corpus.unresolved)
    summary["notes"] = list(corpus.notes)
    return summary
