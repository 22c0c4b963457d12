"""Complaint handling rates and the warning list (电子商务意见 (七)(十六)(十八)) on both stores.

Expected answers, written from the rows below before the code ran (period: the 3 months up to
2026-06-30, threshold 2 a month or 1 per 1,000 orders, from complaint_rates.yaml):
- shop S00000001: 8 received, 7 substantiated, no orders → 7/3 = 2.3333 a month: warned; 3
  resolved (4, 1 and 5 days: mean 3.3), one 先行赔付 of 200 yuan;
- shop S00000002: 3 substantiated over 8,000 orders (May 3,000, June 5,000) → 0.375: not warned,
  though 3 complaints in 3 months;
- courier CR0001: 2 over 1,000 orders → 2.0: warned; a company's complaint is not rated; K6 is
  before the period.
"""

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

AS_OF = date(2026, 6, 30)
S1, S2, CR = "PF01/S00000001", "PF01/S00000002", "CR0001"
COMPLAINTS = """complaint_id,channel,subject_kind,subject_id,received_at,category,substantiated,status,resolved_at,compensation,orders
K1,12315,shop,PF01/S00000001,2026-04-10,质量,true,办结,2026-04-14,,
K2,平台,shop,PF01/S00000001,2026-05-02,质量,true,先行赔付,2026-05-03,200,
K3,12315,shop,PF01/S00000001,2026-05-20,质量,true,受理,,,
K4,12315,shop,PF01/S00000001,2026-06-15,质量,true,转办,,,
K5,12315,shop,PF01/S00000001,2026-06-20,质量,false,办结,2026-06-25,,
K6,12315,shop,PF01/S00000001,2026-03-01,质量,true,办结,2026-03-05,,
K7,12315,shop,PF01/S00000001,2026-06-28,质量,true,受理,,,
K8,12315,shop,PF01/S00000001,2026-06-29,质量,true,受理,,,
K9,12315,shop,PF01/S00000001,2026-06-30,质量,true,受理,,,
K10,平台,shop,PF01/S00000002,2026-06-01,延误,true,办结,2026-06-02,,5000
K11,平台,shop,PF01/S00000002,2026-06-10,延误,true,办结,2026-06-12,,5000
K12,平台,shop,PF01/S00000002,2026-05-05,延误,true,办结,2026-05-06,,3000
K13,12345,courier,CR0001,2026-06-01,丢件,true,受理,,,1000
K14,12345,courier,CR0001,2026-06-02,丢件,true,受理,,,1000
K15,12315,company,91320412MA1MX00014,2026-06-01,质量,true,受理,,,
"""


def edit_batch(batch: Path) -> None:
    (batch / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8")


@pytest.fixture
def graph(fixture_graph):
    store, summary = fixture_graph
    assert not [f for f in summary.files if f.file == "complaints.csv" and f.rejected], summary.files
    return store


def _page(store, **params):
    return alert_page(store, ALERTS.get("complaint-rates"), AS_OF, **params).data


def test_the_warning_list(graph):
    items = _page(graph)
    assert [(i["subject"]["key"], i["basis"], i["rate"]) for i in items] == [
        (S1, "per_month", 2.3333),
        (CR, "per_1000_orders", 2.0),
    ]
    s1 = items[0]
    assert (s1["received"], s1["substantiated"], s1["resolved"]) == (8, 7, 3)
    assert s1["mean_days_to_resolve"] == 3.3 and (s1["paid_ahead"], s1["compensation"]) == (1, 200.0)
    assert s1["rule"]["clause"].endswith("(七)(十六)(十八)") and s1["warned"] is True


def test_every_rated_subject_and_the_period(graph):
    items = {i["subject"]["key"]: i for i in _page(graph, list="all")}
    assert set(items) == {S1, S2, CR}, "a company's complaint is not rated"
    assert (items[S2]["orders"], items[S2]["rate"], items[S2]["warned"]) == (8000, 0.375, False)
    one = {i["subject"]["key"]: i for i in _page(graph, list="all", months=1)}
    assert (one[S1]["substantiated"], one[S1]["rate"], one[S1]["warned"]) == (4, 4.0, True)
    assert (one[S2]["rate"], one[CR]["rate"]) == (0.4, 2.0)
    assert [i["subject"]["key"] for i in _page(graph, kind=["courier"])] == [CR]


@pytest.mark.parametrize("seed", [3, 11])
def test_a_synthetic_batch_warns_every_planted_subject_and_no_decoy(synth_graph, seed):
    """synth plants shops and a courier just past the thresholds, and decoys at the threshold, with
    unsubstantiated complaints, complaints before the period, many orders, or a company."""
    store, truth = synth_graph(seed)
    items = {(i["subject"]["kind"], i["subject"]["key"]): i for i in _page(store, list="all")}
    warned = {k for k, i in items.items() if i["warned"]}
    for w in truth["complaint_warnings"]:
        got = items[(w["subject"]["kind"], w["subject"]["id"])]
        assert got["warned"] is True, w
        assert (got["substantiated"], got["orders"], got["rate"]) == (
            w["substantiated"],
            w["orders"],
            w["rate"],
        )
    assert {w["shape"] for w in truth["complaint_warnings"]} == {"per_month", "per_1000_orders", "courier"}
    for d in truth["complaint_decoys"]:
        assert (d["subject"]["kind"], d["subject"]["id"]) not in warned, d
    shapes = {d["shape"]: d["subject"]["id"] for d in truth["complaint_decoys"]}
    assert items[("shop", shapes["at_threshold"])]["rate"] == 2.0
    assert not any(key == shapes["company"] for _, key in items), "a company is not rated"
    handled = {i["paid_ahead"] for i in items.values()} | {i["resolved"] for i in items.values()}
    assert handled != {0}, "the base complaints carry their handling"


def test_cli_route_and_client_warn_the_planted_subjects(synth_batch, tmp_path):
    folder, truth = synth_batch(5, 1200)
    path = tmp_path / "db.lbug"
    store = EmbeddedStore(path)
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    want = {(w["subject"]["kind"], w["subject"]["id"]) for w in truth["complaint_warnings"]}
    decoys = {(d["subject"]["kind"], d["subject"]["id"]) for d in truth["complaint_decoys"]}

    def keys(items: list[dict]) -> set[tuple[str, str]]:
        return {(i["subject"]["kind"], i["subject"]["key"]) for i in items}

    result = CliRunner().invoke(
        alerts_app(),
        ["complaint-rates", "--as-of", truth["as_of"], "--json"],
        env={"CREDITGRAPH_DB": str(path)},
    )
    assert result.exit_code == 0, result.output
    cli = keys(json.loads(result.stdout))
    assert want <= cli and not cli & decoys

    with Client(EmbeddedStore(path, read_only=True)) as cg:
        frame = cg.complaint_rates(date.fromisoformat(truth["as_of"]))
        got = set(zip(frame["subject.kind"], frame["subject.key"], strict=True))
        assert want <= got and not got & decoys

    settings = served_settings(path, tmp_path, "r:regulator:reg")
    with TestClient(create_app(settings)) as http:
        answer = http.get(
            "/alerts/complaint-rates",
            params={"as_of": truth["as_of"], "kind": "courier"},
            headers={"X-API-Key": "r"},
        )
        assert answer.status_code == 200, answer.text
        couriers = keys(answer.json()["data"])
        assert {k for k in want if k[0] == "courier"} <= couriers and all(k[0] == "courier" for k in couriers)
        bad = http.get("/alerts/complaint-rates", params={"months": 0}, headers={"X-API-Key": "r"})
        assert bad.status_code == 422 and "months" in bad.text
