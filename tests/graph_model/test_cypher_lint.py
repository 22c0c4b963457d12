"""The Neo4j lint of the Cypher library (graph_model/cypher_lint.py, tools/cypher-lint/lint.mjs).

Everything is linted in one Node process per test session (the ``linted`` fixture): hand-written
cases that prove the lint catches what it must, plus every Neo4j-side file of ``queries/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from creditgraph.graph_model import cypher_lint
from creditgraph.graph_model.cypher_lint import (
    QUERY_ROOT,
    VERSIONS,
    Diagnostic,
    db_schema,
    lint,
    neo4j_query_files,
)
from creditgraph.graph_model.schema import load_schema
from creditgraph.queries.library import expansions

HEADER = "// name: {name}\n// params: key\n// answers: a lint test case\n"

# name -> query body (a header of // lines is put in front, as in the library's files)
CASES = {
    "good": """\
MATCH (c:Company {key: $key})
OPTIONAL MATCH (c)-[:COMMITTED]->(v:Violation)-[:OF_TYPE]->(t:ViolationType)
OPTIONAL MATCH (p:Person)-[r:LEGAL_REP_OF]->(c)
WHERE r.until IS NULL OR r.until >= $as_of
WITH c, p, count(DISTINCT v) AS violations, collect(DISTINCT t.name) AS types
OPTIONAL MATCH (c)-[:SHAREHOLDER_OF*1..3]-(o:Company)
RETURN c.key AS key, c.name AS name, p.name AS legal_rep, violations, types,
       count(DISTINCT o) AS related
ORDER BY key
""",
    # Ladybug's function; Neo4j has labels() (whose output the dialect avoids anyway).
    "label_fn": "MATCH (c:Company {key: $key})\nRETURN label(c) AS kind\n",
    # Ladybug's shortest-path syntax; Neo4j spells it shortestPath(...) or SHORTEST k.
    "ladybug_shortest": """\
MATCH (a:Company {key: $key})
MATCH (b:Company {key: $other})
MATCH p = (a)-[* SHORTEST 1..3]-(b)
RETURN p
""",
    "ladybug_shortest_typed": """\
MATCH (a:Company {key: $key})
MATCH (b:Company {key: $other})
MATCH p = (a)-[:SHAREHOLDER_OF* SHORTEST 1..3]-(b)
RETURN p
""",
    "undeclared_label": "MATCH (t:Taxpayer {key: $key})\nRETURN t.name AS name\n",
    "undeclared_rel_type": "MATCH (p:Person)-[:DIRECTS]->(c:Company {key: $key})\nRETURN p.name AS name\n",
    "undeclared_property": "MATCH (c:Company {key: $key})\nRETURN c.turnover AS turnover\n",
    # Both types and labels are declared, but LEGAL_REP_OF runs Person -> Company only.
    "undeclared_pair": "MATCH (c:Company {key: $key})-[:LEGAL_REP_OF]->(p:Person)\nRETURN p.name AS name\n",
    # Setting properties from a node: deprecated in Cypher 5, removed in Cypher 25.
    "set_from_node": """\
MATCH (a:Company {key: $key})
MATCH (b:Company {key: $other})
SET a = b
RETURN a.key AS key
""",
    # id() is deprecated (elementId replaces it) in both versions.
    "id_fn": "MATCH (c:Company {key: $key})\nRETURN id(c) AS id\n",
    # An importing WITH in CALL {}: deprecated in both versions (use CALL (c) { ... }).
    "importing_with": """\
MATCH (c:Company {key: $key})
CALL { WITH c MATCH (c)-[:COMMITTED]->(v:Violation) RETURN count(v) AS n }
RETURN n
""",
    "version_prefix": "CYPHER 25\nMATCH (c:Company {key: $key})\nRETURN c.name AS name\n",
}
HEADER_LINES = HEADER.count("\n")


def _case_text(name: str) -> str:
    return HEADER.format(name=name) + CASES[name]


def _library_name(path: Path) -> str:
    return "library:" + path.relative_to(QUERY_ROOT).as_posix()


LIBRARY = neo4j_query_files()


@pytest.fixture(scope="session")
def linted() -> dict[tuple[str, str], list[Diagnostic]]:
    """Every case and library file, both versions, in one Node process."""
    queries = [(name, _case_text(name)) for name in CASES]
    for p in LIBRARY:
        # a query anchored on any subject is checked once per concrete label
        queries += [(_library_name(p), text) for _, text in expansions(p.read_text(encoding="utf-8"))]
    found: dict[tuple[str, str], list[Diagnostic]] = {(n, v): [] for n, _ in queries for v in VERSIONS}
    for d in lint(queries, versions=VERSIONS):
        found[(d.query, d.version)].append(d)
    return found


def _messages(linted, name: str, version: str) -> list[str]:
    return [d.message for d in linted[(name, version)]]


def _assert_flags(linted, name: str, version: str, *fragments: str) -> None:
    messages = _messages(linted, name, version)
    assert messages, f"{name} passed the CYPHER {version} lint; it must not"
    for fragment in fragments:
        assert any(fragment in m for m in messages), (
            f"{name} (CYPHER {version}): no diagnostic mentions {fragment!r}: {messages}"
        )


def test_db_schema_is_the_schema():
    schema = load_schema()
    dbs = db_schema(schema)
    assert set(dbs["labels"]) == set(schema.nodes)
    assert set(dbs["relationshipTypes"]) == set(schema.relationships)
    assert set(dbs["propertyKeys"]) == schema.property_keys
    triples = {(t["from"], t["relType"], t["to"]) for t in dbs["graphSchema"]}
    assert ("Person", "LEGAL_REP_OF", "Company") in triples
    assert ("Courier", "COMMITTED", "Violation") in triples  # `subjects` expanded
    assert len(triples) == sum(len(r.pairs) for r in schema.relationships.values())


@pytest.mark.parametrize("version", VERSIONS)
def test_correct_query_passes(linted, version):
    assert _messages(linted, "good", version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_ladybug_label_function_fails(linted, version):
    _assert_flags(linted, "label_fn", version, "Function label is not present in the database")
    (d,) = linted[("label_fn", version)]
    assert (d.severity, d.line, d.col) == ("error", HEADER_LINES + 2, 8)  # positions are the file's


@pytest.mark.parametrize("name", ["ladybug_shortest", "ladybug_shortest_typed"])
@pytest.mark.parametrize("version", VERSIONS)
def test_ladybug_shortest_syntax_fails(linted, name, version):
    _assert_flags(linted, name, version, "Invalid input 'SHORTEST'")


@pytest.mark.parametrize("version", VERSIONS)
def test_undeclared_label_fails(linted, version):
    _assert_flags(linted, "undeclared_label", version, "Label Taxpayer is not present in the database")


@pytest.mark.parametrize("version", VERSIONS)
def test_undeclared_relationship_type_fails(linted, version):
    _assert_flags(
        linted, "undeclared_rel_type", version, "Relationship type DIRECTS is not present in the database"
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_undeclared_property_fails(linted, version):
    _assert_flags(linted, "undeclared_property", version, "turnover is not present in the database")


@pytest.mark.parametrize("version", VERSIONS)
def test_undeclared_endpoint_pair_fails(linted, version):
    _assert_flags(linted, "undeclared_pair", version, "has no incoming [:LEGAL_REP_OF]")


def test_construct_removed_in_cypher_25_fails(linted):
    # Cypher 5 warns (a deprecation is a failure too); Cypher 25 no longer accepts it.
    _assert_flags(linted, "set_from_node", "5", "use of nodes or relationships for setting properties")
    _assert_flags(linted, "set_from_node", "25", "Type mismatch: expected Map but was Node")
    assert {d.severity for d in linted[("set_from_node", "25")]} == {"error"}


@pytest.mark.parametrize("version", VERSIONS)
def test_deprecations_fail(linted, version):
    _assert_flags(linted, "id_fn", version, "Function id is deprecated.")
    assert any(d.deprecated for d in linted[("id_fn", version)])
    _assert_flags(
        linted, "importing_with", version, "CALL subquery without a variable scope clause is deprecated"
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_query_pinning_its_own_version_fails(linted, version):
    assert [d.code for d in linted[("version_prefix", version)]] == ["version-prefix"]


def test_parameters_are_not_errors(linted):
    assert not any("Parameter $" in d.message for ds in linted.values() for d in ds)


def test_query_folder_is_walked(tmp_path):
    assert QUERY_ROOT.is_dir(), f"no query folder at {QUERY_ROOT}"
    for rel in ["a.cypher", "b.neo4j.cypher", "b.ladybug.cypher", "sub/c.cypher", "notes.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("RETURN 1\n", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in neo4j_query_files(tmp_path)]
    assert names == ["a.cypher", "b.neo4j.cypher", "sub/c.cypher"]


@pytest.mark.parametrize("path", LIBRARY, ids=[p.relative_to(QUERY_ROOT).as_posix() for p in LIBRARY])
def test_library_query_passes_neo4j_lint(linted, path):
    name = _library_name(path)
    problems = [str(d) for v in VERSIONS for d in linted[(name, v)]]
    assert problems == [], "\n".join(problems)


def test_missing_node_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(cypher_lint.shutil, "which", lambda tool: None)
    with pytest.raises(cypher_lint.CypherLintError, match=r"needs Node\.js"):
        lint([("q", "RETURN 1")])
