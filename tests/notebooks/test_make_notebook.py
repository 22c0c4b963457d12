"""`make notebook` (issue 18): Jupyter itself is an extra, and the target opens the notebooks on the demo graph.

What runs without a browser is tested here: the extra names JupyterLab, and `make -n notebook` (a dry run,
nothing installed or started) builds the demo graph only when it is missing, binds 127.0.0.1, points the
notebooks at that graph and prints the URL. Starting JupyterLab itself is left to the person at the keyboard.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dry_run(*args: str) -> list[str]:
    """The commands `make notebook` would run, one per line, with the Makefile's own variables."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    out = subprocess.run(["make", "-n", "-B", "notebook", *args], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_jupyter_extra_names_jupyterlab():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("jupyterlab") for dep in extras["jupyter"])
    assert "creditgraph[notebooks]" in extras["jupyter"]


def test_make_notebook_builds_the_graph_if_missing_then_serves_the_notebooks(tmp_path):
    db = tmp_path / "nb.lbug"
    lines = dry_run(f"DB={db}", "NB_PORT=18999")
    text = "\n".join(lines)
    assert "pip install --quiet -e '.[jupyter]'" in text
    build = next(i for i, line in enumerate(lines) if "creditgraph.demo" in line)
    assert lines[build] == f'test -e "{db}" || .venv/bin/python -m creditgraph.demo "{db}"'
    serve = next(i for i, line in enumerate(lines) if "jupyter lab" in line)
    assert build < serve
    command = " ".join(lines[serve:]).replace("\\", " ")
    assert f'CREDITGRAPH_DB="{db}"' in command
    assert '--ip "127.0.0.1"' in command and '--port "18999"' in command
    assert "--no-browser" in command and "--ServerApp.root_dir=notebooks" in command
    assert any("http://127.0.0.1:18999/lab" in line for line in lines[:serve])
