"""The OpenAPI description against the live server: every malformed date is a 422 naming it, every
status is documented with the one error body, OPTIONS and undeclared methods answer with an
``Allow`` header matching the description, a body that is not JSON is a 422, and the examples are
valid and name subjects of the demo graph."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from api_data import C1

from creditgraph.api.examples import MADE_UP
from creditgraph.graph_model.types import USCC, USCC_PATTERN, ValueTypeError

pytest_plugins = ("api_fixtures",)

USCC_BODY_OK = "91320400MA1W2Y3X6" + USCC().compute_check_char("91320400MA1W2Y3X6")  # valid, absent
BAD_DATES = ["0", "2025-02-30", "1899-12-31", "2101-01-01", "20250101", "2025/01/01", "2025-1-1", "yesterday"]


@pytest.fixture(scope="module")
def openapi(api) -> dict[str, Any]:
    return api.client().get("/openapi.json").json()


def _is_date(schema: dict[str, Any]) -> bool:
    return any(part.get("format") == "date" for part in [schema, *schema.get("anyOf", [])])


def _example(param: dict[str, Any]) -> Any:
    schema = param["schema"]
    for source in (param, schema):
        if source.get("examples"):
            return source["examples"][0]
    return None


def _date_params(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, str], dict[str, Any]]]:
    """(path template, date parameter, path values, other required query values) of every GET."""
    found = []
    for template, operations in openapi["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        params = operation.get("parameters", [])
        path_values = {p["name"]: _example(p) for p in params if p["in"] == "path"}
        required = {p["name"]: _example(p) for p in params if p["in"] == "query" and p.get("required")}
        for p in params:
            if p["in"] == "query" and _is_date(p["schema"]):
                found.append((template, p["name"], path_values, required))
    return found


def test_lists_as_of_zero_is_refused_not_an_empty_list(clients):
    r = clients["public"].get("/lists", params={"as_of": "0"})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["param"] == "as_of" and r.json()["errors"][0]["location"] == "query"
    assert clients["public"].get("/lists", params={"as_of": "2025-01-01"}).status_code == 200


def test_every_malformed_date_is_a_422_naming_the_parameter(openapi, clients):
    params = _date_params(openapi)
    named = {name for _, name, _, _ in params}
    assert {"as_of", "listed_from", "listed_to"} <= named and len(params) >= 15, params
    reg = clients["regulator"]
    for template, name, path_values, required in params:
        url = template.format(**path_values)
        for bad in BAD_DATES:
            r = reg.get(url, params={**required, name: bad})
            assert r.status_code == 422, (url, name, bad, r.status_code, r.text)
            assert r.json()["errors"][0]["param"] == name, (url, name, bad, r.json())
            assert len(bad) < 4 or bad not in r.text, r.json()  # the value is not echoed
        ok = reg.get(url, params={**required, name: "2024-02-29"})
        assert ok.status_code != 422, (url, name, ok.text)


def test_body_dates_and_unparseable_bodies_are_422_naming_them(clients):
    reg = clients["regulator"]
    body = {
        "target_label": "Violation",
        "target_key": "V-C1",
        "subject_key": C1,
        "filed_by": "甲",
        "reason": "错",
    }
    for field in ("filed_at",):
        for bad in ("0", "2025-02-30", "1899-12-31"):
            r = reg.post("/objections", json={**body, field: bad})
            assert r.status_code == 422 and r.json()["errors"][0]["param"] == field, r.text
    r = reg.patch("/objections/OBJ-20250901-3f2a9c1e", json={"action": "reply", "text": "t", "on": "0"})
    assert r.status_code == 422 and r.json()["errors"][0]["param"] == "on", r.text
    for raw in (b"{", b"\xff\xfe\x00", b"[1,"):
        r = reg.post("/objections", content=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 422, (raw, r.status_code, r.text)
        assert r.json()["errors"][0]["param"] == "body" and r.json()["errors"][0]["location"] == "body"


def test_every_status_is_documented_with_the_one_error_body(openapi):
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for template, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"422", "500"} <= codes, (method, template, codes)
            if template != "/health":
                assert "503" in codes, (method, template)
            for code, response in operation["responses"].items():
                if code[0] in "45":
                    assert response["content"] == error, (method, template, code)
    assert "HTTPValidationError" not in openapi["components"]["schemas"]
    links = openapi["paths"]["/objections"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {"read_objection", "update_objection"}


def test_docs_list_each_operation_once(openapi):
    """Issue 18: /docs listed /subjects/{kind}/{ident}/risk twice. Swagger UI draws an operation once per
    tag, so one operation per path and method means one tag each, and no operation id reused."""
    listed: dict[str, list[str]] = {}
    ids: list[str] = []
    for template, operations in openapi["paths"].items():
        for method, op in operations.items():
            ids.append(op["operationId"])
            for tag in op.get("tags") or ["default"]:
                listed.setdefault(f"{method.upper()} {template}", []).append(tag)
    twice = {op: tags for op, tags in listed.items() if len(tags) != 1}
    assert not twice, twice
    assert len(ids) == len(set(ids))
    assert listed["GET /subjects/{kind}/{ident}/risk"] == ["subjects"]
    assert listed["GET /risk/top"] == ["risk"]


def test_error_answers_have_the_one_body(api, clients):
    shapes = [
        api.client().get("/lists"),  # 401
        clients["public"].get("/status"),  # 403
        clients["regulator"].get("/companies/" + USCC_BODY_OK),  # 404
        clients["regulator"].get("/lists", params={"limit": 0}),  # 422
        clients["regulator"].delete("/lists"),  # 405
    ]
    assert [r.status_code for r in shapes] == [401, 403, 404, 422, 405]
    for r in shapes:
        assert set(r.json()) == {"detail", "errors"} and isinstance(r.json()["errors"], list), r.text


def test_options_and_undeclared_methods_answer_with_allow(openapi, api):
    client = api.client()
    key = "/objections/OBJ-20250901-3f2a9c1e"
    cases = {
        ("OPTIONS", key): (204, {"GET", "PATCH"}),
        ("OPTIONS", "/objections"): (204, {"GET", "POST"}),
        ("PATCH", "/objections/rules"): (405, {"GET"}),
        ("DELETE", key): (405, {"GET", "PATCH"}),
        ("PUT", "/subjects/company/" + C1 + "/related"): (405, {"GET"}),
    }
    for (method, url), (status, methods) in cases.items():
        r = client.request(method, url)
        assert r.status_code == status, (method, url, r.status_code, r.text)
        allow = {m.strip() for m in r.headers["allow"].split(",")} - {"OPTIONS", "HEAD"}
        assert allow == methods, (method, url, r.headers["allow"])
    for template, operations in openapi["paths"].items():  # Allow = the description's methods
        url = re.sub(r"\{[^}]+\}", "x", template)
        r = client.options(url)
        allow = {m.strip().lower() for m in r.headers["allow"].split(",")} - {"options", "head"}
        assert r.status_code == 204 and allow == set(operations), (template, r.headers["allow"])


# -- examples ----------------------------------------------------------------------------------


def _examples(node: Any) -> list[Any]:
    """Every example value in the description (``example`` and ``examples`` at any depth)."""
    out: list[Any] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "examples" and isinstance(v, list):
                out += v
            elif k == "example":
                out.append(v)
            else:
                out += _examples(v)
    elif isinstance(node, list):
        for v in node:
            out += _examples(v)
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def demo_batch(tmp_path_factory) -> Path:
    """The record files of the demo graph (`make demo`: synth --subjects 20000 --seed 1)."""
    out = tmp_path_factory.mktemp("demo") / "batch"
    subprocess.run(
        [sys.executable, "-m", "creditgraph.api", "synth", str(out), "--subjects", "20000", "--seed", "1"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def _column(batch: Path, name: str, column: str) -> set[str]:
    with open(batch / name, encoding="utf-8") as fh:
        return {row[column] for row in csv.DictReader(fh)}


def test_examples_are_valid_and_name_subjects_of_the_demo_graph(openapi, demo_batch):
    strings = {s for example in _examples(openapi) for s in _strings(example)}
    uscc_shape = re.compile(USCC_PATTERN)
    known = {
        re.compile(r"^V\d+-\d{9}$"): _column(demo_batch, "violations.csv", "record_id"),
        re.compile(r"^E\d+-\d{8}$"): _column(demo_batch, "list_entries.csv", "entry_id"),
        re.compile(r"^PD\d+-\d{8}$"): _column(demo_batch, "products.csv", "product_id"),
        re.compile(r"^PF\d{2}$"): _column(demo_batch, "platforms.csv", "platform_id"),
        re.compile(r"^CR\d+-\d{4}$"): _column(demo_batch, "couriers.csv", "courier_id"),
    }
    companies = _column(demo_batch, "companies.csv", "uscc")
    usccs = [s for s in strings if uscc_shape.fullmatch(s) or re.fullmatch(r"9\d{7}[0-9A-Z]{10}", s)]
    assert "91320413504986847Q" in usccs, sorted(strings)[:50]
    for value in usccs:
        try:
            assert USCC().clean(value) == value, value
        except ValueTypeError as exc:
            raise AssertionError(f"example USCC {value} is not valid: {exc}") from None
        assert value in companies, f"example company {value} is not in the demo graph"
    for pattern, keys in known.items():
        for value in strings:
            if pattern.fullmatch(value) and value not in MADE_UP:
                assert value in keys, f"example {value} is not in the demo graph"
