"""Every notebook in notebooks/ runs top to bottom on a small demo graph, and is committed clean.

The demo graph (creditgraph.demo.build_demo: synthetic batch, shipped policy data, risk) is built
once per module in a temporary folder; each notebook runs in its own kernel with CREDITGRAPH_DB
pointing at it and CREDITGRAPH_FIGURE_DIR where its last plot cell saves a PNG, which must exist
and not be blank. Budget: all notebooks together (build included) well under 5 minutes on 2 cores.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
FIGURES = {
    "01_investigate_a_subject.ipynb": "01_related_parties.png",
    "02_risk.ipynb": "02_risk.png",
    "03_agencies.ipynb": "03_agencies.png",
}
DEMO_SUBJECTS = 2_000
CELL_TIMEOUT = 240  # seconds; a cell taking longer is a regression, not a slow machine
BUDGET = 300  # seconds for the build and every notebook together
_spent: dict[str, float] = {}


def test_notebooks_are_there():
    assert {p.name for p in NOTEBOOKS} >= set(FIGURES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts (clear them before committing)"
    )
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    connects = sum(cell.source.count("creditgraph.connect(") for cell in nb.cells if cell.cell_type == "code")
    assert connects == 1, f"{path.name}: one connect call, not {connects}"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from creditgraph.demo import build_demo

    started = time.perf_counter()
    db = tmp_path_factory.mktemp("notebooks") / "demo.lbug"
    build_demo(db, subjects=DEMO_SUBJECTS, seed=1, progress=False)
    _spent["build"] = time.perf_counter() - started
    return db


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, demo_db: Path, tmp_path: Path, monkeypatch):
    import matplotlib.image as mpimg

    figures = tmp_path / "figures"
    # the kernel inherits this process's environment
    monkeypatch.setenv("CREDITGRAPH_DB", str(demo_db))
    monkeypatch.setenv("CREDITGRAPH_FIGURE_DIR", str(figures))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for var in [v for v in os.environ if v.startswith("NEO4J_")]:
        monkeypatch.delenv(var)
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    _spent[path.name] = time.perf_counter() - started
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors

    png = figures / FIGURES[path.name]
    assert png.is_file(), f"{path.name} saved no figure to CREDITGRAPH_FIGURE_DIR"
    pixels = mpimg.imread(png)
    assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100
    assert float(pixels[..., :3].std()) > 0.01, f"{png.name} is blank"

    total = sum(_spent.values())
    print(
        f"{path.name}: {_spent[path.name]:.1f} s (build {_spent.get('build', 0):.1f} s, so far {total:.1f} s)"
    )
    assert total < BUDGET, f"notebooks and demo build took {total:.0f} s, over the {BUDGET} s budget"
