"""The demo graph: a small synthetic batch, the shipped policy data and (when available) risk scores.

``build_demo(db_path)`` is what ``make demo``, the notebooks' test and ``python -m creditgraph.demo``
use; it writes a fresh embedded database (an existing one at the path is replaced) and returns a
summary. Everything is deterministic for a given ``subjects`` and ``seed``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from creditgraph.graph_model.identity import ensure_secret
from creditgraph.graph_model.settings import Settings
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.policies import read_policy_data
from creditgraph.ingest.policies.graph import load_policy_corpus
from creditgraph.ingest.records.loader import load_records
from creditgraph.ingest.synth import synth
from creditgraph.service import risk

from .client import connect

DEMO_SUBJECTS = 3_000
DEMO_SEED = 1
DEMO_AS_OF_KEY = "demo_as_of"  # Meta key: the date the demo batch's planted answers hold on


def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, flush=True)


def _remove_db(path: Path) -> None:
    """Ladybug keeps a database as a file plus sidecars (``.wal``, ``.shadow``), or as a folder."""
    for p in [path, *path.parent.glob(path.name + ".*")]:
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def propagate_and_write(store: Any, as_of: date) -> dict[str, Any] | None:
    """Run risk propagation and write the scores back."""
    summary = risk.propagate(store, as_of, progress=False)
    return {"scored": summary.written, "iterations": summary.iterations}


def build_demo(
    db_path: Path | str,
    subjects: int = DEMO_SUBJECTS,
    seed: int = DEMO_SEED,
    progress: bool = True,
    *,
    batch_dir: Path | str | None = None,
    risk: bool = True,
) -> dict[str, Any]:
    """Build the demo graph at ``db_path`` (embedded store); return counts, timings and the as-of date.

    Steps: ``synth`` a contract batch of ``subjects`` subjects with ``seed`` (into ``batch_dir``, or a
    temporary folder removed afterwards), load it as ``creditgraph ingest records`` would, load the
    shipped policy extraction, then propagate risk and write it back.
    """

    started = time.perf_counter()
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_db(db_path)
    summary: dict[str, Any] = {"db": str(db_path), "subjects": subjects, "seed": seed, "seconds": {}}
    tmp = None
    if batch_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="creditgraph-demo-")
        batch = Path(tmp.name) / "batch"
    else:
        batch = Path(batch_dir)
    try:
        t = time.perf_counter()
        _say(progress, f"synthesising {subjects:,} subjects (seed {seed}) …")
        synth(batch, subjects=subjects, seed=seed)
        truth = json.loads((batch / "truth.json").read_text(encoding="utf-8"))
        as_of = date.fromisoformat(truth["as_of"])
        summary["as_of"] = as_of.isoformat()
        summary["seconds"]["synth"] = round(time.perf_counter() - t, 2)

        with EmbeddedStore(db_path) as store:
            store.create_schema()
            ensure_secret(store)
            store.set_meta(DEMO_AS_OF_KEY, as_of.isoformat())  # notebooks answer as of the batch's date
            t = time.perf_counter()
            _say(progress, "loading records …")
            loaded = load_records(
                store, batch, as_of=as_of, progress=False, rejects_path=batch.parent / "rejects.csv"
            )
            summary["records"] = {"mode": loaded.mode, "rejected": loaded.rejected}
            summary["seconds"]["records"] = round(time.perf_counter() - t, 2)

            t = time.perf_counter()
            _say(progress, "loading the shipped policy data …")
            policies = load_policy_corpus(store, read_policy_data(), progress=False)
            summary["policies"] = {"documents": len(policies["documents"])}
            summary["seconds"]["policies"] = round(time.perf_counter() - t, 2)

            if risk:
                t = time.perf_counter()
                _say(progress, "propagating risk …")
                summary["risk"] = propagate_and_write(store, as_of)
                summary["seconds"]["risk"] = round(time.perf_counter() - t, 2)
                if summary["risk"] is None:
                    _say(progress, "queries.risk has no propagation entry point: risk scores left empty")
            counts = store.counts()
        summary["nodes"] = sum(counts["nodes"].values())
        summary["relationships"] = sum(counts["relationships"].values())
    finally:
        if tmp is not None:
            tmp.cleanup()
    summary["seconds"]["total"] = round(time.perf_counter() - started, 2)
    _say(
        progress,
        f"demo graph at {db_path}: {summary['nodes']:,} nodes, {summary['relationships']:,} relationships "
        f"in {summary['seconds']['total']} s (as of {summary['as_of']})",
    )
    return summary


# Subjects worth trying on a fresh demo graph, each with the command that shows it.
SAMPLE_QUERIES = {
    "the riskiest company": (
        "MATCH (c:Company) WHERE c.risk_score IS NOT NULL "
        "RETURN c.key AS key, c.name AS name ORDER BY c.risk_score DESC, key LIMIT 1",
        "creditgraph risk explain company {key} --json",
    ),
    "a blacklisted person (ID masked; the key names them)": (
        "MATCH (p:Person)-[:LISTED_IN]->(e:ListEntry) WHERE e.list = 'black' "
        "RETURN DISTINCT p.key AS key, p.name AS name, p.id_masked AS masked ORDER BY key LIMIT 1",
        "creditgraph risk explain person {key} --json",
    ),
    "a violation type, who must act on it in Changzhou": (
        "MATCH (t:ViolationType)<-[:OF_TYPE]-(:Violation) RETURN DISTINCT t.key AS key, t.name AS name "
        "ORDER BY key LIMIT 1",
        "creditgraph responsible {key} --jurisdiction 320400 --json",
    ),
}


def sample_subjects(db_path: Path | str) -> list[dict[str, str]]:
    """A few real subjects of the graph at ``db_path`` and a command to try on each, personal data
    masked: a newcomer's first commands should name things that exist."""

    samples = []
    with connect(db_path) as cg:
        for what, (cypher, command) in SAMPLE_QUERIES.items():
            rows = cg.cypher(cypher)
            if rows.empty:
                continue
            row = rows.iloc[0]
            shown = " ".join(str(v) for v in (row.get("name"), row.get("masked")) if isinstance(v, str))
            samples.append({"what": what, "name": shown, "command": command.format(key=row["key"])})
    return samples


def print_samples(db_path: Path | str) -> None:
    print("Subjects of this graph to try:")
    for s in sample_subjects(db_path):
        print(f"  {s['command']}\n      # {s['what']}: {s['name']}")


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Build the creditgraph demo graph (embedded store).")
    parser.add_argument("db", nargs="?", type=Path, default=Settings().db, help="database path")
    parser.add_argument("--subjects", type=int, default=DEMO_SUBJECTS)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--no-risk", action="store_true", help="skip risk propagation")
    parser.add_argument("--samples", action="store_true", help="print subjects to try (builds nothing)")
    args = parser.parse_args(argv)
    if args.samples:
        print_samples(args.db)
        return
    build_demo(args.db, subjects=args.subjects, seed=args.seed, risk=not args.no_risk)


if __name__ == "__main__":
    main()
