"""Who must act is never empty (issue 16): every violation type and every list-entry reason, in
every jurisdiction of the registry, resolves to lead agencies, and the answer names the step that
found them and the task (document number and clause) it read, on both stores.

The steps, per jurisdiction from the place outwards: the task addressing the conduct; else the task
governing the list and its joint measures (苏政办发〔2017〕144号 个人诚信意见 六(二)(三), task-division
rows 18 and 19, for the blacklist; 二(三) row 3 and 电子商务意见 (十九) row 16 for the red list);
else the enclosing jurisdiction's."""

from __future__ import annotations

from datetime import date

import pytest

from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.ingest.policies import read_policy_data
from creditgraph.ingest.policies.graph import load_policy_corpus
from creditgraph.queries.alerts import reappearances
from creditgraph.queries.responsible import list_rules, responsible, responsible_for

TODAY = date(2026, 1, 1)
PROVINCE_DOC = "苏政办发〔2017〕144号"
CREDIT_OFFICE = "js.credit-office"  # 省经济和信息化委（省信用办）, the province credit office today


def _policies(store) -> None:
    load_policy_corpus(store, read_policy_data(), progress=False)


@pytest.fixture
def policy_store(loaded_graph):
    store, _ = loaded_graph("policies", _policies)
    return store


def test_every_type_in_every_jurisdiction_has_a_lead_and_says_which_step(policy_store) -> None:
    reg = load_registry()
    empty, unexplained = [], []
    for code in sorted(reg.jurisdictions):
        for vt in sorted(reg.violation_types):
            r = responsible(policy_store, vt, code, TODAY)
            if not r["current"]["lead"]:
                empty.append((vt, code))
            if r["table"]["step"] not in ("addresses", "governs_list") or any(
                m["step"] != r["table"]["step"] or m["task_seq"] is None for m in r["lead"]
            ):
                unexplained.append((vt, code))
    assert len(reg.jurisdictions) == 109 and len(reg.violation_types) == 23
    assert empty == [] and unexplained == []


# the task governing each list, by place: (document number or title prefix, row) and the lead today
_CZ, _JY = "常州市全面加强电子商务领域诚信建设的实施意见", "澄信用发〔2018〕7号"
_LIST_TASKS = {
    "black": {
        p: ({(PROVINCE_DOC, 18), (PROVINCE_DOC, 19)}, CREDIT_OFFICE)
        for p in ("320000", "320400", "320281", "320412", "320700", "321000")
    },
    "red": {
        "320000": ({(PROVINCE_DOC, 3), (PROVINCE_DOC, 16)}, CREDIT_OFFICE),
        "320700": ({(PROVINCE_DOC, 3), (PROVINCE_DOC, 16)}, CREDIT_OFFICE),
        "321000": ({(PROVINCE_DOC, 3), (PROVINCE_DOC, 16)}, CREDIT_OFFICE),
        "320400": ({(_CZ, 16)}, "cz.credit-office"),
        "320412": ({(_CZ, 16)}, "cz.credit-office"),
        "320281": ({(_JY, 16)}, "jy.credit-office"),
    },
}


@pytest.mark.parametrize(
    "reason,lst", [(r, name) for name, rule in list_rules().items() for r in rule["reasons"]]
)
def test_every_list_entry_reason_resolves_through_the_list_task(policy_store, reason: str, lst: str) -> None:
    # 个人诚信意见 六(二): the credit office leads joint punishment of the seriously untrustworthy;
    # 二(三) and 电子商务意见 (十九): the credit office leads the red list (a city's own row 16 first).
    for code, (rows, lead) in _LIST_TASKS[lst].items():
        r = responsible(policy_store, reason, code, TODAY)
        assert r["violation_type"]["matched_by"] == "list_reason" and r["violation_type"]["list"] == lst
        assert r["table"]["step"] == "governs_list"
        assert {a["id"] for a in r["current"]["lead"]} == {lead}
        assert {(m["document"]["number"] or m["document"]["title"], m["task_seq"]) for m in r["lead"]} == rows
        assert r["table"]["fallback"] is (r["table"]["jurisdiction"]["code"] != code)


def test_a_type_no_task_addresses_falls_to_the_list_task_and_the_reason_says_each_step(policy_store) -> None:
    r = responsible(policy_store, "价格欺诈", "320412", TODAY)  # 武进区 → 常州市 → 江苏省
    assert r["table"]["step"] == "governs_list" and r["table"]["jurisdiction"]["code"] == "320000"
    reason = r["table"]["reason"]
    for step in (
        "武进区 (320412) has no task addressing 价格欺诈 (V05)",
        "常州市 (320400) has no task governing the list of 价格欺诈 (V05)",
        "江苏省 (320000) has no task addressing 价格欺诈 (V05)",
        f"江苏省 (320000) has tasks governing the list of 价格欺诈 (V05): {PROVINCE_DOC} task 18",
    ):
        assert step in reason


def test_a_task_addressing_the_conduct_comes_before_the_list_task(policy_store) -> None:
    # 电子商务意见 (二十一), task-division row 17: 严厉打击 … 恶意刷单 — the market regulator leads
    r = responsible(policy_store, "恶意刷单", "320700", TODAY)
    assert r["table"]["step"] == "addresses"
    assert {(m["document"]["number"], m["task_seq"]) for m in r["lead"]} == {(PROVINCE_DOC, 17)}


def test_an_unknown_text_is_still_an_error_outside_an_alert(policy_store) -> None:
    from creditgraph.graph_model.errors import InputError

    with pytest.raises(InputError, match="unknown violation type"):
        responsible(policy_store, "飞碟", "320400", TODAY)
    # an alert's entry answers by its list, and says so
    r = responsible(policy_store, "飞碟", "320400", TODAY, list_name="black")
    assert r["violation_type"]["matched_by"] == "list" and r["table"]["step"] == "governs_list"
    assert r["current"]["lead"]


def _synth_with_policies(synth_batch):
    from creditgraph.ingest.records.loader import load_records

    folder, truth = synth_batch(3, 1200)

    def build(store):
        _policies(store)
        load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
        return truth

    return build


def test_every_reappearance_item_of_a_synthetic_batch_names_who_must_act(loaded_graph, synth_batch) -> None:
    store, truth = loaded_graph("synth+policies:3:1200", _synth_with_policies(synth_batch))
    as_of = date.fromisoformat(truth["as_of"])
    items = reappearances(
        store, as_of, max_share=truth["generic_threshold"], responsible=responsible_for(store)
    )
    assert len(items) >= 10
    for item in items:
        leads = [a for a in item["responsible"] if a["role"] == "lead"]
        assert leads, item["list_entry"]
        assert all(a["step"] in ("addresses", "governs_list") and a["task_seq"] for a in leads)
        assert all(a["agency"]["id"] for a in item["responsible"])


def test_an_entry_with_no_reason_or_place_is_answered_by_the_blacklist_task(policy_store) -> None:
    lookup = responsible_for(policy_store)
    for reason, place in ((None, "320400"), ("", None), ("严重失信", "999999")):
        got = lookup(reason, place, TODAY)
        assert {(a["role"], a["agency"]["id"], a["task_seq"]) for a in got if a["role"] == "lead"} == {
            ("lead", CREDIT_OFFICE, 18),
            ("lead", CREDIT_OFFICE, 19),
        }


def test_a_trades_own_blacklist_in_a_held_out_document_does_not_govern_the_blacklist(tmp_path) -> None:
    # 苏府办〔2019〕112号 row 6 (held out): 拖欠农民工工资"黑名单" … 实施联合惩戒 is the wage bureau's
    # list; a 严重失信 entry in Suzhou is still the province credit office's (个人诚信意见 六(二)).
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    from creditgraph.ingest.policies import parse_folder

    from policies_support import HELDOUT

    store = EmbeddedStore(tmp_path / "db.lbug")
    store.create_schema()
    try:
        _policies(store)
        load_policy_corpus(store, parse_folder(HELDOUT), progress=False)
        r = responsible(store, "严重失信", "320500", TODAY)
        assert r["table"]["jurisdiction"]["code"] == "320000"
        assert {(m["document"]["number"], m["task_seq"]) for m in r["lead"]} == {
            (PROVINCE_DOC, 18),
            (PROVINCE_DOC, 19),
        }
        assert "苏州市 (320500) has no task governing the list of 严重失信" in r["table"]["reason"]
        # and every held-out place still answers every type
        for doc in parse_folder(HELDOUT).documents:
            if doc.jurisdiction and doc.jurisdiction.startswith("32"):
                for vt in ("恶意刷单", "价格欺诈", "V99"):
                    assert responsible(store, vt, doc.jurisdiction, TODAY)["current"]["lead"], (vt, doc.key)
    finally:
        store.close()
