"""Held-out documents in the graph: every mention an edge, created bodies met again, on a real
embedded store and through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import _env, _one_clear_line, ok_json, run

from creditgraph.graph_model.schema import SCHEMA_FILE, parse_schema
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.ingest.policies import PolicyCorpus, parse_folder
from creditgraph.ingest.policies.graph import load_policy_corpus, mention_counts
from creditgraph.queries.responsible import tasks

from policies_support import HELDOUT, corpus_fixture  # noqa: F401  (pytest fixture)


@pytest.fixture(scope="module")
def heldout() -> PolicyCorpus:
    return parse_folder(HELDOUT)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, corpus: PolicyCorpus, heldout: PolicyCorpus):
    """The seed documents, then the held-out ones, into one store."""
    s = EmbeddedStore(tmp_path_factory.mktemp("heldout-graph") / "db.lbug", query_timeout_ms=20_000)
    s.create_schema()
    load_policy_corpus(s, corpus, progress=False)
    summary = load_policy_corpus(s, heldout, progress=False)
    yield s, summary
    s.close()


def test_every_mention_is_listed_with_its_body(loaded, heldout: PolicyCorpus) -> None:
    store, summary = loaded
    assert summary["mentions"] == mention_counts(heldout)
    assert summary["unmatched"] == {}
    for doc in heldout.documents:
        listed = tasks(store, doc.key)
        parsed = heldout.tasks_of(doc.key)
        assert [t["seq"] for t in listed] == [t.seq for t in parsed]
        for got, want in zip(listed, parsed, strict=True):
            for role in ("lead", "coop"):
                pairs = sorted((m["as_written"], m["agency"]["id"]) for m in got[role])
                assert pairs == sorted((m.as_written, m.agency_id) for m in getattr(want, role)), got["key"]
                assert all(m["resolution"] == "created" and m["agency"]["inferred"] for m in got[role])
            assert got["collective"] == want.collective
    # the seed documents' tasks are still there, and still resolved through the registry
    seed = tasks(store, "澄信用发〔2018〕7号")
    assert len(seed) == 20 and all(
        m["resolution"] == "registry" for t in seed for m in (*t["lead"], *t["coop"])
    )


def test_created_bodies_are_nodes_with_their_rule(loaded) -> None:
    store, _ = loaded
    rows = store.run(
        "MATCH (a:Agency {key: $key})-[:IN_JURISDICTION]->(j:Jurisdiction) "
        "RETURN a.name AS name, a.inferred AS inferred, a.rule AS rule, j.key AS j",
        {"key": "320500:苏州市住房和城乡建设局"},
    )
    assert len(rows) == 1 and rows[0]["inferred"] is True and rows[0]["j"] == "320500"
    assert "住建局 → 住房和城乡建设局" in rows[0]["rule"] or "住房城乡建设局" in rows[0]["rule"]
    edges = store.run(
        "MATCH (a:Agency {key: $key})-[r:COOPERATES_ON]->(t:Task) RETURN r.as_written AS w, r.resolution AS how",
        {"key": "320500:苏州市住房和城乡建设局"},
    )
    assert sorted(r["w"] for r in edges) == ["市住建局", "市住房城乡建设局"]  # two spellings, one body
    place = store.run(
        "MATCH (j:Jurisdiction {key: '湖州市'}) RETURN j.inferred AS inferred, j.level AS level"
    )
    assert place == [{"inferred": True, "level": "city"}]
    known = store.run("MATCH (a:Agency {key: 'cz.samr'}) RETURN a.inferred AS inferred")
    assert known == [{"inferred": False}]


def test_loading_again_meets_the_same_nodes(loaded, heldout: PolicyCorpus) -> None:
    store, _ = loaded
    before = store.counts()
    again = load_policy_corpus(store, parse_folder(HELDOUT), progress=False)
    assert store.counts() == before and again["removed"] == {}


def test_cli_reports_where_every_mention_landed(tmp_path: Path) -> None:
    env = _env(tmp_path / "db.lbug")
    summary = ok_json(["ingest", "policies", str(HELDOUT)], env)
    assert summary["mentions"] == {
        "registry": 0,
        "rule": 0,
        "created": 141,
        "collective": 13,
        "unresolved": 0,
        "total": 154,
    }
    text = run(["ingest", "policies", str(HELDOUT), "--quiet"], env)
    assert text.returncode == 0, text.stderr
    line = " ".join(text.stdout.split())
    assert "154 agency mentions: 0 resolved to the registry" in line and "141 to agencies created" in line
    assert "13 collective" in line
    listed = ok_json(["tasks", "--document", "徐信用组〔2022〕2号"], env)
    assert len(listed) == 7 and all(t["collective"] == ["各县（市）、区人民政府"] for t in listed)
    first = listed[0]["lead"][0]
    assert first["as_written"] == "市交通运输局" and first["agency"]["name"] == "徐州市交通运输局"
    assert first["resolution"] == "created" and first["agency"]["inferred"] is True
    table = run(["tasks", "--document", "徐信用组〔2022〕2号"], env)
    assert table.returncode == 0 and "徐州市交通运输局 (inferred)" in " ".join(table.stdout.split())


def test_a_database_older_than_the_policy_properties_is_one_clear_line(tmp_path: Path) -> None:
    """Tables of an existing database are not migrated: the user is told so, not shown a binder error."""
    data = read_yaml(SCHEMA_FILE)
    del data["nodes"]["Jurisdiction"]["properties"]["inferred"]  # as declared before this change
    old = EmbeddedStore(tmp_path / "old.lbug", schema=parse_schema(data))
    old.create_schema()
    old.close()
    res = run(["ingest", "policies", str(HELDOUT), "--quiet"], _env(tmp_path / "old.lbug"))
    _one_clear_line(res, "old.lbug", "'inferred'", "not migrated")
