"""Drafts for comments (issue 16): a document whose title or text says 征求意见稿 is stored with status
draft and the date of the request for comments (no issue date); its tasks answer "who must act" only
where no adopted document of the place is in force, and the answer says it comes from a draft.

The held-out drafts and their expected answers (drafts_expected.yaml) were written before the code
was run on them; both stores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.yamlfile import read_yaml
from creditgraph.ingest.policies import parse_folder, read_policy_data
from creditgraph.ingest.policies.graph import load_policy_corpus
from creditgraph.queries.library import query
from creditgraph.queries.responsible import responsible

HERE = Path(__file__).resolve().parent
EXPECTED = read_yaml(HERE / "drafts_expected.yaml")


def _day(v) -> date | None:
    return v if isinstance(v, date) or v is None else date.fromisoformat(str(v))


def _build(store) -> None:
    load_policy_corpus(store, read_policy_data(), progress=False)
    load_policy_corpus(store, parse_folder(HERE / "drafts"), progress=False)


@pytest.fixture
def drafts_store(loaded_graph):
    store, _ = loaded_graph("policies+drafts", _build)
    return store


def test_a_draft_is_stored_with_its_status_and_the_date_comments_were_requested(drafts_store) -> None:
    docs = {d["title"]: d for d in query(drafts_store, "policy_documents")}
    for want in EXPECTED["documents"]:
        got = docs[want["title"]]
        assert got["status"] == want["status"] and got["jurisdiction"] == want["jurisdiction"]
        assert got["issued_at"] is None
        assert got["comments_requested_at"] == _day(want["comments_requested_at"])
        assert got["tasks"] == want["tasks"]
    # the seed's Changzhou draft too (its notice of 2018-10-23 asks for comments by 10月30日)
    cz = docs["常州市全面加强电子商务领域诚信建设的实施意见"]
    assert (cz["status"], cz["issued_at"], cz["comments_requested_at"]) == ("draft", None, date(2018, 10, 23))
    assert docs["江阴市全面加强电子商务领域诚信建设的实施意见"]["status"] == "adopted"


@pytest.mark.parametrize("case", EXPECTED["answers"], ids=lambda c: f"{c['what']}-{c['place']}-{c['as_of']}")
def test_drafts_answer_only_where_no_adopted_document_covers_the_place(drafts_store, case) -> None:
    r = responsible(drafts_store, case["what"], case["place"], _day(case["as_of"]))
    t = r["table"]
    assert (t["draft"], t["step"], t["jurisdiction"]["code"]) == (case["draft"], case["step"], case["table"])
    assert sorted({m["as_written"] for m in r["lead"]}) == sorted(case["lead_as_written"])
    assert sorted({m["task_seq"] for m in r["lead"]}) == sorted(case["task_seq"])
    assert case["reason_has"] in t["reason"]
    statuses = {m["document"]["status"] for m in (*r["lead"], *r["coop"])}
    assert statuses == ({"draft"} if case["draft"] else {"adopted"})
