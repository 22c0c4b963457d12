import pytest
import yaml

from creditgraph.graph_model.ddl import ladybug_ddl, neo4j_ddl
from creditgraph.graph_model.schema import SCHEMA_FILE, SchemaError, load_schema, parse_schema

REQUIRED_LABELS = {
    "Jurisdiction", "Agency", "PolicyDocument", "Task", "ViolationType", "Company", "Person", "Shop",
    "Platform", "Courier", "Product", "Violation", "ListEntry", "Complaint", "Evaluation", "Objection",
    "Phone", "Address", "Account",
}  # fmt: skip
REQUIRED_RELS = {
    "LEGAL_REP_OF", "OFFICER_OF", "SHAREHOLDER_OF", "OPERATES", "ON_PLATFORM", "SHIPS_FOR", "SELLS",
    "MANUFACTURES", "COMMITTED", "OF_TYPE", "RECORDED_BY", "ISSUED_BY", "LEADS", "COOPERATES_ON",
    "PART_OF", "SUCCEEDED_BY", "HAS_PHONE", "HAS_ADDRESS", "HAS_ACCOUNT",
}  # fmt: skip


def raw() -> dict:
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_schema_covers_the_model():
    s = load_schema()
    assert REQUIRED_LABELS <= set(s.nodes)
    assert REQUIRED_RELS <= set(s.relationships)
    assert {"Company", "Person", "Shop", "Platform", "Courier"} == set(s.subjects)


def test_personal_data_is_marked():
    s = load_schema()
    assert s.node("Person").properties["id_number"].personal
    assert s.node("Phone").properties["number"].personal
    assert s.node("Account").properties["account_no"].personal
    assert not s.node("Company").personal


def test_every_relationship_carrying_time_has_since_and_until():
    s = load_schema()
    for name in ("LEGAL_REP_OF", "OFFICER_OF", "SHAREHOLDER_OF", "OPERATES", "SHIPS_FOR", "SELLS"):
        assert {"since", "until"} <= set(s.rel(name).properties), name


def test_undeclared_label_in_a_pair_fails_fast():
    data = raw()
    data["relationships"]["OPERATES"]["pairs"].append(["Person", "Spaceship"])
    with pytest.raises(SchemaError, match="Spaceship"):
        parse_schema(data)


def test_unknown_property_type_fails_fast():
    data = raw()
    data["nodes"]["Company"]["properties"]["kind"] = {"type": "VARCHAR"}
    with pytest.raises(SchemaError, match="VARCHAR"):
        parse_schema(data)


def test_ddl_is_generated_for_every_label_and_type():
    s = load_schema()
    lb = "\n".join(ladybug_ddl(s))
    for label in s.nodes:
        assert f"CREATE NODE TABLE IF NOT EXISTS {label}(" in lb
    for rel in s.relationships:
        assert f"CREATE REL TABLE IF NOT EXISTS {rel}(" in lb
    neo = neo4j_ddl(s)
    assert sum("REQUIRE n.key IS UNIQUE" in x for x in neo) == len(s.nodes)
    assert any("FULLTEXT" in x and "'cjk'" in x for x in neo)


def test_the_schema_page_is_generated_from_the_schema():
    from creditgraph.graph_model.docs import render

    from conftest import ROOT

    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert page == render(), (
        "docs/schema.md is stale: run python -m creditgraph.graph_model.docs > docs/schema.md"
    )
    for label in load_schema().domain_nodes:
        assert f"### {label}" in page
