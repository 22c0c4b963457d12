"""Neo4j's own bulk path: ``creditgraph export neo4j-import --run`` (neo4j-admin from the pinned jars,
into a stopped database of a second Neo4j home) builds the graph that ``creditgraph ingest records``
of the same batch builds on the live test server: the same counts per label and relationship type,
the same properties on a sample of every label and relationship table, the same keys.

The second server (build/neo4j-import, the test ports + 1) is stopped before the import, started to
read the result, and stopped at the end; the shared test server is never stopped.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j_homes import NEO4J_SH, SideServer, plain_env

from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.neo4j import Neo4jStore

from conftest import NEO4J_GROUP

pytestmark = NEO4J_GROUP

SCHEMA = load_schema()
AS_OF = "2026-06-30"
SECRET = "cd" * 32
SAMPLE = 25


def _cli(args: list[str], env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "creditgraph.api", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class ImportHome(SideServer):
    """A second Neo4j home (build/neo4j-import, the test ports + 1) to import into, stopped."""

    def __init__(self, neo4j_server: dict[str, str]) -> None:
        super().__init__(neo4j_server, "neo4j-import", 1)

    def admin_env(self, **extra: str) -> dict[str, str]:
        """What `creditgraph export neo4j-import --run` runs with: neo4j-admin is the checkout's."""
        return {**self.env, "NEO4J_ADMIN": f"bash {NEO4J_SH} admin", **extra}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    from creditgraph.ingest.synth import synth

    root = tmp_path_factory.mktemp("admin_import")
    synth(root / "batch", subjects=400, seed=5)  # seed 5: officers with two roles in one company
    return root / "batch"


@pytest.fixture(scope="module")
def import_home(neo4j_server):
    home = ImportHome(neo4j_server)
    home.script("stop")
    shutil.rmtree(home.home / "data", ignore_errors=True)  # a fresh home: no database yet
    yield home
    home.script("stop")


@pytest.fixture(scope="module")
def imported(import_home, batch, tmp_path_factory):
    """The batch exported and imported by neo4j-admin, the server started and `creditgraph init` run;
    yields a store on it."""
    work = tmp_path_factory.mktemp("admin_export")
    env = import_home.admin_env(CREDITGRAPH_DB=str(work / "secret.lbug"), CREDITGRAPH_ID_SECRET=SECRET)
    done = _cli(
        [
            "export",
            "neo4j-import",
            str(work / "files"),
            "--from",
            str(batch),
            "--as-of",
            AS_OF,
            "--secret-from-db",
            "--run",
            "--json",
        ],
        env,
    )
    assert done.returncode == 0, done.stderr

    summary = json.loads(done.stdout)
    import_home.script("start")
    init = _cli(
        ["init"],
        plain_env(NEO4J_URI=import_home.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=import_home.password),
        timeout=600,
    )
    assert init.returncode == 0, init.stderr
    store = Neo4jStore(import_home.uri, password=import_home.password, query_timeout_ms=600_000)
    store.run("CALL db.awaitIndexes(600)")  # `init` declares them; lookups by key want them online
    yield store, summary
    store.close()


@pytest.fixture
def ingested(neo4j_store, neo4j_server, batch):
    """`creditgraph ingest records` of the same batch into the live test server (emptied first)."""
    env = plain_env(
        NEO4J_URI=neo4j_server["uri"],
        NEO4J_USER="neo4j",
        NEO4J_PASSWORD=neo4j_server["password"],
        CREDITGRAPH_ID_SECRET=SECRET,
    )
    done = _cli(["ingest", "records", str(batch), "--as-of", AS_OF, "--json"], env)
    assert done.returncode == 0, done.stderr
    return neo4j_store


def _nodes(store: Neo4jStore, label: str, keys: list[str]) -> dict[str, dict]:
    rows = store.run(f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN n", {"keys": keys})
    return {r["n"]["key"]: {k: v for k, v in r["n"].items() if k != "_id"} for r in rows}


def _rels(store: Neo4jStore, rel_type: str, src: str, dst: str, pairs: list[list[str]]) -> list[tuple]:
    rows = store.run(
        f"UNWIND $pairs AS p MATCH (a:{src} {{key: p[0]}})-[x:{rel_type}]->(b:{dst} {{key: p[1]}}) "
        "RETURN a.key AS src, b.key AS dst, x",
        {"pairs": pairs},
    )
    return sorted(
        (r["src"], r["dst"], sorted((k, str(v)) for k, v in r["x"].items() if not k.startswith("_")))
        for r in rows
    )


def test_admin_import_builds_the_graph_ingest_records_builds(imported, ingested):
    store, summary = imported
    assert summary["imported"]["nodes"] > 0 and summary["rejected"] >= 0
    counts, expected = store.counts(), ingested.counts()
    assert counts == expected
    assert sum(counts["nodes"].values()) > 1000 and sum(counts["relationships"].values()) > 1000
    # what neo4j-admin said it wrote is what is there (plus the Meta node with the secret)
    assert summary["imported"]["nodes"] == sum(counts["nodes"].values()) + 1
    assert summary["imported"]["relationships"] == sum(counts["relationships"].values())
    assert store.get_meta("id_secret") == ingested.get_meta("id_secret") == SECRET

    rng = random.Random(4)
    labels = [label for label, n in expected["nodes"].items() if n]
    assert {"Person", "Company", "ListEntry", "Violation"} <= set(labels)
    for label in labels:
        keys = [r["k"] for r in ingested.run(f"MATCH (n:{label}) RETURN n.key AS k ORDER BY k")]
        sample = rng.sample(keys, min(SAMPLE, len(keys)))
        ours, theirs = _nodes(store, label, sample), _nodes(ingested, label, sample)
        assert len(theirs) == len(sample)
        assert ours == theirs, label
    compared = 0
    for rel_type, rel in SCHEMA.relationships.items():
        for src, dst in rel.pairs:
            pairs = ingested.run(
                f"MATCH (a:{src})-[:{rel_type}]->(b:{dst}) RETURN DISTINCT a.key AS s, b.key AS d ORDER BY s, d"
            )
            if not pairs:
                continue
            sample = [[p["s"], p["d"]] for p in rng.sample(pairs, min(SAMPLE, len(pairs)))]
            assert _rels(store, rel_type, src, dst, sample) == _rels(ingested, rel_type, src, dst, sample)
            compared += 1
    assert compared >= 20


def test_importing_over_a_database_or_into_a_running_one_is_one_clear_line(
    imported, import_home, batch, tmp_path
):
    """After the fixture above the database exists and its server runs: neo4j-admin refuses, and the
    command says why in one line naming its log, with no Java stack trace."""
    env = import_home.admin_env(CREDITGRAPH_DB=str(tmp_path / "s.lbug"))
    out = tmp_path / "files"
    args = ["export", "neo4j-import", str(out), "--from", str(batch), "--as-of", AS_OF, "--run"]
    for stop_first, says in ((False, "The database is in use"), (True, "Database already exist")):
        if stop_first:
            import_home.script("stop")
        done = _cli(args, env)
        assert done.returncode == 1, done.stdout
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("error: neo4j-admin import into database 'neo4j' failed")
        assert says in lines[0] and str(out / "import.log") in lines[0]
        assert "Exception" not in done.stderr and "Traceback" not in done.stderr
    bad = _cli([*args, "--neo4j-admin", str(tmp_path / "no-such-tool")], env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "--neo4j-admin: cannot run" in bad.stderr


def test_bulk_ingest_on_neo4j_keeps_every_edge_as_the_embedded_bulk_load_does(neo4j_store, batch, tmp_path):
    """`ingest records --mode bulk` on Neo4j (UNWIND batches, the base store's bulk path) builds the
    embedded bulk load's graph. It once MERGEd bulk edges on their ends alone, folding an officer's
    two roles in one company into one edge (4 of 173 OFFICER_OF edges lost on a 400-subject batch)."""
    from datetime import date

    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.records.loader import load_records

    as_of = date.fromisoformat(AS_OF)
    neo4j_store.set_meta("id_secret", SECRET)
    load_records(neo4j_store, batch, as_of=as_of, progress=False, bulk=True, rejects_path=tmp_path / "n.csv")
    with EmbeddedStore(tmp_path / "e.lbug") as embedded:
        embedded.create_schema()
        embedded.set_meta("id_secret", SECRET)
        load_records(embedded, batch, as_of=as_of, progress=False, bulk=True, rejects_path=tmp_path / "e.csv")
        assert neo4j_store.counts() == embedded.counts()
        q = (
            "MATCH (p:Person)-[x:OFFICER_OF]->(c:Company) "
            "RETURN p.key AS person, c.key AS company, x.role AS role, x.since AS since, x.until AS until"
        )
        theirs, ours = embedded.run(q), neo4j_store.run(q)
    key = lambda r: (r["person"], r["company"], r["role"] or "", str(r["since"]), str(r["until"]))  # noqa: E731
    assert sorted(ours, key=key) == sorted(theirs, key=key)
    pairs = [(r["person"], r["company"]) for r in theirs]
    assert len(set(pairs)) < len(pairs)  # the batch has officers with two roles in one company
