"""The task → violation-type linker against the hand-checked table (issue 16): a task is linked to a
type only where it acts on that conduct, not where a word of the type occurs.

tests/ingest/policies/task_violation_types.yaml was written from the seed documents' task texts before the
linker was run on it; benchmarks/linker.py prints the same precision and recall."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.ingest.policies import PolicyCorpus, read_policy_data
from creditgraph.ingest.policies.addressing import violation_types_in
from creditgraph.ingest.policies.graph import load_policy_corpus
from creditgraph.ingest.policies.link_eval import names_only, score_links
from creditgraph.queries.responsible import responsible

from policies_support import corpus_fixture  # noqa: F401  (pytest fixture)

TABLE = Path(__file__).resolve().parent / "task_violation_types.yaml"
PRECISION_FLOOR, RECALL_FLOOR = 0.95, 0.95
PAYMENT_TASK = 4  # 电子商务意见 二(五), task-division row 4: 加强网络支付管理 … 防范网络欺诈


@pytest.fixture(scope="module")
def table() -> dict[str, list[str]]:
    return read_yaml(TABLE)["tasks"]


def test_the_table_lists_every_task_of_the_seed_documents(table, corpus: PolicyCorpus) -> None:
    assert set(table) == {t.key for t in corpus.tasks} and len(table) == 84


def test_linker_precision_and_recall_against_the_hand_checked_table(table, corpus: PolicyCorpus) -> None:
    reg = load_registry()
    now = score_links(corpus.tasks, table, reg)
    assert now.precision >= PRECISION_FLOOR, now.false_pos
    assert now.recall >= RECALL_FLOOR, now.false_neg
    base = score_links(corpus.tasks, table, reg, names_only)  # the linker before issue 16
    assert base.precision < now.precision and base.recall < now.recall


def test_the_payment_institution_task_is_not_linked_to_fraud(corpus: PolicyCorpus) -> None:
    # 电子商务意见 row 4 supervises payment institutions (防范网络欺诈); it does not act on 恶意欺诈
    payment = [t for t in corpus.tasks if t.seq == PAYMENT_TASK and "网络支付" in t.text]
    assert len(payment) == 3  # the province's, Jiangyin's and Changzhou's tables
    assert all("V10" not in t.violation_types for t in payment)
    fraud = [t for t in corpus.tasks if "V10" in t.violation_types]
    assert {t.seq for t in fraud} == {17}  # 严厉打击 … 恶意欺诈


def test_false_reporting_of_e_commerce_data_is_not_an_intermediarys_false_report() -> None:
    reg = load_registry()
    assert "V21" not in violation_types_in("严厉打击虚假宣传、虚假报送和发布电子商务交易数据等行为", reg)
    # the intermediaries' conduct still is (连云港 涉审中介意见: 故意出具虚假报告和证明材料)
    assert "V21" in violation_types_in("对故意出具虚假报告和证明材料的中介机构依法予以惩戒", reg)


def test_a_clause_that_only_guards_against_a_conduct_does_not_act_on_it() -> None:
    reg = load_registry()
    assert violation_types_in("充分发挥支付机构的作用，防范网络欺诈等行为。", reg) == []
    assert violation_types_in("打击防范网络欺诈", reg) == ["V10"]  # an enforcement verb as well


def test_the_central_bank_is_not_responsible_for_fraud(loaded_graph) -> None:
    store, _ = loaded_graph("policies", lambda s: load_policy_corpus(s, read_policy_data(), progress=False))
    for place in ("320000", "320400", "320281", "320412"):
        r = responsible(store, "恶意欺诈", place, date(2026, 1, 1))
        ids = {a["id"] for a in (*r["current"]["lead"], *r["current"]["coop"])}
        assert r["table"]["step"] == "addresses" and {m["task_seq"] for m in r["lead"]} == {17}
        assert not any(i.startswith("pboc.") for i in {a["id"] for a in r["current"]["lead"]}), (place, ids)
