"""Parsing a folder of policy documents into one PolicyCorpus, and the shipped JSON extraction.

Two passes, like the registry: first every file is cut into documents, measures and tables on
its own; then facts that need the whole folder are settled — document numbers known only from
other documents' citations, a headerless table's document, citations between documents —
and every mention is resolved against the registry in its document's jurisdiction.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from creditgraph.graph_model.normalize import compact
from creditgraph.graph_model.reference.policy import (
    Citation,
    Document,
    Jurisdiction,
    Link,
    Measure,
    Mention,
    PolicyCorpus,
    Task,
)
from creditgraph.graph_model.reference.registry import Registry, load_registry
from creditgraph.ingest.policies.addressing import subject_types_in, violation_types_in
from creditgraph.ingest.policies.duty_lines import duty_of, every_task_collective, first_unit_leads
from creditgraph.ingest.policies.errors import PolicyFileError
from creditgraph.ingest.policies.reader import SUFFIXES, read_source
from creditgraph.ingest.policies.resolution import Resolver
from creditgraph.ingest.policies.responsibility import Responsibility, parse_cell
from creditgraph.ingest.policies.running_text import responsibilities_in
from creditgraph.ingest.policies.structure import (
    RawDocument,
    RawMeasure,
    find_measures,
    short_title,
    split_documents,
)
from creditgraph.ingest.policies.tables import RawTable, assign_roles, find_tables
from creditgraph.ingest.policies.text import similarity
from creditgraph.ingest.resources import INGEST_RESOURCES

POLICY_DATA = INGEST_RESOURCES / "policy_data.json"
MEASURE_TEXT_MAX = 200  # measures keep an excerpt: the extraction must not republish whole documents
MEASURE_MATCH_MIN = 0.35  # containment of a task's bigrams in a measure's text to call it the same item
# The place an issuer or title opens with, when the registry does not know it (another province).
_PLACE = re.compile(r"^(?:中共)?(?P<place>[\u4e00-\u9fff]{2,6}?(?:省|自治区|自治州|市|县|区|盟|旗))")


@dataclass
class _RawTask:
    seq: int
    text: str
    resp: Responsibility
    collective_groups: list[str] = field(default_factory=list)
    source: str = "table"
    measure_seq: str | None = None
    title: str | None = None


@dataclass
class _FileDoc:
    raw: RawDocument
    measures: list[RawMeasure]
    tasks: list[_RawTask] = field(default_factory=list)
    doc: Document | None = None
    attached_reason: str | None = None
    tasks_file: str = ""
    text: str = ""  # the document's own lines, for statements made once (conventions, collectives)


@dataclass
class _FileParse:
    name: str
    docs: list[_FileDoc]
    orphan_tables: list[list[_RawTask]]
    orphan_text: str


def _table_tasks(table: RawTable) -> list[_RawTask]:
    return [
        _RawTask(seq=r.seq, text=r.task, resp=parse_cell(resp=r.resp, lead=r.lead, coop=r.coop))
        for r in assign_roles(table)
    ]


def parse_file(path: Path | str) -> _FileParse:
    """Cut one file into documents, measures and tables (no cross-file facts yet)."""
    src = read_source(path)
    tables = find_tables(src.lines)
    table_lines = {i for t in tables for i in range(t.start, t.end)}
    raws = split_documents(src.lines, skip=table_lines)
    if not raws and not tables:
        raise PolicyFileError(
            src.path,
            "not a policy document: no title, document number, numbered measures or task table found",
        )
    docs = [
        _FileDoc(
            raw=r,
            measures=find_measures(src.lines, r.start, r.end, table_lines),
            text="\n".join(src.lines[r.start : r.end]),
        )
        for r in raws
    ]
    orphans: list[list[_RawTask]] = []
    orphan_text: list[str] = []
    for t in tables:
        owner = None
        for d in docs:
            if d.raw.start <= t.start < d.raw.end and not (d.raw.part_index == 0 and len(docs) > 1):
                owner = d
        if owner is None:
            orphans.append(_table_tasks(t))
            orphan_text.append("\n".join(src.lines[t.start : t.end]))
        else:
            owner.tasks.extend(_table_tasks(t))
            owner.tasks_file = src.name
    return _FileParse(src.name, docs, orphans, "\n".join(orphan_text))


def _doc_key(raw: RawDocument, number: str | None, parent_key: str | None) -> str:
    if parent_key and raw.part_index:
        return f"{parent_key}#{raw.part_index}"
    if number:
        return number
    digest = hashlib.sha1(f"{compact(raw.title)}|{raw.issuer}|{raw.issued_at}".encode()).hexdigest()[:12]
    return f"doc-{digest}"


def _jurisdiction(raw: RawDocument, resolver: Resolver, body: str) -> tuple[str | None, str]:
    registry = resolver.reg
    if raw.issuer and (j := registry.infer_jurisdiction(raw.issuer)):
        return j, f"issuer {raw.issuer}"
    if j := registry.infer_jurisdiction(raw.title):
        return j, f"title {raw.title}"
    for what, text in (("issuer", raw.issuer), ("title", raw.title)):
        if text and (place := _outside_place(text, resolver)):
            return place.code, f"{what} {text} names {place.name}, a place outside the registry (inferred)"
    if raw.number and (j := registry.jurisdiction_from_number(raw.number)):
        return j, f"document number {raw.number}"
    counts = registry.count_jurisdictions(body)
    if counts:
        j, n = counts.most_common(1)[0]
        return j, f"named {n} times in the text"
    return None, "no jurisdiction named"


def _outside_place(text: str, resolver: Resolver) -> Jurisdiction | None:
    """The place an issuer or title opens with (湖州市人民政府办公室 → 湖州市), as an inferred
    jurisdiction keyed by its name, when the registry has no such place."""
    m = _PLACE.match(compact(text).removeprefix("关于印发").removeprefix("关于"))
    if m is None:
        return None
    name = m["place"]
    known = resolver.place_code(name, "320000")
    if known:
        return resolver.jurisdictions[known]
    level = (
        "province"
        if name.endswith(("省", "自治区"))
        else "city"
        if name.endswith(("市", "州", "盟"))
        else "county"
    )
    j = Jurisdiction(code=name, name=name, level=level, names=[name], inferred=True)  # type: ignore[arg-type]
    resolver.add_jurisdiction(j)
    return j


def parse_folder(path: Path | str, registry: Registry | None = None) -> PolicyCorpus:
    """Parse every policy file (.txt, .md, .docx) in a folder into one PolicyCorpus.

    Raises PolicyFileError naming the file for an unreadable file or one that is not a policy
    document, and for a folder with no policy files.
    """
    folder = Path(path)
    reg = registry or load_registry()
    if not folder.is_dir():
        raise PolicyFileError(folder, "not a folder")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
    if not files:
        raise PolicyFileError(folder, f"no policy files ({', '.join(SUFFIXES)}) in folder")
    parses = [parse_file(p) for p in files]
    corpus = PolicyCorpus()
    resolver = Resolver(reg)
    all_docs: list[_FileDoc] = [d for fp in parses for d in fp.docs]
    _build_documents(parses, resolver, corpus)
    _attach_orphans(parses, all_docs, reg, corpus)
    _duty_tasks(all_docs, corpus)
    _text_tasks(all_docs, reg)
    _every_task(all_docs)
    _emit(all_docs, resolver, corpus)
    return corpus


def _build_documents(parses: list[_FileParse], resolver: Resolver, corpus: PolicyCorpus) -> None:
    """Documents with numbers (own or cited elsewhere), keys, jurisdictions and citations."""
    cited: list[tuple[str, str, str]] = []  # (norm title, number, citing file)
    for fp in parses:
        for d in fp.docs:
            for number, title in d.raw.cites:
                if title:
                    cited.append((compact(title), number, fp.name))
    for fp in parses:
        parent_key: str | None = None
        for d in fp.docs:
            number, number_source = d.raw.number, None
            if not number:
                titles = [compact(x) for x in (d.raw.notice_title, d.raw.title) if x]
                for ctitle, cnumber, cfile in cited:
                    if any(t == ctitle or (len(ctitle) >= 10 and t.endswith(ctitle)) for t in titles):
                        number, number_source = cnumber, f"cited with this title in {cfile}"
                        break
            key = _doc_key(d.raw, number, parent_key)
            body = "\n".join(m.text for m in d.measures)
            j, why = _jurisdiction(d.raw, resolver, d.raw.title + body)
            d.doc = Document(
                key=key,
                title=d.raw.title,
                number=number,
                number_source=number_source,
                issuer=d.raw.issuer,
                issued_at=None if d.raw.draft else d.raw.issued_at,
                comments_requested_at=d.raw.issued_at if d.raw.draft else None,
                jurisdiction=j,
                jurisdiction_reason=why,
                source_file=fp.name,
                part_of=parent_key if d.raw.part_index else None,
                draft=d.raw.draft,
                cites=[Citation(number=n, title=t) for n, t in d.raw.cites],
            )
            if d.raw.part_index == 0:
                parent_key = key
            corpus.documents.append(d.doc)
    seen: dict[str, int] = {}
    for doc in corpus.documents:
        if doc.key in seen:
            seen[doc.key] += 1
            corpus.notes.append(f"{doc.source_file}: document key {doc.key} already used; suffixed")
            doc.key = f"{doc.key}~{seen[doc.key]}"
        else:
            seen[doc.key] = 1
    by_number = {d.number: d.key for d in corpus.documents if d.number and not d.part_of}
    for doc in corpus.documents:
        for c in doc.cites:
            c.document = by_number.get(c.number)


def _attach_orphans(
    parses: list[_FileParse], all_docs: list[_FileDoc], reg: Registry, corpus: PolicyCorpus
) -> None:
    """Give each headerless table the document whose measures its task texts match best."""
    for fp in parses:
        for tasks in fp.orphan_tables:
            counts = reg.count_jurisdictions(fp.orphan_text)
            jur = counts.most_common(1)[0][0] if counts else None
            candidates = [d for d in all_docs if d.measures and not d.tasks]
            same = [d for d in candidates if d.doc and d.doc.jurisdiction == jur]
            pool = same or candidates
            scored = sorted(((_match_score(tasks, d.measures), d) for d in pool), key=lambda x: -x[0])
            if not scored:
                corpus.notes.append(f"{fp.name}: a task table with no document to attach it to; skipped")
                continue
            score, best = scored[0]
            runner = (
                f"; next best {scored[1][1].doc.key} ({scored[1][0]:.2f})"
                if len(scored) > 1 and scored[1][1].doc
                else ""
            )
            jname = reg.jurisdictions[jur].name if jur else "unknown"
            assert best.doc is not None
            best.tasks = tasks
            best.tasks_file = fp.name
            best.attached_reason = (
                f"headerless table in {fp.name}: jurisdiction {jname} from names in the table "
                f"({counts[jur] if jur else 0} mentions); best match among {len(pool)} "
                f"{'same-jurisdiction ' if same else ''}documents without a table is {best.doc.key} "
                f"(mean best task-to-measure text similarity {score:.2f} over {len(tasks)} tasks{runner})"
            )


def _match_score(tasks: list[_RawTask], measures: list[RawMeasure]) -> float:
    if not tasks or not measures:
        return 0.0
    return sum(max(similarity(t.text, m.text) for m in measures) for t in tasks) / len(tasks)


def _duty_tasks(all_docs: list[_FileDoc], corpus: PolicyCorpus) -> None:
    """Documents without a table whose numbered measures each name their responsible units."""
    for d in all_docs:
        if d.tasks or not d.measures:
            continue
        first_leads = first_unit_leads(d.text)
        for m in d.measures:
            duty = duty_of(m.text, first_leads)
            if duty is None:
                continue
            if not (duty.resp.lead or duty.resp.coop):
                where = d.doc.source_file if d.doc else "?"
                corpus.notes.append(
                    f"{where}: measure {m.seq} has a 责任单位 label but names no unit; no task"
                )
                continue
            d.tasks.append(
                _RawTask(
                    seq=len(d.tasks) + 1,
                    text=duty.text,
                    resp=duty.resp,
                    source="measure",
                    measure_seq=m.seq,
                    title=m.title,
                )
            )


def _every_task(all_docs: list[_FileDoc]) -> None:
    """以下任务均需各市、区人民政府落实，不再列出: a collective mention on every task of the document."""
    for d in all_docs:
        for who in every_task_collective(d.text) if d.tasks else []:
            for t in d.tasks:
                if who not in t.collective_groups:
                    t.collective_groups.append(who)


def _text_tasks(all_docs: list[_FileDoc], reg: Registry) -> None:
    """Documents without any table: responsible bodies from running text (source=text)."""
    for d in all_docs:
        if d.tasks or not d.measures or d.doc is None or not d.doc.jurisdiction:
            continue
        seq = 0
        for m in d.measures:
            for r in responsibilities_in(m.text):
                leads = [x for x in r.lead if reg.resolve_agency(x, d.doc.jurisdiction, d.doc.issued_at)]
                if not leads:
                    continue
                seq += 1
                t = _RawTask(
                    seq=seq,
                    text=r.sentence,
                    resp=Responsibility(lead=r.lead, coop=r.coop),
                    collective_groups=r.collective_groups,
                    source="text",
                    measure_seq=m.seq,
                    title=m.title,
                )
                d.tasks.append(t)


def _mention_lists(
    resp: Responsibility, groups: list[str], doc: Document, resolver: Resolver
) -> tuple[list[Mention], list[Mention], list[str]]:
    """Every mention of a task: lead and cooperating ones resolved (or created), collective ones kept."""
    collective: list[str] = []
    out: dict[str, list[Mention]] = {"lead": [], "coop": []}
    for role in ("lead", "coop"):
        for item in getattr(resp, role):
            if resolver.reg.is_collective(item):
                collective.append(item)
                continue
            found = (
                resolver.resolve(item, doc.jurisdiction, doc.issued_at, source=f"inferred from {doc.key}")
                if doc.jurisdiction
                else None
            )
            out[role].append(
                Mention(
                    as_written=item,
                    agency_id=found.agency.id if found else None,
                    resolution=found.how if found else None,
                    rule=found.rule if found and found.how != "registry" else None,
                )
            )
    return out["lead"], out["coop"], collective + [g for g in groups if g not in collective]


def _emit(all_docs: list[_FileDoc], resolver: Resolver, corpus: PolicyCorpus) -> None:
    """Measures, tasks, registry entities and links into the corpus."""
    reg = resolver.reg
    for d in all_docs:
        doc = d.doc
        assert doc is not None
        seen_seq: dict[str, int] = {}
        measure_keys: dict[str, str] = {}
        for m in d.measures:
            seq = m.seq
            if seq in seen_seq:
                seen_seq[seq] += 1
                seq = f"{seq}~{seen_seq[seq]}"
            else:
                seen_seq[seq] = 1
            key = f"{doc.key}/{seq}"
            measure_keys[m.seq] = key
            corpus.measures.append(
                Measure(
                    key=key,
                    document=doc.key,
                    seq=seq,
                    level=m.level,
                    title=m.title,
                    text=m.text if len(m.text) <= MEASURE_TEXT_MAX else m.text[:MEASURE_TEXT_MAX] + "…",
                    violation_types=violation_types_in(m.text, reg),
                    subject_types=subject_types_in(m.text, reg),
                )
            )
        for t in d.tasks:
            lead, coop, collective = _mention_lists(t.resp, t.collective_groups, doc, resolver)
            measure = measure_keys.get(t.measure_seq or "")
            if measure is None and d.measures:
                best = max(d.measures, key=lambda m, t=t: (m.level >= 2, similarity(t.text, m.text)))
                if similarity(t.text, best.text) >= MEASURE_MATCH_MIN:
                    measure = measure_keys.get(best.seq)
            corpus.tasks.append(
                Task(
                    key=f"{doc.key}/task-{t.seq}",
                    document=doc.key,
                    seq=t.seq,
                    title=t.title or short_title(t.text),
                    text=t.text,
                    lead=lead,
                    coop=coop,
                    collective=collective,
                    source=t.source,  # type: ignore[arg-type]
                    source_file=d.tasks_file or doc.source_file,
                    attached_reason=d.attached_reason,
                    measure=measure,
                    violation_types=violation_types_in(t.text, reg),
                    subject_types=subject_types_in(t.text, reg),
                )
            )
    corpus.agencies = sorted([*reg.agencies.values(), *resolver.created.values()], key=lambda a: a.id)
    corpus.hostings = list(reg.hostings)
    corpus.jurisdictions = list(resolver.jurisdictions.values())
    corpus.successions = list(reg.successions)
    corpus.violation_types = list(reg.violation_types.values())
    corpus.unresolved = sorted(
        {
            f"{t.document}: {m.as_written}"
            for t in corpus.tasks
            for m in (*t.lead, *t.coop)
            if m.agency_id is None
        }
    )
    corpus.links = _links(corpus)


def _links(c: PolicyCorpus) -> list[Link]:
    """Every edge of the policy part of the graph, named as in graph_model/schema.yaml."""
    links: list[Link] = []
    for j in c.jurisdictions:
        if j.parent:
            links.append(
                Link(
                    rel="PART_OF",
                    start_label="Jurisdiction",
                    start=j.code,
                    end_label="Jurisdiction",
                    end=j.parent,
                )
            )
    for a in c.agencies:
        links.append(
            Link(
                rel="IN_JURISDICTION",
                start_label="Agency",
                start=a.id,
                end_label="Jurisdiction",
                end=a.jurisdiction,
            )
        )
    for h in c.hostings:
        links.append(
            Link(
                rel="HOSTED_BY",
                start_label="Agency",
                start=h.agency,
                end_label="Agency",
                end=h.host,
                props={
                    "since": h.since.isoformat() if h.since else None,
                    "until": h.until.isoformat() if h.until else None,
                },
            )
        )
    for s in c.successions:
        links.append(
            Link(
                rel="SUCCEEDED_BY",
                start_label="Agency",
                start=s.from_id,
                end_label="Agency",
                end=s.to_id,
                props={"date": s.date.isoformat(), "reform": s.reform},
            )
        )
    for d in c.documents:
        if d.jurisdiction:
            links.append(
                Link(
                    rel="IN_JURISDICTION",
                    start_label="PolicyDocument",
                    start=d.key,
                    end_label="Jurisdiction",
                    end=d.jurisdiction,
                )
            )
        if d.part_of:
            links.append(
                Link(
                    rel="CITES",
                    start_label="PolicyDocument",
                    start=d.part_of,
                    end_label="PolicyDocument",
                    end=d.key,
                    props={"as_written": f"印发《{d.title}》"},
                )
            )
        for cit in d.cites:
            if cit.document:
                links.append(
                    Link(
                        rel="CITES",
                        start_label="PolicyDocument",
                        start=d.key,
                        end_label="PolicyDocument",
                        end=cit.document,
                        props={"as_written": cit.number},
                    )
                )
    for m in c.measures:
        links.append(
            Link(
                rel="PART_OF", start_label="Measure", start=m.key, end_label="PolicyDocument", end=m.document
            )
        )
        links += [
            Link(rel="ADDRESSES", start_label="Measure", start=m.key, end_label="ViolationType", end=v)
            for v in m.violation_types
        ]
    for t in c.tasks:
        links.append(
            Link(rel="PART_OF", start_label="Task", start=t.key, end_label="PolicyDocument", end=t.document)
        )
        links += [
            Link(rel="ADDRESSES", start_label="Task", start=t.key, end_label="ViolationType", end=v)
            for v in t.violation_types
        ]
        for rel, mentions in (("LEADS", t.lead), ("COOPERATES_ON", t.coop)):
            for mention in mentions:
                if mention.agency_id:
                    links.append(
                        Link(
                            rel=rel,
                            start_label="Agency",
                            start=mention.agency_id,
                            end_label="Task",
                            end=t.key,
                            props={
                                "as_written": mention.as_written,
                                "source": t.source,
                                "resolution": mention.resolution,
                                "rule": mention.rule,
                            },
                        )
                    )
    return links


def write_policy_data(corpus: PolicyCorpus, path: Path | str = POLICY_DATA) -> Path:
    """Write the extraction as stable, diff-friendly JSON (what `make demo` loads)."""
    p = Path(path)
    payload = corpus.model_dump(mode="json")
    p.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return p


def read_policy_data(path: Path | str = POLICY_DATA) -> PolicyCorpus:
    """Read a written extraction back; the product runs from this without the source documents."""
    p = Path(path)
    try:
        return PolicyCorpus.model_validate_json(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PolicyFileError(
            p, "no policy extraction here (run `python -m creditgraph.ingest.policies write`)"
        ) from exc
