"""/docs works with no network: Swagger UI's JS and CSS come from the installed fastapi-offline
package, served by the app itself. Checked in headless Chromium inside a network namespace that
has nothing but loopback (``unshare -n``); a screenshot lands in artifacts/docs.png."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytest_plugins = ("api_fixtures",)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "artifacts"


def test_docs_page_references_only_the_servers_own_assets(api):
    html = httpx.get(api.url + "/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert httpx.get(api.url + asset).status_code == 200, asset
    redoc = httpx.get(api.url + "/redoc").text
    assert "cdn." not in redoc and "fonts.googleapis" not in redoc


def _namespace_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if not unshare:
        return []
    for flags in (["-n"], ["-rn"]):
        probe = subprocess.run([unshare, *flags, "true"], capture_output=True, timeout=10)
        if probe.returncode == 0:
            return [unshare, *flags]
    return []


@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="chromium is not installed (scripts/test-setup.sh installs it)",
)
def test_docs_render_in_a_browser_without_network(tmp_path):
    prefix = _namespace_prefix()
    env = {**os.environ, "DOCS_NETNS": "1" if prefix else "0"}
    done = subprocess.run(
        [*prefix, sys.executable, str(HERE / "docs_browser.py"), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if prefix:
        assert result["netns"] and not result["internet"]
    dom = Path(result["dom"]).read_text()
    for path in ("/persons/{key}", "/objections", "/lists", "/health"):
        assert f'data-path="{path}"' in dom, path
    assert "opblock-summary-path" in dom and "Authorize" in dom
    assert result["screenshot"]
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(result["screenshot"], ARTIFACTS / "docs.png")
    assert (ARTIFACTS / "docs.png").stat().st_size > 10_000
