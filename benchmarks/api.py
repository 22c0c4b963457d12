"""HTTP throughput of the API: endpoints against /health on the same server, 1 and 2 workers.

    python benchmarks/api.py                                   # a small synthetic graph, ~30 s
    python benchmarks/api.py --db data/creditgraph.lbug --endpoint '/lists?limit=50' \\
        --connections 64 --duration 20 --workers 1 2
    python benchmarks/api.py --db graph.lbug --role regulator \\
        --endpoint '/subjects/company/{company}' --endpoint '/subjects/company/{company}/related?depth=2' \\
        --pool 1 1000:warm 100000 --workers 1 2

``{company}`` / ``{person}`` in an endpoint take random subjects of the graph: ``--pool 1`` one
subject asked again and again, ``1000:warm`` a working set of 1,000 each asked before the clock
starts (answers are kept in memory while the graph is unchanged, api/cache.py), and
``100000`` requests spread over 100,000 subjects never asked before (nearly every one a miss).

For each worker count a real ``creditgraph serve`` runs on a free loopback port; the load comes
from separate processes (``--load-procs``, pure Python, httpx + asyncio, ``--connections`` spread
over them), bounded by ``--duration`` seconds and ``--max-requests``. Printed: requests, errors,
req/s, p50 and p99 latency, and the endpoint's req/s as a share of /health's on the same server
(the server's fixed cost per request vs the store's work).

Notes: with several workers the embedded store is opened read-only (one writer per database);
a Python load generator tops out at a few thousand req/s per process, so /health figures are a
lower bound when they approach that: raise ``--load-procs`` and compare.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

BENCH_KEY = "bench-key-not-secret"


# -- the load generator (runs in its own process) ---------------------------------------------


async def _connection(
    host: str, port: int, pick: Callable[[], bytes | None], deadline: float, budget: list[int], out: dict
) -> None:
    """One keep-alive HTTP/1.1 connection sending ``pick()``'s requests one after another until
    the deadline, the budget or the end of the picks.

    A bare asyncio client: httpx's pool costs more CPU per request than the server under test at
    64 connections, and would measure itself."""
    reader = writer = None
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        request = pick()
        if request is None:
            break
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            close = False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            if length:
                await reader.readexactly(length)
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError):
            out["errors"] += 1
            if writer is not None:
                writer.close()
            writer = None
            continue
        out["latencies"].append(time.perf_counter() - start)
        out["statuses"][status] = out["statuses"].get(status, 0) + 1
        if status >= 400:
            out["errors"] += 1
    if writer is not None:
        writer.close()


async def _load(
    url: str,
    paths: list[str],
    key: str,
    connections: int,
    duration: float,
    max_requests: int,
    seed: int,
    in_order: bool = False,
) -> dict:
    """Requests for ``paths``: at random, or each once in order (``in_order``, for warming up)."""
    import random
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = [
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nX-API-Key: {key}\r\nAccept: application/json\r\n\r\n".encode()
        for path in paths
    ]
    queue = iter(requests)

    def picker(i: int) -> Callable[[], bytes | None]:
        if in_order:  # the connections share one pass over the list
            return lambda: next(queue, None)
        rng = random.Random(seed * 1000 + i)
        return lambda: rng.choice(requests)

    out: dict = {"latencies": [], "errors": 0, "statuses": {}}
    budget = [max_requests]
    began = time.perf_counter()
    deadline = began + duration
    await asyncio.gather(
        *(_connection(host, port, picker(i), deadline, budget, out) for i in range(connections))
    )
    out["elapsed"] = time.perf_counter() - began
    return out


def load_main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--paths-file", type=Path, required=True, help="JSON list of paths to request")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--in-order", action="store_true", help="each path once, in order (warming up)")
    p.add_argument("--key", default=BENCH_KEY)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--duration", type=float, default=5)
    p.add_argument("--max-requests", type=int, default=1_000_000)
    a = p.parse_args(argv)
    paths = json.loads(a.paths_file.read_text())
    out = asyncio.run(
        _load(a.url, paths, a.key, a.connections, a.duration, a.max_requests, a.seed, a.in_order)
    )
    sys.stdout.write(json.dumps(out) + "\n")


# -- orchestration ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def small_graph(path: Path, entries: int = 2_000) -> None:
    """A synthetic graph for a run without --db: companies with list entries."""
    from datetime import date, timedelta

    from creditgraph.graph_model.stores.embedded import EmbeddedStore

    store = EmbeddedStore(path)
    try:
        store.create_schema()
        companies = [{"key": f"BENCH{i:013d}", "name": f"公司{i}"} for i in range(entries // 4)]
        store.upsert_nodes("Company", companies)
        rows = [
            {
                "key": f"E{i:07d}",
                "list": "black" if i % 3 else "red",
                "listed_at": date(2024, 1, 1) + timedelta(days=i % 600),
            }
            for i in range(entries)
        ]
        store.upsert_nodes("ListEntry", rows)
        store.run(
            "UNWIND $rows AS r MATCH (a:Company {key: r.src}) MATCH (b:ListEntry {key: r.dst}) "
            "MERGE (a)-[x:LISTED_IN]->(b) RETURN count(x) AS c",
            {
                "rows": [
                    {"src": companies[i % len(companies)]["key"], "dst": r["key"]} for i, r in enumerate(rows)
                ]
            },
            write=True,
        )
    finally:
        store.close()


class Server:
    def __init__(self, db: Path, workers: int, workdir: Path, role: str) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("CREDITGRAPH_")}
        env.update(
            CREDITGRAPH_DB=str(db),
            CREDITGRAPH_API_KEYS=f"{BENCH_KEY}:{role}:bench",
            CREDITGRAPH_API_KEYS_FILE=str(workdir / "keys.json"),
            CREDITGRAPH_AUDIT_LOG=str(workdir / f"audit-{workers}.jsonl"),
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / f"server-{workers}.log", "wb"),  # noqa: SIM115
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("the server exited at start-up; see its log")
            try:
                if httpx.get(self.url + "/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SystemExit("the server did not become ready")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def measure(
    url: str,
    paths: list[str],
    args: argparse.Namespace,
    *,
    duration: float | None = None,
    max_requests: int | None = None,
    in_order: bool = False,
) -> dict:
    """Load ``paths`` (each request one of them at random) from ``--load-procs`` processes, or
    (``in_order``) ask each once, in order, from one process."""
    procs = 1 if in_order else max(1, args.load_procs)
    per = max(1, args.connections // procs)
    duration = args.duration if duration is None else duration
    max_requests = args.max_requests if max_requests is None else max_requests
    paths_file = Path(tempfile.mkstemp(suffix=".json", prefix="creditgraph-paths-")[1])
    paths_file.write_text(json.dumps(paths))
    cmd = [
        sys.executable,
        __file__,
        "_load",
        "--url",
        url,
        "--paths-file",
        str(paths_file),
        "--connections",
        str(per),
        "--duration",
        str(duration),
        "--max-requests",
        str(max(1, max_requests // procs)),
        *(["--in-order"] if in_order else []),
    ]
    children = [
        subprocess.Popen([*cmd, "--seed", str(i)], stdout=subprocess.PIPE, text=True) for i in range(procs)
    ]
    results = [
        json.loads(c.communicate(timeout=duration + 120)[0].strip().splitlines()[-1]) for c in children
    ]
    paths_file.unlink()
    latencies = sorted(x for r in results for x in r["latencies"])
    elapsed = max(r["elapsed"] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        for k, v in r["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000
            if latencies
            else float("nan")
        )

    return {
        "requests": len(latencies),
        "errors": sum(r["errors"] for r in results),
        "statuses": statuses,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": pct(50),
        "p99": pct(99),
    }


PLACEHOLDERS = {"{company}": "Company", "{person}": "Person"}


def sample_keys(db: Path, label: str, n: int, seed: int = 1) -> list[str]:
    """``n`` random keys of ``label`` (read before the server opens the database)."""
    import random

    from creditgraph.graph_model.stores.embedded import EmbeddedStore

    with EmbeddedStore(db, read_only=True) as store:
        keys = [
            r["k"]
            for r in store.run(
                f"MATCH (s:{label}) WHERE coalesce(s.placeholder, false) = false RETURN s.key AS k"
            )
        ]
    if not keys:
        raise SystemExit(f"no {label} in {db} to fill the endpoint with")
    return random.Random(seed).sample(keys, min(n, len(keys)))


def expand(endpoint: str, db: Path, pool: int) -> list[str]:
    """The endpoint's paths: a ``{company}``/``{person}`` placeholder filled from ``pool`` random subjects."""
    for mark, label in PLACEHOLDERS.items():
        if mark in endpoint:
            return [endpoint.replace(mark, k) for k in sample_keys(db, label, pool)]
    return [endpoint]


def parse_pool(text: str) -> tuple[int, bool]:
    """``1000`` (requests spread over 1,000 subjects, none asked before) or ``1000:warm`` (each asked
    once before the measurement: the working set of an investigation in progress)."""
    size, _, warm = text.partition(":")
    if warm not in ("", "warm") or not size.isdigit() or int(size) < 1:
        raise argparse.ArgumentTypeError(f"--pool takes N or N:warm, not {text!r}")
    return int(size), warm == "warm"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_load":
        load_main(sys.argv[2:])
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", type=Path, help="embedded database to serve (default: a small synthetic one)")
    p.add_argument(
        "--endpoint",
        action="append",
        help="path and query to measure (repeatable); {company} / {person} take random subjects from the "
        "graph (default /lists?limit=50)",
    )
    p.add_argument(
        "--pool",
        type=parse_pool,
        nargs="+",
        default=[(1, False)],
        help="for endpoints with a placeholder: how many distinct subjects, N or N:warm (default 1)",
    )
    p.add_argument("--role", default="analyst", help="role of the benchmark's API key")
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--duration", type=float, default=4.0, help="seconds per measurement")
    p.add_argument("--max-requests", type=int, default=200_000, help="cap per measurement")
    p.add_argument("--load-procs", type=int, default=2, help="load generator processes")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()
    endpoints = args.endpoint or ["/lists?limit=50"]

    from harness import Report  # benchmarks/harness.py

    with tempfile.TemporaryDirectory(prefix="creditgraph-bench-api-") as tmp:
        workdir = Path(tmp)
        db = args.db
        if db is None:
            db = workdir / "bench.lbug"
            small_graph(db)
        runs = []  # (label, paths, warm)
        for endpoint in endpoints:
            if any(m in endpoint for m in PLACEHOLDERS):
                for size, warm in args.pool:
                    what = (
                        "1 subject"
                        if size == 1
                        else f"{size:,} subjects" + (", warmed" if warm else ", unseen")
                    )
                    runs.append((f"{endpoint} ({what})", expand(endpoint, db, size), warm))
            else:
                runs.append((endpoint, [endpoint], False))
        report = Report(
            f"API throughput, {args.connections} connections, {args.duration:g} s each ({db.name})",
            columns=("workers", "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms", "vs /health"),
        )
        for workers in args.workers:
            server = Server(db, workers, workdir, args.role)
            try:
                base = measure(server.url, ["/health"], args)
                report.add(
                    workers,
                    "/health",
                    base["requests"],
                    base["errors"],
                    f"{base['rps']:.0f}",
                    f"{base['p50']:.1f}",
                    f"{base['p99']:.1f}",
                    "1.00",
                )
                for label, paths, warm in runs:
                    if warm:  # every path asked before the clock starts: once, or 8 times with several
                        # workers (the kernel picks the worker: each misses a path with p = 2^-8)
                        rounds = paths * (1 if workers == 1 else 8)
                        measure(
                            server.url, rounds, args, duration=900, max_requests=len(rounds), in_order=True
                        )
                    got = measure(server.url, paths, args)
                    share = got["rps"] / base["rps"] if base["rps"] else float("nan")
                    report.add(
                        workers,
                        label,
                        got["requests"],
                        got["errors"],
                        f"{got['rps']:.0f}",
                        f"{got['p50']:.1f}",
                        f"{got['p99']:.1f}",
                        f"{share:.2f}",
                    )
                    if got["errors"]:
                        print(f"note: {label} answered {got['statuses']} with {workers} worker(s)")
            finally:
                server.stop()
        report.print()


if __name__ == "__main__":
    main()
