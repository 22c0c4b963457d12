"""The policy graph on a real embedded store: loading, idempotence, who must act, tasks."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.errors import InputError, NotFound
from creditgraph.graph_model.stores.embedded import EmbeddedStore
from creditgraph.ingest.policies import PolicyCorpus
from creditgraph.ingest.policies.graph import load_policy_corpus
from creditgraph.queries.responsible import responsible, successors, tasks

from policies_support import corpus_fixture  # noqa: F401  (pytest fixture)

CHANGZHOU, LIANYUNGANG, JIANGYIN, PROVINCE, WUJIN = "320400", "320700", "320281", "320000", "320412"
JIANGYIN_DOC = "澄信用发〔2018〕7号"
TODAY = date(2026, 1, 1)


def _store(path: Path) -> EmbeddedStore:
    s = EmbeddedStore(path / "db.lbug", query_timeout_ms=20_000)
    s.create_schema()
    return s


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, corpus: PolicyCorpus):
    s = _store(tmp_path_factory.mktemp("policy-graph"))
    summary = load_policy_corpus(s, corpus, progress=False)
    yield s, summary
    s.close()


# ------------------------------------------------------------------------------------ loading
def test_counts_per_label_after_load(loaded, corpus: PolicyCorpus) -> None:
    store, summary = loaded
    counts = store.counts()
    expected_nodes = {
        "Jurisdiction": len(corpus.jurisdictions),
        "Agency": len(corpus.agencies),
        "PolicyDocument": len(corpus.documents),
        "Measure": len(corpus.measures),
        "Task": len(corpus.tasks),
        "ViolationType": len(corpus.violation_types),
    }
    assert {k: counts["nodes"][k] for k in expected_nodes} == expected_nodes
    assert summary["nodes"] == expected_nodes
    # the five shipped files: 8 documents (two notices with two annexes each), 84 tasks
    assert counts["nodes"]["PolicyDocument"] == 8
    assert counts["nodes"]["Task"] == 84
    assert counts["nodes"]["Jurisdiction"] == 109  # Jiangsu, its 13 cities and 95 county-level divisions
    assert counts["nodes"]["ViolationType"] == 23
    by_rel = Counter(link.rel for link in corpus.links)
    for rel, n in by_rel.items():
        assert counts["relationships"][rel] == n, rel
    assert counts["relationships"]["ISSUED_BY"] == 7  # every issuer but Jiangyin's 领导小组 is a known agency
    assert summary["unmatched"] == {} and summary["removed"] == {}


def test_loading_twice_changes_nothing(tmp_path: Path, corpus: PolicyCorpus) -> None:
    store = _store(tmp_path)
    try:
        first = load_policy_corpus(store, corpus, progress=False)
        counts = store.counts()
        second = load_policy_corpus(store, corpus, progress=False)
        assert store.counts() == counts
        assert second == first
        # a corrected re-parse replaces what its documents state: a dropped task and mention go
        changed = corpus.model_copy(deep=True)
        dropped = changed.tasks.pop()
        task = next(t for t in changed.tasks if t.key == f"{JIANGYIN_DOC}/task-17")
        gone = task.coop.pop(0)
        changed.links = [
            link
            for link in changed.links
            if dropped.key not in (link.start, link.end)
            and not (link.rel == "COOPERATES_ON" and (link.start, link.end) == (gone.agency_id, task.key))
        ]
        third = load_policy_corpus(store, changed, progress=False)
        assert third["removed"] == {"Task": 1, "COOPERATES_ON": 1}
        after = store.counts()
        assert after["nodes"]["Task"] == counts["nodes"]["Task"] - 1
        lost = 1 + len(dropped.coop)
        assert after["relationships"]["COOPERATES_ON"] == counts["relationships"]["COOPERATES_ON"] - lost
    finally:
        store.close()


def test_mentions_keep_the_text_as_written_on_the_edges(loaded) -> None:
    store, _ = loaded
    rows = store.run(
        "MATCH (a:Agency)-[r:LEADS]->(t:Task)-[:PART_OF]->(d:PolicyDocument) "
        "WHERE d.jurisdiction = $j AND t.seq = 17 RETURN a.key AS agency, r.as_written AS as_written, r.source AS source",
        {"j": CHANGZHOU},
    )
    assert rows == [{"agency": "cz.aic", "as_written": "市工商局", "source": "table"}]
    rows = store.run(
        "MATCH (a:Agency)-[r:LEADS]->(t:Task) WHERE r.source = 'text' RETURN count(r) AS c",
    )
    assert rows[0]["c"] > 0  # Lianyungang's responsible bodies come from running text


def test_registry_entities_and_their_edges(loaded) -> None:
    store, _ = loaded
    aic = store.run(
        "MATCH (a:Agency {key: 'cz.aic'}) RETURN a.valid_until AS until, a.aliases AS aliases, a.kind AS kind"
    )
    assert aic == [{"until": date(2019, 1, 1), "aliases": aic[0]["aliases"], "kind": "agency"}]
    assert "市工商局" in aic[0]["aliases"]
    succ = store.run(
        "MATCH (:Agency {key: 'cz.aic'})-[s:SUCCEEDED_BY]->(b:Agency) RETURN b.key AS to, s.date AS date, s.reform AS reform"
    )
    assert succ == [{"to": "cz.samr", "date": date(2019, 1, 1), "reform": "组建市市场监督管理局"}]
    hosted = store.run(
        "MATCH (o:Agency {key: 'cz.credit-office'})-[h:HOSTED_BY]->(b:Agency) "
        "RETURN o.kind AS kind, b.key AS host, h.since AS since, h.until AS until ORDER BY host"
    )
    assert [(h["host"], h["since"], h["until"]) for h in hosted] == [
        ("cz.eitc", None, date(2019, 2, 1)),
        ("cz.ndrc", date(2019, 2, 1), None),
    ]
    assert hosted[0]["kind"] == "credit_office"
    up = store.run(
        "MATCH (j:Jurisdiction {key: $k})-[:PART_OF*1..2]->(p:Jurisdiction) RETURN DISTINCT p.key AS code ORDER BY code",
        {"k": JIANGYIN},
    )
    assert [r["code"] for r in up] == [PROVINCE, "320200"]
    v = store.run(
        "MATCH (v:ViolationType {key: 'V01'}) RETURN v.name AS name, v.synonyms AS syn, v.default_severity AS sev"
    )
    assert v[0]["name"] == "恶意刷单" and "刷单炒信" in v[0]["syn"] and v[0]["sev"] == "严重"


def test_documents_tasks_and_measures(loaded) -> None:
    store, _ = loaded
    doc = store.run(
        "MATCH (d:PolicyDocument {key: $k})-[:ISSUED_BY]->(a:Agency) "
        "RETURN d.number AS number, d.issued_at AS issued, d.jurisdiction AS j, d.source_file AS f, a.key AS issuer",
        {"k": "苏政办发〔2017〕144号#2"},
    )
    assert doc == [
        {
            "number": "苏政办发〔2017〕144号",
            "issued": date(2017, 12, 1),
            "j": PROVINCE,
            "f": doc[0]["f"],
            "issuer": "js.gov-office",
        }
    ]
    cites = store.run(
        "MATCH (a:PolicyDocument {key: $k})-[c:CITES]->(b:PolicyDocument) RETURN b.key AS b, c.as_written AS w",
        {"k": JIANGYIN_DOC},
    )
    assert cites == [{"b": "苏政办发〔2017〕144号", "w": "苏政办发〔2017〕144号"}]
    cz = store.run(
        "MATCH (t:Task)-[:PART_OF]->(d:PolicyDocument {jurisdiction: $j}) WHERE t.seq = 17 "
        "RETURN t.collective AS collective, t.attached_reason AS why, t.source AS source",
        {"j": CHANGZHOU},
    )
    assert "各辖市区人民政府" in cz[0]["collective"]
    assert cz[0]["why"].startswith("headerless table") and cz[0]["source"] == "table"
    addressed = store.run("MATCH (t:Task)-[:ADDRESSES]->(v:ViolationType {key: 'V01'}) RETURN count(t) AS c")
    assert addressed[0]["c"] == 3  # task 17 of the province, Jiangyin and Changzhou
    measures = store.run(
        "MATCH (m:Measure)-[:PART_OF]->(d:PolicyDocument {key: $k}) RETURN count(m) AS c", {"k": JIANGYIN_DOC}
    )
    assert measures[0]["c"] > 0


# ------------------------------------------------------------------------------------ who must act
def test_changzhou_today_is_the_market_regulation_bureau_via_the_2018_table(loaded) -> None:
    store, _ = loaded
    r = responsible(store, "恶意刷单", CHANGZHOU, TODAY)
    assert r["violation_type"]["code"] == "V01" and r["violation_type"]["matched_by"] == "exact"
    assert r["table"]["jurisdiction"]["code"] == CHANGZHOU and r["table"]["fallback"] is False
    assert "常州市" in r["table"]["reason"]
    [lead] = r["lead"]
    assert lead["as_written"] == "市工商局"
    assert lead["agency"]["id"] == "cz.aic"
    assert lead["current"] == {"id": "cz.samr", "name": "常州市市场监督管理局", "jurisdiction": CHANGZHOU}
    assert [(s["from"]["id"], s["agency"]["id"], s["date"], s["reform"]) for s in lead["chain"]] == [
        ("cz.aic", "cz.samr", date(2019, 1, 1), "组建市市场监督管理局")
    ]
    assert lead["document"]["jurisdiction"] == CHANGZHOU and lead["task_seq"] == 17
    assert lead["document"]["title"].startswith("常州市")
    coop_written = {m["as_written"] for m in r["coop"]}
    assert {"市公安局", "市质监局", "市食药监局", "常州海关"} <= coop_written
    assert r["current"]["lead"] == [lead["current"]]
    assert "cz.samr" not in {a["id"] for a in r["current"]["coop"]}  # already the lead


def test_before_the_reform_the_bureau_itself_acts(loaded) -> None:
    store, _ = loaded
    r = responsible(store, "恶意刷单", CHANGZHOU, date(2018, 12, 1))
    [lead] = r["lead"]
    assert lead["current"]["id"] == "cz.aic" and lead["current"]["name"] == "常州市工商行政管理局"
    assert lead["chain"] == []
    assert r["table"]["fallback"] is False


def test_before_the_city_table_was_issued_the_province_table_applies(loaded) -> None:
    store, _ = loaded
    r = responsible(store, "恶意刷单", CHANGZHOU, date(2018, 6, 1))  # Changzhou's is dated 2018-10-23
    assert r["table"]["jurisdiction"]["code"] == PROVINCE and r["table"]["fallback"] is True
    assert (
        "dated after 2018-06-01" in r["table"]["reason"]
        and "draft for comments 2018-10-23" in r["table"]["reason"]
    )
    assert r["lead"][0]["current"]["id"] == "js.aic"


def test_lianyungang_falls_back_to_the_province_and_says_so(loaded) -> None:
    store, _ = loaded
    r = responsible(store, "恶意刷单", LIANYUNGANG, TODAY)
    assert r["table"]["fallback"] is True
    assert r["table"]["jurisdiction"] == {"code": PROVINCE, "name": "江苏省"}
    assert r["table"]["searched"] == [LIANYUNGANG, PROVINCE]
    assert "连云港市 (320700) has no task addressing 恶意刷单" in r["table"]["reason"]
    assert "江苏省" in r["table"]["reason"]
    [lead] = r["lead"]
    assert lead["as_written"] == "省工商局" and lead["current"]["id"] == "js.samr"
    assert lead["document"]["number"] == "苏政办发〔2017〕144号"


def test_jiangyin_has_its_own_table_and_a_district_uses_its_city(loaded) -> None:
    store, _ = loaded
    r = responsible(store, "V01", JIANGYIN, TODAY)
    assert r["table"]["jurisdiction"]["code"] == JIANGYIN and not r["table"]["fallback"]
    assert r["lead"][0]["document"]["number"] == JIANGYIN_DOC
    r = responsible(store, "刷单炒信", WUJIN, TODAY)  # a synonym, a district of Changzhou
    assert r["violation_type"] == {
        "code": "V01",
        "name": "恶意刷单",
        "category": "交易造假",
        "as_written": "刷单炒信",
        "matched_by": "synonym",
        "list": "black",
    }
    assert r["table"]["jurisdiction"]["code"] == CHANGZHOU and r["table"]["fallback"]


def test_a_type_no_table_addresses_falls_to_the_blacklist_task_never_empty(loaded) -> None:
    # issue 16: no task addresses 价格欺诈 anywhere, so the task governing the blacklist and its joint
    # punishment (苏政办发〔2017〕144号 个人诚信意见 六(二), row 18) answers, and the reason says so
    store, _ = loaded
    r = responsible(store, "价格欺诈", CHANGZHOU, TODAY)
    assert r["table"]["jurisdiction"]["code"] == PROVINCE and r["table"]["step"] == "governs_list"
    assert r["lead"] and {m["task_seq"] for m in r["lead"]} == {18, 19}
    assert "has no task addressing 价格欺诈 (V05)" in r["table"]["reason"]


def test_split_duties_follow_the_primary_successor(loaded) -> None:
    store, _ = loaded
    s = successors(store, ["cz.price", "cz.cbrc"], TODAY)
    [step] = s["cz.price"]["chain"]
    assert step["agency"]["id"] == "cz.ndrc" and [a["id"] for a in step["also"]] == ["cz.samr"]
    assert [st["agency"]["id"] for st in s["cz.cbrc"]["chain"]] == ["cz.cbirc", "cz.nfra"]
    assert successors(store, ["cz.cbrc"], date(2020, 1, 1))["cz.cbrc"]["current"]["id"] == "cz.cbirc"


def test_bad_input_is_a_clear_error(loaded, tmp_path: Path) -> None:
    store, _ = loaded
    with pytest.raises(InputError, match="unknown violation type"):
        responsible(store, "飞碟", CHANGZHOU, TODAY)
    with pytest.raises(NotFound, match="unknown jurisdiction code 999999"):
        responsible(store, "恶意刷单", "999999", TODAY)
    with pytest.raises(InputError, match="6-digit"):
        responsible(store, "恶意刷单", "常州", TODAY)
    with pytest.raises(NotFound, match="no policy document"):
        tasks(store, "苏政办发〔2099〕1号")
    empty = _store(tmp_path)
    try:
        with pytest.raises(NotFound, match="ingest policies"):
            responsible(empty, "恶意刷单", CHANGZHOU, TODAY)
    finally:
        empty.close()


# ------------------------------------------------------------------------------------ tasks
def test_tasks_of_the_jiangyin_document(loaded) -> None:
    store, _ = loaded
    ts = tasks(store, JIANGYIN_DOC, TODAY)
    assert [t["seq"] for t in ts] == list(range(1, 21))
    for t in ts:
        assert t["document"]["number"] == JIANGYIN_DOC and t["document"]["jurisdiction"] == JIANGYIN
        assert t["lead"], t["seq"]
        for m in (*t["lead"], *t["coop"]):
            assert set(m) == {"as_written", "agency", "current", "resolution", "rule"}
            assert set(m["agency"]) == {"id", "name", "jurisdiction", "inferred"}
            assert set(m["current"]) == {"id", "name"}
            # every seed mention is an alias the registry knows: nothing inferred, no rule needed
            assert (m["resolution"], m["rule"], m["agency"]["inferred"]) == ("registry", None, False)
    t17 = ts[16]
    assert [m["as_written"] for m in t17["lead"]] == ["市市场监管局"]
    assert "各镇街园区" in t17["collective"]
    farming = next(m for m in t17["coop"] if m["as_written"] == "市农林局")
    assert farming["current"]["name"] == "江阴市农业农村局"
    assert len(tasks(store)) == 84
    assert len(tasks(store, "苏政办发〔2017〕144号")) == 41  # both annexes carry the notice's number
