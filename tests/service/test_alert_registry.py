"""The alert registry: every interface is built from it, and a new alert is one entry.

A throw-away alert (the black-list entries of one place, from the library's ``list_entries``) is
added to a copy of the registry; its CLI command, its route (in the OpenAPI document and answering)
and its client method appear, and they answer alike. The registered alerts answer alike through
the service, the CLI and the client, with the filters and paging the HTTP route always had.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from typer.testing import CliRunner

from creditgraph.api.cli_alerts import alerts_app
from creditgraph.api.main import create_app
from creditgraph.client import Client
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.library import load_library, query
from creditgraph.service.alerts import (
    ALERTS,
    LISTED,
    Alert,
    AlertRegistry,
    alert_page,
    docs_lines,
    render_docs,
)
from creditgraph.service.errors import BadParam

from conftest import served_settings

ROOT = Path(__file__).resolve().parents[2]


class BlackEntry(BaseModel):
    key: str
    subject_key: str
    listed_at: date
    list_entry: dict


def _black_entries(store, as_of: date) -> list[dict]:
    rows = query(store, "list_entries", lists=["black"], as_of=as_of, offset=0, limit=100_000)
    return [
        {
            "key": r["key"],
            "subject_key": r["subject_key"],
            "listed_at": r["listed_at"],
            "list_entry": {"key": r["key"], "jurisdiction": r["jurisdiction"]},
        }
        for r in rows
    ]


THROWAWAY = Alert(
    name="black-entries",
    summary="Black-list entries in force, by place and listing date (a throw-away alert of the test).",
    compute=_black_entries,
    item_model=BlackEntry,
    queries=("list_entries",),
    params=LISTED,
    columns=("key", "subject_key", "listed_at"),
)


@pytest.fixture(scope="module")
def registry() -> AlertRegistry:
    extended = ALERTS.copy()
    extended.add(THROWAWAY)
    return extended


@pytest.fixture(scope="module")
def graph(synth_batch, tmp_path_factory):
    """A synthetic batch loaded into an embedded database file (closed: the CLI and the app open it)."""
    folder, truth = synth_batch(3, 1200)
    path = tmp_path_factory.mktemp("alerts") / "db.lbug"
    store = EmbeddedStore(path)
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    return path, truth


def _cli(path: Path, registry: AlertRegistry, *args: str) -> list[dict]:
    result = CliRunner().invoke(alerts_app(registry), list(args), env={"CREDITGRAPH_DB": str(path)})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_new_alert_gets_its_command_route_client_method_and_docs_line(graph, registry, tmp_path):
    path, truth = graph
    as_of = truth["as_of"]
    with Client(EmbeddedStore(path, read_only=True), alerts=registry) as cg:
        expected = alert_page(cg.store, THROWAWAY, date.fromisoformat(as_of), jurisdiction="3204")
        assert expected.count > 0 and all(
            i["list_entry"]["jurisdiction"].startswith("3204") for i in expected.data
        )
        frame = cg.black_entries(date.fromisoformat(as_of), jurisdiction="3204")
        assert "black_entries" in dir(cg)
        assert sorted(frame["key"]) == sorted(i["key"] for i in expected.data)
    with Client(EmbeddedStore(path, read_only=True)) as plain, pytest.raises(AttributeError):
        plain.black_entries()

    help_ = CliRunner().invoke(alerts_app(registry), ["--help"], env={"CREDITGRAPH_DB": str(path)})
    assert "black-entries" in help_.stdout
    cli = _cli(path, registry, "black-entries", "--as-of", as_of, "--jurisdiction", "3204", "--json")
    assert sorted(i["key"] for i in cli) == sorted(i["key"] for i in expected.data)

    settings = served_settings(path, tmp_path, "k:regulator:reg")
    with TestClient(create_app(settings, alerts_registry=registry)) as http:
        spec = http.get("/openapi.json").json()
        assert "/alerts/black-entries" in spec["paths"]
        params = {p["name"] for p in spec["paths"]["/alerts/black-entries"]["get"]["parameters"]}
        assert {"jurisdiction", "listed_from", "listed_to", "as_of", "limit", "offset"} <= params
        r = http.get(
            "/alerts/black-entries",
            params={"as_of": as_of, "jurisdiction": "3204", "limit": 3},
            headers={"X-API-Key": "k"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["count"] == expected.count and len(r.json()["data"]) == min(3, expected.count)
        bad = http.get("/alerts/black-entries", params={"jurisdiction": "x"}, headers={"X-API-Key": "k"})
        assert bad.status_code == 422 and "jurisdiction" in bad.text
    with TestClient(create_app(settings)) as http:  # the product's own registry has no such alert
        assert "/alerts/black-entries" not in http.get("/openapi.json").json()["paths"]

    assert any("`creditgraph alerts black-entries`" in line for line in docs_lines(registry))


def test_registered_alerts_answer_alike_through_service_cli_and_client(graph):
    path, truth = graph
    as_of = truth["as_of"]
    with Client(EmbeddedStore(path, read_only=True)) as cg:
        for alert in ALERTS:
            whole = alert_page(cg.store, alert, date.fromisoformat(as_of))
            assert whole.count == len(whole.data)
            page = alert_page(cg.store, alert, date.fromisoformat(as_of), offset=1, limit=2)
            assert page.count == whole.count and page.data == whole.data[1:3]
            cli = _cli(path, ALERTS, alert.name, "--as-of", as_of, "--json")
            assert len(cli) == whole.count, alert.name
            got = getattr(cg, alert.method_name)(date.fromisoformat(as_of))
            assert len(got) == whole.count, alert.name
        planted = {r["basis"] for r in truth["reappearances"]}
        assert len(planted) > 1
        one = sorted(planted)[0]
        kept = alert_page(cg.store, ALERTS.get("reappearances"), date.fromisoformat(as_of), basis=[one])
        assert kept.count and {i["basis"] for i in kept.data} == {one}
        cli = _cli(path, ALERTS, "reappearances", "--as-of", as_of, "--basis", one, "--limit", "2", "--json")
        assert [(i["list_entry"]["key"], i["entity"]["key"]) for i in cli] == [
            (i["list_entry"]["key"], i["entity"]["key"]) for i in kept.data[:2]
        ]


def test_bad_parameters_are_one_line_naming_them(graph):
    path, _truth = graph
    with Client(EmbeddedStore(path, read_only=True)) as cg:
        with pytest.raises(BadParam, match="listed_to is before listed_from"):
            cg.reappearances(listed_from=date(2026, 1, 2), listed_to=date(2026, 1, 1))
        with pytest.raises(BadParam, match="basis must be among"):
            cg.reappearances(basis=["nonsense"])
        with pytest.raises(BadParam, match="takes no parameter 'began'"):
            cg.courier_bans(began="after_listing")
    result = CliRunner().invoke(
        alerts_app(), ["barred-roles", "--began", "sometime"], env={"CREDITGRAPH_DB": str(path)}
    )
    assert result.exit_code == 2 and "began must be among" in result.output
    assert "Traceback" not in result.output


def test_every_alert_names_library_queries_and_the_docs_are_current():
    library = load_library()
    for alert in ALERTS:
        assert alert.queries and set(alert.queries) <= set(library), alert.name
    assert (ROOT / "docs" / "alerts.md").read_text(encoding="utf-8") == render_docs(), (
        "docs/alerts.md is stale: run .venv/bin/python -m creditgraph.service.alerts"
    )
