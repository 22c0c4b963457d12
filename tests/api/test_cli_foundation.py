import json
import subprocess

from conftest import CLI


def run(args, env):
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120)


def test_init_then_status_prints_zero_for_every_label_and_twice_changes_nothing(cli_env, tmp_path):
    from creditgraph.graph_model.schema import load_schema

    assert run(["init"], cli_env).returncode == 0
    first = json.loads(run(["status", "--json"], cli_env).stdout)
    assert run(["init"], cli_env).returncode == 0
    second = json.loads(run(["status", "--json"], cli_env).stdout)
    assert first == second
    assert set(first["nodes"]) == set(load_schema().domain_nodes)
    assert all(v == 0 for v in first["nodes"].values())
    assert all(v == 0 for v in first["relationships"].values())


def test_global_db_option_overrides_the_environment(cli_env, tmp_path):
    other = tmp_path / "other.lbug"
    assert run(["--db", str(other), "init"], cli_env).returncode == 0
    assert other.exists()


def test_errors_are_one_clear_line(cli_env, tmp_path):
    (tmp_path / "blocker").write_text("not a folder")
    res = run(["--db", str(tmp_path / "blocker" / "db.lbug"), "init"], cli_env)
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) <= 2
