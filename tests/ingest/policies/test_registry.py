"""The registry: agency resolution per jurisdiction, successions as of a date, the taxonomy, the data files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import creditgraph.graph_model.reference.registry as registry_module
from creditgraph.graph_model.reference.registry import OTHER, RESOURCES, Registry
from creditgraph.ingest.policies import (
    PolicyCorpus,
    load_registry,
    map_violation_type,
    resolve_agency,
    successor_chain,
)

from policies_support import corpus_fixture, expected_fixture  # noqa: F401  (pytest fixtures)

JIANGYIN, CHANGZHOU, PROVINCE, LIANYUNGANG = "320281", "320400", "320000", "320700"


def _id(as_written: str, jurisdiction: str) -> str | None:
    agency = resolve_agency(as_written, jurisdiction)
    return agency.id if agency else None


def test_same_mention_in_two_cities_is_two_agencies() -> None:
    assert _id("市公安局", CHANGZHOU) == "cz.public-security"
    assert _id("市公安局", JIANGYIN) == "jy.public-security"
    assert _id("人民银行", JIANGYIN) == "pboc.jiangyin"
    assert _id("人民银行", CHANGZHOU) == "pboc.changzhou"
    assert resolve_agency("市公安局", CHANGZHOU).name == "常州市公安局"  # type: ignore[union-attr]


def test_two_spellings_in_one_document_are_one_agency(corpus: PolicyCorpus) -> None:
    ids: dict[str, set[str]] = {}
    for t in corpus.tasks_of("澄信用发〔2018〕7号"):
        for m in (*t.lead, *t.coop):
            ids.setdefault(m.agency_id or "", set()).add(m.as_written)
    assert ids["jy.credit-office"] == {"市经信委（信用办）", "市经信委（市信用办）"}
    assert ids["jy.cbrc"] == {"市银监局", "市银监办"}
    assert ids["jy.finance-office"] == {"市金融办", "金融办"}
    assert ids["jy.public-security"] == {"市公安局", "公安局"}


def test_resolution_rules() -> None:
    assert _id("公安局", CHANGZHOU) == "cz.public-security"  # no prefix
    assert _id("农委", CHANGZHOU) == _id("市农委", CHANGZHOU) == "cz.agri"
    assert _id("人民分行南京分行", PROVINCE) == "pboc.nanjing"  # typo in the source
    assert _id("省经济和信息化委（省信用办）", PROVINCE) == "js.credit-office"
    assert _id("江苏银监局", CHANGZHOU) == "js.cbrc"  # a full name is known anywhere
    assert _id("常州市检验检疫局", CHANGZHOU) == "cz.ciq"
    assert _id("信用", LIANYUNGANG) == "lyg.credit-office"  # a bare sector word in running text
    assert _id("各设区市人民政府", PROVINCE) is None
    assert _id("省各有关部门", PROVINCE) is None
    assert _id("不存在的局", CHANGZHOU) is None


def test_collective_mentions() -> None:
    reg = load_registry()
    for m in (
        "各设区市人民政府",
        "省各有关部门",
        "各辖市区人民政府",
        "等有关部门",
        "等部门",
        "市有关部门",
        "各镇街园区",
    ):
        assert reg.is_collective(m), m
    assert not reg.is_collective("市公安局")


def test_credit_office_hosting() -> None:
    reg = load_registry()
    assert reg.agencies["jy.credit-office"].kind == "credit_office"
    assert reg.host_of("js.credit-office", date(2018, 1, 1)) == "js.eitc"
    assert reg.host_of("js.credit-office", date(2020, 1, 1)) == "js.ndrc"
    assert reg.host_of("cz.credit-office", date(2018, 10, 23)) == "cz.eitc"


def test_successor_chain_as_of() -> None:
    assert successor_chain("cz.aic", date(2018, 10, 23)) == []
    assert [s.to_id for s in successor_chain("cz.aic", date(2020, 1, 1))] == ["cz.samr"]
    assert [s.to_id for s in successor_chain("js.cbrc", date(2025, 1, 1))] == ["js.cbirc", "js.nfra"]
    assert [s.to_id for s in successor_chain("js.cbrc", date(2020, 1, 1))] == ["js.cbirc"]
    assert [s.to_id for s in successor_chain("js.ciq", date(2018, 4, 20))] == ["customs.nanjing"]
    assert [s.to_id for s in successor_chain("pboc.nanjing", date(2025, 1, 1))] == ["pboc.jiangsu"]
    assert [s.to_id for s in successor_chain("js.price", date(2019, 1, 1))] == [
        "js.ndrc"
    ]  # primary successor
    assert load_registry().current_agency("js.fda", date(2019, 1, 1)).name == "江苏省市场监督管理局"
    with pytest.raises(KeyError):
        successor_chain("no.such-agency", date(2020, 1, 1))


# The document the taxonomy is built on enumerates the 失信行为 (电子商务意见 (八): "及时将…等失信行为信息
# 纳入信用档案"; (二十一): "严厉打击…等方式伪造交易记录"): read from the parsed document, not typed again.
TAXONOMY_SOURCE = "苏政办发〔2017〕144号"
ENUMERATIONS = (re.compile(r"及时将([^。]+?)等失信行为"), re.compile(r"严厉打击([^。]+?)等方式"))


def _enumerated(corpus: PolicyCorpus) -> set[str]:
    """The 失信行为 the taxonomy's source document lists, as written."""
    named: set[str] = set()
    for m in corpus.measures:
        if m.document.split("#")[0] != TAXONOMY_SOURCE:
            continue
        for pattern in ENUMERATIONS:
            for listed in pattern.findall(m.text):
                named |= {w.removeprefix("以及通过") for w in re.split("[、，]", listed) if w}
    return named


def test_taxonomy_contents(corpus: PolicyCorpus) -> None:
    """Every 失信行为 the source document enumerates is a type of its own in the taxonomy, by name or
    synonym; every type has a severity and a display period; 其他 is the fallback."""
    reg = load_registry()
    named = _enumerated(corpus)
    assert len(named) == 14, f"{TAXONOMY_SOURCE} (八)(二十一) enumerate 14 失信行为; found {sorted(named)}"
    matched = {w: map_violation_type(w) for w in named}
    assert {w: m for w, m in matched.items() if m.how not in ("exact", "synonym")} == {}
    assert len({m.code for m in matched.values()}) == len(named)
    assert OTHER in reg.violation_types and reg.violation_types[OTHER].name == "其他"
    for v in reg.violation_types.values():
        assert v.default_severity in ("一般", "较重", "严重")
        assert v.display_years >= 1


@pytest.mark.parametrize(
    ("text", "code", "how"),
    [
        ("恶意刷单", "V01", "exact"),
        ("刷好评", "V01", "synonym"),
        ("店铺销售假货被查处", "V04", "contains"),
        ("虚假的宣传", "V09", "token"),
        ("空包", "V14", "synonym"),
        ("随便写的东西", "V99", "other"),
        ("", "V99", "other"),
    ],
)
def test_map_violation_type(text: str, code: str, how: str) -> None:
    assert map_violation_type(text) == (code, how)


def test_jurisdiction_codes_and_hierarchy() -> None:
    reg = load_registry()
    assert reg.jurisdiction_chain("320281") == ["320281", "320200", "320000"]
    assert reg.jurisdictions["320400"].name == "常州市" and reg.jurisdictions["320700"].name == "连云港市"
    cities = [j for j in reg.jurisdictions.values() if j.level == "city"]
    assert len(cities) == 13 and all(j.parent == "320000" for j in cities)


def test_intermediaries_data() -> None:
    data = yaml.safe_load((RESOURCES / "intermediaries.yaml").read_text(encoding="utf-8"))
    assert [c["code"] for c in data["categories"]] == [
        "设计咨询",
        "鉴证技术",
        "评估",
        "审计",
        "招投标代理",
        "其他",
    ]
    obj = data["objections"]
    assert obj["reply_within"]["days"] == 30
    assert obj["if_upheld"]["publish_within"] == {
        **obj["if_upheld"]["publish_within"],
        "days": 3,
        "calendar": "working",
    }
    assert obj["if_rejected"]["feedback_within"]["days"] == 7
    assert data["platform"]["operator"] in load_registry().agencies


def test_every_yaml_fact_has_a_source() -> None:
    for name in (
        "jurisdictions.yaml",
        "agencies.yaml",
        "reforms.yaml",
        "violation_types.yaml",
        "intermediaries.yaml",
    ):
        text = (RESOURCES / name).read_text(encoding="utf-8")
        assert "source" in text, name


# Texts no taxonomy form can reach by tokens are decided without jieba; the rest are scored.
# Built from the forms' own tokens and characters, so texts near the token threshold are met.
_PIECES = sorted(
    {
        p
        for form, _, _ in load_registry().violation_forms()
        for p in (*form, *load_registry().form_tokens(form))
    }
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join))
def test_no_token_shortcut_changes_a_mapping(text: str) -> None:
    reg = load_registry()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(registry_module, "_may_score", lambda ft, n: True)  # always tokenise and score
        scored = reg.map_violation_type(text)
    assert reg.map_violation_type(text) == scored


def test_text_no_form_can_reach_maps_to_other_without_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_jieba() -> None:
        raise AssertionError("jieba was loaded")

    monkeypatch.setattr(registry_module, "_tokenizer", no_jieba)
    reg = Registry()  # a fresh registry: nothing tokenised in this process counts
    assert reg.map_violation_type("虚假发货") == ("V99", "other")
    assert reg.map_violation_type("虚标原价") == ("V99", "other")
    with pytest.raises(AssertionError, match="jieba"):
        reg.map_violation_type("虚假的宣传")  # half of 虚假宣传's tokens are in it: must be scored


def test_forms_missing_from_the_token_file_are_tokenised_on_first_use(tmp_path: Path) -> None:
    for f in RESOURCES.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    bare = Registry(tmp_path)  # no violation_form_tokens.json
    shipped = load_registry()
    for form, _, _ in shipped.violation_forms():
        assert bare.form_tokens(form) == shipped.form_tokens(form)
    assert bare.map_violation_type("虚假的宣传") == ("V09", "token")


def test_record_ingest_loads_the_registry_without_the_document_parser() -> None:
    """The package's names import on first use: a record load needs only the registry."""
    code = (
        "import sys\n"
        "import creditgraph.ingest.policies as policies\n"
        "policies.load_registry()\n"
        "assert 'creditgraph.ingest.policies.corpus' not in sys.modules\n"
        "assert policies.parse_folder.__module__ == 'creditgraph.ingest.policies.corpus'\n"
        "try:\n"
        "    policies.no_such_name\n"
        "except AttributeError as exc:\n"
        "    assert 'no_such_name' in str(exc)\n"
        "else:\n"
        "    raise SystemExit('an unknown name was found')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[3]
    )
    assert ran.returncode == 0, ran.stderr
