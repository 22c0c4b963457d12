"""What a reload of owned data removes, through the store's own methods (the policy graph's stale
tasks, measures and edges), on both stores.

Expected answers, written before the code ran: two tasks of one document, an agency leading both
under two spellings, task T1 addressing two violation types.
- rels_between LEADS ending at T1, T2 → three rows (A1→T1 "甲", A1→T1 "乙", A1→T2 "甲");
- delete_rels of A1→T1 "乙" only (matched on as_written) → 1 deleted, "甲" stays;
- rels_between ADDRESSES from T1 → V01, V02; deleting V02 leaves V01;
- delete_nodes T2 → 1, its LEADS edge goes with it; PART_OF from T1 stays.
"""

from __future__ import annotations

import pytest

DOC = "D1"


def _graph(store) -> None:
    store.upsert_nodes("PolicyDocument", [{"key": DOC, "name": "文件"}])
    store.upsert_nodes("Task", [{"key": "T1", "name": "任务一"}, {"key": "T2", "name": "任务二"}])
    store.upsert_nodes("Agency", [{"key": "A1", "name": "市场监管局"}])
    store.upsert_nodes("ViolationType", [{"key": "V01", "name": "甲"}, {"key": "V02", "name": "乙"}])
    store.upsert_rels(
        "PART_OF", "Task", "PolicyDocument", [{"src": "T1", "dst": DOC}, {"src": "T2", "dst": DOC}]
    )
    store.upsert_rels(
        "LEADS",
        "Agency",
        "Task",
        [
            {"src": "A1", "dst": "T1", "as_written": "甲"},
            {"src": "A1", "dst": "T1", "as_written": "乙"},
            {"src": "A1", "dst": "T2", "as_written": "甲"},
        ],
        merge_on=["as_written"],
    )
    store.upsert_rels(
        "ADDRESSES", "Task", "ViolationType", [{"src": "T1", "dst": "V01"}, {"src": "T1", "dst": "V02"}]
    )


def _leads(store) -> list[tuple[str, str, str]]:
    rows = store.rels_between("LEADS", "Agency", "Task", dst_keys=["T1", "T2"], properties=["as_written"])
    return sorted((r["src"], r["dst"], r["as_written"]) for r in rows)


def test_edges_and_nodes_a_reload_no_longer_states_are_removed(store):
    _graph(store)
    assert _leads(store) == [("A1", "T1", "乙"), ("A1", "T1", "甲"), ("A1", "T2", "甲")]
    gone = store.delete_rels(
        "LEADS", "Agency", "Task", [{"src": "A1", "dst": "T1", "as_written": "乙"}], ["as_written"]
    )
    assert gone == 1
    assert _leads(store) == [("A1", "T1", "甲"), ("A1", "T2", "甲")]

    addressed = store.rels_between("ADDRESSES", "Task", "ViolationType", src_keys=["T1"])
    assert [(r["src"], r["dst"]) for r in addressed] == [("T1", "V01"), ("T1", "V02")]
    assert store.delete_rels("ADDRESSES", "Task", "ViolationType", [{"src": "T1", "dst": "V02"}]) == 1
    assert [r["dst"] for r in store.rels_between("ADDRESSES", "Task", "ViolationType", src_keys=["T1"])] == [
        "V01"
    ]

    assert store.delete_nodes("Task", ["T2"]) == 1
    assert _leads(store) == [("A1", "T1", "甲")]
    assert [r["src"] for r in store.rels_between("PART_OF", "Task", "PolicyDocument", dst_keys=[DOC])] == [
        "T1"
    ]


def test_only_declared_labels_types_and_properties_reach_the_text(store):
    with pytest.raises(Exception, match="Task"):
        store.rels_between("LEADS", "Task", "Agency", dst_keys=["A1"])  # the pair is Agency→Task
    with pytest.raises(ValueError, match="unknown properties"):
        store.rels_between("LEADS", "Agency", "Task", dst_keys=["T1"], properties=["x} RETURN 1 //"])
    with pytest.raises(ValueError, match="one of src_keys/dst_keys"):
        store.rels_between("LEADS", "Agency", "Task")
    with pytest.raises(Exception, match="Nope"):
        store.delete_nodes("Nope", ["x"])
