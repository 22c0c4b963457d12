"""Open-world resolution and the layouts, one rule at a time, on the real registry and small documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.ingest.policies import parse_folder
from creditgraph.ingest.policies.duty_lines import duty_of, every_task_collective, first_unit_leads
from creditgraph.ingest.policies.resolution import Resolver
from creditgraph.ingest.policies.responsibility import parse_cell, split_list


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(load_registry())


@pytest.mark.parametrize(
    ("as_written", "jurisdiction", "key", "how"),
    [
        # the registry first: nothing it resolved before changes
        ("市公安局", "320400", "cz.public-security", "registry"),
        ("省市场监管局", "320500", "js.samr", "registry"),
        ("江阴市公安局", "320500", "jy.public-security", "registry"),
        # a prefix relative to the document: 市 in a district's document is its city
        ("市公安局", "320412", "cz.public-security", "rule"),
        ("区市场监管局", "320412", "320412:常州市武进区市场监督管理局", "created"),
        ("区委宣传部", "320412", "320412:中共常州市武进区委宣传部", "created"),
        ("县公安局", "320321", "320321:丰县公安局", "created"),
        ("省卫生健康委", "320500", "320000:江苏省卫生健康委员会", "created"),
        ("市住建局", "320106", "320100:南京市住房和城乡建设局", "created"),
        # 市 in a county-level city's document is that city
        ("市税务局", "320281", "320281:国家税务总局江阴市税务局", "created"),
        ("市法院", "320583", "320583:昆山市人民法院", "created"),
        ("市法院", "320400", "320400:常州市中级人民法院", "created"),
        # mentions that carry their own place
        ("昆山海关", "320500", "320583:昆山海关", "created"),
        ("无锡银保监分局", "320281", "320200:中国银行保险监督管理委员会无锡监管分局", "created"),
        ("人民银行南通市中心支行", "320600", "320600:中国人民银行南通市中心支行", "created"),
        ("国家金融监督管理总局扬州监管分局", "321000", "321000:国家金融监督管理总局扬州监管分局", "created"),
        # no place written: the document's own
        ("人民银行", "320583", "320583:中国人民银行昆山市支行", "created"),
        ("团市委", "320600", "320600:共青团南通市委员会", "created"),
    ],
)
def test_resolution_rules(resolver: Resolver, as_written: str, jurisdiction: str, key: str, how: str) -> None:
    found = resolver.resolve(as_written, jurisdiction)
    assert found is not None
    assert (found.agency.id, found.how) == (key, how)
    if how != "registry":
        assert found.agency.name in found.rule


def test_abbreviations_and_full_names_meet(resolver: Resolver) -> None:
    pairs = [
        ("市市场监管局", "市场监督管理局"),
        ("市发展改革委", "市发展和改革委员会"),
        ("市发改委", "市发展和改革委员会"),
        ("市人社局", "市人力资源和社会保障局"),
        ("市人力资源社会保障局", "市人社局"),
        ("市卫健委", "市卫生健康委员会"),
        ("市文广旅局", "市文化广电和旅游局"),
    ]
    for short, full in pairs:
        a, b = resolver.resolve(short, "320900"), resolver.resolve(full, "320900")
        assert a and b and a.agency.id == b.agency.id, (short, full)
    created = resolver.resolve("市市场监管局", "320900")
    assert created and created.agency.id == "320900:盐城市市场监督管理局" and created.how == "created"


def test_a_rule_meets_a_registry_body_under_its_full_name(resolver: Resolver) -> None:
    found = resolver.resolve("市交通运输局", "320412")  # 武进区 document: 常州市交通运输局 is in the registry
    assert found and (found.agency.id, found.how) == ("cz.transport", "rule")
    assert "市 → 常州市 (320400)" in found.rule


def test_post_and_pre_reform_names(resolver: Resolver) -> None:
    post = resolver.resolve("市应急管理局", "321100")
    pre = resolver.resolve("市工商局", "321100")
    assert post and pre
    assert "post-reform" in post.rule and "no succession" in post.rule
    assert pre.agency.name == "镇江市工商行政管理局" and "pre-reform" in pre.rule
    assert load_registry().successor_chain("cz.samr", __import__("datetime").date(2030, 1, 1)) == []


def test_collective_mentions_are_never_bodies(resolver: Resolver) -> None:
    for m in ("各县（市）、区人民政府", "各区管委会", "市有关部门", "等部门"):
        assert resolver.resolve(m, "320500") is None
    assert resolver.created == {}


def test_a_collective_with_punctuation_is_one_mention() -> None:
    assert split_list("市发展改革委、各县（市）、区人民政府、市各有关部门") == [
        "市发展改革委",
        "各县（市）、区人民政府",
        "市各有关部门",
    ]
    assert split_list("各有关部门、各设区市人民政府") == ["各有关部门", "各设区市人民政府"]
    assert split_list("各市、区人民政府") == ["各市、区人民政府"]


@pytest.mark.parametrize(
    ("cell", "lead", "coop"),
    [
        (
            "市发展改革委牵头，市行政审批局、市市场监管局配合",
            ["市发展改革委"],
            ["市行政审批局", "市市场监管局"],
        ),
        ("市教育局负责，团市委、市文明办参与", ["市教育局"], ["团市委", "市文明办"]),
        ("扬州海关负责", ["扬州海关"], []),
        ("市商务局、市公安局牵头；市邮政管理局协同", ["市商务局", "市公安局"], ["市邮政管理局"]),
        ("市公安局、市商务局", ["市公安局", "市商务局"], []),  # no verb: the column's role
    ],
)
def test_one_cell_says_who_leads(cell: str, lead: list[str], coop: list[str]) -> None:
    r = parse_cell(resp=cell)
    assert (r.lead, r.coop) == (lead, coop)


def test_the_documents_own_convention() -> None:
    assert first_unit_leads("（各项任务的责任单位中，列在首位的为牵头单位，其他为配合单位）")
    assert first_unit_leads("责任单位排在第一位的为牵头单位。")
    assert not first_unit_leads("各责任单位要明确专人负责。")
    text = "建立制度。责任单位：市发展改革委、市司法局、各县（市）、区人民政府"
    with_convention, without = duty_of(text, True), duty_of(text, False)
    assert with_convention and without
    assert (with_convention.resp.lead, with_convention.resp.coop) == (
        ["市发展改革委"],
        ["市司法局", "各县（市）、区人民政府"],
    )
    assert (
        without.resp.lead == ["市发展改革委", "市司法局", "各县（市）、区人民政府"] and not without.resp.coop
    )
    explicit = duty_of(
        "打击非法集资。\n牵头单位：人民银行徐州市中心支行；配合单位：市公安局、市地方金融监管局", False
    )
    assert explicit and explicit.text == "打击非法集资。"
    assert (explicit.resp.lead, explicit.resp.coop) == (
        ["人民银行徐州市中心支行"],
        ["市公安局", "市地方金融监管局"],
    )
    paren = duty_of("推行信用承诺。（责任单位：市行政审批局、市发改委）", True)
    assert paren and paren.text == "推行信用承诺。" and paren.resp.coop == ["市发改委"]
    assert duty_of("推行信用承诺，各责任单位要明确专人负责。", True) is None


def test_a_line_naming_who_acts_on_every_task() -> None:
    assert every_task_collective("制定本方案。以下任务均需各县（市）、区人民政府落实，不再列出。") == [
        "各县（市）、区人民政府"
    ]
    assert every_task_collective("下列任务均由各市、区人民政府负责落实。") == ["各市、区人民政府"]
    assert every_task_collective("本方案所列各项任务，责任单位排在第一位的为牵头单位。") == []


DOC = """常州市社会信用体系建设领导小组办公室文件

常信用办〔2020〕3号

常州市2020年信用监管工作要点

各项任务责任单位中，列在首位的为牵头单位。以下任务均需各辖市、区人民政府落实，不再列出。

一、重点任务

（一）推进信用分级分类监管。责任单位：市市场监督管理局、市卫生健康委、常州海关

（二）规范信用修复。责任单位：

（三）加强金融信用建设。（责任单位：人民银行常州市中心支行、市交通运输局）
"""


def test_a_document_in_a_registry_city_meets_its_bodies(tmp_path: Path) -> None:
    (tmp_path / "cz.txt").write_text(DOC, encoding="utf-8")
    corpus = parse_folder(tmp_path)
    doc = corpus.document("常信用办〔2020〕3号")
    tasks = corpus.tasks_of(doc.key)
    assert [(t.seq, t.measure) for t in tasks] == [(1, f"{doc.key}/一（一）"), (2, f"{doc.key}/一（三）")]
    got = [[(m.as_written, m.agency_id, m.resolution) for m in (*t.lead, *t.coop)] for t in tasks]
    assert got == [
        [
            ("市市场监督管理局", "cz.samr", "registry"),
            ("市卫生健康委", "320400:常州市卫生健康委员会", "created"),
            ("常州海关", "customs.changzhou", "registry"),
        ],
        [
            ("人民银行常州市中心支行", "pboc.changzhou", "registry"),
            ("市交通运输局", "cz.transport", "registry"),
        ],
    ]
    assert all(t.collective == ["各辖市、区人民政府"] for t in tasks)
    # 责任单位： with nothing after it is said, not dropped in silence
    assert any("一（二）" in n and "names no unit" in n for n in corpus.notes)


def test_the_next_document_meets_the_same_node(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, number in ((one, "盐信用办〔2021〕1号"), (two, "盐信用办〔2021〕2号")):
        folder.mkdir()
        (folder / "doc.txt").write_text(
            f"盐城市社会信用体系建设领导小组办公室文件\n\n{number}\n\n盐城市信用监管工作要点\n\n一、重点任务\n\n"
            "（一）建立信用档案。责任单位：市市场监管局、市医保局\n",
            encoding="utf-8",
        )
    a, b = parse_folder(one), parse_folder(two)
    ids_a = [m.agency_id for t in a.tasks for m in t.lead]
    ids_b = [m.agency_id for t in b.tasks for m in t.lead]
    assert ids_a == ids_b == ["320900:盐城市市场监督管理局", "320900:盐城市医疗保障局"]
