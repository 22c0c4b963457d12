"""Neo4j Browser files generated from the schema: a graph style sheet, a guide and saved queries.

``python -m creditgraph.queries.browser [write [OUT_DIR]]`` writes (default ``browser/``), ``… serve`` serves
them for ``:play``:

- ``creditgraph.grass`` — a GraSS rule per label (colour, size, caption) and per relationship type
  (caption with its dates). The Browser styles by label and type only: a rule cannot look at a
  property, so blacklisted subjects cannot be drawn red by rule. The convention instead: a
  subject's caption starts with its ``list_status`` (``black`` / ``red``, written by risk
  propagation) and ListEntry nodes show ``list`` and ``reason``; risk_score cannot size nodes.
  tests/browser_kit/ checks the captions as the real Browser draws them.
- ``guide.html`` — a ``:play``-able guide (Neo4j's HTML guide format) walking an investigator
  through the main investigations with runnable Cypher.
- ``saved_queries.cypher`` (one script) and ``saved_queries/NN_slug.cypher`` (one favourite each,
  for the Browser's Favorites → Import).

Everything names only labels, types and properties the schema declares (tests/queries/test_browser.py
checks it and lints every statement with Neo4j's own parser). A test fails when the files are stale.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from creditgraph.graph_model.schema import NodeType, RelType, Schema, load_schema

from .library import get_query

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "browser"
GRASS_FILE = "creditgraph.grass"
GUIDE_FILE = "guide.html"
SAVED_FILE = "saved_queries.cypher"
SAVED_DIR = "saved_queries"
DEMO_AS_OF = "2026-06-30"  # ingest.synth.AS_OF: the date the demo batch's planted answers hold on

# -- the style sheet ---------------------------------------------------------------------------------

# Each label's (fill, border, text) colours are the schema's (``style:`` in schema.yaml).
# A label added to the schema later still gets a colour (a stable pick from this palette).
PALETTE = [
    ("#68BDF6", "#5CA8DB", "#FFFFFF"),
    ("#A5ABB6", "#9AA1AC", "#2A2C34"),
    ("#FB95AF", "#F86C92", "#2A2C34"),
    ("#C9D96F", "#B0C441", "#2A2C34"),
]
# What the Neo4j Browser (5.24) does with a node caption decides what goes in one: it breaks the
# caption into lines only at spaces and cuts it to what the circle holds, so a Chinese name (one
# word) shows its first 4 to 6 characters and nothing after it. The short part that tells nodes
# apart therefore comes first. Dates stay out of node captions: the Browser draws a date property in
# double quotes ("2024-07-30", 12 characters), wider than any circle here, so none ever showed.
CAPTION_LEAD: dict[str, tuple[str, ...]] = {"Task": ("seq",), "Measure": ("seq",)}
CAPTION_TAIL: dict[str, tuple[str, ...]] = {"Objection": ("status",)}
# A name joined from parts by ':' (a ListEntry's ``black:严重失信``) is one word to the Browser and
# was drawn as "black:…": such a caption shows the parts as separate words.
NAME_PARTS: dict[str, tuple[str, ...]] = {"ListEntry": ("list", "reason")}
# Relationship properties worth showing on the arrow besides the dates.
REL_CAPTION_PROPS = ("role", "ratio")
DATE_PAIR = ("since", "until")


def colour(label: str) -> tuple[str, ...]:
    """The label's colours as the schema declares them, else a stable pick from the palette."""
    node = load_schema().nodes.get(label)
    if node is not None and node.style:
        return node.style
    return PALETTE[sum(label.encode()) % len(PALETTE)]


def diameter(node: NodeType) -> int:
    if node.is_subject:
        return 65
    if node.name in ("Agency", "ViolationType", "PolicyDocument"):
        return 55
    if node.is_identifier or node.name == "Jurisdiction":
        return 35
    return 45


def node_caption(node: NodeType) -> str:
    """``{list_status} {name}`` for subjects, ``{seq} {name}`` for tasks and measures, ``{name}`` else.

    Each part is a separate word so the Browser can break the caption between them (see CAPTION_LEAD).
    """

    def props(names: tuple[str, ...]) -> list[str]:
        return [f"{{{p}}}" for p in names if p in node.properties]

    parts = props(("list_status",)) if node.is_subject else []
    parts += props(CAPTION_LEAD.get(node.name, ()))
    parts += props(NAME_PARTS[node.name]) if node.name in NAME_PARTS else ["{name}"]
    parts += props(CAPTION_TAIL.get(node.name, ()))
    return " ".join(parts)


def rel_caption(rel: RelType) -> str:
    """The type written out (a rule is per type, so it is known), then role/ratio and the dates.

    GraSS interpolates ``{property}`` anywhere in a caption but ``<type>`` only when it is the whole
    caption, so a caption with properties spells the type out. A value must not hold ``:`` or ``;``
    (the Browser's GraSS parser splits on them).
    """
    props = rel.properties
    parts = [f"{{{p}}}" for p in REL_CAPTION_PROPS if p in props]
    if all(p in props for p in DATE_PAIR):
        parts.append("{since}→{until}")
    parts += [f"{{{p}}}" for p, spec in props.items() if spec.type == "DATE" and p not in DATE_PAIR]
    return " ".join([rel.name, *parts]) if parts else "<type>"


def grass(schema: Schema | None = None) -> str:
    """The style sheet (GraSS has no comments the Browser's parser accepts: none are written)."""
    schema = schema or load_schema()
    lines = [
        "node {",
        "  diameter: 50px;",
        "  color: #A5ABB6;",
        "  border-color: #9AA1AC;",
        "  border-width: 2px;",
        "  text-color-internal: #FFFFFF;",
        "  font-size: 10px;",
        '  caption: "{name}";',
        "}",
        "",
        "relationship {",
        "  color: #A5ABB6;",
        "  shaft-width: 1px;",
        "  font-size: 8px;",
        "  padding: 3px;",
        "  text-color-external: #000000;",
        "  text-color-internal: #FFFFFF;",
        '  caption: "<type>";',
        "}",
        "",
    ]
    for label, node in schema.domain_nodes.items():
        fill, border, text = colour(label)
        lines += [
            f"node.{label} {{",
            f"  color: {fill};",
            f"  border-color: {border};",
            f"  text-color-internal: {text};",
            f"  diameter: {diameter(node)}px;",
            f'  caption: "{node_caption(node)}";',
            "}",
            "",
        ]
    for name, rel in schema.relationships.items():
        width = 2 if name in ("LEGAL_REP_OF", "SHAREHOLDER_OF", "OPERATES", "LISTED_IN", "COMMITTED") else 1
        lines += [
            f"relationship.{name} {{",
            f"  shaft-width: {width}px;",
            f'  caption: "{rel_caption(rel)}";',
            "}",
            "",
        ]
    return "\n".join(lines)


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Read a style sheet the way the Neo4j Browser's GraSS parser does (for tests and checks).

    Quotes toggle a string (and are dropped), braces outside strings open and close a rule, a
    rule's body is split on ``;`` and a declaration is kept only when it splits on ``:`` into
    exactly two parts (Browser 5.24's ``parseGrassCSS``: a value holding ``:`` drops the declaration).
    """
    rules: dict[str, str] = {}
    keyword, body, in_string, in_props = "", "", False, False
    for c in text:
        if c in "'\"":
            in_string = not in_string
            continue
        if c == "{" and not in_string:
            in_props = True
            continue
        if c == "}" and not in_string:
            in_props = False
            rules[keyword] = body
            keyword, body = "", ""
            continue
        if in_props:
            body += c
        elif not c.isspace():
            keyword += c
    out: dict[str, dict[str, str]] = {}
    for selector, decls in rules.items():
        props: dict[str, str] = {}
        for decl in decls.split(";"):
            parts = decl.split(":")
            if len(parts) == 2 and parts[0].strip() and parts[1].strip():
                props[parts[0].strip()] = parts[1].strip()
        out[selector] = props
    return out


# -- investigations: the guide and the saved queries ---------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One runnable statement: a Cypher query, or a Browser command (``:param …``)."""

    title: str
    cypher: str
    text: str = ""

    @property
    def is_command(self) -> bool:
        return self.cypher.lstrip().startswith(":")


@dataclass(frozen=True)
class Slide:
    title: str
    lead: str
    intro: str
    steps: tuple[Step, ...] = field(default_factory=tuple)


def library_text(name: str, subject: str | None = None) -> str:
    """A named query of ``queries/cypher`` as Neo4j runs it (the investigations reuse the library)."""
    return get_query(name).text_for("neo4j", subject=subject)


# An active black-list entry as the library's reappearance queries define it (an upheld objection
# lifts an entry), so the graphs show what the tables and the API list.
ACTIVE_BLACK = """e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)"""
TIES = "LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT"
IDENTIFIERS = "HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT"


def slides() -> list[Slide]:
    """The investigations, in the order an investigator meets them."""
    return [
        Slide(
            "creditgraph",
            "Market entities, their violations and the agencies that must act",
            "<p>This guide walks through the main investigations on the creditgraph knowledge graph: "
            "companies, persons, shops, platforms, couriers and products; their violations and red/black "
            "list entries; and the government agencies that Jiangsu's policy documents make responsible.</p>"
            "<p>Load the style sheet first (drag <code>browser/creditgraph.grass</code> onto this window): "
            "every label gets its colour, subjects are captioned <code>list_status name</code> "
            "(<b>black</b> / <b>red</b> in front of blacklisted and red-listed subjects), relationships "
            "show their dates.</p><p>Click a statement to put it in the editor, then run it.</p>",
            (
                Step("The schema", "CALL db.schema.visualization()"),
                Step(
                    "What the graph holds",
                    "MATCH (n)\nRETURN n.label AS label, count(*) AS nodes\nORDER BY nodes DESC",
                    "Every node carries its label as data (<code>label</code>).",
                ),
            ),
        ),
        Slide(
            "The date",
            "Every answer holds as of a date",
            "<p>Violations expire, list entries are removed, roles end: the queries take the date "
            "as <code>$as_of</code>. Set it once; it stays for the session.</p>",
            (
                Step("Today", ":param as_of => date()"),
                Step(
                    "The demo graph's date",
                    f":param as_of => date('{DEMO_AS_OF}')",
                    "The synthetic demo batch plants its answers as of this date.",
                ),
                Step(
                    "Generic identifiers",
                    ":param max_share => 10",
                    "An identifier held by more subjects ties no one.",
                ),
            ),
        ),
        Slide(
            "Reappearances",
            "A blacklisted person turns up again",
            "<p>A person on an active black list who became legal representative, director, "
            "supervisor or manager of a company <i>after</i> the listing. The table is the same "
            "named query the API runs (<code>reappear_direct_role</code>); the graph shows person, "
            "list entry and company together.</p>",
            (
                Step("Reappearances through a role (table)", library_text("reappear_direct_role")),
                Step(
                    "Reappearances through a role (graph)",
                    "MATCH (p:Person)-[l:LISTED_IN]->(e:ListEntry)\n"
                    f"WHERE {ACTIVE_BLACK}\n"
                    "MATCH (p)-[r:LEGAL_REP_OF|OFFICER_OF]->(c:Company)\n"
                    "WHERE coalesce(r.since, c.registered_at) > e.listed_at\n"
                    "RETURN p, l, e, r, c\nLIMIT 50",
                ),
                Step(
                    "Reappearances as shareholder (table)",
                    library_text("reappear_shareholding", "Person"),
                    "Control through a holding of 50 % or more, or as the largest holder, with a nominee in front.",
                ),
                Step(
                    "One person's whole neighbourhood",
                    "MATCH (p:Person {key: $person})-[r]-(x)\nRETURN p, r, x",
                    "Set <code>:param person => '…'</code> to a <code>subject_key</code> from the table "
                    "(persons are keyed by a keyed hash of the ID number, never the number itself).",
                ),
            ),
        ),
        Slide(
            "Related parties",
            "Who stands behind a subject",
            "<p>Legal representatives, officers, shareholders, operators and shared phones, addresses "
            "and accounts, two steps out. Start from the riskiest blacklisted company, or set "
            "<code>:param company => '&lt;USCC&gt;'</code> for any company.</p>",
            (
                Step(
                    "The riskiest blacklisted companies",
                    "MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry)\n"
                    f"WHERE {ACTIVE_BLACK}\n"
                    "RETURN DISTINCT c.key AS company, c.name AS name, c.risk_score AS risk_score, "
                    "c.list_status AS list_status\n"
                    "ORDER BY coalesce(risk_score, 0) DESC\nLIMIT 20",
                ),
                Step(
                    "Related parties of the riskiest blacklisted company",
                    "MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry {list: 'black'})\n"
                    "WITH c ORDER BY coalesce(c.risk_score, 0) DESC LIMIT 1\n"
                    f"MATCH p = (c)-[:{TIES}*1..2]-(x)\n"
                    "RETURN p\nLIMIT 300",
                ),
                Step(
                    "Related parties of one company",
                    "MATCH (c:Company {key: $company})\n"
                    f"MATCH p = (c)-[:{TIES}*1..2]-(x)\n"
                    "RETURN p\nLIMIT 300",
                ),
                Step(
                    "A shortest path between two companies",
                    "MATCH (a:Company {key: $company})\nMATCH (b:Company {key: $other})\n"
                    "MATCH p = shortestPath((a)-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|ON_PLATFORM|"
                    "SHIPS_FOR|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT*..4]-(b))\nRETURN p",
                    "Set <code>:param other => '&lt;USCC&gt;'</code> too.",
                ),
            ),
        ),
        Slide(
            "Shared-identifier rings",
            "Subjects tied by a phone, an address or an account",
            "<p>Identifiers held by 2 to <code>$max_share</code> subjects, at least one of them "
            "blacklisted: nominees, shell companies and reopened shops share them. An identifier "
            "held by more is generic (a platform's service line) and is left out.</p>",
            (
                Step(
                    "Identifiers a blacklisted subject shares (graph)",
                    f"MATCH (i)<-[:{IDENTIFIERS}]-(s)\n"
                    "WITH i, count(DISTINCT s) AS holders\n"
                    "WHERE holders >= 2 AND holders <= $max_share\n"
                    f"MATCH (i)<-[h:{IDENTIFIERS}]-(b)-[l:LISTED_IN]->(e:ListEntry)\n"
                    f"WHERE {ACTIVE_BLACK}\n"
                    f"MATCH (i)<-[h2:{IDENTIFIERS}]-(t)\n"
                    "RETURN i, h, b, l, e, h2, t\nLIMIT 200",
                ),
                Step(
                    "The ring around one company",
                    f"MATCH (c:Company {{key: $company}})\nMATCH p = (c)-[:{IDENTIFIERS}*1..4]-(x)\n"
                    "RETURN p\nLIMIT 300",
                    "Subject, identifier, subject, identifier …: four steps reach the members two identifiers away.",
                ),
                Step(
                    "Identifier holders (table)",
                    library_text("identifier_holders", "Company"),
                    "The rows the ring finder groups into connected components (the API's "
                    "<code>/alerts/rings</code> does the grouping).",
                ),
            ),
        ),
        Slide(
            "Who must act",
            "The agencies responsible for a violation type",
            "<p>The task-division tables (任务分工) of the policy documents name lead (牵头) and "
            "cooperating (配合) agencies per task; tasks address violation types. Set the type and "
            "the jurisdiction with those enclosing it (a county falls back to its city, a city to the "
            "province).</p><p>The institutional reform of 2018–2019 passed duties to new bodies "
            "(<code>SUCCEEDED_BY</code> with its date): <code>creditgraph responsible V01 320400 "
            "--as-of 2018-06-01</code> resolves the fallback and the reforms for a date.</p>",
            (
                Step("Violation type", ":param violation_type => 'V01'"),
                Step("Jurisdictions", ":param jurisdictions => ['320400', '320000']", "常州市 and 江苏省."),
                Step("Responsible agencies (table)", library_text("responsible_tasks")),
                Step(
                    "Responsible agencies (graph)",
                    "MATCH (v:ViolationType {key: $violation_type})<-[ad:ADDRESSES]-(t:Task)\n"
                    "MATCH (t)-[po:PART_OF]->(d:PolicyDocument)-[ij:IN_JURISDICTION]->(j:Jurisdiction)\n"
                    "WHERE j.key IN $jurisdictions\n"
                    "MATCH (a:Agency)-[r:LEADS|COOPERATES_ON]->(t)\n"
                    "RETURN v, ad, t, po, d, ij, j, a, r",
                ),
                Step(
                    "Reforms: who took over",
                    "MATCH p = (a:Agency)-[:SUCCEEDED_BY*1..4]->(b:Agency)\n"
                    "WHERE a.jurisdiction IN $jurisdictions\nRETURN p",
                ),
                Step("The violation taxonomy", library_text("violation_types")),
            ),
        ),
        Slide(
            "A subject's records",
            "Violations, list entries, complaints, evaluations, objections",
            "<p>Everything recorded against one company, with the violation type, the agency that "
            "recorded or issued it, and objections (异议) that contest it. Set "
            "<code>:param company => '&lt;USCC&gt;'</code> (the <i>riskiest blacklisted companies</i> "
            "query lists some).</p>",
            (
                Step(
                    "A company's records (graph)",
                    "MATCH (c:Company {key: $company})\n"
                    "OPTIONAL MATCH rec = (c)-[:COMMITTED|LISTED_IN|LISTED_ABNORMAL|MADE_COMMITMENT]->(r)\n"
                    "OPTIONAL MATCH why = (r)-[:OF_TYPE|RECORDED_BY|ISSUED_BY]->(x)\n"
                    "OPTIONAL MATCH obj = (o:Objection)-[:CONTESTS]->(r)\n"
                    "OPTIONAL MATCH cmp = (c)<-[:COMPLAINT_AGAINST]-(cp:Complaint)\n"
                    "OPTIONAL MATCH ev = (c)<-[:EVALUATES]-(e:Evaluation)-[:ISSUED_BY]->(ea:Agency)\n"
                    "RETURN c, rec, why, obj, cmp, ev",
                ),
                Step(
                    "Violations still on display (table)",
                    library_text("subject_violations", "Company").replace("$key", "$company"),
                ),
                Step(
                    "Broken credit commitments (graph)",
                    "MATCH p = (s)-[:COMMITTED]->(v:Violation)-[:BREAKS]->(c:Commitment)<-[:MADE_COMMITMENT]-(s)\n"
                    "RETURN p LIMIT 50",
                    "A 承诺不符 violation and the commitment (信用承诺) its subject made and broke.",
                ),
                Step(
                    "Practitioners and where they practise (graph)",
                    "MATCH p = (:Person)-[:HOLDS_QUALIFICATION]->(q:Qualification)-[:PRACTISES_AT]->(:Company)\n"
                    "OPTIONAL MATCH i = (q)-[:ISSUED_BY]->(:Agency)\nRETURN p, i LIMIT 50",
                    "Licences of key occupational groups (个人诚信意见 三(二)); licence numbers are personal data.",
                ),
            ),
        ),
        Slide(
            "Products",
            "What risky shops sell, who makes it, who ships it",
            "<p>Shops sell products on platforms; companies manufacture them; couriers ship for shops "
            "and platforms. Sensitive categories (food, infant formula, drugs, cosmetics …) carry "
            "<code>sensitive = true</code>.</p>",
            (
                Step(
                    "The riskiest shops' products and couriers",
                    "MATCH (s:Shop)\nWITH s ORDER BY coalesce(s.risk_score, 0) DESC LIMIT 5\n"
                    "OPTIONAL MATCH sold = (s)-[:SELLS]->(p:Product)<-[:MANUFACTURES]-(m:Company)\n"
                    "OPTIONAL MATCH shipped = (k:Courier)-[:SHIPS_FOR]->(s)\n"
                    "OPTIONAL MATCH listed = (s)-[:ON_PLATFORM]->(pl:Platform)\n"
                    "OPTIONAL MATCH inspected = (i:Inspection)-[:INSPECTS]->(p)\n"
                    "OPTIONAL MATCH sampled = (i)-[:SAMPLED_FROM]->(s)\n"
                    "RETURN s, sold, shipped, listed, inspected, sampled",
                ),
                Step(
                    "One product's chain (table)",
                    library_text("product_trace"),
                    "Set <code>:param key => '&lt;product_id&gt;'</code>.",
                ),
            ),
        ),
        Slide(
            "Policy documents",
            "Documents, measures, tasks and the agencies behind them",
            "<p>Each document belongs to a jurisdiction, is issued by agencies, cites the documents it "
            "implements, and holds numbered measures and a task-division table. Credit offices are "
            "hosted inside other agencies.</p>",
            (
                Step(
                    "Documents and what they cite",
                    "MATCH (d:PolicyDocument)-[r:CITES|ISSUED_BY|IN_JURISDICTION]->(x)\nRETURN d, r, x",
                ),
                Step(
                    "A document's measures and tasks",
                    "MATCH (d:PolicyDocument)\nWHERE d.number = $document OR d.key = $document\n"
                    "MATCH (part)-[po:PART_OF]->(d)\n"
                    "OPTIONAL MATCH (a:Agency)-[r:LEADS]->(part)\n"
                    "OPTIONAL MATCH (part)-[ad:ADDRESSES]->(v:ViolationType)\n"
                    "RETURN d, po, part, a, r, ad, v",
                    "Set <code>:param document => '苏政办发〔2017〕144号#2'</code> (a number or a key).",
                ),
                Step(
                    "Measures addressing violation types",
                    "MATCH (m:Measure)-[:PART_OF]->(d:PolicyDocument)\n"
                    "MATCH (m)-[:ADDRESSES]->(v:ViolationType)\n"
                    "OPTIONAL MATCH (a:Agency)-[:LEADS|COOPERATES_ON]->(m)\n"
                    "RETURN d.title AS document, m.seq AS measure, v.name AS violation_type, "
                    "collect(DISTINCT a.name) AS agencies\nORDER BY document, measure",
                ),
                Step(
                    "Credit offices and where they sit",
                    "MATCH p = (a:Agency)-[:HOSTED_BY]->(b:Agency)\nRETURN p",
                ),
                Step(
                    "The jurisdictions",
                    "MATCH p = (j:Jurisdiction)-[:PART_OF*1..2]->(:Jurisdiction {key: '320000'})\nRETURN p",
                ),
            ),
        ),
        Slide(
            "Risk",
            "Where risk concentrates",
            "<p><code>risk_score</code> is each subject's own risk (active violations and black-list "
            "entries) spread over its ties, written back by risk propagation with "
            "<code>risk_rank</code> and <code>list_status</code>. The Browser cannot size nodes by it: "
            "read it from the tables.</p>",
            (
                Step("The riskiest companies", library_text("risk_top", "Company").replace("$limit", "25")),
                Step("The riskiest persons", library_text("risk_top", "Person").replace("$limit", "25")),
                Step(
                    "Risky shops and their operators",
                    "MATCH (s:Shop)\nWITH s ORDER BY coalesce(s.risk_score, 0) DESC LIMIT 10\n"
                    "MATCH p = (o)-[:OPERATES]->(s)-[:ON_PLATFORM]->(pl:Platform)\nRETURN p",
                ),
                Step("Courier bans (table)", library_text("courier_bans")),
            ),
        ),
    ]


def _pairs_text(schema: Schema, rel: RelType) -> str:
    """``Person → Company; Company → Company``; a type tying every subject to one label says "any Subject"."""
    subjects = set(schema.subjects)
    by_src: dict[str, list[str]] = {}
    by_dst: dict[str, list[str]] = {}
    for s, d in rel.pairs:
        by_src.setdefault(s, []).append(d)
        by_dst.setdefault(d, []).append(s)
    if any(set(srcs) == subjects for srcs in by_dst.values()):
        return "; ".join(
            f"{'any Subject' if set(srcs) == subjects else ', '.join(srcs)} → {d}"
            for d, srcs in by_dst.items()
        )
    return "; ".join(
        f"{s} → {'any Subject' if set(dsts) == subjects else ', '.join(dsts)}" for s, dsts in by_src.items()
    )


def legend_slide(schema: Schema | None = None) -> Slide:
    """Every label (colour, caption) and relationship type (endpoints, caption) of the schema."""
    schema = schema or load_schema()
    rows = []
    for label, node in schema.domain_nodes.items():
        fill, border, text = colour(label)
        swatch = (
            f'<span style="display:inline-block;padding:0 .5em;border-radius:1em;background:{fill};'
            f'border:2px solid {border};color:{text}">{label}</span>'
        )
        rows.append(
            f"<tr><td>{swatch}</td><td><code>{html.escape(node_caption(node))}</code></td>"
            f"<td>{html.escape(node.description)}</td></tr>"
        )
    rels = [
        f"<tr><td><code>{name}</code></td><td>{html.escape(_pairs_text(schema, rel))}</td>"
        f"<td><code>{html.escape(rel_caption(rel))}</code></td><td>{html.escape(rel.description)}</td></tr>"
        for name, rel in schema.relationships.items()
    ]
    intro = (
        "<p>Every label and relationship type of the schema (<code>graph_model/schema.yaml</code>) with "
        "its style. Captions: <code>{property}</code> is filled in per node; subjects start with their "
        "<code>list_status</code> (black / red) because the Browser colours by label only.</p>"
        '<table class="table table-condensed"><tr><th>Label</th><th>Caption</th><th>What it is</th></tr>'
        + "".join(rows)
        + '</table><table class="table table-condensed"><tr><th>Type</th><th>From → to</th>'
        "<th>Caption</th><th>What it means</th></tr>" + "".join(rels) + "</table>"
    )
    return Slide("Legend", "Labels, relationship types and their style", intro)


def saved_steps() -> list[Step]:
    return [step for s in slides() for step in s.steps]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def guide_html() -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><title>creditgraph: investigations</title></head>',
        "<body>",
        "<!-- Generated by `python -m creditgraph.queries.browser` from queries/browser.py; do not edit by hand. -->",
        '<article class="guide" data-title="creditgraph investigations">',
        '  <carousel class="deck container-fluid">',
    ]
    for slide in [*slides(), legend_slide()]:
        out += [
            '    <slide class="row-fluid">',
            '      <div class="col-sm-3">',
            f"        <h3>{html.escape(slide.title)}</h3>",
            f'        <p class="lead">{html.escape(slide.lead)}</p>',
            "      </div>",
            '      <div class="col-sm-9">',
            f"        {slide.intro}",
        ]
        for step in slide.steps:
            out.append(f"        <h4>{html.escape(step.title)}</h4>")
            if step.text:
                out.append(f"        <p>{step.text}</p>")
            out.append(
                f'        <figure><pre class="pre-scrollable code runnable">{html.escape(step.cypher)}</pre></figure>'
            )
        out += ["      </div>", "    </slide>"]
    out += ["  </carousel>", "</article>", "</body>", "</html>", ""]
    return "\n".join(out)


def _saved_one(i: int, step: Step) -> str:
    return f"// {i:02d} {step.title}\n{step.cypher.rstrip(';')};\n"


def saved_queries() -> str:
    header = (
        "// creditgraph saved queries for the Neo4j Browser.\n"
        "// Generated by `python -m creditgraph.queries.browser` from queries/browser.py; do not edit by hand.\n"
        "// Import: Favorites (star) → Import → pick the files of browser/saved_queries/ (one favourite each),\n"
        "// or this file (one script; runs in order in multi-statement mode). See docs/neo4j-browser.md.\n\n"
    )
    return header + "\n".join(_saved_one(i, s) for i, s in enumerate(saved_steps(), 1))


def files(schema: Schema | None = None) -> dict[str, str]:
    """Every generated file by its path under the output folder."""
    out = {GRASS_FILE: grass(schema), GUIDE_FILE: guide_html(), SAVED_FILE: saved_queries()}
    for i, step in enumerate(saved_steps(), 1):
        out[f"{SAVED_DIR}/{i:02d}_{slug(step.title)}.cypher"] = _saved_one(i, step)
    return out


def write(out_dir: Path = OUT_DIR) -> list[Path]:
    """Write every file (stale per-query files of an earlier run are removed)."""
    out_dir = Path(out_dir)
    wanted = files()
    saved = out_dir / SAVED_DIR
    if saved.is_dir():
        for old in saved.glob("*.cypher"):
            if f"{SAVED_DIR}/{old.name}" not in wanted:
                old.unlink()
    written = []
    for rel, text in wanted.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


class GuideRequestHandler(SimpleHTTPRequestHandler):
    """Static files with the CORS headers the Neo4j Browser needs to fetch a guide or a style sheet.

    The Browser is served from Neo4j's origin, so ``:play URL`` and ``:style URL`` are cross-origin
    fetches; ``:play`` sends ``pragma`` and ``cache-control`` headers, which makes the fetch
    preflighted: an ``OPTIONS`` request must be answered with the methods and headers allowed, or the
    Browser reports that the guide could not be fetched.
    """

    quiet = False  # no request log (tests)

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        asked = self.headers.get("Access-Control-Request-Headers")
        if asked:
            self.send_header("Access-Control-Allow-Headers", asked)
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def guide_server(directory: Path = OUT_DIR, port: int = 8001, *, quiet: bool = False) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for ``directory`` (port 0: any free port); the caller serves and closes it."""
    handler = type(
        "QuietGuideRequestHandler" if quiet else "GuideRequestHandler",
        (GuideRequestHandler,),
        {"quiet": quiet},
    )
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(directory)))


def serve(directory: Path = OUT_DIR, port: int = 8001) -> None:
    """Serve the guide and the style sheet until interrupted (``:play`` and ``:style`` are cross-origin)."""
    server = guide_server(directory, port)
    print(f"serving {directory}: in the Neo4j Browser run  :play http://localhost:{port}/{GUIDE_FILE}")
    with contextlib.suppress(KeyboardInterrupt), server:
        server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m creditgraph.queries.browser", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command")
    w = sub.add_parser("write", help="write the files (the default)")
    w.add_argument("out_dir", nargs="?", type=Path, default=OUT_DIR)
    s = sub.add_parser("serve", help="serve the folder with CORS for :play")
    s.add_argument("--port", type=int, default=8001)
    s.add_argument("--dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:] or ["write"])
    if args.command == "serve":
        serve(args.dir, args.port)
        return
    for path in write(args.out_dir):
        print(path)


if __name__ == "__main__":
    main()
