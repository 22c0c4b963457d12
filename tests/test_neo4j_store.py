"""The Neo4j store at the driver boundary: what it sends (text, parameters, routing, batches) and how it
maps driver errors. No server runs here; the driver object is the only thing replaced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j import exceptions as ne

from graph_model.ddl import neo4j_ddl
from graph_model.errors import QueryTimeout, StoreError, StoreUnavailable
from graph_model.schema import load_schema
from graph_model.settings import Settings
from graph_model.stores import open_store
from graph_model.stores.neo4j import Neo4jStore


@dataclass
class Call:
    query: Query
    params: dict[str, Any]
    routing: RoutingControl
    database: str | None


@dataclass
class FakeDriver:
    """Records every execute_query call; answers with a count row or a scripted error."""

    calls: list[Call] = field(default_factory=list)
    error: Exception | None = None
    closed: bool = False

    def execute_query(self, query, params, routing_, database_, **_):
        self.calls.append(Call(query, params, routing_, database_))
        if self.error:
            raise self.error
        rows = params.get("rows")
        return ([{"c": len(rows) if rows is not None else 0}], None, ["c"])

    def close(self):
        self.closed = True


def make(**kw) -> tuple[Neo4jStore, FakeDriver]:
    driver = FakeDriver()
    return Neo4jStore("neo4j://cluster:7687", driver=driver, database="graph", **kw), driver


def test_reads_go_to_readers_and_writes_to_the_leader():
    store, driver = make()
    store.run("MATCH (n:Company) RETURN count(n) AS c")
    store.run("MERGE (m:Meta {key: $k})", {"k": "x"}, write=True)
    assert [c.routing for c in driver.calls] == [RoutingControl.READ, RoutingControl.WRITE]
    assert all(c.database == "graph" for c in driver.calls)


def test_writes_bump_the_generation_that_cached_answers_are_keyed_on():
    store, driver = make()
    start = store.generation
    store.run("MATCH (n:Company) RETURN count(n) AS c")
    assert store.generation == start
    store.upsert_nodes("Company", [{"key": "91320400MA1234567X", "name": "甲"}])
    driver.error = ne.ServiceUnavailable("gone")
    with pytest.raises(StoreUnavailable):
        store.run("MERGE (m:Meta {key: $k})", {"k": "x"}, write=True)
    assert store.generation == start + 2  # a failed write may have reached the server: counted too


def test_named_queries_send_the_file_text_and_bound_parameters():
    store, driver = make()
    store.query("company", key="91320400MA1234567X")
    call = driver.calls[0]
    assert call.query.text.startswith("MATCH (c:Company {key: $key})")
    assert call.params == {"key": "91320400MA1234567X"}
    assert call.routing == RoutingControl.READ


def test_timeout_travels_with_every_query():
    store, driver = make(query_timeout_ms=2500)
    store.run("RETURN 1 AS c")
    assert driver.calls[0].query.timeout == 2.5


def test_upserts_are_unwind_batches_of_the_configured_size():
    store, driver = make(batch_size=10_000)
    rows = [{"key": f"C{i}", "name": f"n{i}", "registered_at": date(2020, 1, 1)} for i in range(25_000)]
    assert store.upsert_nodes("Company", rows) == 25_000
    sizes = [len(c.params["rows"]) for c in driver.calls]
    assert sizes == [10_000, 10_000, 5_000]
    text = driver.calls[0].query.text
    assert text.startswith("UNWIND $rows AS r WITH r.key AS key")
    assert "MERGE (n:Company {key: key})" in text
    assert "n.name = coalesce(name, n.name)" in text
    assert all(c.routing == RoutingControl.WRITE for c in driver.calls)
    # values travel as parameters, never inside the text
    assert "n0" not in text
    # dates travel as ISO text (6x faster to encode than driver date objects) and are parsed in Cypher
    assert driver.calls[0].params["rows"][0]["registered_at"] == "2020-01-01"
    assert "date(r.registered_at) AS registered_at" in text


def test_relationship_upserts_match_both_ends_by_label_and_key():
    store, driver = make()
    store.upsert_rels(
        "OFFICER_OF", "Person", "Company", [{"src": "P1", "dst": "C1", "role": "董事"}], merge_on=["role"]
    )
    text = driver.calls[0].query.text
    assert "MATCH (a:Person {key: r.src}) WITH a, r MATCH (b:Company {key: r.dst})" in text
    assert "MERGE (a)-[x:OFFICER_OF {role: r.role}]->(b)" in text


@pytest.mark.parametrize(
    ("error", "mapped"),
    [
        (ne.ServiceUnavailable("down"), StoreUnavailable),
        (ne.AuthError("no"), StoreUnavailable),
        (
            ne.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Transaction.TransactionTimedOut", message="t"),
            QueryTimeout,
        ),
        (
            ne.Neo4jError._hydrate_neo4j(
                code="Neo.ClientError.Statement.SyntaxError", message="secret 320402"
            ),
            StoreError,
        ),
    ],
)
def test_driver_errors_map_to_store_errors_without_leaking_text(error, mapped):
    store, driver = make()
    driver.error = error
    with pytest.raises(mapped) as info:
        store.run("RETURN $x AS c", {"x": "320402199001010754"})
    assert "320402" not in str(info.value)


def test_schema_statements_are_constraints_and_indexes():
    store, driver = make()
    store.create_schema()
    sent = [c.query.text for c in driver.calls]
    assert sent == neo4j_ddl(load_schema())
    assert all(c.routing == RoutingControl.WRITE for c in driver.calls)


def test_neo4j_uri_selects_a_routing_driver_and_bolt_a_direct_one():
    routing = GraphDatabase.driver("neo4j://localhost:7687", auth=("u", "p"))
    direct = GraphDatabase.driver("bolt://localhost:7687", auth=("u", "p"))
    try:
        assert type(routing).__name__ == "Neo4jDriver"
        assert type(direct).__name__ == "BoltDriver"
    finally:
        routing.close()
        direct.close()


def test_open_store_picks_neo4j_when_the_uri_is_set(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://localhost:7687")
    store = open_store(Settings())
    try:
        assert isinstance(store, Neo4jStore)
        assert type(store.driver).__name__ == "Neo4jDriver"
    finally:
        store.close()


def test_a_bad_uri_is_one_clear_error():
    with pytest.raises(StoreUnavailable, match="NEO4J_URI"):
        Neo4jStore("http://nope")


def test_the_rust_extension_is_in_use():
    from neo4j._codec.packstream import RUST_AVAILABLE

    assert RUST_AVAILABLE
