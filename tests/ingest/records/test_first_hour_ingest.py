"""Issue 18, crashes and silent loss: records before policies, broken rows, duplicate keys,
a summary that accounts for every row, reads that never create a database."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.records.loader import load_records
from creditgraph.ingest.synth import synth

from conftest import CLI

BATCH = Path(__file__).resolve().parents[2] / "fixtures" / "records" / "batch"
AS_OF = date(2026, 6, 30)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def records_only(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A synthetic batch (with reappearances planted) in the CLI's database, and no policy data."""
    synth(tmp_path / "batch", subjects=300, seed=5)
    store = EmbeddedStore(cli_env["CREDITGRAPH_DB"])
    store.create_schema()
    load_records(store, tmp_path / "batch", as_of=AS_OF, progress=False)
    store.close()
    return cli_env


def _one_line_error(res: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in res.stderr, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_reappearances_before_policies_answer_without_agencies(records_only):
    res = _cli(records_only, "alerts", "reappearances", "--as-of", "2026-06-30", "--json")
    assert res.returncode == 0, res.stderr
    items = json.loads(res.stdout)
    assert items, "the synthetic batch plants reappearances"
    assert all(item["responsible"] == [] for item in items if "responsible" in item)


def test_responsible_before_policies_says_what_to_run(records_only):
    res = _cli(records_only, "responsible", "恶意刷单", "--jurisdiction", "320400")
    assert res.returncode != 0
    assert "creditgraph ingest policies" in _one_line_error(res)


def _batch_with(tmp_path: Path, name: str, lines: list[str], at: int) -> Path:
    """A copy of the fixture batch whose file ``name`` has ``lines`` inserted before line ``at``."""
    folder = tmp_path / "batch"
    shutil.copytree(BATCH, folder)
    text = (folder / name).read_text(encoding="utf-8").splitlines()
    text[at - 1 : at - 1] = lines
    (folder / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    return folder


def test_a_malformed_row_is_rejected_alone_with_its_line(tmp_path, store):
    too_many = "91320412MA1MX00022,多一格有限公司,有限责任公司,2015-03-02,存续,某地,,320412,,多,余"
    unclosed = '91320412MA1MX00030,"未闭合引号有限公司,有限责任公司,2015-03-02,存续,某地,,320412,'
    folder = _batch_with(tmp_path, "companies.csv", [too_many, unclosed], at=3)
    summary = load_records(store, folder, as_of=AS_OF, progress=False)
    companies = next(f for f in summary.files if f.file == "companies.csv")
    assert companies.error is None
    assert companies.read == 7 and companies.rejected == 3  # the two broken rows and the bad check char
    keys = {r["k"] for r in store.run("MATCH (c:Company) WHERE c.name IS NOT NULL RETURN c.key AS k")}
    assert {"91320412MA1MX00014", "91320281MA2AB00029", "91320400732XY00033", "91320700MA1NQ0004C"} <= keys
    rejects = list(csv.DictReader((tmp_path / "rejects.csv").open(encoding="utf-8")))
    broken = {(r["line"], r["code"]) for r in rejects if r["file"] == "companies.csv"}
    assert {("3", "malformed_row"), ("4", "malformed_row")} <= broken
    reasons = {r["line"]: r["reason"] for r in rejects if r["code"] == "malformed_row"}
    assert "11 cells where the header has 9" in reasons["3"]
    assert "never closed" in reasons["4"]


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "incremental"])
def test_a_duplicate_key_with_other_values_is_reported_and_the_later_row_wins(tmp_path, store, bulk):
    again = "91320412MA1MX00014,常州市湖塘纺织股份有限公司,股份有限公司,2015-03-02,存续,,,320412,"
    same = "91320281MA2AB00029,江阴澄江电子商务有限公司,有限责任公司,2018/07/01,在业,江阴市澄江街道人民东路22号,+86 138 1234 5678,320281,"
    folder = _batch_with(tmp_path, "companies.csv", [again, same], at=7)  # lines 7 and 8
    summary = load_records(store, folder, as_of=AS_OF, progress=False, bulk=bulk)
    companies = next(f for f in summary.files if f.file == "companies.csv")
    assert (companies.read, companies.rejected, companies.merged) == (7, 1, 2)
    name = store.run("MATCH (c:Company {key: '91320412MA1MX00014'}) RETURN c.name AS n")[0]["n"]
    assert name == "常州市湖塘纺织股份有限公司"
    rejects = list(csv.DictReader((tmp_path / "rejects.csv").open(encoding="utf-8")))
    warned = [r for r in rejects if r["code"] == "duplicate_key"]
    assert [(w["file"], w["line"]) for w in warned] == [("companies.csv", "7")]
    assert "line 2" in warned[0]["reason"] and "line 7 (the later) is loaded" in warned[0]["reason"]


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "incremental"])
def test_the_summary_accounts_for_every_row_read(tmp_path, store, bulk):
    synth(tmp_path / "batch", subjects=300, seed=7, bad_rows=0.02)
    summary = load_records(store, tmp_path / "batch", as_of=AS_OF, progress=False, bulk=bulk)
    for f in summary.files:
        assert f.read == f.loaded + f.updated + f.filled + f.merged + f.rejected, f
        assert f.read == 0 or f.loaded + f.updated + f.filled > 0, f
    by_file = {f.file: f for f in summary.files}
    links = store.run("MATCH (:Person)-[r:LEGAL_REP_OF|OFFICER_OF]->(:Company) RETURN count(r) AS c")[0]["c"]
    assert by_file["roles.csv"].loaded == links > 0


def test_rows_that_only_add_to_other_files_nodes_count_as_updated(tmp_path, store):
    summary = load_records(store, BATCH, rejects_path=tmp_path / "r.csv", as_of=AS_OF, progress=False)
    for f in summary.files:
        assert f.read == f.loaded + f.updated + f.filled + f.merged + f.rejected, f
    assert (
        next(f for f in summary.files if f.file == "intermediaries.csv").updated == 1
    )  # one row breaks the contract
