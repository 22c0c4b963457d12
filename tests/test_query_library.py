"""The Cypher library: loaded by name, headers complete, every query runs on the embedded store."""

import pytest

from graph_model.errors import InputError, NotFound
from queries.library import QUERY_DIR, get_query, load_library, query, query_names

NAMES = query_names()


def test_library_is_not_empty_and_every_file_has_a_header():
    assert NAMES
    for name in NAMES:
        q = get_query(name)
        assert q.answers, f"{name}: header needs '// answers:'"


@pytest.mark.parametrize("name", NAMES)
def test_every_query_runs_on_the_embedded_store_with_its_example(store, name):
    q = get_query(name)
    missing = [p for p in q.params if p not in q.example and p != "as_of"]
    assert not missing, f"{name}: the example header lacks {missing}"
    labels = q.subjects if "Subject" in q.templated else (None,)
    for label in labels:
        rows = query(
            store, name, subject=label, other="Company" if "Other" in q.templated else None, **q.example
        )
        assert isinstance(rows, list)


def test_unknown_names_and_parameters_are_clear_errors():
    with pytest.raises(NotFound):
        get_query("no_such_query")
    with pytest.raises(InputError, match="needs parameters"):
        get_query("company").bind({})
    with pytest.raises(InputError, match="takes no parameters"):
        get_query("company").bind({"key": "x", "colour": "red"})


def test_store_variants_live_side_by_side(tmp_path):
    (tmp_path / "paths.neo4j.cypher").write_text(
        "// answers: a\nMATCH p = shortestPath((a)-[*..3]-(b)) RETURN p"
    )
    (tmp_path / "paths.ladybug.cypher").write_text(
        "// answers: a\nMATCH p = (a)-[* SHORTEST 1..3]-(b) RETURN p"
    )
    lib = load_library.__wrapped__(tmp_path)
    q = lib["paths"]
    assert "shortestPath" in q.text_for("neo4j")
    assert "SHORTEST" in q.text_for("embedded")
    (tmp_path / "lonely.neo4j.cypher").write_text("// answers: a\nRETURN 1")
    with pytest.raises(InputError, match="both store variants"):
        load_library.__wrapped__(tmp_path)


def test_queries_live_in_the_package():
    assert QUERY_DIR.is_dir() and any(QUERY_DIR.glob("*.cypher"))
