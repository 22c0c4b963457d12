"""The credit platforms' exchange files (电子商务意见 (九)): the records that changed in a period, in
the record contract's columns, and the round trip through ``creditgraph ingest shared`` (CSV and
JSON) that gives the same files back.

Expected from the fixture batch's rows, written before the code ran: since 2021-01-01 the shop's
violation V000000001 (2021-05-06) and the red entry E00000002 (2021-06-01) are in, the company's
violation of 2017 is not; since 2018-01-01 that violation is in too, by its repair (2018-01-01)."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from creditgraph.graph_model.errors import InputError
from creditgraph.service.sharing import FILES, export

from conftest import CLI

AS_OF = date(2026, 6, 30)
WANG = "320402199001010754"


@pytest.fixture
def graph(fixture_graph):
    return fixture_graph[0]


def _keys(files: dict) -> tuple[set, set]:
    return {r["record_id"] for r in files["violations.csv"]}, {
        r["entry_id"] for r in files["list_entries.csv"]
    }


def test_a_period_holds_what_was_decided_listed_or_repaired_in_it(graph):
    violations, entries = _keys(export(graph, date(2021, 1, 1), AS_OF))
    assert "V000000001" in violations and "V000000002" not in violations
    assert "E00000002" in entries and "E00000001" not in entries
    violations, entries = _keys(export(graph, date(2018, 1, 1), AS_OF))
    assert {"V000000001", "V000000002"} <= violations and {"E00000001", "E00000002"} <= entries
    assert _keys(export(graph, date(2026, 1, 1), date(2026, 6, 30))) == (set(), set())


def test_public_commitments_are_exchanged_private_ones_not(graph):
    """CM00000001 (public by default, made 2020-03-01) is exchanged; 王伟's CM00000003 is not public."""
    rows = export(graph, date(2000, 1, 1), AS_OF)["commitments.csv"]
    assert [r["commitment_id"] for r in rows] == ["CM00000001"]
    assert rows[0]["public"] == "true" and rows[0]["subject_kind"] == "company"


def test_rows_carry_the_contract_columns_and_persons_masked_by_default(graph):
    files = export(graph, date(2018, 1, 1), AS_OF)
    for name, (_, columns) in FILES.items():
        assert all(list(r) == list(columns) for r in files[name]), name
    wang = next(r for r in files["list_entries.csv"] if r["entry_id"] == "E00000001")
    assert wang["subject_kind"] == "person" and wang["subject_id"] == "320402********0754"
    assert wang["measures"] == "限制担任法定代表人;限制担任董监高"
    full = export(graph, date(2018, 1, 1), AS_OF, unmasked=True)
    assert next(r for r in full["list_entries.csv"] if r["entry_id"] == "E00000001")["subject_id"] == WANG
    with pytest.raises(InputError, match="after until"):
        export(graph, date(2026, 7, 1), AS_OF)


# -- the round trip on disk, through the command line -------------------------------------------------


def _cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_gives_the_same_files(fixture_cli, tmp_path, fmt):
    period = ("--since", "2000-01-01", "--until", "2026-06-30")
    first = tmp_path / "first"
    res = _cli(fixture_cli, "export", "shared", str(first), *period, "--format", fmt, "--unmasked")
    assert res.returncode == 0, res.stderr
    other = dict(fixture_cli, CREDITGRAPH_DB=str(tmp_path / "other.lbug"))
    assert _cli(other, "init").returncode == 0
    res = _cli(other, "ingest", "shared", str(first), "--as-of", "2026-06-30", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["rejected"] == 0
    second = tmp_path / "second"
    assert (
        _cli(other, "export", "shared", str(second), *period, "--format", fmt, "--unmasked").returncode == 0
    )
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    assert WANG in (first / f"list_entries.{fmt}").read_text(encoding="utf-8")


def test_bad_exchange_input_is_one_line(fixture_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "list_entries.json").write_text('{"id": 1}', encoding="utf-8")
    res = _cli(fixture_cli, "ingest", "shared", str(folder))
    assert res.returncode != 0 and "a list of objects" in res.stderr and "Traceback" not in res.stderr
    (folder / "list_entries.json").unlink()
    (folder / "other.csv").write_text("a\n1\n", encoding="utf-8")
    res = _cli(fixture_cli, "ingest", "shared", str(folder))
    assert res.returncode != 0 and "not an exchange file" in res.stderr
    res = _cli(fixture_cli, "export", "shared", str(tmp_path / "out"), "--since", "2026-13-01")
    assert res.returncode != 0 and "--since" in res.stderr
