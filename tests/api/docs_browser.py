"""Open the API's /docs in headless Chromium with no network beyond loopback.

Run by test_api_docs_offline.py as ``unshare -n python docs_browser.py OUT_DIR`` when the kernel
lets us make a network namespace (root in CI; ``unshare -rn`` otherwise): inside it only a
loopback interface exists, brought up here, so any request to a CDN fails and the page can only
render from what the server itself serves. Without ``unshare`` it runs as is (the CI machines have
no internet route anyway). Starts the server, dumps the rendered DOM and takes a screenshot,
prints a JSON summary on stdout.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(s, SIOCGIFFLAGS, ifreq))[1]
        if not flags & IFF_UP:
            fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))


def internet_reachable() -> bool:
    try:
        socket.create_connection(("151.101.1.229", 443), timeout=2).close()  # a CDN's address
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def main(out_dir: Path) -> int:
    in_netns = os.environ.get("DOCS_NETNS") == "1"
    if in_netns:
        loopback_up()
    out_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CREDITGRAPH_"))}
    env.update(
        CREDITGRAPH_DB=str(out_dir / "db.lbug"),
        CREDITGRAPH_API_KEYS_FILE=str(out_dir / "keys.json"),
        CREDITGRAPH_AUDIT_LOG=str(out_dir / "audit.jsonl"),
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "creditgraph.api", "serve", "--port", str(port)],
        env=env,
        stdout=open(out_dir / "server.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/docs"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print(json.dumps({"error": "server did not start"}))
                    return 1
                time.sleep(0.1)
        browser = [
            chromium() or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--virtual-time-budget=15000",
        ]
        shot = out_dir / "docs.png"
        # the DOM dump and the screenshot in parallel, each with its own profile
        with open(out_dir / "docs.html", "w") as dom_file:
            dom = subprocess.Popen(
                [*browser, f"--user-data-dir={out_dir / 'profile-dom'}", "--dump-dom", url],
                stdout=dom_file,
                stderr=subprocess.DEVNULL,
            )
            picture = subprocess.Popen(
                [
                    *browser,
                    f"--user-data-dir={out_dir / 'profile-shot'}",
                    "--window-size=1280,1600",
                    "--hide-scrollbars",
                    f"--screenshot={shot}",
                    url,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            dom_rc, _ = dom.wait(timeout=90), picture.wait(timeout=90)
        print(
            json.dumps(
                {
                    "netns": in_netns,
                    "internet": internet_reachable(),
                    "dom": str(out_dir / "docs.html"),
                    "screenshot": str(shot) if shot.exists() else None,
                    "chromium_rc": dom_rc,
                }
            )
        )
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
