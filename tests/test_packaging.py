"""The project installs under one import namespace, ``creditgraph.…``, while the repository keeps
its top-level folders (pyproject.toml maps them): nothing named ``api`` or ``queries`` reaches
site-packages, where it would collide with any other package that did the same."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("api", "graph_model", "ingest", "queries", "service")
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _layer_files(*suffixes: str) -> Iterator[Path]:
    """The files of the mapped folders with these suffixes (bytecode caches left out)."""
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*"):
            if path.suffix in suffixes and "__pycache__" not in path.parts:
                yield path


def _source_folders() -> set[Path]:
    """Every folder of the product that holds Python or Cypher files."""
    return {ROOT / "creditgraph", *(path.parent for path in _layer_files(".py", ".cypher"))}


def _folder(package: str) -> Path:
    """Where setuptools takes a listed package from, through the package-dir mapping."""
    mapping = SETUPTOOLS["package-dir"]
    parts = package.split(".")
    for n in range(len(parts), 0, -1):
        if (head := ".".join(parts[:n])) in mapping:
            return ROOT / mapping[head] / Path(*parts[n:])
    raise AssertionError(f"{package}: no package-dir mapping covers it")


def test_every_source_folder_is_a_listed_package():
    listed = {_folder(p) for p in SETUPTOOLS["packages"]}
    missing = sorted(str(f.relative_to(ROOT)) for f in _source_folders() - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert all(f.is_dir() for f in listed), "a listed package has no folder"


def test_every_layer_maps_under_the_namespace():
    assert SETUPTOOLS["package-dir"] == {
        "creditgraph": "creditgraph",
        **{f"creditgraph.{x}": x for x in LAYERS},
    }


def _tree_copy(into: Path) -> Path:
    """The files git sees (tracked, and untracked ones it does not ignore), copied: setuptools
    builds in the source folder and packs whatever an earlier build left under ``build/lib``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    source = _tree_copy(tmp_path_factory.mktemp("source"))
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    (built,) = out.glob("creditgraph-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_installs_one_top_level_name(wheel: zipfile.ZipFile):
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"creditgraph"}


def test_the_wheel_holds_every_module_and_query(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    for path in _layer_files(".py", ".cypher", ".yaml"):
        assert f"creditgraph/{path.relative_to(ROOT).as_posix()}" in names, path
    assert (
        "creditgraph.api.cli:run"
        in wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    )
