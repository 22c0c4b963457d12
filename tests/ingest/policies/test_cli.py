"""The policy commands as a user runs them: `creditgraph ingest policies`, `responsible`, `tasks`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from creditgraph.ingest.policies import read_policy_data

from policies_support import POLICIES

CLI = [sys.executable, "-m", "creditgraph.api"]
JIANGYIN_DOC = "澄信用发〔2018〕7号"


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env["CREDITGRAPH_DB"] = str(db)
    env["COLUMNS"] = "200"
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


def ok_json(args: list[str], env: dict[str, str]) -> object:
    res = run([*args, "--json"], env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def parsed_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A database loaded from the real documents, once for the module."""
    if not POLICIES.is_dir():
        pytest.skip(f"policy documents not found at {POLICIES}")
    env = _env(tmp_path_factory.mktemp("policy-cli") / "db.lbug")
    summary = ok_json(["ingest", "policies", str(POLICIES)], env)
    assert summary["nodes"]["Task"] == 84
    return env


def _one_clear_line(res: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    for n in needles:
        assert n in lines[0]


def test_ingest_policies_from_a_folder_twice_changes_nothing(parsed_env: dict[str, str]) -> None:
    before = ok_json(["status"], parsed_env)
    again = ok_json(["ingest", "policies", str(POLICIES)], parsed_env)
    assert ok_json(["status"], parsed_env) == before
    assert again["removed"] == {} and again["nodes"]["PolicyDocument"] == 8
    assert before["nodes"]["Task"] == 84 and before["nodes"]["Jurisdiction"] == 109


def test_ingest_policies_without_a_folder_loads_the_shipped_extraction(tmp_path: Path) -> None:
    env = _env(tmp_path / "shipped.lbug")
    res = run(["ingest", "policies", "--quiet"], env)
    assert res.returncode == 0, res.stderr
    assert "shipped" in res.stdout
    shipped = read_policy_data()
    counts = ok_json(["status"], env)
    assert counts["nodes"]["Task"] == len(shipped.tasks)
    assert counts["nodes"]["PolicyDocument"] == len(shipped.documents)
    assert counts["relationships"]["LEADS"] == sum(1 for link in shipped.links if link.rel == "LEADS")
    # and the shipped data answers the same question as the parsed documents
    r = ok_json(["responsible", "恶意刷单", "--jurisdiction", "320400"], env)
    assert r["lead"][0]["current"]["name"] == "常州市市场监督管理局"


def test_responsible_in_changzhou_names_todays_bureau_with_the_chain(parsed_env: dict[str, str]) -> None:
    r = ok_json(["responsible", "恶意刷单", "--jurisdiction", "320400"], parsed_env)
    assert r["table"]["jurisdiction"]["code"] == "320400" and r["table"]["fallback"] is False
    [lead] = r["lead"]
    assert lead["as_written"] == "市工商局"
    assert lead["agency"]["id"] == "cz.aic"
    assert lead["current"]["name"] == "常州市市场监督管理局"
    assert [(s["agency"]["name"], s["date"], s["reform"]) for s in lead["chain"]] == [
        ("常州市市场监督管理局", "2019-01-01", "组建市市场监督管理局")
    ]
    assert lead["task_seq"] == 17 and lead["document"]["jurisdiction"] == "320400"
    human = run(["responsible", "恶意刷单", "--jurisdiction", "320400"], parsed_env)
    assert human.returncode == 0, human.stderr
    for text in (
        "市工商局",
        "常州市工商行政管理局",
        "常州市市场监督管理局",
        "组建市市场监督管理局",
        "常州市 (320400)",
    ):
        assert text in human.stdout, text


def test_responsible_in_lianyungang_falls_back_to_the_province(parsed_env: dict[str, str]) -> None:
    r = ok_json(["responsible", "恶意刷单", "-j", "320700"], parsed_env)
    assert r["table"]["fallback"] is True and r["table"]["jurisdiction"]["code"] == "320000"
    assert "连云港市" in r["table"]["reason"] and "江苏省" in r["table"]["reason"]
    assert r["lead"][0]["as_written"] == "省工商局"
    assert r["lead"][0]["current"]["name"] == "江苏省市场监督管理局"
    human = run(["responsible", "恶意刷单", "-j", "320700"], parsed_env)
    assert "nearest enclosing jurisdiction" in human.stdout


def test_responsible_before_the_reform_is_the_bureau_itself(parsed_env: dict[str, str]) -> None:
    r = ok_json(["responsible", "恶意刷单", "-j", "320400", "--as-of", "2018-12-01"], parsed_env)
    [lead] = r["lead"]
    assert lead["current"]["id"] == "cz.aic" and lead["current"]["name"] == "常州市工商行政管理局"
    assert lead["chain"] == []


def test_tasks_of_a_document(parsed_env: dict[str, str]) -> None:
    ts = ok_json(["tasks", "--document", JIANGYIN_DOC], parsed_env)
    assert isinstance(ts, list) and len(ts) == 20
    for t in ts:
        assert set(t) >= {"document", "seq", "title", "lead", "coop", "collective"}
        assert t["document"]["number"] == JIANGYIN_DOC and t["document"]["jurisdiction"] == "320281"
        assert t["document"]["title"] == "江阴市全面加强电子商务领域诚信建设的实施意见"
        assert isinstance(t["lead"], list) and t["lead"] and isinstance(t["coop"], list)
        for m in (*t["lead"], *t["coop"]):
            assert (
                m["as_written"] and m["agency"]["id"] and m["agency"]["jurisdiction"] and m["current"]["name"]
            )
    human = run(["tasks", "--document", JIANGYIN_DOC], parsed_env)
    assert human.returncode == 0 and "20 tasks" in human.stdout


def test_bad_input_is_one_clear_line(parsed_env: dict[str, str], tmp_path: Path) -> None:
    _one_clear_line(run(["responsible", "飞碟", "-j", "320400"], parsed_env), "unknown violation type")
    _one_clear_line(
        run(["responsible", "恶意刷单", "-j", "999999"], parsed_env), "unknown jurisdiction code 999999"
    )
    _one_clear_line(
        run(["responsible", "恶意刷单", "-j", "320400", "--as-of", "soon"], parsed_env), "--as-of"
    )
    _one_clear_line(
        run(["ingest", "policies", str(tmp_path / "missing")], parsed_env), "missing", "not a folder"
    )
    _one_clear_line(run(["tasks", "--document", "苏政办发〔2099〕1号"], parsed_env), "no policy document")
    empty = _env(tmp_path / "empty.lbug")
    _one_clear_line(
        run(["responsible", "恶意刷单", "-j", "320400"], empty), "no database at", "creditgraph init"
    )
    assert run(["init"], empty).returncode == 0
    _one_clear_line(run(["responsible", "恶意刷单", "-j", "320400"], empty), "ingest policies")


def test_regenerate_writes_the_extraction(tmp_path: Path) -> None:
    if not POLICIES.is_dir():
        pytest.skip(f"policy documents not found at {POLICIES}")
    target = tmp_path / "policy_data.json"
    res = run(["policies", "regenerate", str(POLICIES), "--out", str(target)], _env(tmp_path / "unused.lbug"))
    assert res.returncode == 0, res.stderr
    written = read_policy_data(target)
    shipped = read_policy_data()
    assert len(written.tasks) == len(shipped.tasks) and len(written.documents) == len(shipped.documents)
    _one_clear_line(
        run(["policies", "regenerate", str(tmp_path / "nope")], _env(tmp_path / "u.lbug")), "not a folder"
    )
