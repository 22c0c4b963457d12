"""The live Neo4j server the project starts itself: reachable, the schema declared, a write read back."""

from __future__ import annotations

from datetime import date

import pytest

from creditgraph.graph_model.ddl import neo4j_ddl
from creditgraph.graph_model.errors import StoreError
from creditgraph.queries.library import query

from conftest import _DECLARED, NEO4J_GROUP, _schema_signature, live_store, reset_neo4j

pytestmark = NEO4J_GROUP


def test_the_server_is_neo4j_5_26_community(neo4j_store):
    rows = neo4j_store.run(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    )
    assert rows[0]["edition"] == "community"
    assert rows[0]["versions"][0].startswith("5.26.")


def test_schema_is_declared_and_a_write_reads_back(neo4j_store):
    constraints = neo4j_store.run("SHOW CONSTRAINTS YIELD name RETURN count(*) AS c")[0]["c"]
    assert constraints > 0
    neo4j_store.run(
        "MERGE (c:Company {key: $k}) SET c.name = $n", {"k": "91320400MA1X2Y3Z4K", "n": "测试"}, write=True
    )
    assert neo4j_store.run("MATCH (c:Company {key: $k}) RETURN c.name AS n", {"k": "91320400MA1X2Y3Z4K"}) == [
        {"n": "测试"}
    ]


def _dirty(store) -> None:
    """What a test may leave behind: data, an index of its own, a declared constraint dropped."""
    store.run("MERGE (c:Company {key: 'x'})-[:LOCATED_AT]->(:Address {key: 'a'})", write=True)
    store.run("CREATE INDEX stray IF NOT EXISTS FOR (n:Person) ON (n.name)", write=True)
    store.run("DROP CONSTRAINT company_key IF EXISTS", write=True)


def _assert_empty_with_declared_schema(store) -> None:
    assert store.run("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]
    assert store.run("MATCH ()-[r]->() RETURN count(r) AS c") == [{"c": 0}]
    signature = _schema_signature(store)
    assert signature == _DECLARED[0]
    names = {row[1] for row in signature}
    declared = {
        stmt.split()[2] if stmt.startswith("CREATE CONSTRAINT") else stmt.split(" INDEX ")[1].split()[0]
        for stmt in neo4j_ddl(store.schema)
    }
    assert declared <= names and "stray" not in names


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_starts_from_an_empty_graph_and_the_declared_schema(neo4j_store, turn):
    """Run twice in a row: the second turn finds nothing of what the first left."""
    _assert_empty_with_declared_schema(neo4j_store)
    _dirty(neo4j_store)


def test_a_reset_after_a_dirty_test_is_empty_with_exactly_the_declared_schema(neo4j_store):
    _dirty(neo4j_store)
    assert _schema_signature(neo4j_store) != _DECLARED[0]
    reset_neo4j(neo4j_store)
    _assert_empty_with_declared_schema(neo4j_store)
    _dirty(neo4j_store)
    neo4j_store.run(
        "CREATE CONSTRAINT company_key IF NOT EXISTS FOR (n:Company) REQUIRE n.key IS UNIQUE", write=True
    )
    neo4j_store.run("DROP INDEX stray IF EXISTS", write=True)
    reset_neo4j(neo4j_store)  # the schema is the declared one again: only the data goes
    _assert_empty_with_declared_schema(neo4j_store)


def test_writes_bump_the_generation_that_cached_answers_are_keyed_on(neo4j_store):
    start = neo4j_store.generation
    neo4j_store.run("MATCH (n:Company) RETURN count(n) AS c")
    assert neo4j_store.generation == start
    neo4j_store.upsert_nodes("Company", [{"key": "91320400MA1234567X", "name": "甲"}])
    assert neo4j_store.generation == start + 1
    with pytest.raises(StoreError):
        neo4j_store.run("CREATE (m:Meta {key: $k}) RETURN m.nope(", {"k": "x"}, write=True)
    assert neo4j_store.generation == start + 2  # a failed write may have reached the server: counted too


def test_named_queries_run_the_file_text_with_bound_parameters(neo4j_store):
    neo4j_store.upsert_nodes("Company", [{"key": "91320400MA1234567X", "name": "甲公司"}])
    rows = query(neo4j_store, "company", key="91320400MA1234567X")
    assert [(r["key"], r["name"], r["placeholder"]) for r in rows] == [
        ("91320400MA1234567X", "甲公司", False)
    ]
    assert query(neo4j_store, "company", key="no such key") == []


def test_upserts_are_unwind_batches_of_the_configured_size_with_values_as_parameters(neo4j_server):
    store = live_store(neo4j_server)
    store.batch_size = 2
    sent: list[tuple[str, list]] = []
    real = store.run
    store.run = lambda cypher, params=None, write=False: (  # type: ignore[method-assign]
        (write and sent.append((cypher, (params or {}).get("rows")))) or real(cypher, params, write=write)
    )
    try:
        reset_neo4j(store)
        sent.clear()
        rows = [{"key": f"C{i}", "name": f"n{i}", "registered_at": date(2020, 1, i + 1)} for i in range(5)]
        assert store.upsert_nodes("Company", rows) == 5
        assert [len(r) for _, r in sent] == [2, 2, 1]
        text = sent[0][0]
        assert (
            text.startswith("UNWIND $rows AS r WITH r.key AS key") and "MERGE (n:Company {key: key})" in text
        )
        assert "n0" not in text, "values travel as parameters, never inside the text"
        # dates travel as ISO text (6x faster to encode than driver date objects), parsed in Cypher
        assert sent[0][1][0]["registered_at"] == "2020-01-01" and "date(r.registered_at)" in text
        back = real("MATCH (c:Company) RETURN c.key AS k, c.registered_at AS d ORDER BY k")
        assert back == [{"k": f"C{i}", "d": date(2020, 1, i + 1)} for i in range(5)]
    finally:
        store.close()
