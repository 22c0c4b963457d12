"""Graded intermediaries (issue 19): which approval-related intermediaries may be chosen for a
government purchase on a date. Every planted eligible one is chosen, every decoy left out by the
rule it breaks, the industry warning raised where D grades pass the threshold; on both stores and
both write paths, through the service, the CLI, the HTTP route and the client."""

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
from creditgraph.service import subjects
from creditgraph.service.errors import BadParam
from creditgraph.service.intermediaries import eligible

from conftest import served_settings

SEEDS = (3, 5)
CATEGORIES = ("评估", "审计", "鉴证技术")


@pytest.fixture(scope="module")
def seed(request) -> int:
    return request.param


def _check(answer: dict, truth: dict, category: str, prefix: str = "") -> None:
    """Every planted eligible one chosen, every decoy left out by its rule; anything else chosen is
    a base intermediary (random grades, not in the truth) that meets every rule by its own why."""
    chosen = {i["key"]: i for i in answer["data"]}
    want = {
        x["uscc"]
        for x in truth["intermediaries_eligible"]
        if x["category"] == category and x["jurisdiction"].startswith(prefix)
    }
    assert want <= set(chosen), "a planted eligible intermediary was left out"
    planted = {x["uscc"] for x in truth["intermediaries_eligible"] + truth["intermediary_decoys"]}
    for key in set(chosen) - want:
        assert key not in planted, f"{key} chosen but not planted as eligible"
        assert chosen[key]["grade"] in ("A", "B") and {w["rule"] for w in chosen[key]["why"]} == {
            "not_blacklisted",
            "not_abnormal",
            "no_penalty_in_display",
            "good_band",
        }
    decoys = {
        x["uscc"]: x["fails"]
        for x in truth["intermediary_decoys"]
        if x["category"] == category and x["jurisdiction"].startswith(prefix)
    }
    assert not set(decoys) & set(chosen), "a decoy was chosen"
    if answer["left_out"] is not None:
        left = {i["key"]: {f["rule"] for f in i["failed"]} for i in answer["left_out"]}
        for key, rule in decoys.items():
            assert rule in left[key], (key, rule, left.get(key))


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_planted_intermediaries_are_chosen_and_decoys_left_out(synth_graph, seed):
    store, truth = synth_graph(seed)
    as_of = date.fromisoformat(truth["as_of"])
    shapes = {x["shape"] for x in truth["intermediary_decoys"]}
    assert shapes == {
        "blacklisted",
        "abnormal_in_force",
        "penalty_in_display",
        "latest_c",
        "no_grade",
        "grade_d",
    }
    for category in CATEGORIES:
        for prefix in ("", "3204", "3207"):
            _check(
                eligible(store, category, as_of, jurisdiction=prefix or None, explain=True),
                truth,
                category,
                prefix,
            )
    plain = eligible(store, "评估", as_of)
    assert plain["left_out"] is None and plain["count"] == len(plain["data"])
    item = plain["data"][0]
    assert {w["document"] for w in item["why"]} == {"连云港市加强涉审社会中介机构信用管理的实施意见"}


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_the_industry_warning_follows_the_share_of_d_grades(synth_graph, seed):
    store, truth = synth_graph(seed)
    as_of = date.fromisoformat(truth["as_of"])
    for category in (*CATEGORIES, "设计咨询", "招投标代理", "其他"):
        answer = eligible(store, category, as_of, explain=True)
        grades = [i["grade"] for i in answer["data"] + answer["left_out"] if i["grade"]]
        share = grades.count("D") / len(grades) if grades else 0.0
        assert (answer["warning"] is not None) == (share > 0.2), category
    warning = eligible(store, "鉴证技术", as_of)["warning"]
    assert warning and warning["share"] > 0.5 and warning["clause"].startswith("四(四)")
    # before any planted grade the category has none to warn about
    assert eligible(store, "鉴证技术", date(2017, 1, 1))["data"] == []


def test_the_bulk_path_finds_the_same(fresh_store, synth_batch):
    folder, truth = synth_batch(3, 1200)
    store = fresh_store("bulk")
    summary = load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False, bulk=True)
    assert summary.mode == "bulk" and not summary.errors
    for category in CATEGORIES:
        _check(eligible(store, category, date.fromisoformat(truth["as_of"]), explain=True), truth, category)


def test_the_abnormal_list_shows_in_the_entity_file(synth_graph):
    store, truth = synth_graph(3)
    as_of = date.fromisoformat(truth["as_of"])
    decoy = next(x for x in truth["intermediary_decoys"] if x["shape"] == "abnormal_in_force")
    file = subjects.entity_file(store, subjects.resolve(store, "company", decoy["uscc"]), as_of)
    assert [e["status"] for e in file["sections"]["abnormal_entries"]] == ["active"]


def test_a_bad_category_or_prefix_is_one_clear_error(embedded_store):
    with pytest.raises(BadParam, match="category must be among"):
        eligible(embedded_store, "律师事务所")
    with pytest.raises(BadParam, match="jurisdiction must be 2 to 6 digits"):
        eligible(embedded_store, "评估", jurisdiction="3")


@pytest.fixture(scope="module")
def graph_file(synth_batch, tmp_path_factory) -> tuple[Path, dict]:
    folder, truth = synth_batch(5, 1200)
    path = tmp_path_factory.mktemp("intermediaries") / "db.lbug"
    store = EmbeddedStore(path)
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    return path, truth


def test_cli_route_and_client_answer_the_planted_cases(graph_file, tmp_path):
    path, truth = graph_file
    as_of = truth["as_of"]
    env = {"CREDITGRAPH_DB": str(path)}
    args = ["intermediaries", "eligible", "--category", "审计", "--explain", "--as-of", as_of, "--json"]
    result = CliRunner().invoke(cli_app, args, env=env)
    assert result.exit_code == 0, result.output
    _check(json.loads(result.stdout), truth, "审计")
    text = CliRunner().invoke(
        cli_app, ["intermediaries", "eligible", "--category", "鉴证技术", "--as-of", as_of], env=env
    )
    assert text.exit_code == 0 and "industry warning" in text.output
    bad = CliRunner().invoke(cli_app, ["intermediaries", "eligible", "--category", "律所"], env=env)
    assert bad.exit_code != 0 and "category must be among" in bad.output and "Traceback" not in bad.output

    with Client(EmbeddedStore(path, read_only=True)) as cg:
        _check(cg.intermediaries_eligible("审计", date.fromisoformat(as_of), explain=True), truth, "审计")

    settings = served_settings(path, tmp_path, "r:regulator:reg,p:public:pub")
    with TestClient(create_app(settings)) as http:
        for category in CATEGORIES:
            res = http.get(
                "/intermediaries/eligible",
                params={"category": category, "as_of": as_of, "explain": "true"},
                headers={"X-API-Key": "r"},
            )
            assert res.status_code == 200, res.text
            _check(res.json(), truth, category)
        assert (
            http.get(
                "/intermediaries/eligible", params={"category": "评估"}, headers={"X-API-Key": "p"}
            ).status_code
            == 403
        )
        bad = http.get("/intermediaries/eligible", params={"category": "律所"}, headers={"X-API-Key": "r"})
        assert bad.status_code == 422 and "category" in bad.text
