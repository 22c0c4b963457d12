"""The Cypher library: loaded by name, headers complete, every query runs on the embedded store."""

import pytest

from creditgraph.graph_model.errors import InputError, NotFound, StoreUnavailable
from creditgraph.queries.library import QUERY_DIR, get_query, load_library, query, query_names, warm_up

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


def test_warm_up_runs_every_read_of_the_library_once_per_label(store):
    expected = sum(
        len(q.subjects) if "Subject" in q.templated else 1 for q in load_library().values() if not q.writes
    )
    done = warm_up(store)
    assert (done.ran, done.failed) == (expected, ())


class _Failing:
    """A store whose statements fail: one with an error of its own, then the store goes down."""

    backend = "embedded"

    def __init__(self) -> None:
        self.calls = 0

    def run(self, cypher, params=None, *, write=False):
        self.calls += 1
        if self.calls == 1:
            raise InputError("bad statement")
        raise StoreUnavailable("down")


def test_warm_up_notes_a_failing_read_and_stops_when_the_store_is_down():
    failing = _Failing()
    done = warm_up(failing)
    order = [
        name
        for name, q in sorted(load_library().items())
        if not q.writes
        for _ in (q.subjects if "Subject" in q.templated else (None,))
    ]
    assert failing.calls == 2 and done.ran == 1
    assert done.failed == tuple(order[:2])  # the failed one noted, then the one that found it down


def test_warm_up_stops_when_asked():
    failing = _Failing()
    done = warm_up(failing, stop=lambda: True)
    assert (failing.calls, done.ran, done.failed) == (0, 0, ())
