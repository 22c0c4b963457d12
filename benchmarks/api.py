"""HTTP throughput of the API: one endpoint against /health on the same server, 1 and 2 workers.

    python benchmarks/api.py                                   # a small synthetic graph, ~30 s
    python benchmarks/api.py --db data/creditgraph.lbug --endpoint '/lists?limit=50' \\
        --connections 64 --duration 20 --workers 1 2

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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

BENCH_KEY = "bench-key-not-secret"


# -- the load generator (runs in its own process) ---------------------------------------------


async def _connection(
    host: str, port: int, request: bytes, deadline: float, budget: list[int], out: dict
) -> None:
    """One keep-alive HTTP/1.1 connection sending ``request`` until the deadline or the budget.

    A bare asyncio client: httpx's pool costs more CPU per request than the server under test at
    64 connections, and would measure itself."""
    reader = writer = None
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
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


async def _load(url: str, key: str, connections: int, duration: float, max_requests: int) -> dict:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nX-API-Key: {key}\r\nAccept: application/json\r\n\r\n"
    ).encode()
    out: dict = {"latencies": [], "errors": 0, "statuses": {}}
    budget = [max_requests]
    began = time.perf_counter()
    deadline = began + duration
    await asyncio.gather(
        *(_connection(host, port, request, deadline, budget, out) for _ in range(connections))
    )
    out["elapsed"] = time.perf_counter() - began
    return out


def load_main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--key", default=BENCH_KEY)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--duration", type=float, default=5)
    p.add_argument("--max-requests", type=int, default=1_000_000)
    a = p.parse_args(argv)
    out = asyncio.run(_load(a.url, a.key, a.connections, a.duration, a.max_requests))
    sys.stdout.write(json.dumps(out) + "\n")


# -- orchestration ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def small_graph(path: Path, entries: int = 2_000) -> None:
    """A synthetic graph for a run without --db: companies with list entries."""
    from datetime import date, timedelta

    from graph_model.stores.embedded import EmbeddedStore

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


def measure(url: str, args: argparse.Namespace) -> dict:
    procs = max(1, args.load_procs)
    per = max(1, args.connections // procs)
    cmd = [
        sys.executable,
        __file__,
        "_load",
        "--url",
        url,
        "--connections",
        str(per),
        "--duration",
        str(args.duration),
        "--max-requests",
        str(max(1, args.max_requests // procs)),
    ]
    children = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(procs)]
    results = [
        json.loads(c.communicate(timeout=args.duration + 120)[0].strip().splitlines()[-1]) for c in children
    ]
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


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_load":
        load_main(sys.argv[2:])
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", type=Path, help="embedded database to serve (default: a small synthetic one)")
    p.add_argument("--endpoint", default="/lists?limit=50", help="path and query to measure")
    p.add_argument("--role", default="analyst", help="role of the benchmark's API key")
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--duration", type=float, default=4.0, help="seconds per measurement")
    p.add_argument("--max-requests", type=int, default=200_000, help="cap per measurement")
    p.add_argument("--load-procs", type=int, default=2, help="load generator processes")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()

    from harness import Report  # benchmarks/harness.py

    with tempfile.TemporaryDirectory(prefix="creditgraph-bench-api-") as tmp:
        workdir = Path(tmp)
        db = args.db
        if db is None:
            db = workdir / "bench.lbug"
            small_graph(db)
        report = Report(
            f"API throughput, {args.connections} connections, {args.duration:g} s each ({db.name})",
            columns=("workers", "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms", "vs /health"),
        )
        for workers in args.workers:
            server = Server(db, workers, workdir, args.role)
            try:
                base = measure(server.url + "/health", args)
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
                got = measure(server.url + args.endpoint, args)
                share = got["rps"] / base["rps"] if base["rps"] else float("nan")
                report.add(
                    workers,
                    args.endpoint,
                    got["requests"],
                    got["errors"],
                    f"{got['rps']:.0f}",
                    f"{got['p50']:.1f}",
                    f"{got['p99']:.1f}",
                    f"{share:.2f}",
                )
                if got["errors"]:
                    print(f"note: {args.endpoint} answered {got['statuses']} with {workers} worker(s)")
            finally:
                server.stop()
        report.print()


if __name__ == "__main__":
    main()
