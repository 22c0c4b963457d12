"""Held-out documents (tests/ingest/policies/heldout): seven places, six layouts, tables written by hand first.

Each expected table (heldout_expected/*.yaml) lists per task the lead and cooperating units as
written, the collective mentions, and the body each unit names; these tests hold the parser to
all of it, and to keeping every mention.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.ingest.policies import PolicyCorpus, parse_folder
from creditgraph.ingest.policies.evaluate import ExpectedDocument, find_document, load_expected, score
from creditgraph.ingest.policies.graph import mention_counts

from policies_support import HELDOUT, HELDOUT_EXPECTED, corpus_fixture, expected_fixture  # noqa: F401

LABELS = ["huzhou", "kunshan", "nantong", "suzhou", "taizhou", "xuzhou", "yangzhou"]
SEED_LABELS = ["changzhou", "jiangsu #1", "jiangsu #2", "jiangyin", "lianyungang #1", "lianyungang #2"]


@pytest.fixture(scope="module")
def heldout() -> PolicyCorpus:
    return parse_folder(HELDOUT)


@pytest.fixture(scope="module")
def heldout_expected() -> list[ExpectedDocument]:
    return load_expected(HELDOUT_EXPECTED)


def _yaml(label: str) -> dict:
    return read_yaml(HELDOUT_EXPECTED / f"{label}.yaml")


def test_the_held_out_set_covers_the_layouts_and_places() -> None:
    files = sorted(p.name for p in HELDOUT.iterdir() if p.suffix in (".md", ".txt", ".docx"))
    assert len(files) == 7 and any(f.endswith(".docx") for f in files)
    places = {_yaml(label).get("jurisdiction") or _yaml(label)["jurisdiction_name"] for label in LABELS}
    # five Jiangsu cities other than the seeds', the county-level city 昆山, and 湖州 in Zhejiang
    assert places == {"320500", "320600", "320300", "321000", "321200", "320583", "湖州市"}


@pytest.mark.parametrize("label", LABELS)
def test_every_task_matches_the_hand_written_table(
    label: str, heldout: PolicyCorpus, heldout_expected: list[ExpectedDocument]
) -> None:
    exp = next(e for e in heldout_expected if e.label == label)
    key = find_document(heldout, exp)
    assert key, f"{label}: document not found"
    got = {t.seq: t for t in heldout.tasks_of(key)}
    assert sorted(got) == sorted(exp.tasks)
    for seq, want in exp.tasks.items():
        task, where = got[seq], f"{label} task {seq}"
        assert [m.as_written for m in task.lead] == want["lead"], where
        assert [m.as_written for m in task.coop] == want["coop"], where
        assert task.collective == want["collective"], where
        if "measure" in want:
            assert task.measure == f"{key}/{want['measure']}", where


@pytest.mark.parametrize("label", LABELS)
def test_precision_and_recall_of_lead_and_coop(
    label: str, heldout: PolicyCorpus, heldout_expected: list[ExpectedDocument]
) -> None:
    row = next(r for r in score(heldout, heldout_expected) if r.label == label)
    for role in ("lead", "coop"):
        assert (row.role_precision(role), row.role_recall(role)) == (1.0, 1.0), (label, role, row.roles)
    assert row.mentions_kept == row.mentions_expected > 0


@pytest.mark.parametrize("label", SEED_LABELS)
def test_seed_precision_and_recall_of_lead_and_coop(
    label: str, corpus: PolicyCorpus, expected: list[ExpectedDocument]
) -> None:
    row = next(r for r in score(corpus, expected) if r.label == label)
    for role in ("lead", "coop"):
        assert (row.role_precision(role), row.role_recall(role)) == (1.0, 1.0), (label, role, row.roles)
    assert row.mentions_kept == row.mentions_expected > 0


@pytest.mark.parametrize("label", LABELS)
def test_every_unit_lands_on_the_body_it_names(label: str, heldout: PolicyCorpus) -> None:
    data = _yaml(label)
    exp = next(e for e in load_expected(HELDOUT_EXPECTED) if e.label == label)
    doc = heldout.document(find_document(heldout, exp) or "")
    if "jurisdiction" in data:
        assert doc.jurisdiction == data["jurisdiction"]
    agencies = {a.id: a for a in heldout.agencies}
    seen: set[str] = set()
    for t in heldout.tasks_of(doc.key):
        for m in (*t.lead, *t.coop):
            assert m.agency_id in agencies, (t.key, m.as_written)
            assert agencies[m.agency_id].name == data["agencies"][m.as_written], (t.key, m.as_written)
            seen.add(m.as_written)
    assert seen == set(data["agencies"])


def test_no_mention_is_dropped(heldout: PolicyCorpus) -> None:
    counts = mention_counts(heldout)
    by_hand = sum(r.mentions_expected for r in score(heldout, load_expected(HELDOUT_EXPECTED)))
    assert counts["total"] == by_hand == 154
    assert counts["unresolved"] == 0 and counts["collective"] == 13
    assert counts["created"] == 141  # none of these places is in agencies.yaml
    assert heldout.unresolved == []
    links = {
        (x.start, x.end, x.props.get("as_written"))
        for x in heldout.links
        if x.rel in ("LEADS", "COOPERATES_ON")
    }
    for t in heldout.tasks:
        for m in (*t.lead, *t.coop):
            assert (m.agency_id, t.key, m.as_written) in links  # every mention is an edge in the graph


def test_two_forms_of_one_body_meet_one_node(heldout: PolicyCorpus) -> None:
    ids = {}
    for t in heldout.tasks_of("苏府办〔2019〕112号"):
        for m in (*t.lead, *t.coop):
            ids.setdefault(m.agency_id, set()).add(m.as_written)
    assert ids["320500:苏州市住房和城乡建设局"] == {"市住房城乡建设局", "市住建局"}
    office = next(a for a in heldout.agencies if a.id == "320500:苏州市社会信用体系建设领导小组办公室")
    assert office.kind == "credit_office" and office.inferred
    # 市发改委（市信用办） and 市发改委 in the 泰州 Word table: the office and the commission, two nodes
    taizhou = {
        m.as_written: m.agency_id for t in heldout.tasks_of("泰信用办〔2024〕6号") for m in (*t.lead, *t.coop)
    }
    assert taizhou["市发改委（市信用办）"] != taizhou["市发改委"] == "321200:泰州市发展和改革委员会"


def test_created_bodies_are_inferred_with_their_rule(heldout: PolicyCorpus) -> None:
    created = [a for a in heldout.agencies if a.inferred]
    assert len(created) == 115
    for a in created:
        assert a.rule and a.name in a.rule and a.id == f"{a.jurisdiction}:{a.name}", a
    samr = next(a for a in created if a.id == "320300:徐州市市场监督管理局")
    assert "市 → 徐州市 (320300)" in (samr.rule or "") and "post-reform" in (samr.rule or "")
    # a post-reform name is the current body: no succession is invented for it
    assert not [s for s in heldout.successions if samr.id in (s.from_id, s.to_id)]
    pboc = next(a for a in created if a.name == "中国人民银行昆山市支行")
    assert pboc.jurisdiction == "320583" and "昆山市" in (pboc.rule or "")


def test_a_document_from_another_province_gets_its_place_from_its_issuer(heldout: PolicyCorpus) -> None:
    doc = heldout.document("湖政办发〔2020〕9号")
    assert doc.jurisdiction == "湖州市" and doc.jurisdiction_reason.startswith("issuer 湖州市人民政府办公室")
    place = next(j for j in heldout.jurisdictions if j.code == "湖州市")
    assert place.inferred and place.level == "city"
    assert all(j.inferred is False for j in heldout.jurisdictions if j.code != "湖州市")
    names = {a.name for a in heldout.agencies if a.jurisdiction == "湖州市"}
    assert {"湖州市人力资源和社会保障局", "中共湖州市委网络安全和信息化委员会办公室"} <= names


def test_layout_sources(heldout: PolicyCorpus) -> None:
    sources = {d.key: {t.source for t in heldout.tasks_of(d.key)} for d in heldout.documents}
    assert sources["通信用办〔2020〕4号"] == sources["昆政办发〔2021〕27号"] == {"measure"}
    assert sources["徐信用组〔2022〕2号"] == {"measure"}
    assert sources["泰信用办〔2024〕6号"] == sources["扬府办发〔2023〕15号"] == {"table"}
    # a measure that names no unit (南通 （五）) is a measure, not a task
    nantong = {m.seq for m in heldout.measures if m.document == "通信用办〔2020〕4号"}
    assert "二（五）" in nantong
    assert "二（五）" not in {
        t.measure.rsplit("/", 1)[1] for t in heldout.tasks_of("通信用办〔2020〕4号") if t.measure
    }


def test_word_table_rows_as_read(tmp_path: Path) -> None:
    from creditgraph.ingest.policies.reader import read_source

    lines = read_source(HELDOUT / "taizhou_2024_word_table.docx").lines
    rows = [x for x in lines if x.startswith("|")]
    assert (
        rows.count("| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时间 |") == 2
    )  # repeated on the next page
    assert "| 一、健全信用监管机制 |" in rows  # a band merged across the table is one cell
    assert rows[4].split(" | ")[2] == "市市场监管局"  # merged down from task 2 onto task 3
    assert "市委宣传部<br>市文明办" in rows[-2]  # one unit per paragraph inside a cell
