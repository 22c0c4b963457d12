"""Practitioners of key occupational groups (issue 19): every planted practitioner, the seriously
dishonest ones and no decoy, by group, jurisdiction and date, on both stores and both write paths,
through the service, the CLI, the HTTP route and the client; licence numbers masked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from creditgraph.api.cli import app as cli_app
from creditgraph.api.main import create_app
from creditgraph.client import Client
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.alerts import reappearances
from creditgraph.queries.barred import barred_roles
from creditgraph.service import subjects
from creditgraph.service.errors import BadParam
from creditgraph.service.practitioners import practitioners

from conftest import served_settings

SEEDS = (3, 5)
GROUPS = ("律师", "医师", "教师", "会计", "快递从业人员")


@pytest.fixture(scope="module")
def seed(request) -> int:
    return request.param


def _want(truth: dict, group: str, *, prefix: str = "", dishonest: bool = False) -> set[tuple[str, str]]:
    return {
        (q["person"], q["licence_no"])
        for q in truth["practitioners"]
        if q["group"] == group
        and q["in_force"]
        and q["jurisdiction"].startswith(prefix)
        and (q["dishonest"] or not dishonest)
    }


def _got(items: list[dict]) -> set[tuple[str, str]]:
    return {(i["person"]["id_number"], i["qualification"]["licence_no"]) for i in items}


def _check_all(store, truth: dict) -> None:
    as_of = date.fromisoformat(truth["as_of"])
    assert any(q["dishonest"] and q["in_force"] for q in truth["practitioners"])
    for group in GROUPS:
        for prefix in ("", "3204", "320281"):
            for dishonest in (False, True):
                items = practitioners(store, group, as_of, jurisdiction=prefix or None, dishonest=dishonest)
                assert _got(items) == _want(truth, group, prefix=prefix, dishonest=dishonest), (
                    group,
                    prefix,
                    dishonest,
                )
    decoys = {d["person"] for d in truth["practitioner_decoys"]}
    flagged = {
        i["person"]["id_number"] for g in GROUPS for i in practitioners(store, g, as_of, dishonest=True)
    }
    assert decoys and not decoys & flagged


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_every_practitioner_and_every_dishonest_one_and_no_decoy(synth_graph, seed):
    store, truth = synth_graph(seed)
    _check_all(store, truth)
    as_of = date.fromisoformat(truth["as_of"])
    item = next(i for i in practitioners(store, "会计", as_of, dishonest=True) if i["records"])
    assert item["basis"]["document"] == "苏政办发〔2017〕144号" and "六(二)" in item["basis"]["clause"]
    assert {
        r["kind"]
        for g in GROUPS
        for i in practitioners(store, g, as_of, dishonest=True)
        for r in i["records"]
    } == {
        "black_list",
        "violation",
    }


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_checks_see_practitioners_and_the_entity_file_shows_qualifications(synth_graph, seed):
    store, truth = synth_graph(seed)
    as_of = date.fromisoformat(truth["as_of"])
    practising = {q["person"] for q in truth["practitioners"]}
    planted = [r for r in truth["reappearances"] if r["person"] in practising]
    assert planted, "a listed practitioner reappears as a director"
    found = {(i["subject"].get("id_number"), i["entity"]["key"]) for i in reappearances(store, as_of)}
    barred = {(i["subject"].get("id_number"), i["entity"]["key"]) for i in barred_roles(store, as_of)}
    for r in planted:
        assert (r["person"], r["entity"]["id"]) in found and (r["person"], r["entity"]["id"]) in barred
    q = next(q for q in truth["practitioners"] if not q["in_force"])
    file = subjects.entity_file(store, subjects.resolve(store, "person", q["person"]), as_of)
    held = file["sections"]["qualifications"]
    assert [(h["occupation"], h["licence_no"], h["status"]) for h in held] == [
        (q["group"], q["licence_no"], "expired")
    ]
    # before any qualification began there are none in force
    assert practitioners(store, "律师", date(2004, 12, 31)) == []


def test_the_bulk_path_finds_the_same(fresh_store, synth_batch):
    folder, truth = synth_batch(3, 1200)
    store = fresh_store("bulk")
    summary = load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False, bulk=True)
    assert summary.mode == "bulk" and not summary.errors
    _check_all(store, truth)


def test_a_bad_group_or_prefix_is_one_clear_error(embedded_store):
    with pytest.raises(BadParam, match="group must be among"):
        practitioners(embedded_store, "厨师")
    with pytest.raises(BadParam, match="jurisdiction must be 2 to 6 digits"):
        practitioners(embedded_store, "律师", jurisdiction="32x")


@pytest.fixture(scope="module")
def graph_file(synth_batch, tmp_path_factory) -> tuple[Path, dict]:
    folder, truth = synth_batch(5, 1200)
    path = tmp_path_factory.mktemp("practitioners") / "db.lbug"
    store = EmbeddedStore(path)
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    return path, truth


def _masked(licence: str) -> str:
    return "*" * (len(licence) - 4) + licence[-4:]


def test_cli_route_and_client_answer_the_planted_cases(graph_file, tmp_path):
    path, truth = graph_file
    as_of = truth["as_of"]
    env = {"CREDITGRAPH_DB": str(path)}
    want = _want(truth, "会计", dishonest=True)
    masked_want = {_masked(lic) for _, lic in want}

    args = ["practitioners", "--group", "会计", "--dishonest", "--as-of", as_of, "--json"]
    result = CliRunner().invoke(cli_app, args, env=env)
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert {i["qualification"]["licence_no"] for i in cli} == masked_want, "licence numbers masked"
    assert all("*" in i["person"]["key"] and "*" in i["person"]["id_number"] for i in cli)
    bad = CliRunner().invoke(cli_app, ["practitioners", "--group", "厨师"], env=env)
    assert bad.exit_code != 0 and "group must be among" in bad.output and "Traceback" not in bad.output

    with Client(EmbeddedStore(path, read_only=True)) as cg:
        frame = cg.practitioners("会计", date.fromisoformat(as_of), dishonest=True)
        assert set(frame["qualification.licence_no"]) == masked_want
    with Client(EmbeddedStore(path, read_only=True), unmasked=True) as cg:
        frame = cg.practitioners("会计", date.fromisoformat(as_of), dishonest=True)
        assert set(zip(frame["person.id_number"], frame["qualification.licence_no"], strict=True)) == want

    settings = served_settings(path, tmp_path, "i:investigator:inv,r:regulator:reg,p:public:pub")
    params = {"group": "会计", "dishonest": "true", "as_of": as_of, "limit": 500}
    with TestClient(create_app(settings)) as http:
        inv = http.get("/practitioners", params=params, headers={"X-API-Key": "i"})
        assert inv.status_code == 200, inv.text
        got = {(i["person"]["id_number"], i["qualification"]["licence_no"]) for i in inv.json()["data"]}
        assert got == want and inv.json()["count"] == len(want)
        reg = http.get("/practitioners", params=params, headers={"X-API-Key": "r"})
        assert {i["qualification"]["licence_no"] for i in reg.json()["data"]} == masked_want
        three = http.get(
            "/practitioners",
            params={**params, "jurisdiction": "3204", "dishonest": "false"},
            headers={"X-API-Key": "r"},
        )
        assert three.json()["count"] == len(_want(truth, "会计", prefix="3204"))
        assert http.get("/practitioners", params=params, headers={"X-API-Key": "p"}).status_code == 403
        bad = http.get("/practitioners", params={"group": "厨师"}, headers={"X-API-Key": "r"})
        assert bad.status_code == 422 and "group" in bad.text
    audit = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert "/practitioners" in audit
