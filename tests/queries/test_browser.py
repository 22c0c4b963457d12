"""The Neo4j Browser files (queries/browser.py → browser/): style sheet, guide, saved queries.

They are generated from the schema file; these tests hold them to it: every label and relationship
type is styled and in the guide, every caption names declared, non-personal properties and survives
the Browser's GraSS parser, every statement passes Neo4j's own parser (the Cypher lint), and the
committed files are what the generator writes today.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from creditgraph.graph_model.schema import load_schema
from creditgraph.queries import browser

SCHEMA = load_schema()
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@pytest.fixture(scope="module")
def rules() -> dict[str, dict[str, str]]:
    return browser.parse_grass((browser.OUT_DIR / browser.GRASS_FILE).read_text(encoding="utf-8"))


def test_committed_files_are_current():
    stale = [
        rel
        for rel, text in browser.files().items()
        if not (browser.OUT_DIR / rel).is_file()
        or (browser.OUT_DIR / rel).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python -m creditgraph.queries.browser`: stale {stale}"
    on_disk = {p.name for p in (browser.OUT_DIR / browser.SAVED_DIR).glob("*.cypher")}
    wanted = {rel.split("/", 1)[1] for rel in browser.files() if rel.startswith(browser.SAVED_DIR + "/")}
    assert on_disk == wanted


def test_every_label_has_a_colour_and_a_caption(rules):
    for label, node in SCHEMA.domain_nodes.items():
        rule = rules.get(f"node.{label}")
        assert rule is not None, f"no style for {label}"
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), label
        assert rule["caption"] == browser.node_caption(node)
        name_parts = browser.NAME_PARTS.get(label, ("name",))  # ListEntry: name = list:reason, as words
        assert all(f"{{{p}}}" in rule["caption"] for p in name_parts), label
        used = PLACEHOLDER.findall(rule["caption"])
        assert set(used) <= set(node.properties), f"{label} caption names undeclared {used}"
        assert not set(used) & set(node.personal), f"{label} caption shows personal data"
        if node.is_subject:
            assert rule["caption"].startswith("{list_status}")
    assert "node.Meta" not in rules  # internal bookkeeping is not drawn
    colours = [rules[f"node.{label}"]["color"] for label in SCHEMA.domain_nodes]
    assert len(set(colours)) == len(colours), "two labels share a colour"


def test_every_relationship_type_has_a_caption_with_its_dates(rules):
    for name, rel in SCHEMA.relationships.items():
        rule = rules.get(f"relationship.{name}")
        assert rule is not None, f"no style for {name}"
        caption = rule["caption"]
        assert caption == browser.rel_caption(rel)
        used = PLACEHOLDER.findall(caption)
        assert set(used) <= set(rel.properties), f"{name} caption names undeclared {used}"
        for p, spec in rel.properties.items():
            if spec.type == "DATE":
                assert f"{{{p}}}" in caption, f"{name} caption lacks {p}"
        assert caption == "<type>" or caption.startswith(name)


def test_captions_survive_the_browser_parser():
    # the Browser splits declarations on ';' and ':' and drops quotes: a caption must hold none
    for node in SCHEMA.domain_nodes.values():
        assert not set(browser.node_caption(node)) & set(";:'\"")
    for rel in SCHEMA.relationships.values():
        assert not set(browser.rel_caption(rel)) & set(";:'\"")
    text = browser.grass()
    assert "/*" not in text and "//" not in text  # the Browser's parser has no comments


class _Guide(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.runnable: list[str] = []
        self.text: list[str] = []
        self._in_pre = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "pre" and "runnable" in (attrs.get("class") or "").split():
            self._in_pre = True
            self.runnable.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_pre:
            self.runnable[-1] += data


@pytest.fixture(scope="module")
def guide() -> _Guide:
    parser = _Guide()
    parser.feed((browser.OUT_DIR / browser.GUIDE_FILE).read_text(encoding="utf-8"))
    return parser


def test_guide_is_in_the_browser_guide_format(guide):
    classes = [(t, (a.get("class") or "")) for t, a in guide.tags]
    assert ("article", "guide") in classes
    assert ("carousel", "deck container-fluid") in classes
    slides = [c for t, c in classes if t == "slide"]
    assert len(slides) >= 6 and set(slides) == {"row-fluid"}
    assert [s.cypher for s in browser.saved_steps()] == guide.runnable


def test_guide_covers_every_label_and_relationship_type(guide):
    text = " ".join(guide.text)
    cypher = " ".join(guide.runnable)
    for label in SCHEMA.domain_nodes:
        assert re.search(rf"\b{label}\b", text), f"guide never mentions {label}"
    for name in SCHEMA.relationships:
        assert re.search(rf"\b{name}\b", cypher), f"no guide query uses {name}"
    for topic in ("reappear", "related parties", "ring", "must act"):
        assert topic in text.lower(), topic


def test_saved_queries_are_one_statement_each():
    steps = browser.saved_steps()
    files = sorted((browser.OUT_DIR / browser.SAVED_DIR).glob("*.cypher"))
    assert len(files) == len(steps)
    for path, step in zip(files, steps, strict=True):
        text = path.read_text(encoding="utf-8")
        first, body = text.split("\n", 1)
        assert first.startswith("// ") and step.title in first
        assert body.strip() == step.cypher.rstrip(";") + ";"
    whole = (browser.OUT_DIR / browser.SAVED_FILE).read_text(encoding="utf-8")
    assert all(step.cypher in whole for step in steps)


def test_every_statement_passes_the_neo4j_parser():
    from creditgraph.graph_model.cypher_lint import CypherLintError, lint

    queries = [(step.title, step.cypher) for step in browser.saved_steps() if not step.is_command]
    assert len(queries) >= 20
    try:
        problems = lint(queries)
    except CypherLintError as exc:
        if "not found on PATH" in str(exc):
            pytest.skip(str(exc))
        raise
    assert not problems, "\n".join(map(str, problems))


def test_commands_set_parameters_only():
    commands = [s.cypher for s in browser.saved_steps() if s.is_command]
    assert commands and all(re.fullmatch(r":param \w+ => .+", c) for c in commands)
