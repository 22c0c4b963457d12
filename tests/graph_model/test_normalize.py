"""Normalisation shared by ingest and queries."""

from __future__ import annotations

import pytest

from creditgraph.graph_model import normalize as N


def test_address_pair_meets() -> None:
    a = N.address_key("江苏常州武进湖塘人民路１８号")
    b = N.address_key("常州市武进区湖塘镇人民路十八号")
    assert a == b == "常州武进湖塘人民路18号"


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("江苏省常州市武进区湖塘镇人民路一百零三号", "常州市武进区湖塘镇人民路103号"),
        ("江阴市澄江街道人民东路二十二号3幢", "江苏江阴澄江人民东路22号3幢"),
        ("常州市 天宁区，延陵西路 10 号", "常州天宁延陵西路十号"),
    ],
)
def test_address_variants(variant: str, canonical: str) -> None:
    assert N.address_key(variant) == N.address_key(canonical)


def test_address_keeps_what_identifies() -> None:
    assert N.address_key("常州市武进区湖塘镇人民路18号") != N.address_key("常州市武进区湖塘镇人民路19号")
    assert N.address_key("常州市武进区湖塘镇人民路18号") != N.address_key("常州市武进区牛塘镇人民路18号")
    assert N.address(None) is None
    a = N.address("常州市武进区湖塘镇人民路十八号")
    assert a is not None and "人民" in "".join(a.tokens) and "18" in a.tokens


def test_chinese_numerals() -> None:
    assert [N.cn_to_int(s) for s in ("十八", "一百零三", "二十", "十", "一八", "三百")] == [
        18,
        103,
        20,
        10,
        18,
        300,
    ]


def test_phone_and_account() -> None:
    assert N.phone("+86 138-1234-5678") == N.phone("0086 13812345678") == "13812345678"
    assert N.account("6222 0212-3456 7890") == "6222021234567890"


def test_company_name() -> None:
    n = N.company_name("常州市湖塘纺织有限公司武进分公司")
    assert (n.core, n.legal_form, n.branch) == ("常州市湖塘纺织", "有限公司", "武进")
    assert N.company_name("江苏恒瑞医药股份有限公司").legal_form == "股份有限公司"
    assert N.company_name("常州（龙城）科技有限责任公司").core == "常州龙城科技"
    assert N.company_name("常州龙城科技有限公司").tokens


def test_jieba_is_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    N.tokenize("常州市武进区")
    captured = capsys.readouterr()
    assert captured.out == "" and "Building prefix dict" not in captured.err
