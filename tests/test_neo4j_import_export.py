"""``creditgraph export neo4j-import``: neo4j-admin import files from a contract batch.

The headers are checked against the schema file (every label, type, endpoint pair and property
exported is declared, with the right type), the files parse back with the csv module, the counts
match what ``ingest records`` loads from the same batch, and persons keyed with the store's secret
meet the same keys as an incremental load.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditgraph.api.cli_export import ARRAY_DELIMITER, NEO4J_TYPES, export_neo4j_import
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.embedded import EmbeddedStore

SCHEMA = load_schema()
AS_OF = date(2026, 6, 30)
SECRET = "ab" * 32
ID = re.compile(r"^key:ID\((\w+)\)$")
START = re.compile(r"^:START_ID\((\w+)\)$")
END = re.compile(r"^:END_ID\((\w+)\)$")
VALUE = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "boolean": re.compile(r"true|false"),
    "long": re.compile(r"-?\d+"),
    "double": re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    from creditgraph.ingest.synth import synth

    root = tmp_path_factory.mktemp("export")
    synth(root / "batch", subjects=400, seed=5)
    return root / "batch"


@pytest.fixture(scope="module")
def exported(batch, tmp_path_factory):
    out = tmp_path_factory.mktemp("import")
    return export_neo4j_import(batch, out, secret=SECRET, as_of=AS_OF)


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _prop(column: str) -> tuple[str, str]:
    name, _, typ = column.partition(":")
    return name, typ


def test_node_headers_match_the_schema(exported):
    assert exported.nodes and "Meta" in exported.nodes
    for label, (header, data, rows) in exported.nodes.items():
        node = SCHEMA.node(label)  # a declared label
        (head,) = _read(header)
        assert ID.match(head[0]).group(1) == label  # one id-space per label
        assert head[-1] == ":LABEL"
        for column in head[1:-1]:
            name, typ = _prop(column)
            assert name in node.properties, f"{label}.{name} is not declared"
            assert typ == NEO4J_TYPES[node.properties[name].type], f"{label}.{name}: {typ}"
        body = _read(data)
        assert len(body) == rows > 0
        keys = [r[0] for r in body]
        assert len(set(keys)) == len(keys), f"{label}: duplicate keys"
        for r in body:
            assert len(r) == len(head)
            assert r[-1] == label
            for column, value in zip(head[1:-1], r[1:-1], strict=True):
                name, typ = _prop(column)
                if value and typ in VALUE:
                    assert VALUE[typ].fullmatch(value), f"{label}.{name} = {value!r}"


def test_relationship_headers_match_the_schema(exported):
    assert exported.rels
    for (rel_type, src, dst), (header, data, rows) in exported.rels.items():
        rel = SCHEMA.rel(rel_type)
        (head,) = _read(header)
        assert START.match(head[0]).group(1) == src and END.match(head[1]).group(1) == dst
        assert (src, dst) in rel.pairs, f"{rel_type} {src}->{dst} is not a declared pair"
        assert head[2] == ":TYPE"
        for column in head[3:]:
            name, typ = _prop(column)
            assert name in rel.properties and typ == NEO4J_TYPES[rel.properties[name].type], column
        body = _read(data)
        assert len(body) == rows > 0
        node_keys = {
            label: {r[0] for r in _read(exported.nodes[label][1])}
            for label in (src, dst)
            if label in exported.nodes
        }
        for r in body:
            assert len(r) == len(head) and r[2] == rel_type
            assert r[0] in node_keys[src] and r[1] in node_keys[dst], f"{rel_type}: an end has no node"


def test_lists_dates_and_the_command(exported):
    header, data, _ = exported.nodes["ListEntry"]
    head = _read(header)[0]
    assert "measures:string[]" in head and "listed_at:date" in head
    measures = [r[head.index("measures:string[]")] for r in _read(data)]
    assert any(ARRAY_DELIMITER in m for m in measures)
    command = (exported.out_dir / "import-command.txt").read_text(encoding="utf-8")
    # the database name right after `full`: after the last --relationships it would be read as a file
    assert command.splitlines()[0] == "neo4j-admin database import full neo4j \\"
    assert f"--report-file={exported.out_dir / 'import.report'}" in command
    assert f"--array-delimiter={ARRAY_DELIMITER}" in command
    assert command.count("--nodes=") == len(exported.nodes)
    assert command.count("--relationships=") == len(exported.rels)
    for h, d, _ in [*exported.nodes.values(), *exported.rels.values()]:
        assert f"{h},{d}" in command
    meta = _read(exported.nodes["Meta"][1])
    assert meta[0][:3] == ["id_secret", "id_secret", SECRET]


def test_same_graph_and_keys_as_ingest_records(batch, exported, tmp_path):
    from creditgraph.ingest.records.loader import load_records

    store = EmbeddedStore(tmp_path / "db.lbug")
    try:
        store.create_schema()
        store.set_meta("id_secret", SECRET)  # the secret --secret-from-db would read
        load_records(store, batch, as_of=AS_OF, progress=False, bulk=True, rejects_path=tmp_path / "r.csv")
        counts = store.counts()
        person_keys = {r["k"] for r in store.run("MATCH (p:Person) RETURN p.key AS k")}
    finally:
        store.close()
    for label, (_, _, rows) in exported.nodes.items():
        if label != "Meta":
            assert rows == counts["nodes"][label], label
    exported_rels: dict[str, int] = {}
    for (rel_type, _, _), (_, _, rows) in exported.rels.items():
        exported_rels[rel_type] = exported_rels.get(rel_type, 0) + rows
    for rel_type, n in counts["relationships"].items():
        assert exported_rels.get(rel_type, 0) == n, rel_type
    assert {r[0] for r in _read(exported.nodes["Person"][1])} == person_keys


def test_cli_takes_the_secret_from_the_store(batch, tmp_path, monkeypatch):
    from creditgraph.api.cli import app

    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("CREDITGRAPH_DB", str(tmp_path / "db.lbug"))
    store = EmbeddedStore(tmp_path / "db.lbug")
    store.create_schema()
    store.set_meta("id_secret", SECRET)
    store.close()
    out = tmp_path / "import"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "neo4j-import",
            str(out),
            "--from",
            str(batch),
            "--secret-from-db",
            "--as-of",
            "2026-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    assert _read(out / "nodes_Meta.csv")[0][2] == SECRET
