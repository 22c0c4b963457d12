"""Batch screening (名单比对, 个人诚信意见 五(二)) on both stores, over a hand-made batch.

The expected answers below were written from the batch's rows and purposes.yaml before the code
ran: which entry is in force on the day, which of its measures bars which purpose (with its clause),
and what happens to identifiers that are malformed, unknown or given twice.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from creditgraph.graph_model.errors import InputError
from creditgraph.graph_model.types import uscc_check_char
from creditgraph.ingest.idfile import read_id_file
from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.measures import purposes
from creditgraph.service.screening import screen

from conftest import CLI

AS_OF = date(2026, 6, 30)

HUTANG, LONGCHENG = "91320412MA1MX00014", "91320400732XY00033"
WANG, LI = "320402199001010754", "32041219850315123X"
SHOP = "PF01/S00000002"
ABSENT = "91320400MA1MAB12C" + uscc_check_char("91320400MA1MAB12C")
BAD_CHECK = "91320412MA1MX00015"  # the fixture's company with a wrong check character
ECOMMERCE_20 = "江苏省全面加强电子商务领域诚信建设的实施意见 (二十)"

# the fixture's E00000001 (WANG, 限制担任法定代表人;限制担任董监高) and E00000002 (LONGCHENG, red, expired
# 2024-06-01), and three more: LI with 市场禁入, HUTANG with a measure no document names, and the
# shop's entry removed before the day (a decoy)
EXTRA = (
    "B11,black,person,32041219850315123X,连云港市市场监督管理局,2025-01-01,严重失信,320700,,,市场禁入\n"
    "B9,black,company,91320412MA1MX00014,常州市市场监督管理局,2025-01-01,严重失信,320412,,,"
    "限制参加政府采购;限制入驻平台\n"
    "B10,black,shop,PF01/S00000002,常州市市场监督管理局,2025-01-01,严重失信,320400,,2026-01-01,屏蔽或关闭店铺\n"
)
IDS = [WANG, HUTANG, LI, LONGCHENG, SHOP, ABSENT, BAD_CHECK, "", WANG]


@pytest.fixture
def graph(fixture_graph):
    return fixture_graph[0]


def _by_row(answer: dict) -> dict[int, dict]:
    return {i["row"]: i for i in answer["items"]}


def test_one_item_per_identifier_in_order_nothing_dropped(graph):
    answer = screen(graph, IDS, "任职", AS_OF)
    items = answer["items"]
    assert [i["row"] for i in items] == list(range(1, len(IDS) + 1))
    assert [i["kind"] for i in items] == [
        "person", "company", "person", "company", "shop", "company", None, None, "person",
    ]  # fmt: skip
    assert [i["found"] for i in items] == [True, True, True, True, True, False, False, False, True]
    assert items[0]["id"] == "320402********0754" and items[0]["id_number"] == WANG
    assert items[6]["error"] and "check character" in items[6]["error"] and items[6]["barred"] is None
    assert items[7]["error"] == "empty identifier"
    assert (answer["count"], answer["found"], answer["errors"]) == (9, 6, 2)


def test_purpose_verdicts_name_the_measure_and_clause(graph):
    rows = _by_row(screen(graph, IDS, "任职", AS_OF))
    wang = rows[1]
    assert wang["barred"] is True
    assert [(b["entry"], b["measure"], b["clause"]) for b in wang["barred_by"]] == [
        ("E00000001", "限制担任法定代表人", ECOMMERCE_20),
        ("E00000001", "限制担任董监高", ECOMMERCE_20),
    ]
    assert rows[9]["barred_by"] == wang["barred_by"]  # the same identifier twice, answered twice
    assert rows[3]["barred"] is True and [b["measure"] for b in rows[3]["barred_by"]] == ["市场禁入"]
    assert rows[3]["barred_by"][0]["clause"] == "四(六)"
    assert rows[2]["barred"] is False  # HUTANG's measures bar platforms, not roles
    assert rows[4]["barred"] is False and rows[4]["entries"] == []  # the red entry expired in 2024
    assert rows[6]["barred"] is False and rows[6]["found"] is False


def test_each_purpose_barred_only_by_its_own_measures(graph):
    expected = {
        "入驻平台": {HUTANG},
        "政府采购": {LI},
        "招投标": {LI},
        "行政审批": {LI},
        "任职": {WANG, LI},
        "招录": set(),
    }
    assert set(expected) == set(purposes())
    for purpose, barred in expected.items():
        answer = screen(graph, IDS[:6], purpose, AS_OF)
        assert {IDS[i["row"] - 1] for i in answer["items"] if i["barred"]} == barred, purpose


def test_a_measure_no_document_names_is_shown_and_bars_nothing(graph):
    hutang = _by_row(screen(graph, [HUTANG], "政府采购", AS_OF))[1]
    assert hutang["barred"] is False
    assert hutang["unknown_measures"] == ["限制参加政府采购"]
    assert [e["key"] for e in hutang["entries"]] == ["B9"]


def test_the_day_decides_removed_and_not_yet_listed_entries(graph):
    shop_before = _by_row(screen(graph, [SHOP], "入驻平台", date(2025, 6, 30)))[1]
    assert shop_before["barred"] is True and shop_before["barred_by"][0]["measure"] == "屏蔽或关闭店铺"
    shop_after = _by_row(screen(graph, [SHOP], "入驻平台", AS_OF))[1]
    assert shop_after["barred"] is False and shop_after["entries"] == []
    assert _by_row(screen(graph, [HUTANG], "入驻平台", date(2024, 12, 31)))[1]["barred"] is False


def test_without_a_purpose_barred_is_null_and_entries_still_shown(graph):
    wang = _by_row(screen(graph, [WANG], None, AS_OF))[1]
    assert wang["barred"] is None and wang["barred_by"] == []
    assert [e["key"] for e in wang["entries"]] == ["E00000001"]
    assert wang["contact"] and wang["contact"][0]["listed_by"] == "常州市市场监督管理局"


def test_barred_role_hits_from_both_sides(graph):
    rows = _by_row(screen(graph, [WANG, HUTANG], "任职", AS_OF))
    wang_hits = {(h["alert"], h["as"], h["entity"]["key"]) for h in rows[1]["hits"]}
    assert ("barred-roles", "subject", HUTANG) in wang_hits
    hutang_hits = {(h["alert"], h["as"], h["subject"]["node_key"]) for h in rows[2]["hits"]}
    assert ("barred-roles", "entity", rows[1]["node_key"]) in hutang_hits


@pytest.mark.parametrize(
    ("ids", "purpose", "message"),
    [([], None, "no identifier"), ([WANG], "任职x", "purpose must be among")],
)
def test_bad_requests_are_refused_with_the_reason(graph, ids, purpose, message):
    with pytest.raises(InputError, match=message):
        screen(graph, ids, purpose, AS_OF)


def test_id_files_csv_json_and_their_errors(tmp_path):
    csv_file = tmp_path / "ids.csv"
    csv_file.write_text(f"name,id\n甲,{WANG}\n乙,\n丙,{SHOP}\n", encoding="gb18030")
    assert read_id_file(csv_file) == [WANG, "", SHOP]
    json_file = tmp_path / "ids.json"
    json_file.write_text(json.dumps([WANG, {"id": HUTANG}]), encoding="utf-8")
    assert read_id_file(json_file) == [WANG, HUTANG]
    (tmp_path / "noid.csv").write_text("uscc\nx\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("[1,", encoding="utf-8")
    (tmp_path / "obj.json").write_text('{"id": 1}', encoding="utf-8")
    for name, message in [
        ("noid.csv", "line 1: no 'id' column"),
        ("bad.json", "not JSON"),
        ("obj.json", "a JSON list"),
        ("missing.csv", "no such file"),
    ]:
        with pytest.raises(InputError, match=message):
            read_id_file(tmp_path / name)


# -- the command line (embedded store on disk) and the client -------------------------------------


def edit_batch(batch: Path) -> None:
    """The batch of conftest's ``fixture_graph`` and ``fixture_cli`` with this module's extra entries."""
    with open(batch / "list_entries.csv", "a", encoding="utf-8") as fh:
        fh.write(EXTRA)


def _cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


def test_cli_screen_json_csv_and_table(fixture_cli, tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text("id\n" + "\n".join([WANG, HUTANG, BAD_CHECK]) + "\n", encoding="utf-8")
    res = _cli(fixture_cli, "screen", str(ids), "--purpose", "任职", "--as-of", "2026-06-30", "--json")
    assert res.returncode == 0, res.stderr
    answer = json.loads(res.stdout)
    assert [i["barred"] for i in answer["items"]] == [True, False, None]
    assert WANG not in res.stdout, "the citizen ID is masked by default"
    assert "1 identifier(s) could not be read" in res.stderr
    res = _cli(fixture_cli, "screen", str(ids), "--purpose", "任职", "--as-of", "2026-06-30", "--csv")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("row,id,kind,found,name,barred") and len(lines) == 4
    assert lines[1].startswith("1,320402********0754,person,True,王伟,True,限制担任法定代表人")
    res = _cli(fixture_cli, "screen", str(ids), "--as-of", "2026-06-30")
    assert res.returncode == 0 and "3 screened on 2026-06-30 (no purpose given)" in res.stdout
    audit = [json.loads(line) for line in Path(fixture_cli["CREDITGRAPH_AUDIT_LOG"]).read_text().splitlines()]
    screens = [a for a in audit if a["action"] == "screen"]
    assert [a["params"].get("purpose") for a in screens] == ["任职", "任职", None]
    assert all(len(a["subjects"]) == 1 and WANG not in json.dumps(a) for a in screens)


def test_cli_screen_bad_input_is_one_line(fixture_cli, tmp_path):
    ids = tmp_path / "ids.csv"
    ids.write_text(f"id\n{WANG}\n", encoding="utf-8")
    for args, message in [
        ((str(ids), "--purpose", "任职x"), "purpose must be among"),
        ((str(tmp_path / "none.csv"),), "no such file"),
        ((str(ids), "--as-of", "2026-13-01"), "--as-of"),
    ]:
        res = _cli(fixture_cli, "screen", *args)
        assert res.returncode != 0 and "Traceback" not in res.stderr, args
        assert message in res.stderr + res.stdout, (args, res.stderr)


def test_client_screen(fixture_cli):
    from creditgraph import connect

    with connect(Path(fixture_cli["CREDITGRAPH_DB"])) as client:
        frame = client.screen([WANG, SHOP], "入驻平台", date(2025, 6, 30))
    assert list(frame["barred"]) == [False, True]
    assert list(frame["id"]) == ["320402********0754", SHOP]
    assert WANG not in frame.to_json(force_ascii=False), "masked by default"


BROKEN = (
    "record_id,subject_kind,subject_id,violation_type,decided_at,agency,commitment_id\n"
    "V-BRK-1,person,320402199001010754,承诺不符,2026-01-10,常州市市场监督管理局,CM00000003\n"
)


def test_commitments_in_force_and_the_violation_that_breaks_one(graph, tmp_path):
    """The fixture's commitments: 王伟's CM00000003 (主动型, 2021-02-01, no end) is in force on the
    day; 湖塘's CM00000001 ran 2020-03-01 to 2023-03-01. A 承诺不符 violation naming CM00000003,
    loaded after, breaks it."""
    rows = _by_row(screen(graph, [WANG, HUTANG], None, AS_OF))
    assert [c["commitment"] for c in rows[1]["commitments"]] == ["CM00000003"]
    assert rows[1]["commitments"][0]["broken_by"] == [] and rows[1]["commitments"][0]["kind"] == "主动型"
    assert rows[2]["commitments"] == []
    earlier = _by_row(screen(graph, [HUTANG], None, date(2022, 6, 30)))[1]
    assert [c["commitment"] for c in earlier["commitments"]] == ["CM00000001"]
    later = tmp_path / "later"
    later.mkdir()
    (later / "violations.csv").write_text(BROKEN, encoding="utf-8")
    load_records(graph, later, as_of=AS_OF, progress=False)
    wang = _by_row(screen(graph, [WANG], None, AS_OF))[1]
    assert wang["commitments"][0]["broken_by"] == ["V-BRK-1"]
