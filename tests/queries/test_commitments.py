"""Broken credit commitments (issue 19): every planted one is found and no decoy, on both stores and
both write paths, through the service, the CLI, the HTTP route (officials and the public role) and
the client."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from creditgraph.api.cli_alerts import alerts_app
from creditgraph.api.main import create_app
from creditgraph.client import Client
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.records.loader import load_records
from creditgraph.service.alerts import ALERTS, alert_page

from conftest import served_settings

ALERT = ALERTS.get("broken-commitments")
SEEDS = (3, 5)


@pytest.fixture(scope="module")
def seed(request) -> int:
    return request.param


def _pairs(items: list[dict]) -> set[tuple[str, str]]:
    return {(i["commitment"]["key"], i["violation"]["key"]) for i in items}


def _want(truth: dict) -> set[tuple[str, str]]:
    return {(b["commitment_id"], b["record_id"]) for b in truth["broken_commitments"]}


def _check(items: list[dict], truth: dict) -> None:
    want = _want(truth)
    assert want, "the batch must plant broken commitments"
    assert _pairs(items) == want
    decoys = {d["commitment_id"] for d in truth["broken_commitment_decoys"]}
    assert {d["shape"] for d in truth["broken_commitment_decoys"]} == {
        "repaired",
        "display_ended",
        "before_made",
        "after_validity",
        "other_subject",
        "wrong_type",
        "unlinked",
    }
    assert not decoys & {i["commitment"]["key"] for i in items}


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_every_planted_broken_commitment_and_no_decoy(synth_graph, seed):
    store, truth = synth_graph(seed)
    page = alert_page(store, ALERT, date.fromisoformat(truth["as_of"]))
    _check(page.data, truth)
    by_key = {b["commitment_id"]: b for b in truth["broken_commitments"]}
    for item in page.data:
        planted = by_key[item["commitment"]["key"]]
        assert item["subject"]["kind"] == planted["subject"]["kind"]
        if planted["subject"]["kind"] == "company":
            assert item["subject"]["key"] == planted["subject"]["id"]
        else:
            assert item["subject"]["id_number"] == planted["subject"]["id"]
        assert item["commitment"]["public"] is planted["public"]
        assert item["violation"]["type"] == "承诺不符"
        assert item["commitment"]["made_at"] <= item["decided_at"]
        assert item["basis"]["document"] == "苏政办发〔2017〕144号" and "(十)" in item["basis"]["clause"]


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_before_any_breach_nothing_is_broken_and_the_public_sees_companies_public_ones(synth_graph, seed):
    store, truth = synth_graph(seed)
    assert alert_page(store, ALERT, date(2017, 1, 1)).count == 0
    public = alert_page(store, ALERT, date.fromisoformat(truth["as_of"]), public=True)
    want = {
        (b["commitment_id"], b["record_id"])
        for b in truth["broken_commitments"]
        if b["public"] and b["subject"]["kind"] == "company"
    }
    assert want and _pairs(public.data) == want and public.count == len(want)


def test_the_bulk_path_finds_the_same(fresh_store, synth_batch):
    folder, truth = synth_batch(3, 1200)
    store = fresh_store("bulk")
    summary = load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False, bulk=True)
    assert summary.mode == "bulk" and not summary.errors
    _check(alert_page(store, ALERT, date.fromisoformat(truth["as_of"])).data, truth)


@pytest.fixture(scope="module")
def graph_file(synth_batch, tmp_path_factory) -> tuple[Path, dict]:
    folder, truth = synth_batch(5, 1200)
    path = tmp_path_factory.mktemp("commitments") / "db.lbug"
    store = EmbeddedStore(path)
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    return path, truth


def test_cli_route_and_client_answer_the_planted_cases(graph_file, tmp_path):
    path, truth = graph_file
    as_of = truth["as_of"]
    result = CliRunner().invoke(
        alerts_app(), ["broken-commitments", "--as-of", as_of, "--json"], env={"CREDITGRAPH_DB": str(path)}
    )
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    _check(cli, truth)
    assert all("*" in i["subject"]["key"] for i in cli if i["subject"]["kind"] == "person"), "persons masked"

    with Client(EmbeddedStore(path, read_only=True)) as cg:
        frame = cg.broken_commitments(date.fromisoformat(as_of))
        assert set(zip(frame["commitment.key"], frame["violation.key"], strict=True)) == _want(truth)

    settings = served_settings(path, tmp_path, "r:regulator:reg,p:public:pub")
    with TestClient(create_app(settings)) as http:
        official = http.get(
            "/alerts/broken-commitments", params={"as_of": as_of, "limit": 500}, headers={"X-API-Key": "r"}
        )
        assert official.status_code == 200, official.text
        _check(official.json()["data"], truth)
        public = http.get(
            "/alerts/broken-commitments", params={"as_of": as_of, "limit": 500}, headers={"X-API-Key": "p"}
        )
        assert public.status_code == 200, public.text
        shown = public.json()["data"]
        assert shown and all(i["subject"]["kind"] == "company" and i["commitment"]["public"] for i in shown)
        assert public.json()["count"] == sum(
            1 for b in truth["broken_commitments"] if b["public"] and b["subject"]["kind"] == "company"
        )
        # the other alerts stay for officials only
        assert http.get("/alerts/reappearances", headers={"X-API-Key": "p"}).status_code == 403
        bad = http.get("/alerts/broken-commitments", params={"jurisdiction": "x"}, headers={"X-API-Key": "r"})
        assert bad.status_code == 422 and "jurisdiction" in bad.text
