"""Document structure of the real files: numbers, issuers, dates, jurisdictions, citations, measures."""

from __future__ import annotations

from datetime import date

from creditgraph.ingest.policies import PolicyCorpus

from policies_support import corpus_fixture, expected_fixture  # noqa: F401  (pytest fixtures)


def test_documents_and_their_facts(corpus: PolicyCorpus) -> None:
    jy = corpus.document("澄信用发〔2018〕7号")
    assert jy.title == "江阴市全面加强电子商务领域诚信建设的实施意见"
    assert (jy.issuer, jy.issued_at, jy.jurisdiction) == (
        "江阴市社会信用体系建设领导小组",
        date(2018, 6, 22),
        "320281",
    )
    assert jy.source_file.startswith("000_")

    js = corpus.document("苏政办发〔2017〕144号")
    assert js.number_source and "000_" in js.number_source  # the province file carries no number
    assert (js.issuer, js.issued_at, js.jurisdiction) == ("江苏省人民政府办公厅", date(2017, 12, 1), "320000")
    parts = [d for d in corpus.documents if d.part_of == js.key]
    assert [d.title for d in parts] == [
        "江苏省加强个人诚信体系建设的实施意见",
        "江苏省全面加强电子商务领域诚信建设的实施意见",
    ]

    cz = next(d for d in corpus.documents if d.title.startswith("常州市"))
    assert cz.draft and cz.number is None and cz.jurisdiction == "320400"
    # a draft for comments has no issue date: 2018-10-23 is the request for comments (issue 16)
    assert cz.issued_at is None and cz.comments_requested_at == date(2018, 10, 23) and cz.status == "draft"

    lyg = [d for d in corpus.documents if d.jurisdiction == "320700"]
    assert len(lyg) == 3 and {d.issued_at for d in lyg} == {date(2018, 11, 23)}


def test_jurisdiction_never_from_file_name(corpus: PolicyCorpus) -> None:
    for d in corpus.documents:
        assert d.jurisdiction_reason.startswith(("issuer", "title", "document number", "named")), d
        assert d.source_file not in d.jurisdiction_reason


def test_citations(corpus: PolicyCorpus) -> None:
    jy = corpus.document("澄信用发〔2018〕7号")
    assert [c.number for c in jy.cites] == ["发改财金〔2016〕2794号", "苏政办发〔2017〕144号"]
    assert jy.cites[1].document == "苏政办发〔2017〕144号"
    lyg = next(d for d in corpus.documents if d.title == "连云港市加强涉审社会中介机构信用管理的实施意见")
    assert [c.number for c in lyg.cites] == [
        "苏政办发〔2017〕137号",
        "连政办发〔2016〕159号",
        "连政办发〔2017〕175号",
    ]
    cites = [(x.start, x.end) for x in corpus.links if x.rel == "CITES"]
    assert ("澄信用发〔2018〕7号", "苏政办发〔2017〕144号") in cites


def test_measures(corpus: PolicyCorpus) -> None:
    jy = {m.seq: m for m in corpus.measures if m.document == "澄信用发〔2018〕7号"}
    assert jy["二（三）"].title == "建立实名登记和认证制度"
    assert "七" not in jy  # the task-table heading is not a measure
    assert {s for s in jy if s.count("（") == 1} >= {f"二（{n}）" for n in "三四五六七"}
    lyg = next(d for d in corpus.documents if d.title == "连云港市加强涉审社会中介机构信用管理的实施意见")
    items = [m for m in corpus.measures if m.document == lyg.key and m.level == 3]
    assert [m.seq for m in items] == [f"二({n})" for n in range(1, 7)]


def test_addressing(corpus: PolicyCorpus) -> None:
    t17 = next(t for t in corpus.tasks if t.key == "澄信用发〔2018〕7号/task-17")
    assert {"V01", "V06", "V07", "V08", "V09", "V10", "V11", "V12", "V13", "V14"} <= set(t17.violation_types)
    courier = next(t for t in corpus.tasks if t.key == "澄信用发〔2018〕7号/task-5")
    assert "courier" in courier.subject_types
    intermediary = [t for t in corpus.tasks if t.source == "text" and "intermediary" in t.subject_types]
    assert len(intermediary) == 2
    addresses = {(x.start, x.end) for x in corpus.links if x.rel == "ADDRESSES"}
    assert ("澄信用发〔2018〕7号/task-17", "V01") in addresses


def test_links_are_schema_relationships(corpus: PolicyCorpus) -> None:
    allowed = {
        "LEADS",
        "COOPERATES_ON",
        "PART_OF",
        "IN_JURISDICTION",
        "CITES",
        "ADDRESSES",
        "SUCCEEDED_BY",
        "HOSTED_BY",
    }
    assert {x.rel for x in corpus.links} == allowed
    leads = [x for x in corpus.links if x.rel == "LEADS"]
    assert all(x.props["as_written"] and x.props["source"] in ("table", "text") for x in leads)
