"""The write paths give the graph MERGE would, on both stores; the embedded store's own fast paths (lookups,
CREATE, minimal SETs, COPY) are checked on it alone."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from creditgraph.graph_model.errors import StoreError
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.stores.embedded import EmbeddedStore


def _companies(store: Store) -> dict[str, tuple]:
    rows = store.run("MATCH (c:Company) RETURN c.key AS k, c.name AS n, c.status AS s, c.placeholder AS p")
    return {r["k"]: (r["n"], r["s"], r["p"]) for r in rows}


def test_a_stale_hint_still_ends_in_the_merged_graph(store):
    store.upsert_nodes("Company", [{"key": "C1", "name": "甲"}])
    # told nothing exists: the CREATE of C1 fails on its key and the batch is merged instead
    assert (
        store.upsert_nodes(
            "Company", [{"key": "C1", "status": "注销"}, {"key": "C2", "name": "乙"}], existing={}
        )
        == 2
    )
    # told C3 exists when it does not: the SET falls short and the batch is merged instead
    assert store.upsert_nodes("Company", [{"key": "C3", "name": "丙"}], existing={"C3": False}) == 1
    assert _companies(store) == {
        "C1": ("甲", "注销", False),
        "C2": ("乙", None, False),
        "C3": ("丙", None, False),
    }


def test_placeholders_never_touch_what_exists_and_records_fill_them(store):
    store.upsert_nodes("Company", [{"key": "C1", "name": "甲"}])
    store.upsert_nodes(
        "Company", [{"key": "C1", "name": "别名"}, {"key": "C2", "name": "乙"}], placeholder=True
    )
    assert _companies(store) == {"C1": ("甲", None, False), "C2": ("乙", None, True)}
    store.upsert_nodes("Company", [{"key": "C2", "status": "存续"}], complete=False)
    assert _companies(store)["C2"] == ("乙", "存续", True)
    store.upsert_nodes("Company", [{"key": "C2", "name": None}])
    assert _companies(store)["C2"] == ("乙", "存续", False)


def test_a_redelivered_record_writes_nothing_and_a_change_writes_only_its_column(embedded_store, monkeypatch):
    store = embedded_store
    rows = [{"key": "C1", "name": "甲", "registered_at": date(2020, 1, 2), "status": "存续"}]
    store.upsert_nodes("Company", rows)
    writes: list[str] = []
    real = store._write_batch
    monkeypatch.setattr(
        store, "_write_batch", lambda cypher, batch: writes.append(cypher) or real(cypher, batch)
    )
    assert store.upsert_nodes("Company", rows) == 1
    assert writes == []
    store.upsert_nodes("Company", [{**rows[0], "status": "注销"}])
    assert len(writes) == 1 and "n.status" in writes[0] and "n.name" not in writes[0]
    assert _companies(store) == {"C1": ("甲", "注销", False)}


def test_repeated_keys_in_one_batch_go_through_merge_as_before(embedded_store, tmp_path):
    store = embedded_store
    rows = [{"key": "C1", "name": "甲"}, {"key": "C1", "status": "存续"}, {"key": "C1", "name": "乙"}]
    plain = EmbeddedStore(tmp_path / "plain.lbug")
    plain.create_schema()
    try:  # the one UNWIND … MERGE statement every store used to run
        merged = Store._upsert_node_batch(
            plain, "Company", rows, placeholder=False, complete=True, existing=None
        )
        assert store.upsert_nodes("Company", rows) == merged
        assert _companies(store) == _companies(plain)
    finally:
        plain.close()


def test_a_failing_copy_is_raised_not_hung(embedded_store):
    store = embedded_store

    def nodes():
        yield "Jurisdiction", pa.table({"key": ["320412"], "name": ["武进"]})
        yield "Company", pa.table({"key": ["C1", "C1"], "name": ["甲", "乙"]})  # duplicate key: COPY fails
        yield "Person", pa.table({"key": ["P1"]})

    with pytest.raises(StoreError):
        store.bulk_load(nodes(), [])
    assert store.run("MATCH (j:Jurisdiction) RETURN j.key AS k") == [{"k": "320412"}]


def test_an_unreadable_file_stops_a_load_into_a_graph_before_any_write(store, tmp_path):
    from creditgraph.ingest.records.loader import load_records
    from creditgraph.ingest.records.rejects import UnreadableFile

    store.upsert_nodes("Company", [{"key": "91320412MA1X00000A", "name": "甲"}])
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "companies.csv").write_text("uscc,name\n91320205000026834A,乙\n", encoding="utf-8")
    (batch / "persons.csv").write_bytes(b"id_number,name\n\xff\xff\xff,x\n")  # neither UTF-8 nor GB18030
    with pytest.raises(UnreadableFile):
        load_records(store, batch, as_of=date(2026, 6, 30), progress=False)
    assert set(_companies(store)) == {"91320412MA1X00000A"}
    (batch / "persons.csv").unlink()  # the same batch without the bad file loads its company
    load_records(store, batch, as_of=date(2026, 6, 30), progress=False)
    assert set(_companies(store)) == {"91320412MA1X00000A", "91320205000026834A"}


@pytest.mark.parametrize("bulk", [True, None], ids=["--mode bulk", "auto"])
def test_an_unreadable_file_stops_a_bulk_load_before_the_first_copy(store, tmp_path, monkeypatch, bulk):
    """The streamed bulk path copies companies.csv before it validates persons.csv: every file
    is decoded first, so a bad later file leaves the store empty (and the path open to a re-run)."""
    from creditgraph.ingest.records import loader
    from creditgraph.ingest.records.rejects import UnreadableFile

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "companies.csv").write_text("uscc,name\n91320205000026834A,乙\n", encoding="utf-8")
    (batch / "persons.csv").write_bytes(b"id_number,name\n\xff\xff\xff,x\n")  # neither UTF-8 nor GB18030
    monkeypatch.setattr(loader, "BULK_MIN_ROWS", 1)  # auto takes the bulk path even for two rows
    with pytest.raises(UnreadableFile):
        loader.load_records(store, batch, as_of=date(2026, 6, 30), progress=False, bulk=bulk)
    assert _companies(store) == {}


def test_the_streamed_bulk_path_merges_a_relationship_group_met_in_two_files(store):
    """Each file's relationships are copied as it is read; a group that comes again from a later
    file is merged instead, so the edge is not doubled (and the later record updates the node)."""
    import pandas as pd
    from rich.progress import Progress

    from creditgraph.ingest.records.bulk import write_bulk
    from creditgraph.ingest.records.loader import FileSummary
    from creditgraph.ingest.records.mapping import GraphFrames

    def frames(name: str) -> GraphFrames:
        g = GraphFrames()
        g.node("Company", pd.DataFrame({"key": ["C1", "C2"], "name": [name, "乙"]}))
        g.rel("SHAREHOLDER_OF", "Company", "Company", pd.DataFrame({"src": ["C1"], "dst": ["C2"]}))
        return g

    mapped = [
        (FileSummary("companies.csv"), [frames("甲")]),
        (FileSummary("shareholdings.csv"), [frames("甲二")]),
    ]
    placeholders = write_bulk(store, ["companies.csv", "shareholdings.csv"], mapped, Progress(disable=True))
    assert placeholders == {}
    assert store.run("MATCH (:Company)-[r:SHAREHOLDER_OF]->(:Company) RETURN count(r) AS c") == [{"c": 1}]
    assert store.run("MATCH (c:Company {key: 'C1'}) RETURN c.name AS n") == [{"n": "甲二"}]


def test_the_pieces_of_one_file_make_one_table_each_key_and_edge_once(store):
    """A big file comes in pieces: they are parts of one table (copied once), a key met in a
    later piece updates the node (the later row wins) and an edge met again is not doubled."""
    import pandas as pd
    from rich.progress import Progress

    from creditgraph.ingest.records.bulk import write_bulk
    from creditgraph.ingest.records.loader import FileSummary
    from creditgraph.ingest.records.mapping import GraphFrames

    def piece(keys: list[str], names: list[str], edges: list[tuple[str, str]]) -> GraphFrames:
        g = GraphFrames()
        g.node("Company", pd.DataFrame({"key": keys, "name": names}))
        src, dst = zip(*edges, strict=True)
        g.rel("SHAREHOLDER_OF", "Company", "Company", pd.DataFrame({"src": src, "dst": dst}))
        return g

    pieces = [
        piece(["C1", "C2"], ["甲", "乙"], [("C1", "C2")]),
        piece(["C3", "C1"], ["丙", "甲二"], [("C1", "C2"), ("C3", "C1")]),
    ]
    summary = FileSummary("companies.csv", read=4)
    assert write_bulk(store, ["companies.csv"], [(summary, pieces)], Progress(disable=True)) == {}
    names = store.run("MATCH (c:Company) RETURN c.key AS k, c.name AS n, c.placeholder AS p ORDER BY k")
    assert names == [
        {"k": "C1", "n": "甲二", "p": False},
        {"k": "C2", "n": "乙", "p": False},
        {"k": "C3", "n": "丙", "p": False},
    ]
    edges = store.run(
        "MATCH (a:Company)-[r:SHAREHOLDER_OF]->(b:Company) RETURN a.key AS src, b.key AS dst ORDER BY src"
    )
    assert edges == [{"src": "C1", "dst": "C2"}, {"src": "C3", "dst": "C1"}]
