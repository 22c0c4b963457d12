"""Record ingest end to end: a synthetic batch into each real store, checked against truth.json."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.errors import InputError
from creditgraph.ingest.records.loader import load_records
from creditgraph.ingest.synth import synth

from graph_fingerprint import fingerprint, graph_dump

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "batch"
    synth(folder, subjects=1500, seed=11, bad_rows=0.02, encodings="mixed")
    return folder


@pytest.fixture
def loaded(batch, loaded_graph):
    store, summary = loaded_graph(
        "loader:1500:11", lambda s: load_records(s, batch, as_of=AS_OF, progress=False)
    )
    return store, summary, json.loads((batch / "truth.json").read_text(encoding="utf-8"))


def test_every_planted_list_entry_and_its_subject_is_in_the_graph(loaded):
    store, _, truth = loaded
    entries = {r["entry_id"] for r in truth["reappearances"]} | {r["entry_id"] for r in truth["courier_bans"]}
    rows = store.run("MATCH (e:ListEntry) WHERE e.key IN $keys RETURN e.key AS k", {"keys": sorted(entries)})
    assert {r["k"] for r in rows} == entries


def test_every_bad_row_is_rejected_with_its_reason(loaded):
    _store, summary, truth = loaded
    assert truth["bad_rows"], "the batch must plant bad rows"
    with open(summary.rejects_file, encoding="utf-8") as fh:
        rejects = list(csv.DictReader(fh))
    got = {(r["file"], int(r["line"]), r["column"], r["code"]) for r in rejects}
    for bad in truth["bad_rows"]:
        assert (bad["file"], bad["line"], bad["column"], bad["reason"]) in got, bad
    # personal values are masked in the rejects file
    for r in rejects:
        if r["column"] in ("id_number", "person_id_number") and len(r["value"]) == 18:
            assert "*" in r["value"]


def test_nothing_valid_is_missing(loaded, batch):
    store, summary, truth = loaded
    bad_lines = {(b["file"], b["line"]) for b in truth["bad_rows"]}
    per_file = {f.file: f for f in summary.files}
    for name, count in truth["counts"].items():
        f = per_file[name]
        bad = len({line for (file, line) in bad_lines if file == name})
        assert f.read == count, name
        assert f.rejected == bad, name
    from creditgraph.ingest.records.reader import read_table

    table = read_table(batch / "companies.csv")
    good = {
        uscc.strip().upper()
        for uscc, line in zip(table.frame["uscc"], table.lines, strict=True)
        if ("companies.csv", int(line)) not in bad_lines
    }
    stored = {r["k"] for r in store.run("MATCH (c:Company) WHERE c.placeholder = false RETURN c.key AS k")}
    assert stored == good


def test_mixed_encodings_load_the_same_names(loaded, batch):
    store, summary, _truth = loaded
    assert {f.file: f.encoding for f in summary.files}["companies.csv"] in ("gb18030", "gbk")
    row = next(r for r in _rows(batch / "companies.csv") if r["uscc"] and len(r["uscc"]) == 18)
    got = store.run("MATCH (c:Company {key: $k}) RETURN c.name AS n", {"k": row["uscc"]})
    assert got and got[0]["n"] == row["name"].strip()


def test_loading_the_same_batch_twice_changes_nothing(batch, store):
    load_records(store, batch, as_of=AS_OF, progress=False)
    first = graph_dump(store)
    again = load_records(store, batch, as_of=AS_OF, progress=False)
    assert graph_dump(store) == first
    assert again.placeholders == {}
    companies = next(f for f in again.files if f.file == "companies.csv")
    assert companies.loaded == 0 and companies.updated > 0


def test_bulk_and_incremental_paths_build_the_same_graph(batch, fresh_store):
    prints = []
    for bulk in (True, False):  # one store at a time: Neo4j has one database
        store = fresh_store("bulk" if bulk else "incremental")
        store.set_meta("id_secret", "fixed-for-comparison")
        summary = load_records(store, batch, as_of=AS_OF, progress=False, bulk=bulk)
        assert summary.mode == ("bulk" if bulk else "incremental")
        prints.append(fingerprint(store))
    assert prints[0] == prints[1]


def test_a_bulk_load_in_pieces_builds_the_graph_of_whole_files(batch, fresh_store, tmp_path, monkeypatch):
    """A province's files are read, validated, mapped and copied in pieces: with pieces of 16 kB
    (six to roles.csv here; mixed encodings, bad rows) the graph, every count of every file and
    every reject line are those of the load that read each file whole."""
    from creditgraph.ingest.records import reader

    outcomes = []
    for piece_bytes in (reader.PIECE_BYTES, 16_384):
        monkeypatch.setattr(reader, "PIECE_BYTES", piece_bytes)
        pieces = len(list(reader.read_pieces(batch / "roles.csv")))  # ~100 kB
        assert pieces == 1 if piece_bytes > 1e6 else pieces >= 5
        store = fresh_store(f"pieces-{piece_bytes}")
        store.set_meta("id_secret", "fixed-for-comparison")
        rejects = tmp_path / f"rejects-{piece_bytes}.csv"
        summary = load_records(store, batch, rejects_path=rejects, as_of=AS_OF, progress=False, bulk=True)
        counts = [
            (f.file, f.read, f.loaded, f.updated, f.merged, f.rejected, f.encoding) for f in summary.files
        ]
        outcomes.append(
            (fingerprint(store), counts, sorted(rejects.read_text(encoding="utf-8").splitlines()))
        )
    assert outcomes[0] == outcomes[1]


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _rows(path: Path) -> list[dict[str, str]]:
    from creditgraph.ingest.records.reader import read_table

    return read_table(path).frame.to_dict("records")


USCC_A = "91320400MA1MXXXX0T"


def _valid_uscc(body: str) -> str:
    from creditgraph.graph_model.types import uscc_check_char

    return body + uscc_check_char(body)


def _valid_id(body: str) -> str:
    from creditgraph.graph_model.types import citizen_id_check_char

    return body + citizen_id_check_char(body)


def test_placeholder_then_fill_and_incremental_updates(tmp_path, store):
    company = _valid_uscc("91320400MA1MAB12C")
    other = _valid_uscc("91320400MA1MAB12D")
    person = _valid_id("32040219900101075")
    first = tmp_path / "b1"
    _write(
        first,
        "roles.csv",
        ["company_uscc", "person_id_number", "role", "since"],
        [[company, person, "法定代表人", "2020-01-01"]],
    )
    s1 = load_records(store, first, as_of=AS_OF, progress=False)
    assert s1.placeholders == {"Company": 1, "Person": 1}
    ph = store.run("MATCH (c:Company {key: $k}) RETURN c.placeholder AS p", {"k": company})
    assert ph == [{"p": True}]

    second = tmp_path / "b2"
    _write(
        second,
        "companies.csv",
        ["uscc", "name", "status"],
        [[company, "甲公司", "存续"], [other, "乙公司", "在业"]],
    )
    s2 = load_records(store, second, as_of=AS_OF, progress=False)
    f = s2.files[0]
    assert (f.loaded, f.filled, f.updated) == (1, 1, 0)
    row = store.run(
        "MATCH (p:Person)-[:LEGAL_REP_OF]->(c:Company {key: $k}) RETURN c.placeholder AS ph, c.name AS n",
        {"k": company},
    )
    assert row == [{"ph": False, "n": "甲公司"}]

    third = tmp_path / "b3"
    _write(third, "companies.csv", ["uscc", "name", "status"], [[company, "甲公司（新）", ""]])
    s3 = load_records(store, third, as_of=AS_OF, progress=False)
    assert (s3.files[0].loaded, s3.files[0].updated) == (0, 1)
    row = store.run("MATCH (c:Company {key: $k}) RETURN c.name AS n, c.status AS s", {"k": company})
    assert row == [{"n": "甲公司（新）", "s": "存续"}], "an empty cell never erases a known value"


def test_a_file_missing_a_required_column_is_one_error_and_loads_nothing(tmp_path, store):
    folder = tmp_path / "b"
    _write(folder, "companies.csv", ["uscc", "status"], [[_valid_uscc("91320400MA1MAB12C"), "存续"]])
    summary = load_records(store, folder, as_of=AS_OF, progress=False)
    assert summary.errors and "name" in summary.errors[0] and "companies.csv" in summary.errors[0]
    assert store.counts()["nodes"]["Company"] == 0


def test_a_folder_without_contract_files_is_a_clear_error(tmp_path, store):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="none of the contract files"):
        load_records(store, tmp_path / "empty", progress=False)
    with pytest.raises(InputError, match="not a folder"):
        load_records(store, tmp_path / "nope", progress=False)


def test_event_dates_after_the_load_date_are_rejected(tmp_path, store):
    folder = tmp_path / "future"
    _write(
        folder,
        "companies.csv",
        ["uscc", "name", "registered_at"],
        [[_valid_uscc("91320400MA1MAB12C"), "甲", "2031-01-01"]],
    )
    summary = load_records(store, folder, as_of=AS_OF, progress=False)
    assert summary.files[0].rejected == 1
    assert "after the load date" in Path(summary.rejects_file).read_text(encoding="utf-8")


@pytest.fixture
def two_files_one_address(tmp_path) -> tuple[Path, str]:
    """A company and a person at one address spelled two ways, and the company an intermediary."""
    company, person = _valid_uscc("91320400MA1MAB12C"), _valid_id("32040219900101075")
    batch = tmp_path / "batch"
    _write(
        batch,
        "companies.csv",
        ["uscc", "name", "address"],
        [[company, "甲公司", "江苏常州武进湖塘人民路１８号"]],
    )
    _write(
        batch,
        "persons.csv",
        ["id_number", "name", "address"],
        [[person, "张三", "常州市武进区湖塘镇人民路十八号"]],
    )
    _write(batch, "intermediaries.csv", ["uscc", "category"], [[company, "评估"]])
    return batch, company


def test_every_partial_row_is_held_for_by_the_bulk_path(two_files_one_address, batch, tmp_path):
    """The streamed bulk path copies a label's records once its file is mapped, unless a later
    file adds partial rows to it (HELD_FOR): every partial frame the mappers make is declared."""
    from creditgraph.ingest.records.bulk import HELD_FOR
    from creditgraph.ingest.records.loader import contract_files, default_context, validate_and_map

    ctx = default_context("fixed-for-comparison")
    partial = set()
    for folder in (two_files_one_address[0], batch):
        for path in contract_files(folder)[0]:
            _, frames = validate_and_map(path, ctx, AS_OF, tmp_path / "rejects.csv")
            partial |= {(n.label, path.name) for n in frames.nodes if n.kind == "partial"}
    assert ("Company", "intermediaries.csv") in partial
    assert all(name in HELD_FOR.get(label, ()) for label, name in partial), partial


def test_one_address_spelled_two_ways_in_two_files_ends_the_same_on_both_paths(
    two_files_one_address, fresh_store
):
    """The bulk path copies companies' addresses before persons.csv is read; the persons' spelling
    of the same address (one key) must still win, as it does when the files are merged; and the
    company waits for intermediaries.csv, whose category it gets."""
    batch, company = two_files_one_address
    names = []
    for bulk in (True, False):
        store = fresh_store(f"{bulk}")
        summary = load_records(store, batch, as_of=AS_OF, progress=False, bulk=bulk)
        assert summary.mode == ("bulk" if bulk else "incremental")
        names.append(store.run("MATCH (a:Address) RETURN a.name AS n, count(*) AS c"))
        company_row = store.run(
            "MATCH (c:Company {key: $k}) RETURN c.name AS n, c.intermediary_category AS cat, c.placeholder AS p",
            {"k": company},
        )
        assert company_row == [{"n": "甲公司", "cat": "评估", "p": False}]
    assert names[0] == names[1] == [{"n": "常州市武进区湖塘镇人民路十八号", "c": 1}]


def test_a_bulk_load_after_policy_ingest_merges_the_jurisdictions_it_names(batch, fresh_store):
    """Policy ingest makes jurisdictions (and agencies, violation types) before any record: the
    bulk path copies only the ones the store lacks, and ends in the incremental path's graph
    (`make demo` loads its 20,000-subject batch this way)."""
    prints = []
    for bulk in (True, False):  # one store at a time: Neo4j has one database
        store = fresh_store("bulk" if bulk else "incremental")
        store.set_meta("id_secret", "fixed-for-comparison")
        store.upsert_nodes("Jurisdiction", [{"key": "320412", "name": "武进区"}])
        summary = load_records(store, batch, as_of=AS_OF, progress=False, bulk=bulk)
        assert summary.mode == ("bulk" if bulk else "incremental")
        assert store.run("MATCH (j:Jurisdiction {key: '320412'}) RETURN j.name AS n, j.placeholder AS p") == [
            {"n": "武进区", "p": False}
        ]
        prints.append(fingerprint(store))
    assert prints[0] == prints[1]


def test_rows_of_gives_python_values_and_none_for_every_missing_kind() -> None:
    import numpy as np
    import pandas as pd

    from creditgraph.ingest.records.mapping import rows_of

    frame = pd.DataFrame(
        {
            "n": [1, 2],
            "ratio": [0.5, np.nan],
            "s": pd.Series(["a", None], dtype="string"),
            "o": [date(2020, 1, 2), None],
            "flag": [True, False],
        }
    )
    rows = rows_of(frame)
    assert rows == [
        {"n": 1, "ratio": 0.5, "s": "a", "o": date(2020, 1, 2), "flag": True},
        {"n": 2, "ratio": None, "s": None, "o": None, "flag": False},
    ]
    assert [type(v) for v in rows[0].values()] == [int, float, str, date, bool]
    assert rows_of(frame.iloc[:0]) == []


def test_a_load_leaves_garbage_collection_as_it_found_it(tmp_path, store) -> None:
    import gc

    folder = tmp_path / "b"
    _write(folder, "companies.csv", ["uscc", "name"], [[_valid_uscc("91320400MA1MAB12C"), "常州甲公司"]])
    load_records(store, folder, as_of=AS_OF, progress=False)
    assert gc.get_freeze_count() == 0
    with pytest.raises(InputError, match="empty store"):
        load_records(store, folder, as_of=AS_OF, progress=False, bulk=True)  # refused mid-load
    assert gc.get_freeze_count() == 0


def test_two_batches_of_different_seeds_load_side_by_side(tmp_path, store):
    """Issue 18: a second seed's batch reused the first one's record, entry and product ids, so loading
    it silently rewrote them. Now every record, entry and product of both batches is in the graph."""
    expected: dict[str, int] = {}
    for seed in (5, 6):
        folder = tmp_path / f"seed{seed}"
        synth(folder, subjects=300, seed=seed)
        load_records(store, folder, as_of=AS_OF, progress=False)
        for name, column in (
            ("violations.csv", "record_id"),
            ("list_entries.csv", "entry_id"),
            ("products.csv", "product_id"),
        ):
            expected[name] = expected.get(name, 0) + len({r[column] for r in _rows(folder / name)})
    for label, name in (
        ("Violation", "violations.csv"),
        ("ListEntry", "list_entries.csv"),
        ("Product", "products.csv"),
    ):
        got = store.run(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"]
        assert got == expected[name], (label, got, expected[name])


def test_key_hashes_are_pandas_hashes_without_the_factorizing():
    """The bulk loader remembers keys and edges by 64-bit hash; skipping pandas' factorize step
    (the keys are nearly all distinct) gives a column the very hashes pandas gave, repeated and
    missing values included; an edge's hash changes with any of its columns, and a missing value
    hashes alike whichever form it takes."""
    import numpy as np
    import pandas as pd

    from creditgraph.ingest.records.bulk import key_hashes

    keys = pd.Series(["a", "b", "a", None, "长三角", "b"] * 50, dtype="string[pyarrow]")
    assert np.array_equal(key_hashes(keys), pd.util.hash_array(keys.to_numpy(dtype=object)))
    mixed = pd.Series(["a", None, np.nan, pd.NA], dtype=object)
    assert len(set(key_hashes(mixed)[1:].tolist())) == 1 != len(set(key_hashes(mixed).tolist()))
    edges = pd.DataFrame(
        {
            "src": ["p1", "p1", "p1", "p2", "p1"],
            "dst": ["c1", "c1", "c2", "c1", "c1"],
            "role": ["董事", None, "董事", "董事", pd.NA],
        }
    )
    h = key_hashes(edges).tolist()
    assert h[1] == h[4] and len({h[0], h[1], h[2], h[3]}) == 4
    swapped = edges.rename(columns={"src": "dst", "dst": "src"})[["src", "dst", "role"]]
    assert key_hashes(swapped).tolist() != h, "which column holds a value counts"
