"""Barred roles (issue 16): a blacklisted subject holding, on the as-of date, a role, shop or platform
presence one of its entry's own measures bars, whenever it began.

Clauses: 苏政办发〔2017〕144号 电子商务意见 (二十) (限制担任法定代表人、董事、监事、高级管理人员职务;
屏蔽或关闭店铺; 限制入驻会员), (六) (寄递企业 限制入驻电子商务平台); 连云港 涉审中介意见 四(六) (市场禁入).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from creditgraph.ingest.records.loader import load_records
from creditgraph.queries.alerts import reappearances
from creditgraph.queries.barred import barred_roles
from creditgraph.queries.measures import barring, bars

from conftest import CLI

SEEDS = (3, 5, 8)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "batch"
AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def seed(request) -> int:
    return request.param


def _subject_id(item) -> str:
    return item["subject"].get("id_number") or item["subject"]["key"]


def _got(items) -> set[tuple]:
    return {
        (_subject_id(i), i["list_entry"]["key"], i["entity"]["key"], i["measure"]["name"], i["began"])
        for i in items
    }


# -- the data: each measure with its document and clause -------------------------------------------


def test_every_measure_names_its_document_and_clause():
    """The measures -> barred ties mapping is data with the document number and clause."""
    names = {b.name for b in bars()}
    assert names == {"限制担任法定代表人", "限制担任董监高", "屏蔽或关闭店铺", "限制入驻平台", "市场禁入"}
    for b in bars():
        assert b.document and b.clause, b
    by = {(b.name, b.presence): b for b in bars()}
    assert by[("限制担任法定代表人", "company_role")].document == "苏政办发〔2017〕144号"
    assert "(二十)" in by[("限制担任董监高", "company_role")].clause
    assert "(六)" in by[("限制入驻平台", "courier")].clause
    assert by[("市场禁入", "company_role")].clause == "四(六)"


def test_a_measure_bars_only_the_roles_it_names():
    """电子商务意见 (二十): 限制担任法定代表人 bars 法定代表人, not 监事; 限制担任董监高 bars 董事/监事/经理/高管."""
    assert barring(["限制担任法定代表人"], "company_role", "监事", True) is None
    assert barring(["限制担任法定代表人"], "company_role", "法定代表人", False).name == "限制担任法定代表人"
    for role in ("董事", "监事", "经理", "高级管理人员"):
        assert barring(["限制担任董监高"], "company_role", role, False).name == "限制担任董监高"
    assert barring(["限制担任董监高"], "company_role", "法定代表人", True) is None
    assert barring(["限制担任董监高"], "shop", None, True) is None
    assert barring([], "company_role", "法定代表人", True) is None
    assert barring(None, "shop", None, True) is None


def test_market_ban_bars_only_what_began_after_the_listing():
    """涉审中介意见 四(六) 市场禁入 (project reading: entering a company after the listing)."""
    assert barring(["市场禁入"], "company_role", "董事", True).name == "市场禁入"
    assert barring(["市场禁入"], "company_role", "董事", False) is None
    assert barring(["市场禁入"], "company_holding", None, True).name == "市场禁入"
    assert barring(["市场禁入"], "shop", None, True) is None


def test_platform_bans_bar_shops_and_courier_services():
    """电子商务意见 (二十) 限制入驻会员, (六) 寄递企业限制入驻电子商务平台; 屏蔽或关闭店铺 bars an open shop."""
    assert barring(["限制入驻平台"], "shop", None, False).name == "限制入驻平台"
    assert barring(["限制入驻平台"], "courier", None, False).clause.endswith("(六)")
    assert barring(["屏蔽或关闭店铺"], "shop", None, False).name == "屏蔽或关闭店铺"
    assert barring(["屏蔽或关闭店铺"], "courier", None, True) is None


# -- a synthetic batch with planted answers, both stores -------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_barred_roles_precision_and_recall_are_one(synth_graph, seed):
    """Planted: roles and shops held from before a listing, roles taken after, roles that ended on
    or before the listing or before the as-of date, and measures that do not bar the role held."""
    store, truth = synth_graph(seed)
    items = barred_roles(store, date.fromisoformat(truth["as_of"]))
    want = {
        (t["subject"]["id"], t["entry_id"], t["entity"]["id"], t["measure"], t["began"])
        for t in truth["barred_roles"]
    }
    assert {w[4] for w in want} == {"before_listing", "after_listing"}
    assert {w[3] for w in want} >= {
        "限制担任法定代表人",
        "限制担任董监高",
        "屏蔽或关闭店铺",
        "限制入驻平台",
        "市场禁入",
    }
    got = _got(items)
    assert got - want == set(), "found a tie that is not barred"
    assert want - got == set(), "missed a barred tie"
    shapes = {d["shape"] for d in truth["barred_role_decoys"]}
    assert shapes >= {"ended_on_listing", "ended_before_listing", "measure_does_not_bar", "not_new"}
    reported = {(i["list_entry"]["key"], i["entity"]["key"]) for i in items}
    for d in truth["barred_role_decoys"]:
        assert (d["entry_id"], d["entity"]["id"]) not in reported, d


def test_barred_role_items_have_the_reappearance_fields(synth_graph):
    store, truth = synth_graph(3)
    items = barred_roles(store, date.fromisoformat(truth["as_of"]))
    keys = {"subject", "entity", "basis", "via", "listed_at", "since", "list_entry", "responsible"}
    for i in items:
        assert set(i) >= keys | {"measure", "began"}
        assert (i["basis"] == "held_role") == (i["began"] == "before_listing")
        assert i["measure"]["document"] and i["measure"]["clause"]
        if i["subject"]["kind"] == "person":
            assert "*" in i["subject"]["key"], "persons' keys are masked"


@pytest.mark.parametrize("seed", SEEDS, indirect=True)
def test_reappearances_check_the_measures(synth_graph, seed):
    """A person listed only with 限制担任法定代表人 who becomes a 监事 is not a reappearance; every
    reappearance names the measure of its own entry that bars it."""
    store, truth = synth_graph(seed)
    items = reappearances(store, date.fromisoformat(truth["as_of"]), max_share=truth["generic_threshold"])
    not_barred = [d for d in truth["decoys"] if d["shape"] == "measure_does_not_bar"]
    assert not_barred
    hits = {(i["list_entry"]["key"], i["entity"]["key"]) for i in items}
    for d in not_barred:
        assert (d["entry_id"], d["entity"]["id"]) not in hits, d
    assert all(i["measure"]["name"] and i["measure"]["clause"] for i in items)


# -- held-out hand-made cases (expected answers written from the rows below, before running) -------

HAND_ENTRIES = """entry_id,list,subject_kind,subject_id,agency,listed_at,reason,jurisdiction,expires_at,removed_at,measures
E00000001,black,person,320402199001010754,常州市市场监督管理局,2020-01-01,严重失信,320400,,,限制担任法定代表人;限制担任董监高
E00000002,red,company,91320400732XY00033,江苏省市场监督管理局,2021-06-01,诚信示范,320000,2024-06-01,,
E00000003,black,person,32041219850315123X,江阴市市场监督管理局,2020-01-01,,320281,,,市场禁入
E00000004,black,company,91320400732XY00033,常州市市场监督管理局,2021-01-01,严重失信,320400,,,屏蔽或关闭店铺
E00000005,black,person,320281199207204567,江阴市市场监督管理局,2022-01-01,严重失信,320281,,,限制担任法定代表人
"""
HAND_ROLES = """company_uscc,person_id_number,role,since,until
91320412MA1MX00014,320402199001010754,法定代表人,2015-03-02,
91320281MA2AB00029,320402199001010754,执行董事,2018-07-01,
91320400732XY00033,320402199001010754,监事,2016-01-01,2020-01-01
91320412MA1MX00014,32041219850315123X,监事,2019-01-01,
91320281MA2AB00029,32041219850315123X,经理,2021-03-01,
91320400732XY00033,320281199207204567,监事,2023-05-01,
91320400732XY00033,320281199207204567,法定代表人,2010-01-01,2022-01-01
"""
HAND_SHOPS = """platform_id,shop_id,name,operator_kind,operator_id,opened_at,closed_at,phone,address
PF01,S00000001,王伟的小店,person,320402199001010754,2019-01-05,,400-826-0001,常州市武进区湖塘镇电子商务产业园1号
PF01,S00000002,龙城食品旗舰店,company,91320400732XY00033,2020-06-01,,,
PF01,S00000004,龙城食品老店,company,91320400732XY00033,2018-01-01,2020-12-31,,
PF01,S00000005,龙城食品新店,company,91320400732XY00033,2022-03-01,,,
"""
# (320402199001010755 of the fixture has a wrong check character: its rows are rejected, so not used)
WANG, LI, ZHANG = "320402199001010754", "32041219850315123X", "320281199207204567"
LONGCHENG = "91320400732XY00033"
# (subject, entry, entity, measure, began), worked out by hand from the rows above:
HAND_BARRED = {
    # 法定代表人 since 2015, listed 2020 with 限制担任法定代表人: held, barred
    (WANG, "E00000001", "91320412MA1MX00014", "限制担任法定代表人", "before_listing"),
    # 执行董事 (= 董事) since 2018: held, barred by 限制担任董监高
    (WANG, "E00000001", "91320281MA2AB00029", "限制担任董监高", "before_listing"),
    # 经理 taken 2021 after a 市场禁入 listing of 2020: barred; his 监事 since 2019 is not new
    (LI, "E00000003", "91320281MA2AB00029", "市场禁入", "after_listing"),
    # a company listed with 屏蔽或关闭店铺 keeps the shop it opened before and opens another
    (LONGCHENG, "E00000004", "PF01/S00000002", "屏蔽或关闭店铺", "before_listing"),
    (LONGCHENG, "E00000004", "PF01/S00000005", "屏蔽或关闭店铺", "after_listing"),
}
# not barred: WANG's 监事 ended on the listing date; WANG's shop (his measures bar no shop);
# LI's 监事 since 2019 (市场禁入 bars new ties only); ZHANG's 监事 from 2023 (限制担任法定代表人 only);
# ZHANG's 法定代表人 ended on his listing date; LONGCHENG's shop closed before its listing.
HAND_REAPPEARANCES = {
    ("direct_role", LI, "91320281MA2AB00029", "市场禁入"),
    ("shop_operator", LONGCHENG, "PF01/S00000005", "屏蔽或关闭店铺"),
}


@pytest.fixture
def hand_graph(store, tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(FIXTURE, batch)
    (batch / "list_entries.csv").write_text(HAND_ENTRIES, encoding="utf-8")
    (batch / "roles.csv").write_text(HAND_ROLES, encoding="utf-8")
    (batch / "shops.csv").write_text(HAND_SHOPS, encoding="utf-8")
    load_records(store, batch, as_of=AS_OF, progress=False)
    return store


def test_hand_made_barred_roles(hand_graph):
    assert _got(barred_roles(hand_graph, AS_OF)) == HAND_BARRED


def test_hand_made_reappearances_check_the_measures(hand_graph):
    got = {
        (i["basis"], _subject_id(i), i["entity"]["key"], i["measure"]["name"])
        for i in reappearances(hand_graph, AS_OF)
    }
    assert got == HAND_REAPPEARANCES


def test_a_barred_role_ends_with_the_listing(hand_graph):
    """Before the listing nothing is barred; once the entry is gone the roles are free again."""
    assert barred_roles(hand_graph, date(2019, 12, 31)) == []
    on_listing = _got(barred_roles(hand_graph, date(2020, 1, 1)))
    assert on_listing == {
        (WANG, "E00000001", "91320412MA1MX00014", "限制担任法定代表人", "before_listing"),
        (WANG, "E00000001", "91320281MA2AB00029", "限制担任董监高", "before_listing"),
    }


# -- the command line and the Python client (the embedded store on disk) ---------------------------


@pytest.fixture
def cli_db(cli_env, tmp_path, synth_batch):
    """The seed-3 synthetic batch in the CLI's database (no policy data: no one to name yet)."""
    from creditgraph.graph_model.stores.embedded import EmbeddedStore

    folder, truth = synth_batch(3, 1200)
    store = EmbeddedStore(cli_env["CREDITGRAPH_DB"])
    store.create_schema()
    load_records(store, folder, as_of=date.fromisoformat(truth["as_of"]), progress=False)
    store.close()
    return cli_env, truth


def _want(truth) -> set[tuple]:
    return {(t["subject"]["id"], t["entity"]["id"], t["measure"], t["began"]) for t in truth["barred_roles"]}


def test_cli_alerts_barred_roles_json(cli_db):
    env, truth = cli_db
    res = subprocess.run(
        [*CLI, "alerts", "barred-roles", "--as-of", truth["as_of"], "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    items = json.loads(res.stdout)
    got = {(i["subject"]["key"], i["entity"]["key"], i["measure"]["name"], i["began"]) for i in items}
    people = {t["subject"]["id"] for t in truth["barred_roles"] if t["subject"]["kind"] == "person"}
    assert not any(p in res.stdout for p in people), "citizen IDs are masked on the command line"
    masked = {(k if k not in people else k[:6] + "*" * 8 + k[-4:], e, m, b) for k, e, m, b in _want(truth)}
    assert got == masked


def test_cli_alerts_barred_roles_bad_date_is_one_line(cli_db):
    env, _ = cli_db
    res = subprocess.run(
        [*CLI, "alerts", "barred-roles", "--as-of", "2026-13-01"], env=env, capture_output=True, text=True
    )
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "2026-13-01" in res.stderr


def test_client_barred_roles(cli_db):
    from creditgraph import connect

    env, truth = cli_db
    cg = connect(env["CREDITGRAPH_DB"])
    try:
        df = cg.barred_roles(date.fromisoformat(truth["as_of"]))
    finally:
        cg.close()
    assert len(df) == len(truth["barred_roles"])
    assert {"measure.name", "began", "basis"} <= set(df.columns)
    assert set(df["began"]) == {"before_listing", "after_listing"}
