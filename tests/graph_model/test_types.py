"""The value-type registry: check characters, cleaning, masking, keyed hashes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditgraph.graph_model import types as T

USCC_OK = ["91320412MA1MX00014", "91320400732XY00033", "91320700MA1NQ0004C"]
ID_OK = ["320402199001010754", "32041219850315123X", "320281199207204567"]


@pytest.mark.parametrize("code", USCC_OK)
def test_uscc_valid(code: str) -> None:
    assert T.uscc.clean(code) == code
    assert T.uscc.clean(f" {code.lower()} ") == code


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("91320412MA1MX00015", T.BadCheckChar),
        ("91320412MA1MX0001", T.BadFormat),
        ("91320412MA1MX0001I", T.BadFormat),  # I is not in the GB 32100 set
        ("Z1320412MA1MX00014", T.BadFormat),  # no such registering authority
    ],
)
def test_uscc_invalid(value: str, error: type[T.ValueTypeError]) -> None:
    with pytest.raises(error):
        T.uscc.clean(value)


def test_citizen_id() -> None:
    assert T.citizen_id.clean("32041219850315123x") == "32041219850315123X"
    with pytest.raises(T.BadCheckChar):
        T.citizen_id.clean("320402199001010755")
    body = "32040219991332001"  # month 13
    with pytest.raises(T.ImplausibleBirthDate):
        T.citizen_id.clean(body + T.citizen_id_check_char(body))
    body = "32040218800101001"  # before 1900? no: 1880
    with pytest.raises(T.ImplausibleBirthDate):
        T.citizen_id.clean(body + T.citizen_id_check_char(body))


def test_errors_never_carry_the_value() -> None:
    for value in ("320402199001010755", "13812345678999"):
        for t in (T.citizen_id, T.phone):
            try:
                t.clean(value)
            except T.ValueTypeError as err:
                assert value not in str(err)
                assert value[-4:] not in str(err)


def test_gtin() -> None:
    assert T.gtin.clean("6901234567892") == "6901234567892"
    assert T.gtin_check_digit("690123456789") == "2"
    with pytest.raises(T.BadCheckChar):
        T.gtin.clean("6901234567893")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("(0519) 8688-1234", "051986881234"),
        ("0519-86881234", "051986881234"),
        ("+86 519 86881234", "051986881234"),
        ("025-8765 4321", "02587654321"),
        ("400-826-0001", "4008260001"),
        ("１３８１２３４５６７８", "13812345678"),
        ("", None),
    ],
)
def test_phone(raw: str, canonical: str | None) -> None:
    assert T.phone.clean(raw) == canonical


@pytest.mark.parametrize("raw", ["12345", "138123456789", "电话", "+1 555 0100"])
def test_phone_invalid(raw: str) -> None:
    with pytest.raises(T.BadPhone):
        T.phone.clean(raw)


@pytest.mark.parametrize("raw", ["2020-01-05", "2020/01/05", "2020/1/5", "2020年01月05日", "2020年1月5日"])
def test_date_forms(raw: str) -> None:
    assert T.date.clean(raw) == dt.date(2020, 1, 5)


def test_date_bad_and_empty() -> None:
    assert T.date.clean("") is None
    assert T.date.clean(None) is None
    for raw in ("2020-02-30", "20200105", "去年"):
        with pytest.raises(T.BadDate):
            T.date.clean(raw)


def test_ratio_boolean_region_enum() -> None:
    assert T.ratio.clean("35%") == pytest.approx(0.35)
    assert T.ratio.clean("0.35") == pytest.approx(0.35)
    assert T.ratio.clean("") is None
    for raw in ("150%", "1.5", "35", "三成"):
        with pytest.raises(T.BadRatio):
            T.ratio.clean(raw)
    assert T.boolean.clean("是") is True and T.boolean.clean("FALSE") is False and T.boolean.clean("") is None
    with pytest.raises(T.BadBoolean):
        T.boolean.clean("maybe")
    assert T.region.clean("320412") == "320412"
    for raw in ("32041", "990100", "32O412"):
        with pytest.raises(T.BadRegionCode):
            T.region.clean(raw)
    e = T.Enum(label="status", values=("存续", "注销"))
    assert e.clean("存续") == "存续"
    with pytest.raises(T.BadEnum):
        e.clean("存在")


def test_masks() -> None:
    assert T.mask_id("320402199001010754") == "320402********0754"
    assert T.mask_phone("13812345678") == "138****5678"
    assert T.mask_account("6222021234567890") == "************7890"


def test_keyed_hash() -> None:
    a = T.id_key("320402199001010754", "s1")
    assert a == T.id_key(" 320402199001010754 ", "s1")
    assert a != T.id_key("320402199001010754", "s2")
    assert "320402199001010754" not in a and len(a) == 64
    assert T.identifier_key("phone", "13812345678", "s") != T.identifier_key("account", "13812345678", "s")


def test_registry_is_closed() -> None:
    assert T.get("uscc") is T.uscc
    with pytest.raises(KeyError):
        T.get("nope")


# ---- property tests: every valid code round-trips, every single-character corruption is caught

uscc_bodies = st.builds(
    lambda a, b, region, org: a + b + region + org,
    st.sampled_from(T.USCC_AUTHORITIES),
    st.sampled_from(T.USCC_CHARSET),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(T.USCC_CHARSET, min_size=9, max_size=9),
)
id_bodies = st.builds(
    lambda region, birth, seq: f"{region}{birth:%Y%m%d}{seq:03d}",
    st.sampled_from(["110101", "320402", "320281", "440305"]),
    st.dates(dt.date(1900, 1, 1), dt.date.today()),
    st.integers(0, 999),
)


@given(uscc_bodies)
def test_uscc_round_trip(body: str) -> None:
    code = body + T.USCC().compute_check_char(body)
    assert T.uscc.clean(code) == code
    assert T.uscc.fast_valid(np.array([code], dtype=object))[0]


@settings(max_examples=60)
@given(uscc_bodies, st.data())
def test_uscc_single_corruption_rejected(body: str, data: st.DataObject) -> None:
    code = body + T.uscc_check_char(body)
    i = data.draw(st.integers(0, 17))
    c = data.draw(st.sampled_from([ch for ch in T.USCC_CHARSET + "IOZSV" if ch != code[i]]))
    bad = code[:i] + c + code[i + 1 :]
    with pytest.raises(T.ValueTypeError):
        T.uscc.clean(bad)
    assert not T.uscc.fast_valid(np.array([bad], dtype=object))[0]


@given(id_bodies)
def test_citizen_id_round_trip(body: str) -> None:
    code = body + T.CitizenID().compute_check_char(body)
    assert T.citizen_id.clean(code) == code
    assert T.citizen_id.fast_valid(np.array([code], dtype=object))[0]


@settings(max_examples=60)
@given(id_bodies, st.data())
def test_citizen_id_single_corruption_rejected(body: str, data: st.DataObject) -> None:
    code = body + T.citizen_id_check_char(body)
    i = data.draw(st.integers(0, 17))
    c = data.draw(st.sampled_from([ch for ch in "0123456789X" if ch != code[i]]))
    bad = code[:i] + c + code[i + 1 :]
    with pytest.raises(T.ValueTypeError):
        T.citizen_id.clean(bad)
    assert not T.citizen_id.fast_valid(np.array([bad], dtype=object))[0]


def test_all_single_corruptions_exhaustive() -> None:
    """Not just samples: every position, every replacement, for a few codes."""
    for code in USCC_OK:
        for i in range(18):
            for c in T.USCC_CHARSET:
                if c != code[i]:
                    with pytest.raises(T.ValueTypeError):
                        T.uscc.clean(code[:i] + c + code[i + 1 :])
    for code in ID_OK:
        for i in range(18):
            for c in "0123456789X":
                if c != code[i]:
                    with pytest.raises(T.ValueTypeError):
                        T.citizen_id.clean(code[:i] + c + code[i + 1 :])


@given(st.text("0123456789", min_size=12, max_size=12))
def test_gtin_round_trip(body: str) -> None:
    code = body + T.GTIN13().compute_check_char(body)
    assert T.gtin.clean(code) == code
    for i in range(13):
        bad = code[:i] + str((int(code[i]) + 1) % 10) + code[i + 1 :]
        with pytest.raises(T.BadCheckChar):
            T.gtin.clean(bad)


@given(st.lists(st.one_of(st.text(max_size=20), st.text("0123456789+- ()X", max_size=20)), max_size=30))
def test_fast_paths_never_more_lenient(values: list[str]) -> None:
    arr = np.array(values, dtype=object)
    for t in (T.uscc, T.citizen_id, T.gtin, T.phone):
        for v, ok in zip(values, t.fast_valid(arr), strict=True):
            if ok:
                assert t.clean(v) == v
