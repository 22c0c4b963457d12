"""The public pages (/public/lists/black|red) on a real uvicorn server, no key: every entry in force
is listed exactly once across the pages, the search by name finds only matching subjects, persons
appear by name and masked ID only, and headless Chromium draws the page (artifacts/public_black.png)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import httpx
import pytest
from api_data import entry_in_force
from playwright.sync_api import sync_playwright

from creditgraph.queries.subjects import is_citizen_id

pytest_plugins = ("api_fixtures",)

AS_OF = "2026-06-30"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
ROW = re.compile(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", re.S)


@pytest.fixture(scope="module")
def entries(synth_api) -> list[dict]:
    with open(synth_api.workdir / "batch" / "list_entries.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if entry_in_force(r, AS_OF)]
    return [r for r in rows if r["subject_kind"] != "person" or is_citizen_id(r["subject_id"])]


def _pages(base: str, list_name: str, **params: str) -> list[str]:
    pages, n = [], 1
    while True:
        res = httpx.get(f"{base}/public/lists/{list_name}", params={"as_of": AS_OF, "page": n, **params})
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/html"), res.text
        pages.append(res.text)
        if 'rel="next"' not in res.text:
            return pages
        n += 1


def test_every_black_entry_in_force_once_and_no_personal_data(synth_api, entries):
    pages = _pages(synth_api.url, "black")
    shown = [m for page in pages for m in ROW.findall(page)]
    black = [r for r in entries if r["list"] == "black"]
    assert len(shown) == len(black), "one row per black entry in force, across the pages"
    text = "".join(pages)
    for r in black:
        if r["subject_kind"] == "person":
            ident = r["subject_id"].upper()
            assert ident not in text.upper(), "a person's ID is published masked"
            assert f"{ident[:6]}********{ident[-4:]}" in text
    with open(synth_api.workdir / "batch" / "persons.csv", encoding="utf-8") as fh:
        phones = [p["phone"] for p in csv.DictReader(fh) if p["phone"]]
    assert not [p for p in phones if p in text], "no phone is published"


def test_the_red_list_shows_companies_only(synth_api, entries):
    pages = _pages(synth_api.url, "red")
    red = [r for r in entries if r["list"] == "red" and r["subject_kind"] == "company"]
    shown = [m for page in pages for m in ROW.findall(page)]
    assert len(shown) == len(red)
    assert all(subject.startswith("企业 ") for _, subject in shown)


def test_search_by_name(synth_api, entries):
    with open(synth_api.workdir / "batch" / "companies.csv", encoding="utf-8") as fh:
        names = {c["uscc"]: c["name"] for c in csv.DictReader(fh)}
    black_companies = [r for r in entries if r["list"] == "black" and r["subject_kind"] == "company"]
    target = names[black_companies[0]["subject_id"]]
    part = target[2:6]
    expected = sum(1 for r in entries if r["list"] == "black" and part in _name(r, names, synth_api))
    shown = [m for page in _pages(synth_api.url, "black", q=part) for m in ROW.findall(page)]
    assert len(shown) == expected and all(part in name for name, _ in shown)
    none = httpx.get(f"{synth_api.url}/public/lists/black", params={"q": "不存在的名字zz"})
    assert none.status_code == 200 and "None." in none.text


def _name(row: dict, companies: dict[str, str], server) -> str:
    if row["subject_kind"] == "company":
        return companies.get(row["subject_id"], "")
    files = {
        "person": ("persons.csv", "id_number"),
        "shop": ("shops.csv", "shop_id"),
        "courier": ("couriers.csv", "courier_id"),
        "platform": ("platforms.csv", "platform_id"),
    }
    name, key = files[row["subject_kind"]]
    with open(server.workdir / "batch" / name, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            ident = f"{r['platform_id']}/{r['shop_id']}" if row["subject_kind"] == "shop" else r[key]
            if ident.upper() == row["subject_id"].upper():
                return r["name"]
    return ""


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/public/lists/grey", {}),
        ("/public/lists/black", {"page": "0"}),
        ("/public/lists/black", {"as_of": "2026-13-01"}),
        ("/public/lists/black", {"q": "x" * 51}),
    ],
)
def test_bad_requests_are_refused(synth_api, path, params):
    res = httpx.get(f"{synth_api.url}{path}", params=params)
    assert res.status_code == 422, res.text


def test_the_page_in_a_real_browser(synth_api):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed: run scripts/test-setup.sh"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(f"{synth_api.url}/public/lists/black?as_of={AS_OF}")
            rows = page.locator("#entries tr").count()
            assert rows > 1
            page.fill("input[name=q]", "有限公司")
            page.click("button[type=submit]")
            page.wait_for_load_state()
            assert "q=" in page.url and page.locator("#entries tr").count() >= 1
            page.goto(f"{synth_api.url}/public/lists/black?as_of={AS_OF}")
            page.screenshot(path=str(ARTIFACTS / "public_black.png"), full_page=False)
            page.goto(f"{synth_api.url}/public/commitments/broken?as_of={AS_OF}")
            assert page.locator("#entries tr").count() > 1
            page.screenshot(path=str(ARTIFACTS / "public_commitments.png"), full_page=False)
            page.goto(f"{synth_api.url}/public/couriers?as_of={AS_OF}")
            assert page.locator("td.banned").count() >= 1
            page.screenshot(path=str(ARTIFACTS / "public_couriers.png"), full_page=False)
            page.goto(f"{synth_api.url}/public/lists/black?as_of={AS_OF}")
            nxt = page.locator("a[rel=next]")
            if nxt.count():
                nxt.click()
                page.wait_for_load_state()
                assert "page=2" in page.url
        finally:
            browser.close()


def test_broken_commitments_page_publishes_companies_public_ones_only(synth_api):
    """The batch plants broken commitments (truth.json); the public page shows each one a company
    made in public, and none of the private ones or of the decoys."""
    truth = synth_api.truth
    shown_page = httpx.get(f"{synth_api.url}/public/commitments/broken", params={"as_of": AS_OF})
    assert shown_page.status_code == 200 and shown_page.headers["content-type"].startswith("text/html")
    text = shown_page.text
    for b in truth["broken_commitments"]:
        published = b["public"] and b["subject"]["kind"] == "company"
        assert (b["record_id"] in text) == published, b
    for d in truth["broken_commitment_decoys"]:
        if d.get("record_id"):
            assert d["record_id"] not in text, d


COURIER_ROW = re.compile(
    r'<td>[^<]*\((CR[^)]*)\)</td>\s*<td>.*?</td>\s*<td class="(banned|warned|good)">', re.S
)


def test_couriers_status_list(synth_api, entries):
    """Expected from the batch's files before the code ran: a courier is banned exactly when it or
    its operating company has a black entry in force; every courier the truth plants as banned from
    the platforms is among them; the others are warned or in good standing, and each is listed once."""
    with open(synth_api.workdir / "batch" / "couriers.csv", encoding="utf-8") as fh:
        couriers = {c["courier_id"]: c["operator_uscc"] for c in csv.DictReader(fh)}
    black = {r["subject_id"] for r in entries if r["list"] == "black"}
    expected = {k for k, op in couriers.items() if k in black or op in black}
    pages = _couriers(synth_api.url)
    status = dict(COURIER_ROW.findall("".join(pages)))
    assert set(status) == set(couriers), "every courier once"
    assert {k for k, s in status.items() if s == "banned"} == expected
    assert {b["courier"] for b in synth_api.truth["courier_bans"]} <= expected
    only = _couriers(synth_api.url, status="banned")
    assert set(dict(COURIER_ROW.findall("".join(only)))) == expected


def _couriers(base: str, **params: str) -> list[str]:
    pages, n = [], 1
    while True:
        res = httpx.get(f"{base}/public/couriers", params={"as_of": AS_OF, "page": n, **params})
        assert res.status_code == 200, res.text
        pages.append(res.text)
        if 'rel="next"' not in res.text:
            return pages
        n += 1
