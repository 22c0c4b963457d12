"""The Neo4j store at the driver boundary, for what one live server cannot show: reads routed to the
readers of a cluster and writes to its leader, driver errors (a lost cluster, a timeout code) mapped
to clear errors, the driver a URI selects. Everything else runs on the live server
(tests/graph_model/test_neo4j_live.py and every store-level test's ``[neo4j]`` case)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from neo4j import READ_ACCESS, GraphDatabase, Query, RoutingControl
from neo4j import exceptions as ne

from creditgraph.graph_model.errors import QueryTimeout, StoreError, StoreUnavailable
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores import open_store
from creditgraph.graph_model.stores.neo4j import Neo4jStore


@dataclass
class Call:
    query: Query
    params: dict[str, Any]
    routing: RoutingControl
    database: str | None


@dataclass
class FakeDriver:
    """Records every statement (writes through execute_query, reads through a session's auto-commit
    run); answers with a count row or a scripted error."""

    calls: list[Call] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)  # raised once each, by the next calls
    error: Exception | None = None  # raised by every call after those
    closed: bool = False

    def _answer(self, call: Call) -> list[dict[str, int]]:
        self.calls.append(call)
        if self.errors:
            raise self.errors.pop(0)
        if self.error:
            raise self.error
        rows = call.params.get("rows")
        return [{"c": len(rows) if rows is not None else 0}]

    def execute_query(self, query, params, routing_, database_, **_):
        return (self._answer(Call(query, params, routing_, database_)), None, ["c"])

    def session(self, database, default_access_mode):
        routing = RoutingControl.READ if default_access_mode == READ_ACCESS else RoutingControl.WRITE
        driver = self

        class Session:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return None

            def run(self, query, params):
                records = driver._answer(Call(query, params, routing, database))

                class Result(list):
                    def keys(self):
                        return ["c"]

                return Result(records)

        return Session()

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


def test_a_read_is_tried_again_when_the_server_is_lost_for_a_moment():
    store, driver = make()
    driver.errors = [ne.SessionExpired("leader switch"), ne.ServiceUnavailable("no reader yet")]
    assert store.run("MATCH (n:Company) RETURN count(n) AS c") == [{"c": 0}]
    assert len(driver.calls) == 3 and {c.routing for c in driver.calls} == {RoutingControl.READ}


def test_a_read_that_keeps_failing_gives_up_after_the_retry_time():
    store, driver = make(retry_s=0.3)
    driver.error = ne.ServiceUnavailable("down")
    with pytest.raises(StoreUnavailable):
        store.run("RETURN 1 AS c")
    assert 2 <= len(driver.calls) <= 6  # 0.05 + 0.1 + 0.2 s of backoff fit in 0.3 s at most


def test_a_read_the_server_rejects_is_not_tried_again():
    store, driver = make()
    driver.error = ne.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="x")
    with pytest.raises(StoreError):
        store.run("RETURN 1 AS c")
    assert len(driver.calls) == 1


def test_a_bulk_load_waits_for_the_full_text_index_without_the_query_time_limit():
    store, driver = make(query_timeout_ms=30_000)
    store.bulk_load([], [])
    texts = [c.query.text for c in driver.calls]
    assert texts[0].startswith("DROP INDEX name_fulltext")
    assert texts[1].startswith("CREATE FULLTEXT INDEX name_fulltext")
    wait = driver.calls[2]
    assert "awaitIndex" in wait.query.text and wait.query.timeout is None
    assert all(c.query.timeout == 30 for c in driver.calls[:2])
