"""Issue 16: `creditgraph objections` files, decides and lists objections as the routes do, with
the rules of 连云港 涉审中介 实施意见 四(七) named in every answer; bad input is one line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from api_data import C1, seed

from conftest import CLI


def _cli(env, *args):
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def env(cli_env):
    seed(Path(cli_env["CREDITGRAPH_DB"]))
    return cli_env


def _json(res):
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_file_decide_correct_and_list_the_late_ones(env):
    (filed,) = _json(
        _cli(
            env,
            "objections",
            "file",
            "Violation",
            "V-C1",
            C1,
            "--by",
            "甲公司",
            "--reason",
            "有误",
            "--on",
            "2025-09-01",
            "--json",
        )
    )
    assert filed["reply_due"] == "2025-10-01" and filed["status"] == "open"
    assert "四(七)" in filed["rules"][0]["source"]
    late = _json(_cli(env, "objections", "list", "--overdue", "--as-of", "2025-10-02", "--json"))
    assert [(o["key"], o["overdue"]) for o in late] == [(filed["key"], ["result"])]
    _json(_cli(env, "objections", "decide", filed["key"], "uphold", "--on", "2025-09-26", "--json"))
    (done,) = _json(
        _cli(
            env,
            "objections",
            "decide",
            filed["key"],
            "correct",
            "--change",
            "description=更正后",
            "--on",
            "2025-09-29",
            "--json",
        )
    )
    assert done["status"] == "corrected"
    assert _json(_cli(env, "objections", "list", "--overdue", "--as-of", "2025-10-02", "--json")) == []
    rules = _json(_cli(env, "objections", "rules", "--json"))
    assert rules["feedback"]["days"] == 7 and "四(七)" in rules["routing"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("file", "Company", "V-C1", C1, "--by", "x", "--reason", "y"), "target_label"),
        (("decide", "OBJ-20250901-00000000", "correct", "--change", "oops"), "FIELD=VALUE"),
        (("file", "Violation", "V-C1", C1, "--by", "x", "--reason", "y", "--on", "0001-01-01"), "0001-01-01"),
    ],
)
def test_bad_input_is_one_line(env, args, says):
    res = _cli(env, "objections", *args)
    assert res.returncode != 0 and "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and says in lines[0], res.stderr
