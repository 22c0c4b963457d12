"""Task tables in the real documents: counts per document and every row against the hand-written tables."""

from __future__ import annotations

import pytest

from creditgraph.ingest.policies import PolicyCorpus
from creditgraph.ingest.policies.evaluate import ExpectedDocument, find_document, score

from policies_support import corpus_fixture, expected_fixture  # noqa: F401  (pytest fixtures)


def _doc_by_title(corpus: PolicyCorpus, title: str) -> str:
    return next(d.key for d in corpus.documents if d.title == title)


def test_task_counts_per_document(corpus: PolicyCorpus) -> None:
    counts = {d.key: len(corpus.tasks_of(d.key)) for d in corpus.documents}
    assert counts[_doc_by_title(corpus, "江苏省加强个人诚信体系建设的实施意见")] == 21
    assert counts[_doc_by_title(corpus, "江苏省全面加强电子商务领域诚信建设的实施意见")] == 20
    assert counts["澄信用发〔2018〕7号"] == 20
    assert counts[_doc_by_title(corpus, "常州市全面加强电子商务领域诚信建设的实施意见")] == 20
    assert counts[_doc_by_title(corpus, "连云港市加强涉审社会中介机构信用管理的实施意见")] == 2
    assert counts[_doc_by_title(corpus, "连云港市全面加强电子商务领域诚信建设的实施办法")] == 1


def test_table_tasks_are_numbered_in_order(corpus: PolicyCorpus) -> None:
    for d in corpus.documents:
        seqs = [t.seq for t in corpus.tasks_of(d.key)]
        assert seqs == list(range(1, len(seqs) + 1)), d.key


def test_every_task_matches_the_hand_written_table(
    corpus: PolicyCorpus, expected: list[ExpectedDocument]
) -> None:
    assert len(expected) == 6
    for exp in expected:
        key = find_document(corpus, exp)
        assert key, f"{exp.label}: document not found"
        got = {t.seq: t for t in corpus.tasks_of(key)}
        assert sorted(got) == sorted(exp.tasks), exp.label
        for seq, want in exp.tasks.items():
            task = got[seq]
            where = f"{exp.label} task {seq}"
            assert [m.as_written for m in task.lead] == want["lead"], where
            assert [m.as_written for m in task.coop] == want["coop"], where
            assert sorted(task.collective) == sorted(want["collective"]), where
            if "measure" in want:
                assert task.measure == f"{key}/{want['measure']}", where


def test_precision_and_recall_per_document(corpus: PolicyCorpus, expected: list[ExpectedDocument]) -> None:
    for row in score(corpus, expected):
        assert row.precision == pytest.approx(1.0), row
        assert row.recall == pytest.approx(1.0), row


def test_sources_and_attachment(corpus: PolicyCorpus) -> None:
    changzhou = _doc_by_title(corpus, "常州市全面加强电子商务领域诚信建设的实施意见")
    tasks = corpus.tasks_of(changzhou)
    assert {t.source for t in tasks} == {"table"}
    assert all(t.source_file.startswith("004_") for t in tasks)
    reason = tasks[0].attached_reason or ""
    assert "004_" in reason and "常州市" in reason and changzhou in reason
    lianyungang = [t for t in corpus.tasks if t.source == "text"]
    assert len(lianyungang) == 3
    assert all(t.attached_reason is None for t in corpus.tasks if t.document != changzhou)


def test_no_collective_mention_becomes_an_agency(corpus: PolicyCorpus) -> None:
    for t in corpus.tasks:
        for m in (*t.lead, *t.coop):
            assert not m.as_written.startswith(("各", "等")), (t.key, m.as_written)
            assert "有关部门" not in m.as_written and "人民政府" not in m.as_written, (t.key, m.as_written)


def test_every_mention_resolves(corpus: PolicyCorpus) -> None:
    assert corpus.unresolved == []
    agencies = {a.id for a in corpus.agencies}
    for t in corpus.tasks:
        for m in (*t.lead, *t.coop):
            assert m.agency_id in agencies, (t.key, m.as_written)
