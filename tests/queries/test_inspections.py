"""Sampling inspections (抽检) in the product trace (issue 19): every inspection of a product made on
or before the date, none after it, on both stores and both write paths, through the service, the
CLI, the HTTP route and the client."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from creditgraph.api.cli import app as cli_app
from creditgraph.api.main import create_app
from creditgraph.client import Client
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.records.loader import load_records
from creditgraph.service.products import trace

from conftest import served_settings

SEEDS = (3, 5)


@pytest.fixture(scope="module")
def seed(request) -> int:
    return request.param


def _by_product(truth: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for i in truth["inspections"]:
        out[i["product"]].append(i)
    return out


def _check(store, truth: dict, limit: int | None = None) -> None:
    as_of = date.fromisoformat(truth["as_of"])
    planted = _by_product(truth)
    assert any(i["result"] == "不合格" for i in truth["inspections"])
    assert any(i["shop"] for i in truth["inspections"])
    for product, inspections in list(planted.items())[:limit]:
        answer = trace(store, product, as_of)
        got = {
            (i["key"], i["result"], i["shop"]["key"] if i["shop"] else None) for i in answer["inspections"]
        }
        assert got == {(i["inspection_id"], i["result"], i["shop"]) for i in inspections}, product
        assert answer["failed_inspections"] == sum(i["result"] == "不合格" for i in inspections)
        # as of the day before the first was sampled, none of them is part of the trail yet
        first = min(date.fromisoformat(i["sampled_at"]) for i in inspections)
        assert trace(store, product, first - timedelta(days=1))["inspections"] == []


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_the_trace_holds_every_inspection_of_the_product_and_none_after_the_date(synth_graph, seed):
    store, truth = synth_graph(seed)
    _check(store, truth)
    inspected = {i["product"] for i in truth["inspections"]}
    other = next(
        p
        for p in (f"PD{seed}-{n:08d}" for n in range(400))
        if p not in inspected and trace(store, p, date.fromisoformat(truth["as_of"]))
    )
    assert trace(store, other, date.fromisoformat(truth["as_of"]))["inspections"] == []


def test_the_bulk_path_finds_the_same(fresh_store, synth_batch):
    folder, truth = synth_batch(3, 1200)
    store = fresh_store("bulk")
    summary = load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False, bulk=True)
    assert summary.mode == "bulk" and not summary.errors
    _check(store, truth, limit=40)


@pytest.fixture(scope="module")
def graph_file(synth_batch, tmp_path_factory) -> tuple[Path, dict]:
    folder, truth = synth_batch(5, 1200)
    path = tmp_path_factory.mktemp("inspections") / "db.lbug"
    store = EmbeddedStore(path)
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    return path, truth


def test_cli_route_and_client_show_the_inspections(graph_file, tmp_path):
    path, truth = graph_file
    as_of = truth["as_of"]
    failed = next(i for i in truth["inspections"] if i["result"] == "不合格")
    want = {i["inspection_id"] for i in _by_product(truth)[failed["product"]]}

    result = CliRunner().invoke(
        cli_app, ["trace", failed["product"], "--as-of", as_of, "--json"], env={"CREDITGRAPH_DB": str(path)}
    )
    assert result.exit_code == 0, result.output
    assert {i["key"] for i in json.loads(result.stdout)["inspections"]} == want
    with Client(EmbeddedStore(path, read_only=True)) as cg:
        answer = cg.product_trace(failed["product"], date.fromisoformat(as_of))
        assert {i["key"] for i in answer["inspections"]} == want and answer["failed_inspections"] >= 1

    settings = served_settings(path, tmp_path, "r:regulator:reg")
    with TestClient(create_app(settings)) as http:
        res = http.get(
            f"/products/{failed['product']}/trace", params={"as_of": as_of}, headers={"X-API-Key": "r"}
        )
        assert res.status_code == 200, res.text
        assert {i["key"] for i in res.json()["inspections"]} == want
        assert res.json()["failed_inspections"] >= 1
