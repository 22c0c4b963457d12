"""The record contract as data (graph_model/contract.yaml), read against the schema: a wrong
declaration fails loading with what and where; the contract page agrees with it."""

from __future__ import annotations

import copy
import re

import pytest

from creditgraph.graph_model.contract import CONTRACT_FILE, ContractError, load_contract, parse_contract
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.types import Enum
from creditgraph.graph_model.yamlfile import read_yaml

from conftest import ROOT


def raw() -> dict:
    return copy.deepcopy(read_yaml(CONTRACT_FILE))


def test_the_contract_loads_against_the_schema() -> None:
    c = load_contract()
    assert len(c.files) == 20
    violations = c.files["violations.csv"]
    cols = {col.name: col for col in violations.columns}
    assert cols["record_id"].required and not cols["description"].required
    assert cols["subject_kind"].type == Enum(
        "subject_kind", ("company", "person", "shop", "courier", "platform")
    )
    assert violations.kind_refs == {"subject_id": "subject_kind"}
    assert c.ref_types == load_schema().ref_types


def test_a_value_type_unknown_to_the_registry_fails_loading() -> None:
    data = raw()
    data["files"]["companies.csv"]["columns"]["phone"] = "telephone"
    with pytest.raises(ContractError, match=r"companies.csv: column 'phone': unknown value type 'telephone'"):
        parse_contract(data, load_schema())


def test_a_rule_no_code_implements_fails_loading() -> None:
    data = raw()
    data["files"]["shops.csv"]["rules"] = [
        {"rule": "same_city", "column": "operator_id", "kind": "operator_kind"}
    ]
    with pytest.raises(ContractError, match=r"shops.csv: unknown rule 'same_city'; known: kind_ref"):
        parse_contract(data, load_schema())


def test_a_kind_ref_needs_a_kind_column_of_subject_kinds() -> None:
    data = raw()
    data["files"]["accounts.csv"]["columns"]["holder_kind"] = "grade*"
    with pytest.raises(
        ContractError, match=r"accounts.csv: rule kind_ref: column 'holder_kind' must be an enum"
    ):
        parse_contract(data, load_schema())
    data = raw()
    data["files"]["accounts.csv"]["rules"][0]["kind"] = "bank"
    with pytest.raises(ContractError, match=r"accounts.csv: rule kind_ref: column 'bank' must be an enum"):
        parse_contract(data, load_schema())


def test_a_dependency_must_come_first() -> None:
    data = raw()
    data["files"]["companies.csv"]["depends_on"] = ["persons.csv"]
    with pytest.raises(
        ContractError, match=r"companies.csv: depends on 'persons.csv', which is not declared before"
    ):
        parse_contract(data, load_schema())


def test_a_key_names_declared_columns() -> None:
    data = raw()
    data["files"]["persons.csv"]["key"] = ["citizen_id"]
    with pytest.raises(ContractError, match=r"persons.csv: key names undeclared column 'citizen_id'"):
        parse_contract(data, load_schema())


def _split(cell: str) -> list[str]:
    """The columns of one row of the page's table: split on commas outside parentheses."""
    cell = re.split(r" — ", cell)[0]
    out, depth, cur = [], 0, ""
    for ch in cell:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*out, cur.strip()]


def test_the_contract_page_agrees_with_the_contract() -> None:
    """docs/records.md's table lists every file's columns in order, `*` on the required ones, and
    an enum's values where it spells them out."""
    page = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\w+\.csv) \| (.+) \|$", page, flags=re.M))
    contract = load_contract()
    assert set(rows) == set(contract.files)
    for name, fc in contract.files.items():
        listed = []
        for item in _split(rows[name]):
            m = re.match(r"^(\w+)(\*?)(?: \((.*)\))?$", item)
            assert m, (name, item)
            listed.append((m[1], m[2] == "*"))
            col = next(c for c in fc.columns if c.name == m[1])
            if isinstance(col.type, Enum) and m[3] and "/" in m[3]:
                assert m[3] == "/".join(col.type.values), (name, m[1])
        assert listed == [(c.name, c.required) for c in fc.columns], name
