"""A fixed set of API requests answered byte for byte alike by a real uvicorn server on each store.

Both servers serve the parity graph (tests/parity/parity_support.py): the embedded one from its own
copy built the same way, the other from the live Neo4j server (NEO4J_URI in its environment).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from parity_support import BATCH, Parity, build, parity_graphs, split_batch

from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.service.alerts import ALERTS

from conftest import NEO4J_GROUP

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from api_fixtures import ApiServer

pytestmark = NEO4J_GROUP


@pytest.fixture
def parity(_embedded_graphs, _neo4j_graphs, synth_batch) -> Parity:
    return parity_graphs(_embedded_graphs, _neo4j_graphs, synth_batch)


@pytest.fixture(scope="module")
def embedded_api(tmp_path_factory, synth_batch):
    """An API server on its own embedded copy of the parity graph (a server process needs the file
    to itself: the test process's copy stays open elsewhere)."""
    folder, truth = synth_batch(**BATCH)
    bulk, incremental = split_batch(folder, folder.parent / "split")
    workdir = tmp_path_factory.mktemp("parity_api_embedded")
    with EmbeddedStore(workdir / "db.lbug") as store:
        store.create_schema()
        build(store, bulk, incremental, date.fromisoformat(truth["as_of"]))
    server = ApiServer(workdir).start()
    yield server
    server.stop()


@pytest.fixture
def neo4j_api(parity, neo4j_server, tmp_path_factory):
    """An API server on the live Neo4j server, which holds the parity graph (the fixture sees to it)."""
    workdir = tmp_path_factory.mktemp("parity_api_neo4j")
    server = ApiServer(
        workdir,
        NEO4J_URI=neo4j_server["uri"],
        NEO4J_USER=neo4j_server["user"],
        NEO4J_PASSWORD=neo4j_server["password"],
    ).start()
    yield server
    server.stop()


def _requests(parity: Parity) -> list[tuple[str, str, dict]]:
    """(role, path, params): lists, alerts, entity files, walks, paths, traces, who must act, risk."""
    store, as_of = parity.embedded, parity.as_of.isoformat()
    truth = parity.truth
    reappearance = truth["reappearances"][0]
    person, company = reappearance["person"], reappearance["entity"]["id"]
    companies = [r["k"] for r in store.run("MATCH (c:Company) RETURN c.key AS k ORDER BY k LIMIT 3")]
    shops = [r["k"] for r in store.run("MATCH (s:Shop) RETURN s.key AS k ORDER BY k LIMIT 2")]
    products = [r["k"] for r in store.run("MATCH (p:Product) RETURN p.key AS k ORDER BY k LIMIT 3")]
    vtypes = [r["n"] for r in store.run("MATCH (v:ViolationType) RETURN v.name AS n ORDER BY v.key LIMIT 4")]
    documents = [r["k"] for r in store.run("MATCH (d:PolicyDocument) RETURN d.key AS k ORDER BY k")]
    names = [r["n"][:2] for r in store.run("MATCH (c:Company) RETURN c.name AS n ORDER BY c.key LIMIT 2")]
    out: list[tuple[str, str, dict]] = [
        ("public", "/lists", {"limit": 500}),
        *(("regulator", f"/alerts/{a.name}", {"as_of": as_of, "limit": 500}) for a in ALERTS),
        ("investigator", "/alerts/reappearances", {"as_of": "2022-01-01", "limit": 500}),
        ("regulator", "/risk/top", {"limit": 100}),
        ("investigator", "/risk/top", {"limit": 20, "label": "Person"}),
        ("public", "/jurisdictions", {"limit": 500}),
        ("public", "/agencies", {"limit": 500}),
        ("public", "/documents", {}),
        ("investigator", f"/persons/{person}", {}),
        ("regulator", f"/persons/{person}", {}),
        ("investigator", f"/subjects/person/{person}/related", {"depth": 2, "as_of": as_of}),
        (
            "investigator",
            "/paths",
            {"from_kind": "person", "from": person, "to_kind": "company", "to": company},
        ),
    ]
    for c in [company, *companies]:
        out += [
            ("regulator", f"/companies/{c}", {}),
            ("investigator", f"/subjects/company/{c}", {"as_of": as_of}),
            ("regulator", f"/subjects/company/{c}/related", {"depth": 3, "as_of": as_of}),
            ("regulator", f"/subjects/company/{c}/risk", {"as_of": as_of}),
        ]
    for s in shops:
        out.append(
            ("investigator", f"/subjects/shop/{quote(s, safe='')}/related", {"depth": 2, "as_of": as_of})
        )
    for p in products:
        out.append(("regulator", f"/products/{p}/trace", {"as_of": as_of}))
    for v in vtypes:
        for place in ("320412", "320400", "320281", "320700"):
            for day in (as_of, "2018-06-01"):
                out.append(
                    ("public", "/responsible", {"violation_type": v, "jurisdiction": place, "as_of": day})
                )
    for d in documents:
        out.append(("public", f"/documents/{quote(d, safe='')}/tasks", {}))
    for n in names:
        out.append(("regulator", "/search", {"q": n, "limit": 20}))
    return out


def test_a_fixed_set_of_requests_is_answered_byte_for_byte_alike(parity: Parity, embedded_api, neo4j_api):
    requests = _requests(parity)
    assert len(requests) > 50
    different, ok = [], 0
    clients = {}
    for role, path, params in requests:
        for server in (embedded_api, neo4j_api):
            clients.setdefault((id(server), role), server.client(role))
        a = clients[(id(embedded_api), role)].get(path, params=params)
        b = clients[(id(neo4j_api), role)].get(path, params=params)
        ok += a.status_code == 200
        if (a.status_code, a.content) != (b.status_code, b.content):
            at = next((i for i, (x, y) in enumerate(zip(a.content, b.content, strict=False)) if x != y), 0)
            different.append(
                f"{role} {path} {params}: {a.status_code}/{b.status_code} "
                f"embedded …{a.content[max(0, at - 80) : at + 80].decode(errors='replace')}… "
                f"neo4j …{b.content[max(0, at - 80) : at + 80].decode(errors='replace')}…"
            )
    for c in clients.values():
        c.close()
    assert different == []
    assert ok >= len(requests) - 2, "almost every request should find its answer"
