"""Red-list incentives and black-list restrictions of one subject on one date (issue 16).

Clauses: 苏政办发〔2017〕144号 电子商务意见 (十九) (推介, 绿色通道, 便利, 平台倾斜, 金融支持) and 个人诚信意见
六(一) (便利服务, 优惠, 金融信用产品); 连云港 涉审中介意见 四(六) (绿色通道, 同等条件优先选择); the
black-list measures of 电子商务意见 (二十), (六) and 涉审中介意见 四(六). The suspension of incentives
while a black-list entry is in force is the project's reading (incentives.yaml names it).

The batch below is hand-made; the expected answers were written from its rows before the code ran.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from creditgraph.queries.measures import incentives
from creditgraph.queries.measures_in_force import measures_in_force
from creditgraph.queries.subjects import resolve

from conftest import CLI

AS_OF = date(2026, 6, 30)

HUTANG, CHENGJIANG, LONGCHENG, HAIZHOU = (
    "91320412MA1MX00014",
    "91320281MA2AB00029",
    "91320400732XY00033",
    "91320700MA1NQ0004C",
)
WANG, LI, ZHANG = "320402199001010754", "32041219850315123X", "320281199207204567"

ENTRIES = """entry_id,list,subject_kind,subject_id,agency,listed_at,reason,jurisdiction,expires_at,removed_at,measures
R1,red,company,91320412MA1MX00014,常州市市场监督管理局,2025-01-01,诚信示范,320400,,,
R2,red,company,91320700MA1NQ0004C,连云港市发展和改革委员会,2024-01-01,守信中介,320700,,,绿色通道
R3,red,company,91320281MA2AB00029,江阴市市场监督管理局,2023-01-01,诚信示范,320281,,,
B1,black,company,91320281MA2AB00029,江阴市市场监督管理局,2026-01-01,严重失信,320281,,,限制入驻平台;市场禁入
R4,red,company,91320400732XY00033,常州市市场监督管理局,2024-01-01,诚信示范,320400,2026-01-01,,
R5,red,company,91320400732XY00033,常州市市场监督管理局,2024-06-01,诚信示范,320400,,2026-03-01,
R6,red,company,91320400732XY00033,常州市市场监督管理局,2027-01-01,诚信示范,320400,,,
R7,red,person,320402199001010754,常州市市场监督管理局,2024-01-01,诚信个人,320400,,,
B2,black,person,32041219850315123x,江阴市市场监督管理局,2025-01-01,严重失信,320281,,,限制担任董监高;限制乘坐飞机
R8,red,person,320281199207204567,江阴市市场监督管理局,2025-01-01,诚信个人,320281,,,容缺受理;优惠
"""
INTERMEDIARIES = "uscc,category\n91320700MA1NQ0004C,评估\n"

ECOMMERCE = "江苏省全面加强电子商务领域诚信建设的实施意见 (十九)"
PERSONAL = "江苏省加强个人诚信体系建设的实施意见 六(一)"
COMPANY_SET = ["优先推荐", "绿色通道", "便利服务", "平台倾斜", "金融支持"]


def edit_batch(batch: Path) -> None:
    """The batch of conftest's ``fixture_graph`` and ``fixture_cli`` with this module's entries."""
    (batch / "list_entries.csv").write_text(ENTRIES, encoding="utf-8")
    (batch / "intermediaries.csv").write_text(INTERMEDIARIES, encoding="utf-8")


@pytest.fixture
def graph(fixture_graph):
    return fixture_graph[0]


def _answer(store, kind: str, ident: str, as_of: date = AS_OF) -> dict:
    return measures_in_force(store, resolve(store, kind, ident), as_of)


def _incentives(answer: dict) -> list[tuple]:
    return [
        (i["entry"], i["name"], i["clause"], i["source"], tuple(i["suspended_by"]))
        for i in answer["incentives"]
    ]


def test_every_incentive_names_its_document_and_clause():
    """The incentives are data with the document number, clause and the document's own words."""
    assert {i.name for i in incentives()} >= {
        "优先推荐",
        "绿色通道",
        "便利服务",
        "平台倾斜",
        "金融支持",
        "优惠",
    }
    for i in incentives():
        assert i.document and i.clause and i.text and i.kinds, i
    assert "容缺受理" not in {i.name for i in incentives()}, "no policy file grants 容缺受理"


def test_a_red_entry_without_measures_carries_the_documents_set_for_its_kind(graph):
    """电子商务意见 (十九): a red-listed company gets the five incentives; not the intermediaries' ones."""
    answer = _answer(graph, "company", HUTANG)
    assert [e["key"] for e in answer["entries"]] == ["R1"]
    assert _incentives(answer) == [("R1", n, ECOMMERCE, "documents", ()) for n in COMPANY_SET]
    assert answer["restrictions"] == [] and answer["suspension"] is None


def test_an_entry_names_its_incentives_and_an_intermediary_gets_its_own_clause(graph):
    """R2 names 绿色通道: for an approval-related intermediary both (十九) and 涉审中介意见 四(六) grant one."""
    got = _incentives(_answer(graph, "company", HAIZHOU))
    assert got == [("R2", "绿色通道", ECOMMERCE, "entry", ()), ("R2", "绿色通道", "四(六)", "entry", ())]


def test_a_black_entry_in_force_suspends_the_incentives_and_imposes_its_measures(graph):
    answer = _answer(graph, "company", CHENGJIANG)
    assert _incentives(answer) == [("R3", n, ECOMMERCE, "documents", ("B1",)) for n in COMPANY_SET]
    assert answer["suspension"]["document"] == "苏政办发〔2017〕144号"
    restrictions = {r["name"]: r for r in answer["restrictions"]}
    assert list(restrictions) == ["限制入驻平台", "市场禁入"]
    assert {b["presence"] for b in restrictions["限制入驻平台"]["bars"]} == {"shop", "courier"}
    assert {b["presence"] for b in restrictions["市场禁入"]["bars"]} == {"company_role", "company_holding"}
    assert all(b["new_only"] for b in restrictions["市场禁入"]["bars"])
    assert restrictions["市场禁入"]["clause"] == "四(六)"
    # the day before the black listing: incentives in force, nothing barred
    before = _answer(graph, "company", CHENGJIANG, date(2025, 12, 31))
    assert _incentives(before) == [("R3", n, ECOMMERCE, "documents", ()) for n in COMPANY_SET]
    assert before["restrictions"] == []


def test_entries_count_only_while_in_force(graph):
    """R4 expired 2026-01-01, R5 removed 2026-03-01, R6 listed 2027: none on 2026-06-30."""
    now = _answer(graph, "company", LONGCHENG)
    assert now["entries"] == [] and now["incentives"] == []
    earlier = _answer(graph, "company", LONGCHENG, date(2025, 6, 30))
    assert [e["key"] for e in earlier["entries"]] == ["R4", "R5"]
    assert [(i["entry"], i["name"]) for i in earlier["incentives"]] == [
        (e, n) for e in ("R4", "R5") for n in COMPANY_SET
    ]


def test_a_red_listed_person_gets_the_personal_credit_incentives_and_is_masked(graph):
    """个人诚信意见 六(一): 便利服务, 优惠, 金融支持 (税e融, 诚e融)."""
    answer = _answer(graph, "person", WANG)
    assert _incentives(answer) == [
        ("R7", n, PERSONAL, "documents", ()) for n in ("便利服务", "优惠", "金融支持")
    ]
    assert "*" in answer["subject"]["key"] and WANG not in answer["subject"]["key"]


def test_names_no_document_gives_are_kept_as_unknown(graph):
    """Nothing is dropped: 限制乘坐飞机 and 容缺受理 stay on the answer, marked unknown."""
    restrictions = _answer(graph, "person", LI)["restrictions"]
    assert [(r["name"], r["known"]) for r in restrictions] == [
        ("限制担任董监高", True),
        ("限制乘坐飞机", False),
    ]
    assert restrictions[1]["document"] is None
    got = [(i["name"], i["known"], i["clause"]) for i in _answer(graph, "person", ZHANG)["incentives"]]
    assert got == [("容缺受理", False, None), ("优惠", True, PERSONAL)]


# -- the command line (embedded store on disk), the HTTP route and the client -----------------


def _cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=300)


def test_cli_measures_json_and_table(fixture_cli):
    res = _cli(fixture_cli, "measures", "company", CHENGJIANG, "--as-of", "2026-06-30", "--json")
    assert res.returncode == 0, res.stderr
    answer = json.loads(res.stdout)
    assert [i["name"] for i in answer["incentives"]] == COMPANY_SET
    assert all(i["suspended_by"] == ["B1"] for i in answer["incentives"])
    res = _cli(fixture_cli, "measures", "person", LI, "--as-of", "2026-06-30")
    assert res.returncode == 0, res.stderr
    assert "限制担任董监高" in res.stdout and "not in the documents" in res.stdout
    assert LI not in res.stdout, "the citizen ID is masked"


def test_cli_measures_bad_input_is_one_line(fixture_cli):
    res = _cli(fixture_cli, "measures", "company", "91320400000000000X", "--as-of", "2026-06-30")
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert "91320400000000000X" in res.stderr + res.stdout
    res = _cli(fixture_cli, "measures", "firm", HUTANG)
    assert res.returncode != 0 and "kind must be one of" in res.stderr + res.stdout
    res = _cli(fixture_cli, "measures", "company", HUTANG, "--as-of", "2026-13-01")
    assert res.returncode != 0 and "--as-of" in res.stderr + res.stdout


def test_client_measures(fixture_cli):
    from creditgraph import connect

    with connect(Path(fixture_cli["CREDITGRAPH_DB"])) as client:
        answer = client.measures("person", WANG, date(2026, 6, 30))
    assert [i["name"] for i in answer["incentives"]] == ["便利服务", "优惠", "金融支持"]
    assert WANG not in json.dumps(answer, default=str), "masked by default"
