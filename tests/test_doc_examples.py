"""Issue 18: the README's and docs' Python examples run, on a small demo graph (doctest-style).

Every fenced ```python block of README.md and docs/*.md is executed in order with ``CREDITGRAPH_DB``
pointing at a demo graph built here (400 subjects, seed 1). The examples name subjects of the
`make demo` graph (20,000 subjects, seed 1); the test swaps each for a subject of the same shape
drawn from its smaller graph, and fails on any company code or citizen ID it does not know, so an
example cannot name a subject that exists nowhere.

Not covered yet: the ```bash blocks (the CLI examples) and `scripts/demo.sh` printing sample subjects.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import creditgraph
from creditgraph.demo import build_demo

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
# the subjects the examples name, in the `make demo` graph
DEMO_COMPANY = "91320413504986847Q"
DEMO_PERSON = "510104197606272573"  # DEMO_COMPANY's legal representative
CODES = re.compile(r"\b(?:9\d{7}[0-9A-Z]{10}|\d{17}[0-9X])\b")


def python_blocks() -> list[tuple[str, str]]:
    return [
        (f"{doc.name}#{i}", code) for doc in DOCS for i, code in enumerate(BLOCK.findall(doc.read_text()))
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A small demo graph and the subjects standing in for the examples' ones."""
    db = tmp_path_factory.mktemp("docs") / "demo.lbug"
    build_demo(db, subjects=400, seed=1, progress=False)
    with creditgraph.connect(db) as cg:
        row = cg.cypher(
            "MATCH (p:Person)-[:LEGAL_REP_OF]->(c:Company)-[:HAS_PHONE]->(:Phone) "
            "RETURN c.key AS company, p.key AS person ORDER BY company LIMIT 1"
        ).iloc[0]
    return db, {DEMO_COMPANY: row["company"], DEMO_PERSON: row["person"]}


def test_the_docs_have_python_examples():
    from api.examples import DEMO_COMPANY as CHECKED  # test_api_contract checks it is in the demo batch

    assert DEMO_COMPANY == CHECKED
    names = [name for name, _ in python_blocks()]
    assert any(n.startswith("README.md") for n in names) and any(
        n.startswith("neo4j-browser.md") for n in names
    )


@pytest.mark.parametrize(("name", "code"), python_blocks(), ids=[n for n, _ in python_blocks()])
def test_python_example_runs_on_the_demo_graph(name, code, demo, monkeypatch):
    db, stand_ins = demo
    unknown = set(CODES.findall(code)) - set(stand_ins)
    assert not unknown, f"{name} names subjects the test does not know: {sorted(unknown)}"
    for example, real in stand_ins.items():
        code = code.replace(f'"{example}"', repr(real))
    monkeypatch.setenv("CREDITGRAPH_DB", str(db))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    scope: dict = {"__name__": f"docs_example_{name}"}
    exec(compile(code, name, "exec"), scope)
    graphs = [v for v in scope.values() if type(v).__name__ == "MultiDiGraph"]
    assert graphs and all(g.number_of_nodes() >= 2 for g in graphs), name
