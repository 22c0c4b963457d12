"""The guide server (``python -m creditgraph.queries.browser serve``) answers the way the Neo4j Browser asks.

``:play URL`` is a cross-origin fetch with ``pragma`` and ``cache-control`` headers, so Chromium first
sends a preflight ``OPTIONS``; before it was answered, the Browser could not play the guide
(test_neo4j_browser.py plays it for real).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from creditgraph.queries import browser

BROWSER_ORIGIN = "http://127.0.0.1:7474"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = browser.guide_server(browser.OUT_DIR, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_preflight_of_play_is_allowed(base_url):
    response = httpx.options(
        f"{base_url}/{browser.GUIDE_FILE}",
        headers={
            "Origin": BROWSER_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "cache-control,pragma",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "GET" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-allow-headers"] == "cache-control,pragma"


@pytest.mark.parametrize("name", [browser.GUIDE_FILE, browser.GRASS_FILE])
def test_the_guide_and_the_style_sheet_are_served_cross_origin(base_url, name):
    response = httpx.get(f"{base_url}/{name}", headers={"Origin": BROWSER_ORIGIN, "Pragma": "no-cache"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.content == (browser.OUT_DIR / name).read_bytes()


def test_a_missing_file_is_a_404_with_the_cors_header(base_url):
    response = httpx.get(f"{base_url}/nope.html", headers={"Origin": BROWSER_ORIGIN})
    assert response.status_code == 404
    assert response.headers["access-control-allow-origin"] == "*"
