"""The live Neo4j server the project starts itself: reachable, the schema declared, a write read back."""

from __future__ import annotations

import pytest

from conftest import NEO4J_GROUP

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


@pytest.mark.parametrize("label", ["Company", "Person"])
def test_each_test_starts_from_an_empty_graph(neo4j_store, label):
    assert neo4j_store.run(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"] == 0
    neo4j_store.run(f"MERGE (n:{label} {{key: 'x'}})", write=True)
