"""One reading of end dates everywhere: an end date is the first day a thing no longer holds.

A tiny contract batch, loaded for real, with every end on the same day D; each path that answers
"as of" a date must say "held" on the day before D and "over" on D.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from creditgraph.graph_model.types import citizen_id_check_char, uscc_check_char
from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.entity import entity_file
from creditgraph.queries.library import query
from creditgraph.queries.risk import own_risk
from creditgraph.queries.subjects import resolve

LISTED = date(2024, 3, 1)
D = date(2025, 6, 30)  # every end date in the batch
BEFORE = D - timedelta(days=1)

LISTED_CO = "91320400MA1MAB12C" + uscc_check_char("91320400MA1MAB12C")
NEW_CO = "91320400MA1MAB12D" + uscc_check_char("91320400MA1MAB12D")
STAYED = "32040219900101075" + citizen_id_check_char("32040219900101075")  # in role on the listing day
LEFT = "32040219900101083" + citizen_id_check_char("32040219900101083")  # role ended on the listing day


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    _write(
        folder,
        "companies.csv",
        ["uscc", "name", "registered_at"],
        [[LISTED_CO, "常州甲贸易有限公司", "2015-01-01"], [NEW_CO, "常州乙贸易有限公司", "2024-06-01"]],
    )
    _write(folder, "persons.csv", ["id_number", "name"], [[STAYED, "张三"], [LEFT, "李四"]])
    _write(
        folder,
        "roles.csv",
        ["company_uscc", "person_id_number", "role", "since", "until"],
        [
            [LISTED_CO, STAYED, "董事", "2016-01-01", (LISTED + timedelta(days=1)).isoformat()],
            [LISTED_CO, LEFT, "监事", "2016-01-01", LISTED.isoformat()],
            [NEW_CO, STAYED, "董事", "2024-06-01", ""],
            [NEW_CO, LEFT, "监事", "2024-06-01", ""],
        ],
    )
    _write(
        folder,
        "list_entries.csv",
        ["entry_id", "list", "subject_kind", "subject_id", "agency", "listed_at", "expires_at"],
        [["B1", "black", "company", LISTED_CO, "常州市市场监督管理局", LISTED.isoformat(), D.isoformat()]],
    )
    _write(
        folder,
        "violations.csv",
        [
            "record_id",
            "subject_kind",
            "subject_id",
            "violation_type",
            "decided_at",
            "agency",
            "display_until",
        ],
        [["V1", "company", LISTED_CO, "虚假宣传", "2024-01-10", "常州市市场监督管理局", D.isoformat()]],
    )
    return folder


@pytest.fixture
def store(store, batch: Path):
    """The batch loaded into each store (conftest's ``store``, filled)."""
    summary = load_records(store, batch, as_of=BEFORE, progress=False)
    assert summary.rejected == 0, summary.files
    return store


@pytest.mark.parametrize(("as_of", "held"), [(BEFORE, True), (D, False)])
def test_list_entry_queries(store, as_of, held):
    rows = query(store, "list_entries", lists=["black"], as_of=as_of, offset=0, limit=10)
    assert [r["key"] for r in rows] == (["B1"] if held else [])
    assert query(store, "list_entries_count", lists=["black"], as_of=as_of)[0]["n"] == (1 if held else 0)


def test_list_entries_are_answered_as_of_their_listing_day(store):
    assert (
        query(store, "list_entries", lists=["black"], as_of=LISTED - timedelta(days=1), offset=0, limit=10)
        == []
    )
    assert len(query(store, "list_entries", lists=["black"], as_of=LISTED, offset=0, limit=10)) == 1


@pytest.mark.parametrize(("as_of", "held"), [(BEFORE, True), (D, False)])
def test_entity_file_and_own_risk(store, as_of, held):
    ref = resolve(store, "company", LISTED_CO)
    sections = entity_file(store, ref, as_of)["sections"]
    status = "active" if held else "expired"
    assert [e["status"] for e in sections["list_entries"]] == [status]
    assert [v["status"] for v in sections["violations"]] == [status]
    violation = {"label": "Company", "key": "c", "record": "V1", "severity": "一般"}
    own = own_risk([{**violation, "decided_at": date(2024, 1, 10), "display_until": D}], as_of=as_of)
    assert (own.of("Company", "c") > 0) == held


def test_a_role_that_ended_on_the_listing_day_was_not_held_then(store):
    rows = query(store, "reappear_responsible_person", as_of=BEFORE)
    people = {r["role"] for r in rows if r["entity_key"] == NEW_CO}
    assert people == {"董事"}, "the director stayed past the listing; the supervisor left on its day"
