"""Validation of every contract file on small checked-in fixtures, by both paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from creditgraph.ingest.records.models import FILES, LOAD_ORDER, CompanyRecord, spec_for
from creditgraph.ingest.records.reader import iter_rows
from creditgraph.ingest.records.rejects import MissingColumnError, write_rejects
from creditgraph.ingest.records.validate import validate_batch, validate_file, validate_frame, validate_rows

BATCH = Path(__file__).resolve().parents[2] / "fixtures" / "records" / "batch"

# (file, line, column, code) of every bad cell planted in the fixtures
EXPECTED = {
    "companies.csv": [(6, "uscc", "bad_check_char")],
    "persons.csv": [(5, "id_number", "bad_check_char")],
    "roles.csv": [(5, "role", "bad_enum")],
    "shareholdings.csv": [(4, "ratio", "bad_ratio")],
    "accounts.csv": [(5, "holder_id", "bad_reference")],
    "platforms.csv": [(3, "name", "missing")],
    "shops.csv": [(4, "opened_at", "bad_date")],
    "couriers.csv": [(3, "operator_uscc", "bad_check_char")],
    "shipping.csv": [(4, "parcels", "bad_number")],
    "products.csv": [(4, "barcode", "bad_check_char"), (5, "category", "bad_enum")],
    "listings.csv": [(4, "product_id", "missing")],
    "intermediaries.csv": [(3, "category", "bad_enum")],
    "evaluations.csv": [(3, "grade", "bad_enum")],
    "violations.csv": [(4, "jurisdiction", "bad_region")],
    "complaints.csv": [(4, "substantiated", "bad_boolean")],
    "list_entries.csv": [(4, "subject_id", "bad_check_char")],
    "commitments.csv": [(3, "kind", "bad_enum")],
    "practitioners.csv": [(4, "group", "bad_enum")],
    "abnormal_entries.csv": [(3, "listed_at", "bad_date")],
    "inspections.csv": [(4, "result", "bad_enum")],
}


def test_every_contract_file_has_a_fixture_and_a_model() -> None:
    assert set(EXPECTED) == set(FILES) == {p.name for p in BATCH.glob("*.csv")}


@pytest.mark.parametrize("name", sorted(FILES))
def test_fixture_rejects(name: str) -> None:
    v = validate_file(BATCH / name)
    got = [(r.line, r.column, r.code) for r in v.rejects]
    assert got == EXPECTED[name]
    assert v.rejected_rows == len({line for line, _, _ in EXPECTED[name]})
    assert v.valid_rows + v.rejected_rows == v.total_rows


@pytest.mark.parametrize("name", sorted(FILES))
def test_both_paths_agree(name: str) -> None:
    """The vectorised path and plain pydantic apply the same rules."""
    fast = validate_file(BATCH / name)
    good, rejects = validate_rows(name, iter_rows(BATCH / name))
    assert [(r.line, r.column, r.code, r.value) for r in rejects] == [
        (r.line, r.column, r.code, r.value) for r in fast.rejects
    ]
    slow = [m.model_dump() for m in good]
    quick = fast.frame.to_dict("records")
    assert slow == quick


def test_cleaned_values() -> None:
    v = validate_file(BATCH / "companies.csv").frame.set_index("uscc")
    row = v.loc["91320281MA2AB00029"]
    assert row["registered_at"] == dt.date(2018, 7, 1)
    assert row["phone"] == "13812345678"
    assert v.loc["91320400732XY00033", "registered_at"] == dt.date(2009, 5, 20)
    assert v.loc["91320412MA1MX00014", "note"] == "extra column kept"
    assert v.loc["91320400732XY00033", "address"] is None
    roles = validate_file(BATCH / "roles.csv").frame
    assert "董事" in set(roles["role"])  # 执行董事 mapped
    persons = validate_file(BATCH / "persons.csv").frame
    assert "32041219850315123X" in set(persons["id_number"])  # lower-case x accepted
    sh = validate_file(BATCH / "shareholdings.csv").frame
    assert sorted(sh["ratio"]) == [0.4, 0.6]
    le = validate_file(BATCH / "list_entries.csv").frame
    assert le.loc[0, "measures"] == ["限制担任法定代表人", "限制担任董监高"]


def test_personal_values_masked_in_rejects(tmp_path: Path) -> None:
    rejects = validate_file(BATCH / "list_entries.csv").rejects + validate_file(BATCH / "persons.csv").rejects
    assert {r.value for r in rejects} == {"320402********0755"}
    for r in rejects:
        assert "320402199001010755" not in r.reason
    out = tmp_path / "rejects.csv"
    assert write_rejects(out, rejects) == 2
    assert "320402199001010755" not in out.read_text(encoding="utf-8")
    bad_phone = pd.DataFrame(
        {"id_number": ["320402199001010754"], "name": ["王伟"], "phone": ["138123456789"]}
    )
    (r,) = validate_frame("persons.csv", bad_phone).rejects
    assert r.value == "138*****6789"


def test_missing_required_column_is_one_error(tmp_path: Path) -> None:
    p = tmp_path / "roles.csv"
    p.write_text("company_uscc,role\n91320412MA1MX00014,董事\n", encoding="utf-8")
    with pytest.raises(MissingColumnError) as exc:
        validate_file(p)
    assert "roles.csv" in str(exc.value) and "person_id_number" in str(exc.value)
    with pytest.raises(MissingColumnError):
        validate_rows("roles.csv", iter_rows(p))


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    p = tmp_path / "companies.csv"
    p.write_text("name,uscc\n某公司,91320412MA1MX00014\n", encoding="utf-8")
    v = validate_file(p)
    assert v.valid_rows == 1 and v.frame.loc[0, "status"] is None


def test_row_by_row_model() -> None:
    c = CompanyRecord.model_validate({"uscc": "91320412mA1MX00014", "name": " 某公司 ", "extra": "x"})
    assert c.uscc == "91320412MA1MX00014" and c.name == "某公司" and c.model_extra == {"extra": "x"}


def test_load_order_respects_dependencies() -> None:
    position = {name: i for i, name in enumerate(LOAD_ORDER)}
    for name, spec in FILES.items():
        for dep in spec.depends_on:
            assert position[dep] < position[name], (dep, name)
    assert spec_for("roles").name == "roles.csv"
    with pytest.raises(KeyError):
        spec_for("nope.csv")


def test_validate_batch_in_load_order() -> None:
    out = validate_batch(BATCH)
    assert list(out) == list(LOAD_ORDER)
    batches = list(out["companies.csv"].records(batch_size=2))
    assert [len(b) for b in batches] == [2, 2]


# --- the models are generated from the contract (graph_model/contract.yaml): issue 15 ---------
# Each case: a file, one row, and what the hand-written models answered (written before running
# the generated ones): the (column, code) of every bad cell, or the cleaned values of a good row.
GENERATED_CASES = [
    ("companies.csv", {"uscc": "91320412MA1MX00015", "name": "某公司"}, [("uscc", "bad_check_char")]),
    ("companies.csv", {"uscc": "91320412MA1MX00014", "name": "  "}, [("name", "missing")]),
    ("companies.csv", {"uscc": "91320412MA1MX00014", "name": "某公司", "status": "倒闭"}, [("status", "bad_enum")]),
    (
        "shops.csv",
        {"platform_id": "tb", "shop_id": "s1", "name": "店", "operator_kind": "platform", "operator_id": "x"},
        [("operator_kind", "bad_enum")],
    ),
    (
        "shareholdings.csv",
        {"company_uscc": "91320412MA1MX00014", "holder_kind": "person", "holder_id": "320402199001010755"},
        [("holder_id", "bad_check_char")],
    ),
    (
        "shareholdings.csv",
        {"company_uscc": "91320412MA1MX00014", "holder_kind": "企业", "holder_id": "91320412ma1mx00014", "ratio": "35%"},
        {"holder_kind": "company", "holder_id": "91320412MA1MX00014", "ratio": 0.35, "since": None},
    ),
    (
        "accounts.csv",
        {"holder_kind": "shop", "holder_id": "tbs1", "account_no": "6222021234567890"},
        [("holder_id", "bad_reference")],
    ),
    (
        "complaints.csv",
        {
            "complaint_id": "c1", "channel": "12315", "subject_kind": "company", "subject_id": "91320412MA1MX00014",
            "received_at": "2024-02-30", "substantiated": "maybe", "orders": "1.5",
        },
        [("received_at", "bad_date"), ("substantiated", "bad_boolean"), ("orders", "bad_number")],
    ),
    (
        "list_entries.csv",
        {
            "entry_id": "e1", "list": "黑名单", "subject_kind": "个人", "subject_id": "32041219850315123x",
            "agency": "市市场监管局", "listed_at": "2024年3月4日", "measures": "市场禁入；限制入驻平台",
        },
        {
            "list": "black", "subject_kind": "person", "subject_id": "32041219850315123X",
            "listed_at": dt.date(2024, 3, 4), "measures": ["市场禁入", "限制入驻平台"], "reason": None,
        },
    ),
    (
        "practitioners.csv",
        {"person_id_number": "320402199001010754", "group": "快递员", "licence_no": "A12"},
        [("licence_no", "bad_format")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "row", "expected"), GENERATED_CASES)
def test_generated_models_reject_what_the_hand_written_ones_rejected(name: str, row: dict, expected) -> None:
    good, rejects = validate_rows(name, [(2, row)])
    fast = validate_frame(name, pd.DataFrame([row], dtype=object))
    if isinstance(expected, list):
        assert [(r.column, r.code) for r in rejects] == expected
        assert [(r.column, r.code) for r in fast.rejects] == expected
        assert not good and fast.valid_rows == 0
    else:
        assert not rejects and not fast.rejects
        (model,) = good
        assert {k: getattr(model, k) for k in expected} == expected
        assert {k: fast.frame.loc[0, k] for k in expected} == expected


def test_enum_messages_keep_the_contracts_wording() -> None:
    _, (r,) = validate_rows("shops.csv", [(2, {**GENERATED_CASES[3][1]})])
    assert r.reason == "holder_kind must be one of company/person"
    _, (r,) = validate_rows("companies.csv", [(2, GENERATED_CASES[2][1])])
    assert r.reason == "status must be one of 存续/在业/注销/吊销/迁出"
    _, (r,) = validate_rows("shareholdings.csv", [(2, GENERATED_CASES[4][1])])
    assert r.value == "320402********0755"  # a reference typed as a citizen ID is masked as one


def test_the_models_are_the_contract() -> None:
    """Every model's fields are its file's columns in the contract's order, with its value types."""
    from creditgraph.graph_model.contract import load_contract
    from creditgraph.ingest.records import models

    contract = load_contract()
    assert list(FILES) == list(contract.files) == list(LOAD_ORDER)
    for name, fc in contract.files.items():
        model = FILES[name].model
        assert getattr(models, fc.model) is model and model.__name__ == fc.model
        assert [(c, s.type, s.required) for c, s in model.specs().items()] == [
            (c.name, c.type, c.required) for c in fc.columns
        ]
        assert model.key == fc.key and model.kind_refs == fc.kind_refs
        assert FILES[name].depends_on == fc.depends_on
    assert CompanyRecord is FILES["companies.csv"].model
