"""The investigators' kit (browser/) tried in the real Neo4j Browser, served by the live test server.

Headless Chromium (Debian's, driven by Playwright) opens the Browser 5.24 that Neo4j 5.26 serves at
``/browser/``, logs in, plays the project's guide from a local server with the CORS headers
(``queries.browser.guide_server``, the same as ``python -m creditgraph.queries.browser serve``), drops the
style sheet on the window, and runs saved queries by clicking them in the guide: a reappearance
drawn as a graph, a blacklisted company's related parties, who must act on a violation type. Each
graph is read back from the SVG: every node drawn in its label's colour and size, with the caption
the style sheet gives it. The graph is a small synthetic batch plus the shipped policy data, loaded
by the product's own loaders into a Neo4jStore, with risk propagated (subjects' ``list_status``).

Screenshots go to ``artifacts/browser/``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from kit_browser import NeoBrowser, browser_caption, chromium_path, drawn_matches, node_caption_chars
from playwright.sync_api import sync_playwright

from creditgraph.graph_model.stores.neo4j import Neo4jStore
from creditgraph.queries import browser

from conftest import NEO4J_GROUP, ROOT, empty_neo4j_store

pytestmark = NEO4J_GROUP

SHOTS = ROOT / "artifacts" / "browser"
SUBJECTS, SEED = 100, 3
GRASS_TEXT = (browser.OUT_DIR / browser.GRASS_FILE).read_text(encoding="utf-8")
RULES = browser.parse_grass(GRASS_TEXT)


def step(title: str) -> tuple[int, str]:
    """A statement of the guide (and of the saved queries) by its title, with its slide (1-based)."""
    found = [
        (n, s.cypher) for n, slide in enumerate(browser.slides(), 1) for s in slide.steps if s.title == title
    ]
    assert len(found) == 1, title
    return found[0]


@pytest.fixture(scope="module")
def kit_graph(neo4j_server, tmp_path_factory) -> Iterator[tuple[Neo4jStore, dict[str, Any]]]:
    """A synthetic batch and the shipped policy data in the test Neo4j, with risk propagated."""
    from creditgraph.graph_model.identity import ensure_secret
    from creditgraph.ingest.policies import read_policy_data
    from creditgraph.ingest.policies.graph import load_policy_corpus
    from creditgraph.ingest.records.loader import load_records
    from creditgraph.ingest.synth import synth
    from creditgraph.queries.risk.runs import propagate

    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # "property does not exist yet"
    batch = tmp_path_factory.mktemp("kit") / "batch"
    synth(batch, subjects=SUBJECTS, seed=SEED)
    truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(truth["as_of"])
    assert truth["as_of"] == browser.DEMO_AS_OF  # the guide's "demo graph's date" is the batch's
    store = empty_neo4j_store(neo4j_server)
    ensure_secret(store)
    load_records(store, batch, as_of=as_of, progress=False, rejects_path=batch.parent / "rejects.csv")
    load_policy_corpus(store, read_policy_data(), progress=False)
    propagate(store, as_of, progress=False)
    yield store, truth
    store.close()


@pytest.fixture(scope="module")
def guide_url() -> Iterator[str]:
    server = browser.guide_server(browser.OUT_DIR, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def neo(neo4j_server, kit_graph, guide_url) -> Iterator[NeoBrowser]:
    """The Browser, logged in, the guide played and the style sheet dropped on the window."""
    bolt_host = neo4j_server["uri"].split("://", 1)[1]
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        kit = NeoBrowser(page, SHOTS)
        try:
            kit.connect(neo4j_server["http"], bolt_host, neo4j_server["user"], neo4j_server["password"])
            kit.shot("01_connected")
            kit.type_and_run(f":play {guide_url}/{browser.GUIDE_FILE}")
            kit.guide_frame().get_by_test_id("carousel").wait_for()
            kit.shot("02_guide", kit.guide_frame())
            kit.drop_file(browser.GRASS_FILE, GRASS_TEXT)
            kit.frame_of(":style").wait_for()  # the Browser shows the style it now uses
            kit.shot("03_style", kit.frame_of(":style"))
            yield kit
        finally:
            chromium.close()


@pytest.fixture(autouse=True)
def shot_on_failure(request) -> Iterator[None]:
    """A failed test leaves a screenshot of the whole page (the call's report is in before teardown)."""
    failed_before = request.session.testsfailed
    yield
    if request.session.testsfailed > failed_before and "neo" in request.fixturenames:
        kit = request.getfixturevalue("neo")
        kit.page.screenshot(path=str(SHOTS / f"FAILED_{request.node.name}.png"), full_page=True)


def test_the_browser_logged_in_to_the_test_server(neo, neo4j_server):
    text = " ".join(neo.frame_of(":server connect").inner_text().split())
    assert f"You are connected as user {neo4j_server['user']}" in text
    assert neo4j_server["uri"] in text


def test_the_guide_plays_from_the_local_server(neo):
    guide = neo.guide_frame()
    carousel = guide.get_by_test_id("carousel")
    assert carousel.locator("li[aria-label]").count() == len(browser.slides()) + 1  # + the legend
    assert carousel.locator("h3").first.inner_text() == browser.slides()[0].title
    # every statement of the first slide is runnable (the Browser put its play icon in front of it)
    first = browser.slides()[0].steps
    assert [p.text_content().strip() for p in carousel.locator("pre.runnable").all()] == [
        s.cypher.strip() for s in first
    ]


def test_every_statement_of_the_guide_is_runnable_in_the_browser(neo):
    """The Browser cleans a remote guide's HTML before showing it: every statement survives, in order."""
    rendered = neo.guide_statements()
    assert rendered == [
        [step.cypher.strip() for step in slide.steps] for slide in [*browser.slides(), browser.legend_slide()]
    ]
    neo.show_slide(len(rendered))  # the legend: a swatch per label in the style's colours
    legend = neo.guide_frame().get_by_test_id("carousel")
    assert legend.locator("h3").first.inner_text() == "Legend"
    swatch = legend.get_by_text("Company", exact=True).first
    fill = swatch.evaluate("e => getComputedStyle(e).backgroundColor")
    assert fill == "rgb(76, 142, 218)"  # #4C8EDA, node.Company's color
    neo.shot("02_guide_legend", neo.guide_frame())
    neo.show_slide(1)


def test_the_dropped_style_sheet_is_the_browsers_style(neo):
    """The Browser keeps every rule and declaration of the file (its own GraSS parser read it)."""
    assert neo.stored("neo4j.grass", until=lambda v: v == RULES) == RULES
    assert "node.Company {" in neo.frame_of(":style").inner_text()


def run_from_guide(neo: NeoBrowser, title: str):
    """Click the guide's statement (it fills the editor), run it and return its frame."""
    slide, statement = step(title)
    assert neo.click_statement(slide, statement) == " ".join(statement.split())
    return neo.run_editor(statement)


def test_the_style_sheet_also_loads_by_url(neo, guide_url):
    """``:style URL`` fetches the file from the guide server (the allow-list admits it): the same style."""
    neo.type_and_run(":style reset")
    assert neo.stored("neo4j.grass", until=lambda v: v != RULES) != RULES
    frame = neo.type_and_run(f":style {guide_url}/{browser.GRASS_FILE}")
    frame.get_by_text("node.Company {").wait_for()
    assert neo.stored("neo4j.grass", until=lambda v: v == RULES) == RULES


def param_from_guide(neo: NeoBrowser, title: str, shown: str) -> None:
    """Run a ``:param`` statement of the guide; the Browser answers with the parameter's value."""
    frame = run_from_guide(neo, title)
    frame.get_by_text(shown).first.wait_for()
    assert "ERROR" not in frame.inner_text()


def check_drawn_styles(neo: NeoBrowser, frame, store: Neo4jStore) -> dict[int, dict[str, Any]]:
    """Every drawn node has its label's colour, size and caption; every relationship its caption."""
    drawn = neo.drawn_nodes(frame)
    assert drawn, "no node drawn"
    rows = store.run(
        "MATCH (n) WHERE id(n) IN $ids RETURN id(n) AS id, labels(n) AS labels, properties(n) AS props",
        {"ids": [d.id for d in drawn]},
    )
    nodes = {r["id"]: {"label": r["labels"][0], **r["props"]} for r in rows}
    assert set(nodes) == {d.id for d in drawn}
    wrong = []
    for d in drawn:
        node = nodes[d.id]
        rule = {**RULES["node"], **RULES[f"node.{node['label']}"]}
        expected = browser_caption(rule["caption"], node)
        if d.fill != rule["color"] or d.radius != px(rule["diameter"]) / 2:
            wrong.append((node["label"], "shape", d.fill, d.radius))
        if not drawn_matches(d.caption, expected, node_caption_chars(d.radius, px(rule["font-size"]))):
            wrong.append((node["label"], "caption", d.caption, expected))
    assert not wrong, wrong
    check_drawn_relationships(neo, frame, store, list(nodes))
    return nodes


def check_drawn_relationships(neo: NeoBrowser, frame, store: Neo4jStore, node_ids: list[int]) -> None:
    """Each relationship caption drawn is one of the captions the style gives the relationships between
    the drawn nodes (the Browser draws them all), whole or cut to its arrow with ``…``."""
    rows = store.run(
        "MATCH (a)-[r]->(b) WHERE id(a) IN $ids AND id(b) IN $ids RETURN type(r) AS type, properties(r) AS props",
        {"ids": node_ids},
    )
    expected = {
        browser_caption(RULES[f"relationship.{r['type']}"]["caption"], r["props"], r["type"]) for r in rows
    }
    drawn = [r.caption for r in neo.drawn_relationships(frame) if r.caption.strip()]  # '' on a short arrow
    assert drawn, "no relationship caption drawn"
    unmatched = [c for c in drawn if not any(drawn_matches(c, e) for e in expected)]
    assert not unmatched, (unmatched, sorted(expected)[:10])


def px(value: str) -> float:
    return float(value.removesuffix("px"))


def test_a_reappearance_is_drawn_as_a_graph_with_the_styles_captions(neo, kit_graph):
    store, truth = kit_graph
    param_from_guide(neo, "The demo graph's date", '"as_of": "2026-06-30"')
    frame = run_from_guide(neo, "Reappearances through a role (graph)")
    neo.wait_for_graph(frame)
    neo.shot("04_reappearance_graph", frame)
    nodes = check_drawn_styles(neo, frame, store)
    persons = [n for n in nodes.values() if n["label"] == "Person"]
    assert persons and all(n.get("list_status") == "black" for n in persons)
    drawn_companies = {n["key"] for n in nodes.values() if n["label"] == "Company"}
    planted = {r["entity"]["id"] for r in truth["reappearances"] if r["basis"] == "direct_role"}
    assert drawn_companies & planted, (drawn_companies, planted)
    assert {n["label"] for n in nodes.values()} == {"Person", "ListEntry", "Company"}


def test_a_blacklisted_companys_related_parties_are_drawn(neo, kit_graph):
    store, _ = kit_graph
    frame = run_from_guide(neo, "Related parties of the riskiest blacklisted company")
    neo.wait_for_graph(frame)
    neo.shot("05_related_parties", frame)
    nodes = check_drawn_styles(neo, frame, store)
    centre = store.run(
        "MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry {list: 'black'}) "
        "RETURN c.key AS key ORDER BY coalesce(c.risk_score, 0) DESC LIMIT 1"
    )[0]["key"]
    assert centre in {n["key"] for n in nodes.values()}
    drawn = {d.id: d for d in neo.drawn_nodes(frame)}
    centre_id = next(i for i, n in nodes.items() if n["key"] == centre)
    assert drawn[centre_id].caption.split()[0] == "black"
    assert len(nodes) > 2


def test_who_must_act_is_drawn(neo, kit_graph):
    store, _ = kit_graph
    param_from_guide(neo, "Violation type", '"violation_type": "V01"')
    param_from_guide(neo, "Jurisdictions", '"320400"')
    frame = run_from_guide(neo, "Responsible agencies (graph)")
    neo.wait_for_graph(frame)
    neo.shot("06_who_must_act", frame)
    nodes = check_drawn_styles(neo, frame, store)
    labels = {n["label"] for n in nodes.values()}
    assert {"ViolationType", "Task", "PolicyDocument", "Jurisdiction", "Agency"} <= labels
    expected = store.run(
        "MATCH (v:ViolationType {key: 'V01'})<-[:ADDRESSES]-(t:Task)-[:PART_OF]->(:PolicyDocument)"
        "-[:IN_JURISDICTION]->(j:Jurisdiction) WHERE j.key IN ['320400', '320000'] "
        "MATCH (a:Agency)-[:LEADS|COOPERATES_ON]->(t) RETURN collect(DISTINCT a.key) AS agencies"
    )[0]["agencies"]
    assert {n["key"] for n in nodes.values() if n["label"] == "Agency"} == set(expected)
    neo.shot("07_browser")
