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


# --- value types and the abstract roots (issue 15) -------------------------------------------


def test_the_label_families_come_from_the_abstract_roots():
    s = load_schema()
    assert s.subjects == ("Company", "Person", "Shop", "Platform", "Courier")
    assert set(s.records) == {
        "Violation", "ListEntry", "Complaint", "Evaluation", "Objection", "Commitment", "Qualification",
        "AbnormalEntry", "Inspection",
    }  # fmt: skip
    assert s.identifiers == ("Phone", "Address", "Account")
    assert s.subject_kinds == {
        "company": "Company", "person": "Person", "shop": "Shop", "platform": "Platform", "courier": "Courier"
    }  # fmt: skip
    assert {k: t.name for k, t in s.ref_types.items()} == {
        "company": "uscc", "person": "citizen_id", "shop": "shop_ref", "platform": "text", "courier": "text"
    }  # fmt: skip


def test_properties_carry_value_types():
    s = load_schema()
    assert s.node("Company").properties["key"].value == "uscc"
    assert s.node("Person").properties["id_number"].value == "citizen_id"
    assert s.node("Product").properties["barcode"].value == "gtin"
    assert s.rel("SHAREHOLDER_OF").properties["ratio"].value == "ratio"
    # the storage type derived from the value type, and the other way round
    assert s.rel("SHAREHOLDER_OF").properties["ratio"].type == "DOUBLE"
    assert s.node("Violation").properties["decided_at"].value == "date"
    assert s.node("ListEntry").properties["list"].value == "list_kind"
    assert s.enums["list_kind"].values == ("red", "black")
    # every value type a property names is the registry's or a declared enum
    for node in s.nodes.values():
        for p in node.properties.values():
            assert p.value in s.value_type_names or p.type == "TIMESTAMP", (node.name, p.name)


def test_a_value_type_unknown_to_the_registry_fails_loading():
    data = raw()
    data["nodes"]["Company"]["properties"]["status"] = {"value": "colour_code"}
    with pytest.raises(SchemaError) as err:
        parse_schema(data)
    assert "Company.status" in str(err.value) and "'colour_code'" in str(err.value)
    assert "uscc" in str(err.value)  # it lists the known ones


def test_a_value_type_stored_as_another_type_fails_loading():
    data = raw()
    data["nodes"]["Product"]["properties"]["barcode"] = {"value": "date", "type": "STRING"}
    with pytest.raises(SchemaError, match=r"Product.barcode.*'date' is stored as DATE, not STRING"):
        parse_schema(data)


def test_a_subject_must_say_how_record_files_refer_to_it():
    data = raw()
    del data["nodes"]["Courier"]["ref"]
    with pytest.raises(SchemaError, match="subject Courier must name its kind and ref"):
        parse_schema(data)
    data = raw()
    data["nodes"]["Courier"]["ref"] = "courier_code"
    with pytest.raises(SchemaError, match="Courier: ref names unknown value type 'courier_code'"):
        parse_schema(data)


def test_the_abstract_roots_are_required():
    data = raw()
    del data["abstract"]["Identifier"]
    for label in ("Phone", "Address", "Account"):
        data["nodes"][label]["extends"] = "Node"
    with pytest.raises(SchemaError, match="abstract roots Identifier"):
        parse_schema(data)


def test_an_enum_without_values_fails_loading():
    data = raw()
    data["enums"]["grade"] = {"values": []}
    with pytest.raises(SchemaError, match="enum 'grade' declares no values"):
        parse_schema(data)


# --- the Policy family and the labels' colours (issue 15: groups and colours come from the schema) --


def test_the_policy_family_comes_from_its_root():
    assert load_schema().policy == (
        "Jurisdiction",
        "Agency",
        "PolicyDocument",
        "Measure",
        "Task",
        "ViolationType",
    )


def test_every_label_users_see_declares_its_colours():
    s = load_schema()
    unstyled = [label for label, node in s.domain_nodes.items() if not node.style]
    assert unstyled == []
    assert s.nodes["Company"].style == ("#4C8EDA", "#2870C2", "#FFFFFF")
    assert s.nodes["Meta"].style == ()  # bookkeeping: never drawn


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ({"fill": "#12345", "border": "#000000", "text": "#FFFFFF"}, "Shop: style fill must be a colour"),
        ({"fill": "#123456", "border": "black", "text": "#FFFFFF"}, "Shop: style border must be a colour"),
        ({"fill": "#123456", "border": "#000000"}, "Shop: style must give exactly fill, border, text"),
        ("#123456", "Shop: style must give exactly fill, border, text"),
    ],
)
def test_a_bad_style_fails_loading_naming_the_label(style, message):
    data = raw()
    data["nodes"]["Shop"]["style"] = style
    with pytest.raises(SchemaError, match=message):
        parse_schema(data)
