"""Issue 18, the planted-PII test: citizen IDs, mobile phones and account numbers written into
every free-text column of the record contract (and into an objection) reach no response of any
endpoint for the analyst, regulator and public roles, nor the server log or the audit file; the
investigator still reads them as written."""

from __future__ import annotations

import csv
import re
import shutil
from datetime import date
from pathlib import Path

import httpx
import pytest
from api_data import KEYS, citizen_id
from api_fixtures import ApiServer

from creditgraph.graph_model.types import Text
from creditgraph.ingest.records.models import FILES
from creditgraph.service.alerts import ALERTS

pytest_plugins = ("api_fixtures",)

BATCH = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "batch"
AS_OF = date(2026, 6, 30)
PLANTED_ID = citizen_id("32040519880808123")
PLANTED_PHONE = "15850001234"
PLANTED_ACCOUNT = "6217001234567890123"
PLANTED_GROUPED = "6228 4800 1234 5678"
PLANTED = f"（联系人身份证{PLANTED_ID}，手机 {PLANTED_PHONE}，账户{PLANTED_ACCOUNT}，卡号 {PLANTED_GROUPED}）"
MASKED_ROLES = ("regulator", "analyst", "public")


def free_text_columns(file: str) -> list[str]:
    """The contract's free-text columns of a file: Text values that are neither keys nor references."""
    model = FILES[file].model
    return [
        c
        for c, spec in model.specs().items()
        if isinstance(spec.type, Text) and c not in model.key and c not in model.kind_refs
    ] + (["measures"] if file == "list_entries.csv" else [])


def plant(folder: Path) -> None:
    """Append the planted personal data to every free-text cell of every file (empty cells too)."""
    for path in sorted(folder.glob("*.csv")):
        columns = free_text_columns(path.name)
        if not columns:
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            header = list(rows[0]) if rows else []
        for row in rows:
            for c in columns:
                if c in row:
                    row[c] = f"{row[c]}{PLANTED}"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, header)
            w.writeheader()
            w.writerows(rows)


def batch_personal_values() -> set[str]:
    """Every citizen ID, mobile phone and account number the fixture batch holds in its own columns."""
    values = {PLANTED_ID, PLANTED_PHONE, PLANTED_ACCOUNT, PLANTED_GROUPED, PLANTED_GROUPED.replace(" ", "")}
    for name in ("persons.csv", "roles.csv", "accounts.csv", "practitioners.csv"):
        for row in csv.DictReader((BATCH / name).open(encoding="utf-8")):
            for col in ("id_number", "person_id_number"):
                if row.get(col):
                    values.add(row[col].upper())
            digits = re.sub(r"\D", "", row.get("phone") or "")
            if re.fullmatch(r"(86)?1[3-9]\d{9}", digits):
                values.add(digits[-11:])
            if row.get("account_no"):
                values.add(re.sub(r"[\s-]", "", row["account_no"]))
            if row.get("licence_no"):  # personal data: a licence names one person
                values.add(re.sub(r"\s", "", row["licence_no"]))
    return values


@pytest.fixture(scope="module")
def planted_api(tmp_path_factory):
    from creditgraph.graph_model.identity import ensure_secret
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.policies import read_policy_data
    from creditgraph.ingest.policies.graph import load_policy_corpus
    from creditgraph.ingest.records.loader import load_records
    from creditgraph.queries.risk import fetch_inputs, own_risk, propagate_risk, write_back

    workdir = tmp_path_factory.mktemp("planted")
    shutil.copytree(BATCH, workdir / "batch")
    plant(workdir / "batch")
    with EmbeddedStore(workdir / "db.lbug") as store:
        store.create_schema()
        ensure_secret(store)
        load_policy_corpus(store, read_policy_data(), progress=False)
        summary = load_records(store, workdir / "batch", as_of=AS_OF, progress=False)
        inputs = fetch_inputs(store)
        write_back(
            store,
            propagate_risk(
                inputs.edges,
                own_risk(inputs.violations, inputs.listings, as_of=AS_OF),
                subjects=inputs.subjects,
            ),
        )
    server = ApiServer(workdir).start()
    server.summary = summary  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.stop()


def _person_id() -> str:
    return next(csv.DictReader((BATCH / "persons.csv").open(encoding="utf-8")))["id_number"]


def _requests(inv: httpx.Client) -> list[tuple[str, str, dict]]:
    """(route template, path, query) covering every GET route; keys found through the API itself."""
    pid = _person_id()
    person = inv.get(f"/subjects/person/{pid}").json()["subject"]["node_key"]
    company, shop = "91320412MA1MX00014", "PF01/S00000001"
    objection = inv.get("/objections").json()["data"][0]["key"]
    agency = inv.get("/agencies", params={"limit": 1}).json()["data"][0]["key"]
    document = inv.get("/documents", params={"limit": 1}).json()["data"][0]["key"]
    out = [
        ("/health", "/health", {}),
        ("/ready", "/ready", {}),
        ("/status", "/status", {}),
        ("/jurisdictions", "/jurisdictions", {}),
        ("/companies/{uscc}", f"/companies/{company}", {}),
        ("/persons/{key}", f"/persons/{person}", {}),
        ("/lists", "/lists", {"limit": 500}),
        ("/lists", "/lists", {"list": "black", "limit": 500}),
        ("/objections", "/objections", {}),
        ("/objections/rules", "/objections/rules", {}),
        ("/objections/{key}", f"/objections/{objection}", {}),
        ("/risk/top", "/risk/top", {"limit": 500}),
        ("/paths", "/paths", {"from_kind": "person", "from": pid, "to_kind": "company", "to": company}),
        *((f"/alerts/{a.name}", f"/alerts/{a.name}", {"as_of": "2026-06-30", "limit": 500}) for a in ALERTS),
        ("/products/{product_id}/trace", "/products/PD00000001/trace", {}),
        ("/practitioners", "/practitioners", {"group": "律师", "as_of": "2026-06-30", "limit": 500}),
        ("/intermediaries/eligible", "/intermediaries/eligible", {"category": "评估", "explain": "true"}),
        ("/practitioners", "/practitioners", {"group": "医师", "as_of": "2026-06-30", "limit": 500}),
        ("/responsible", "/responsible", {"violation_type": "刷单炒信", "jurisdiction": "320400"}),
        ("/agencies", "/agencies", {"limit": 500}),
        ("/agencies/{key}", f"/agencies/{agency}", {}),
        ("/documents", "/documents", {"limit": 500}),
        ("/documents/{key}/tasks", f"/documents/{document}/tasks", {}),
        ("/public/lists/{list_name}", "/public/lists/black", {"as_of": "2026-06-30"}),
        ("/public/lists/{list_name}", "/public/lists/red", {"as_of": "2026-06-30"}),
        ("/public/lists/{list_name}", "/public/lists/black", {"q": "王"}),
        ("/public/commitments/broken", "/public/commitments/broken", {"as_of": "2026-06-30"}),
        ("/public/couriers", "/public/couriers", {"as_of": "2026-06-30"}),
    ]
    for q in ("王伟", "有限公司", "小店", PLANTED_PHONE, "身份证"):
        out.append(("/search", "/search", {"q": q, "limit": 500}))
    for kind, ident in (("person", pid), ("person", person), ("company", company), ("shop", shop)):
        out.append(("/subjects/{kind}/{ident}", f"/subjects/{kind}/{ident}", {}))
        out.append(("/subjects/{kind}/{ident}/related", f"/subjects/{kind}/{ident}/related", {"depth": 2}))
        out.append(("/subjects/{kind}/{ident}/risk", f"/subjects/{kind}/{ident}/risk", {}))
        out.append(("/subjects/{kind}/{ident}/measures", f"/subjects/{kind}/{ident}/measures", {}))
        for fmt in ("json", "html"):
            out.append(
                ("/subjects/{kind}/{ident}/report", f"/subjects/{kind}/{ident}/report", {"format": fmt})
            )
        code = inv.get(f"/subjects/{kind}/{ident}/report").json()["verification"]["code"]
        check = {"kind": kind, "ident": ident, "as_of": AS_OF.isoformat(), "code": code}
        out.append(("/reports/verify", "/reports/verify", check))
    return out


def test_planted_personal_data_reaches_no_masked_role_nor_the_logs(planted_api):
    forbidden = batch_personal_values()
    clients = {role: planted_api.client(role) for role in KEYS}
    inv = clients["investigator"]
    filed = inv.post(
        "/objections",
        json={
            "target_label": "Violation",
            "target_key": "V000000002",
            "subject_key": "91320412MA1MX00014",
            "filed_by": f"代理人{PLANTED}",
            "reason": f"处罚有误{PLANTED}",
        },
    )
    assert filed.status_code == 201, filed.text
    requests = _requests(inv)
    get_routes = {p for p, ops in inv.get("/openapi.json").json()["paths"].items() if "get" in ops}
    assert {template for template, _, _ in requests} == get_routes, "every GET endpoint is asked"

    seen_by_investigator = ""
    for role, client in clients.items():
        for template, path, params in requests:
            res = client.get(path, params=params)
            assert res.status_code < 500, (role, path, res.text)
            if role == "investigator":
                seen_by_investigator += res.text
                continue
            leaked = sorted(v for v in forbidden if v in res.text)
            assert not leaked, f"{role} {template} ({path}) shows {leaked}"
        # the one POST that reads: a screening of the batch's subjects and the planted ID itself
        ids = [_person_id(), "91320412MA1MX00014", "PF01/S00000001", PLANTED_ID, f"x{PLANTED_ID}"]
        res = client.post("/screen", json={"ids": ids, "purpose": "任职", "as_of": "2026-06-30"})
        assert res.status_code == (403 if role == "public" else 200), (role, res.text)
        if role == "investigator":
            seen_by_investigator += res.text
        else:
            leaked = sorted(v for v in forbidden | {PLANTED_ID} if v in res.text)
            assert not leaked, f"{role} POST /screen shows {leaked}"
        # errors too: a personal value in the path of a request that fails
        res = client.get(f"/subjects/person/{PLANTED_ID}")
        if role != "investigator":
            assert PLANTED_ID not in res.text
    for c in clients.values():
        c.close()
    assert PLANTED_ID in seen_by_investigator and PLANTED_ACCOUNT in seen_by_investigator
    assert PLANTED_PHONE in seen_by_investigator and PLANTED_GROUPED in seen_by_investigator
    assert "13204201810123456" in seen_by_investigator, "the investigator reads a licence number unmasked"

    log = planted_api.log.read_text(encoding="utf-8")
    audit = (planted_api.workdir / "audit.jsonl").read_text(encoding="utf-8")
    assert "GET /subjects/{kind}/{ident:path}" in log and audit
    for where, text in (("server log", log), ("audit file", audit)):
        leaked = sorted(v for v in forbidden if v in text)
        assert not leaked, f"{where} holds {leaked}"


def _identifier_nodes(answer: dict) -> dict[str, dict]:
    return {e["node"]["kind"]: e["node"] for e in answer["sections"]["identifiers"]}


def test_investigators_read_real_phones_and_accounts_where_others_read_masked_ones(planted_api):
    pid = _person_id()  # 王伟: phone 13812345678, account 6222 0212 3456 7890
    with planted_api.client("investigator") as inv, planted_api.client("analyst") as ana:
        full = _identifier_nodes(inv.get(f"/subjects/person/{pid}").json())
        masked = _identifier_nodes(ana.get(f"/subjects/person/{pid}").json())
    assert full["phone"]["number"] == "13812345678" and masked["phone"]["number"] == "138****5678"
    assert full["account"]["account_no"] == "6222021234567890"
    assert masked["account"]["account_no"] == "************7890"


def test_shared_identifier_rings_carry_the_real_numbers_for_investigators(synth_graph):
    from creditgraph.api.masking import mask_payload
    from creditgraph.queries.rings import shared_identifier_rings
    from creditgraph.service.models import RingPublic

    store, truth = synth_graph()
    rings = shared_identifier_rings(store, date.fromisoformat(truth["as_of"]))
    idents = [i for ring in rings for i in ring["identifiers"] if i["kind"] in ("phone", "account")]
    assert idents, "the synthetic batch plants rings over shared phones and accounts"
    for ring in rings[:20]:
        full = RingPublic(**mask_payload(ring, "investigator")).model_dump()
        shown = RingPublic(**mask_payload(ring, "regulator")).model_dump()
        for raw, masked in zip(full["identifiers"], shown["identifiers"], strict=True):
            value = raw["number"] or raw["account_no"]
            if raw["kind"] in ("phone", "account"):
                assert value and "*" not in value and value[-4:] == raw["name"][-4:]
                assert (masked["number"] or masked["account_no"]) == raw["name"]  # the masked form


def test_a_person_is_named_by_citizen_id_wherever_a_key_is_asked(planted_api):
    pid = _person_id()
    with planted_api.client("investigator") as inv, planted_api.client("analyst") as ana:
        node_key = inv.get(f"/subjects/person/{pid}").json()["subject"]["node_key"]
        by_id, by_key = inv.get(f"/persons/{pid}"), inv.get(f"/persons/{node_key}")
        assert by_id.status_code == 200 and by_id.json() == by_key.json()
        assert by_id.json()["id_number"] == pid
        masked = ana.get(f"/persons/{pid.lower()}")
        assert masked.status_code == 200 and pid not in masked.text
        unknown = inv.get(f"/persons/{citizen_id('11010119900307001')}")
        assert unknown.status_code == 404 and "citizen ID" in unknown.json()["detail"]
        filed = inv.post(
            "/objections",
            json={
                "target_label": "ListEntry",
                "target_key": "E00000001",
                "subject_key": pid,
                "filed_by": "王伟",
                "reason": "已履行",
            },
        )
        assert filed.status_code == 201, filed.text
        # a company's code where a person is named: said so, and not masked as if it were an ID
        wrong = ana.get("/subjects/person/91320412MA1MX00014")
        assert wrong.status_code == 422 and "citizen ID" in wrong.json()["detail"]
        assert "913204********0014" not in wrong.text
    audit = (planted_api.workdir / "audit.jsonl").read_text(encoding="utf-8")
    assert pid not in audit
