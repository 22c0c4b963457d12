"""The regulators' read endpoints against a real uvicorn server on a synthetic batch (1,200 subjects,
seed 3, as of 2026-06-30) with the shipped policy data and risk scores: entity files, related
parties, paths, risk, alerts, product traces, who must act, agencies, documents, search.

Shape, roles (investigator unmasked, regulator/analyst masked, public 403 except the policy
documents), errors (404, 422 naming the parameter), pagination and filters, and the audit log.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from creditgraph.api.audit import verify

pytest_plugins = ("api_fixtures",)

AS_OF = "2026-06-30"
ROLES = ("investigator", "regulator", "analyst", "public")
OFFICIAL = ("investigator", "regulator", "analyst")


@pytest.fixture(scope="module")
def truth(synth_api):
    return synth_api.truth


@pytest.fixture(scope="module")
def listed_person(truth):
    """A person of the planted reappearances (direct role), and the company they reappear in."""
    hit = next(r for r in truth["reappearances"] if r["basis"] == "direct_role")
    return hit["person"], hit["entity"]["id"]


def audit_records(server) -> list[dict]:
    path = server.workdir / "audit.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def masked(id_number: str) -> str:
    return id_number[:6] + "*" * 8 + id_number[-4:]


# -- the entity file: one person as each role sees it ------------------------------------------


def test_entity_file_of_a_person_by_role_and_audited(synth_api, sx, listed_person):
    id_number, _ = listed_person
    url = f"/subjects/person/{id_number}?as_of={AS_OF}"
    before = len(audit_records(synth_api))
    seen = {}
    for role in ROLES:
        seen[role] = sx[role].get(url)
    assert seen["public"].status_code == 403 and "public" in seen["public"].json()["detail"]
    inv = seen["investigator"].json()
    assert seen["investigator"].status_code == 200
    assert inv["subject"]["id_number"] == id_number and inv["subject"]["kind"] == "person"
    assert inv["as_of"] == AS_OF and set(inv["risk"]) == {
        "risk_own",
        "risk_score",
        "risk_rank",
        "list_status",
    }
    assert "roles" in inv["sections"] and "list_entries" in inv["sections"]
    node_key = inv["subject"]["node_key"]
    for role in ("regulator", "analyst"):
        body = seen[role].json()
        assert seen[role].status_code == 200
        assert body["subject"]["id_number"] == masked(id_number)
        assert id_number not in seen[role].text
        assert body["sections"].keys() == inv["sections"].keys()
    # the same person by node key
    again = sx["regulator"].get(f"/subjects/person/{node_key}?as_of={AS_OF}")
    assert again.status_code == 200 and again.json()["subject"]["node_key"] == node_key

    records = audit_records(synth_api)[before:]
    mine = [r for r in records if r["endpoint"] == "/subjects/{kind}/{ident:path}"]
    assert {r["role"] for r in mine} == {"investigator", "regulator", "analyst"}  # public got 403: nothing
    assert all(node_key in r["subjects"] for r in mine)
    assert id_number not in (synth_api.workdir / "audit.jsonl").read_text(encoding="utf-8")
    assert verify(synth_api.workdir / "audit.jsonl").ok


def test_entity_file_of_a_company_and_a_shop(sx, listed_person):
    _, company = listed_person
    r = sx["analyst"].get(f"/subjects/company/{company}", params={"as_of": AS_OF, "history": "false"})
    assert r.status_code == 200
    body = r.json()
    assert body["subject"] == {
        "kind": "company",
        "key": company,
        "name": body["subject"]["name"],
        "node_key": company,
        "id_number": None,
    }
    assert body["truncated"] is False and isinstance(body["objections"], list)
    shop = sx["regulator"].get("/search", params={"q": "小店", "kind": "shop", "limit": 1}).json()["data"][0]
    r = sx["regulator"].get(f"/subjects/shop/{shop['key']}?as_of={AS_OF}")  # the key holds a slash
    assert r.status_code == 200 and r.json()["subject"]["key"] == shop["key"]


def test_unknown_subjects_are_404_and_bad_identifiers_422(sx):
    reg = sx["regulator"]
    r = reg.get("/subjects/company/91320400MA0000000X")
    assert r.status_code == 404 and "91320400MA0000000X" in r.json()["detail"]
    r = reg.get("/subjects/person/" + "a" * 64)
    assert r.status_code == 404
    valid_unknown = "11010519491231002X"  # a valid citizen ID not in the batch
    r = reg.get(f"/subjects/person/{valid_unknown}")
    assert r.status_code == 404 and valid_unknown not in r.text
    cases = {
        "/subjects/person/320402199001010751": "ident",  # bad check digit
        "/subjects/spaceship/x": "kind",
        "/subjects/company/bad%20key": "ident",
        "/subjects/company/913204113095388158?as_of=yesterday": "as_of",
        "/subjects/company/913204113095388158?as_of=1066-10-14": "as_of",
        "/products/PD3-00000000/trace?as_of=3000-01-01": "as_of",
    }
    for url, param in cases.items():
        r = reg.get(url)
        assert r.status_code == 422, url
        assert r.json()["errors"][0]["param"] == param, (url, r.json())


# -- related parties and paths ---------------------------------------------------------------------


def test_related_parties_depth_types_and_caps(synth_api, sx, listed_person):
    id_number, company = listed_person
    reg = sx["regulator"]
    r = reg.get(f"/subjects/company/{company}/related", params={"depth": 2, "as_of": AS_OF})
    assert r.status_code == 200
    body = r.json()
    assert body["depth"] == 2 and body["subject"]["node_key"] == company
    assert body["nodes"][0]["depth"] == 0 and body["nodes"][0]["name"]
    keys = {n["node_key"] for n in body["nodes"]}
    assert all(e["source"] in keys and e["target"] in keys for e in body["edges"])
    people = [n for n in body["nodes"] if n["kind"] == "person"]
    assert people and all(n["id_number"] is None or "*" in n["id_number"] for n in people)
    assert id_number not in r.text

    roles = reg.get(f"/subjects/company/{company}/related", params={"types": "roles", "as_of": AS_OF}).json()
    assert roles["types"] == ["roles"] and {e["type"] for e in roles["edges"]} <= {
        "LEGAL_REP_OF",
        "OFFICER_OF",
    }
    capped = reg.get(f"/subjects/company/{company}/related", params={"fanout": 1, "depth": 3}).json()
    assert capped["fanout"] == 1

    for params, name in [
        ({"depth": 4}, "depth"),
        ({"depth": 0}, "depth"),
        ({"types": "roles,gossip"}, "types"),
        ({"fanout": 0}, "fanout"),
    ]:
        bad = reg.get(f"/subjects/company/{company}/related", params=params)
        assert bad.status_code == 422 and bad.json()["errors"][0]["param"] == name, params
    assert sx["public"].get(f"/subjects/company/{company}/related").status_code == 403
    assert any(
        r["endpoint"] == "/subjects/{kind}/{ident:path}/related" and r["role"] == "regulator"
        for r in audit_records(synth_api)
    )


def test_shortest_path_between_a_person_and_a_company(sx, listed_person):
    id_number, company = listed_person
    params = {"from_kind": "person", "from": id_number, "to_kind": "company", "to": company}
    inv = sx["investigator"].get("/paths", params=params)
    assert inv.status_code == 200
    body = inv.json()
    assert body["found"] and body["length"] == len(body["edges"]) >= 1
    assert body["nodes"][0]["id_number"] == id_number and body["nodes"][-1]["node_key"] == company
    reg = sx["regulator"].get("/paths", params=params)
    assert reg.status_code == 200 and id_number not in reg.text
    assert sx["public"].get("/paths", params=params).status_code == 403
    missing = sx["regulator"].get("/paths", params={**params, "to": "913204000000000000"})
    assert missing.status_code == 404
    for drop, name in [("from", "from"), ("to_kind", "to_kind")]:
        bad = sx["regulator"].get("/paths", params={k: v for k, v in params.items() if k != drop})
        assert bad.status_code == 422 and bad.json()["errors"][0]["param"] == name
    same = sx["regulator"].get("/paths", params={**params, "to_kind": "person", "to": id_number})
    assert same.status_code == 422 and same.json()["errors"][0]["param"] == "to"


# -- risk ------------------------------------------------------------------------------------------


def test_risk_top_and_a_subject_risk_explained(synth_api, sx):
    reg = sx["regulator"]
    top = reg.get("/risk/top", params={"limit": 5, "label": "Company"})
    assert top.status_code == 200
    data = top.json()["data"]
    assert 0 < len(data) <= 5 and top.json()["count"] == len(data)
    assert all(d["label"] == "Company" for d in data)
    scores = [d["risk_score"] for d in data]
    assert scores == sorted(scores, reverse=True)
    every = reg.get("/risk/top", params={"limit": 20}).json()["data"]
    assert {d["label"] for d in every} >= {"Person"}
    assert all("*" in d["id_number"] for d in every if d["kind"] == "person")

    # a company that owes its score to others: the explanation names them and the path
    quiet = next(
        d
        for d in reg.get("/risk/top", params={"limit": 100, "label": "Company"}).json()["data"]
        if not d["risk_own"]
    )
    r = reg.get(f"/subjects/company/{quiet['key']}/risk", params={"as_of": AS_OF, "top": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["stored"]["risk_score"] == pytest.approx(quiet["risk_score"])
    assert body["explained"] is True and body["risk_score"] == pytest.approx(body["stored"]["risk_score"])
    assert 0 < len(body["sources"]) <= 3 and 0 < body["coverage"] <= 1.001
    far = [s for s in body["sources"] if s["path"]]
    assert far and far[0]["own_risk"] > 0 and far[0]["path"]["nodes"][-1]["key"] == quiet["key"]
    assert quiet["key"] in far[0]["path"]["summary"]

    # a blacklisted company's own risk, record by record
    black = data[0]
    own = reg.get(f"/subjects/company/{black['key']}/risk", params={"as_of": AS_OF}).json()
    assert own["records"] and own["records"][0]["factors"]
    assert own["risk_own"] == pytest.approx(sum(x["contribution"] for x in own["records"]))

    assert sx["public"].get(f"/subjects/company/{black['key']}/risk").status_code == 403
    assert reg.get("/risk/top", params={"limit": 501}).status_code == 422
    assert reg.get("/risk/top", params={"label": "Violation"}).status_code == 422


def test_risk_of_a_shop_and_of_a_person(sx, listed_person):
    id_number, _ = listed_person
    shop = sx["regulator"].get("/search", params={"q": "小店", "kind": "shop", "limit": 1}).json()["data"][0]
    r = sx["regulator"].get(f"/subjects/shop/{shop['key']}/risk", params={"as_of": AS_OF})
    assert r.status_code == 200 and r.json()["subject"]["kind"] == "shop"
    inv = sx["investigator"].get(f"/subjects/person/{id_number}/risk", params={"as_of": AS_OF})
    assert inv.status_code == 200 and inv.json()["subject"]["id_number"] == id_number
    assert id_number not in sx["analyst"].get(f"/subjects/person/{id_number}/risk").text


# -- alerts ------------------------------------------------------------------------------------------


def _all_pages(client, url, params, size):
    out, offset = [], 0
    while True:
        page = client.get(url, params={**params, "limit": size, "offset": offset})
        assert page.status_code == 200, page.text
        body = page.json()
        out += body["data"]
        offset += size
        if offset >= body["count"]:
            assert len(out) == body["count"]
            return out, body["count"]


def test_barred_roles_route_answers_the_planted_ties_by_role(synth_api, sx, truth):
    """GET /alerts/barred-roles: the planted barred ties (电子商务意见 (二十), (六); 涉审中介意见 四(六)),
    each naming its measure and clause; persons masked for regulators, unmasked for investigators;
    the began filter; public 403."""
    url = "/alerts/barred-roles"
    assert sx["public"].get(url).status_code == 403
    inv = sx["investigator"].get(url, params={"as_of": AS_OF, "limit": 500}).json()
    got = {
        (
            i["subject"].get("id_number") or i["subject"]["key"],
            i["entity"]["key"],
            i["measure"]["name"],
            i["began"],
        )
        for i in inv["data"]
    }
    want = {(t["subject"]["id"], t["entity"]["id"], t["measure"], t["began"]) for t in truth["barred_roles"]}
    assert inv["count"] == len(inv["data"]) and got == want
    assert all(i["measure"]["document"] and i["measure"]["clause"] for i in inv["data"])
    reg = sx["regulator"].get(url, params={"as_of": AS_OF, "limit": 500}).json()
    people = [i for i in reg["data"] if i["subject"]["kind"] == "person"]
    assert people and all("*" in i["subject"]["id_number"] for i in people)
    held = sx["regulator"].get(url, params={"as_of": AS_OF, "began": "before_listing", "limit": 500}).json()
    assert 0 < held["count"] < reg["count"]
    assert {i["basis"] for i in held["data"]} == {"held_role"}
    bad = sx["regulator"].get(url, params={"began": "yesterday"})
    assert bad.status_code == 422 and "began" in bad.text


def test_reappearances_paginate_and_filter(synth_api, sx, truth):
    reg = sx["regulator"]
    url = "/alerts/reappearances"
    whole = reg.get(url, params={"as_of": AS_OF, "limit": 500})
    assert whole.status_code == 200
    body = whole.json()
    assert body["as_of"] == AS_OF and body["count"] == len(body["data"]) > 0
    paged, count = _all_pages(reg, url, {"as_of": AS_OF}, 4)
    assert count == body["count"] and paged == body["data"]
    past = reg.get(url, params={"as_of": AS_OF, "offset": 10_000}).json()
    assert past["data"] == [] and past["count"] == body["count"]

    planted = {r["entry_id"] for r in truth["reappearances"]}
    assert planted & {i["list_entry"]["key"] for i in body["data"]}
    item = body["data"][0]
    assert {
        "subject",
        "entity",
        "basis",
        "via",
        "listed_at",
        "since",
        "list_entry",
        "responsible",
    } <= item.keys()
    assert all("*" in i["subject"]["id_number"] for i in body["data"] if i["subject"]["kind"] == "person")

    changzhou = reg.get(url, params={"as_of": AS_OF, "jurisdiction": "3204", "limit": 500}).json()
    assert 0 < changzhou["count"] < body["count"]  # the batch lists in Lianyungang too
    assert all(i["list_entry"]["jurisdiction"].startswith("3204") for i in changzhou["data"])
    assert changzhou["count"] == sum(
        1 for i in body["data"] if (i["list_entry"]["jurisdiction"] or "").startswith("3204")
    )

    bases = {i["basis"] for i in body["data"]}
    assert len(bases) > 1
    one = sorted(bases)[0]
    only = reg.get(url, params={"as_of": AS_OF, "basis": one, "limit": 500}).json()
    assert only["count"] == sum(1 for i in body["data"] if i["basis"] == one)
    assert {i["basis"] for i in only["data"]} == {one}
    two = reg.get(url, params=[("as_of", AS_OF)] + [("basis", b) for b in sorted(bases)[:2]]).json()
    assert two["count"] == sum(1 for i in body["data"] if i["basis"] in sorted(bases)[:2])

    dates = sorted(i["listed_at"] for i in body["data"])
    mid = dates[len(dates) // 2]
    after = reg.get(url, params={"as_of": AS_OF, "listed_from": mid, "limit": 500}).json()
    assert after["count"] == sum(1 for d in dates if d >= mid)
    before = reg.get(url, params={"as_of": AS_OF, "listed_to": mid, "limit": 500}).json()
    assert before["count"] == sum(1 for d in dates if d <= mid)

    for params, name in [
        ({"jurisdiction": "32a4"}, "jurisdiction"),
        ({"jurisdiction": "3"}, "jurisdiction"),
        ({"basis": "gossip"}, "basis"),
        ({"limit": 501}, "limit"),
        ({"listed_from": "2024-01-01", "listed_to": "2023-01-01"}, "listed_to"),
        ({"max_share": 1}, "max_share"),
    ]:
        bad = reg.get(url, params=params)
        assert bad.status_code == 422 and bad.json()["errors"][0]["param"].startswith(name), (
            params,
            bad.text,
        )
    assert sx["public"].get(url).status_code == 403

    audited = [r for r in audit_records(synth_api) if r["endpoint"] == "/alerts/reappearances"]
    assert audited and all(r["subjects"] for r in audited)


def test_courier_bans_and_rings(sx, truth):
    reg = sx["regulator"]
    bans = reg.get("/alerts/courier-bans", params={"as_of": AS_OF, "limit": 500}).json()
    assert bans["count"] > 0
    planted = {b["courier"] for b in truth["courier_bans"]}
    assert planted & {b["courier"]["key"] for b in bans["data"]}
    paged, _ = _all_pages(reg, "/alerts/courier-bans", {"as_of": AS_OF}, 2)
    assert paged == bans["data"]
    prov = reg.get("/alerts/courier-bans", params={"as_of": AS_OF, "jurisdiction": "320000"}).json()
    assert all(b["list_entry"]["jurisdiction"] == "320000" for b in prov["data"])
    assert prov["count"] == sum(1 for b in bans["data"] if b["list_entry"]["jurisdiction"] == "320000")

    rings = reg.get("/alerts/shared-identifiers", params={"as_of": AS_OF, "limit": 500}).json()
    assert rings["count"] > 0
    ring = rings["data"][0]
    assert ring["ring"] == 1 and ring["size"] == len(ring["members"]) >= 2 and ring["identifiers"]
    flags = [f for r in rings["data"] for m in r["members"] for f in m["flags"]]
    assert flags and all(f["on"] for f in flags)
    cz = reg.get(
        "/alerts/shared-identifiers", params={"as_of": AS_OF, "jurisdiction": "3204", "limit": 500}
    ).json()
    assert cz["count"] <= rings["count"]
    for r in cz["data"]:
        assert any((f["jurisdiction"] or "").startswith("3204") for m in r["members"] for f in m["flags"])
    none = reg.get("/alerts/shared-identifiers", params={"as_of": AS_OF, "listed_to": "1901-01-01"}).json()
    assert none == {"data": [], "count": 0, "as_of": AS_OF}
    persons = [m for r in rings["data"] for m in r["members"] if m["kind"] == "person"]
    assert all("*" in m["id_number"] for m in persons)
    inv = sx["investigator"].get("/alerts/shared-identifiers", params={"as_of": AS_OF, "limit": 500}).json()
    assert any("*" not in m["id_number"] for r in inv["data"] for m in r["members"] if m["kind"] == "person")
    assert sx["public"].get("/alerts/shared-identifiers").status_code == 403
    assert sx["public"].get("/alerts/courier-bans").status_code == 403


# -- product trace -----------------------------------------------------------------------------------


def test_product_trace(sx):
    r = sx["analyst"].get("/products/PD3-00000000/trace", params={"as_of": AS_OF})
    assert r.status_code == 200
    body = r.json()
    assert body["product"]["key"] == "PD3-00000000" and body["shops"] and body["platforms"]
    assert {s["kind"] for s in body["shops"]} == {"shop"} and all(s["platform"] for s in body["shops"])
    assert all(c["serves"] for c in body["couriers"])
    assert sx["analyst"].get("/products/PD99999999/trace").status_code == 404
    bad = sx["analyst"].get("/products/%20bad/trace")
    assert bad.status_code == 422 and bad.json()["errors"][0]["param"] == "product_id"
    assert sx["public"].get("/products/PD3-00000000/trace").status_code == 403


# -- policy: open to every role ---------------------------------------------------------------------


def test_who_must_act_is_public(sx):
    for role in ROLES:
        r = sx[role].get(
            "/responsible", params={"violation_type": "刷单", "jurisdiction": "320412", "as_of": AS_OF}
        )
        assert r.status_code == 200, role
    body = r.json()
    assert body["violation_type"]["code"] == "V01" and body["jurisdiction"]["code"] == "320412"
    assert body["table"]["fallback"] is True and body["table"]["searched"][0] == "320412"
    assert body["lead"] and body["current"]["lead"] and body["tasks"]
    lead = body["lead"][0]
    assert lead["as_written"] and lead["current"]["id"] and lead["document"]["key"]
    for params, name, status in [
        ({"violation_type": "嗑瓜子", "jurisdiction": "320412"}, "violation_type", 404),  # not in the data
        ({"violation_type": "刷单", "jurisdiction": "320499"}, "jurisdiction", 404),
        ({"violation_type": "刷单", "jurisdiction": "999999"}, "jurisdiction", 422),  # no such province
        ({"violation_type": "刷单", "jurisdiction": "3204"}, "jurisdiction", 422),
        ({"jurisdiction": "320412"}, "violation_type", 422),
    ]:
        bad = sx["public"].get("/responsible", params=params)
        assert bad.status_code == status and bad.json()["errors"][0]["param"] == name, (params, bad.text)


def test_agencies_and_documents_are_public_and_paginated(sx):
    pub = sx["public"]
    all_agencies, count = _all_pages(pub, "/agencies", {}, 40)
    assert count > 50 and len({a["key"] for a in all_agencies}) == count
    assert all(a["tasks"] == a["leads"] + a["cooperates"] for a in all_agencies)
    cz = pub.get("/agencies", params={"jurisdiction": "3204", "limit": 500}).json()
    assert 0 < cz["count"] < count and all(a["jurisdiction"].startswith("3204") for a in cz["data"])

    aic = pub.get("/agencies/cz.aic", params={"as_of": AS_OF}).json()
    assert aic["current"]["id"] == "cz.samr" and aic["chain"] and aic["tasks"]
    assert {t["role"] for t in aic["tasks"]} <= {"lead", "coop"}
    before_reform = pub.get("/agencies/cz.aic", params={"as_of": "2018-06-30"}).json()
    assert before_reform["current"] is None
    assert pub.get("/agencies/no.such.agency").status_code == 404

    docs = pub.get("/documents", params={"limit": 500}).json()
    assert docs["count"] == len(docs["data"]) > 0
    doc = next(d for d in docs["data"] if d["tasks"])
    tasks = pub.get(f"/documents/{quote(doc['key'], safe='')}/tasks", params={"limit": 5}).json()
    assert tasks["count"] == doc["tasks"] and 0 < len(tasks["data"]) <= 5
    assert tasks["data"][0]["document"]["key"] == doc["key"] and tasks["data"][0]["seq"] == 1
    rest, _ = _all_pages(pub, f"/documents/{quote(doc['key'], safe='')}/tasks", {}, 7)
    assert [t["seq"] for t in rest] == sorted(t["seq"] for t in rest)
    assert pub.get("/documents/nope/tasks").status_code == 404


# -- search ------------------------------------------------------------------------------------------


def test_name_search_partial_names_kinds_and_masking(synth_api, sx):
    reg = sx["regulator"]
    r = reg.get("/search", params={"q": "常州五金", "kind": "company"})
    assert r.status_code == 200
    body = r.json()
    assert body["tokens"] == ["常州", "五金"] and body["count"] == len(body["data"]) > 0
    assert all("常州" in h["name"] and "五金" in h["name"] for h in body["data"])
    name = body["data"][0]["name"]
    exact = reg.get("/search", params={"q": name}).json()
    assert exact["data"][0]["name"] == name  # shortest names first: the full name leads
    paged, count = _all_pages(reg, "/search", {"q": "常州"}, 50)
    assert count > 50 and len({(h["kind"], h["node_key"]) for h in paged}) == count

    person = reg.get("/search", params={"q": "刘", "kind": "person", "limit": 1}).json()["data"][0]
    assert person["kind"] == "person" and "*" in person["key"] and "*" in person["id_number"]
    inv = sx["investigator"].get("/search", params={"q": person["name"], "kind": "person"}).json()
    assert any(h["node_key"] == person["node_key"] and "*" not in h["id_number"] for h in inv["data"])
    assert any(
        r["endpoint"] == "/search" and person["node_key"] in r["subjects"] for r in audit_records(synth_api)
    )

    for params, name in [
        ({"q": "!!!"}, "q"),
        ({}, "q"),
        ({"q": "x", "kind": "dog"}, "kind"),
        ({"q": "x" * 101}, "q"),
    ]:
        bad = reg.get("/search", params=params)
        assert bad.status_code == 422 and bad.json()["errors"][0]["param"] == name, params
    assert sx["public"].get("/search", params={"q": "常州"}).status_code == 403


# -- no personal data leaks ------------------------------------------------------------------------


def test_server_log_holds_no_citizen_ids_and_no_tracebacks(synth_api, sx, listed_person):
    id_number, _ = listed_person
    sx["investigator"].get(f"/subjects/person/{id_number}")
    log = synth_api.log.read_text(encoding="utf-8")
    assert id_number not in log and "Traceback" not in log


# -- the small seeded graph: no policy data --------------------------------------------------------


def test_policy_endpoints_without_policy_data(clients):
    pub = clients["public"]
    assert pub.get("/agencies").json() == {"data": [], "count": 0}
    assert pub.get("/documents").json() == {"data": [], "count": 0}
    r = pub.get("/responsible", params={"violation_type": "刷单", "jurisdiction": "320402"})
    assert r.status_code == 404 and "policy" in r.json()["detail"]
    assert pub.get("/agencies/cz.samr").status_code == 404
    reg = clients["regulator"]
    assert reg.get("/alerts/reappearances").json()["count"] >= 0
    assert reg.get("/risk/top").status_code == 200


# -- time cap ----------------------------------------------------------------------------------------


def test_traversals_past_the_store_timeout_are_503(slow_api):
    from api_data import C1

    answers = []
    with slow_api.client("regulator") as c:
        for day in range(1, 5):  # a new as_of each time: a finished alert list would be cached
            answers.append(c.get("/alerts/reappearances", params={"as_of": f"2025-01-0{day}"}))
            answers.append(c.get(f"/subjects/company/{C1}", params={"as_of": f"2025-01-0{day}"}))
    assert {r.status_code for r in answers} <= {200, 503}
    stopped = [r for r in answers if r.status_code == 503]
    assert stopped, [r.status_code for r in answers]
    for r in stopped:
        assert "time limit (1 ms)" in r.json()["detail"] and "Traceback" not in r.text
    assert "Traceback" not in slow_api.log.read_text(encoding="utf-8")


def test_alert_cache_computes_once_per_key_and_expires():
    import threading

    from creditgraph.api.routes.alerts import TTLCache

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    cache = TTLCache(ttl=60, size=2)
    threads = [threading.Thread(target=cache.get, args=("k", compute)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get("k", compute) == 1 and len(calls) == 1
    cache.get("a", compute), cache.get("b", compute)  # "k" is evicted (size 2)
    assert cache.get("k", compute) == 4
    stale = TTLCache(ttl=-1)  # everything is stale at once
    stale.get("k", compute)
    assert stale.get("k", compute) == 6
    with pytest.raises(ZeroDivisionError):
        cache.get("boom", lambda: 1 / 0)
    assert "boom" not in cache._locks
