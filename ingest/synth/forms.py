"""Written forms of one value as real exports write it (+86, dashes, 十八号, full-width digits):
every form of a value normalises to the same key, which is what the planted shared identifiers test."""

from __future__ import annotations

from creditgraph.ingest.synth.vocabulary import COUNTIES


def phone_variant(canon: str, k: int) -> str:
    """The same number as exports write it: +86, 0086, spaces, dashes, parentheses."""
    if canon.startswith("0"):
        area = canon[:4]
        return [f"({area}){canon[4:]}", f"{area}-{canon[4:]}", f"+86 {canon[1:4]} {canon[4:]}"][k % 3]
    return [
        f"+86 {canon[:3]} {canon[3:7]} {canon[7:]}",
        f"{canon[:3]}-{canon[3:7]}-{canon[7:]}",
        f"0086{canon}",
        f"+86-{canon}",
    ][k % 4]


_CN = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """18 → 十八, 103 → 一百零三: how house numbers are written out."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    h, rest = divmod(n, 100)
    if rest == 0:
        return _CN[h] + "百"
    if rest < 10:
        return _CN[h] + "百零" + _CN[rest]
    tens = int_to_cn(rest)
    return _CN[h] + "百" + (("一" + tens) if tens.startswith("十") else tens)


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def address_text(county: int, town: str, road: str, number: int, room: int, form: str) -> str:
    """One address in one written form; every form normalises to the same key."""
    _code, district, city, _ = COUNTIES[county]
    room_s = f"{room}室" if room else ""
    if form == "canonical":
        return f"江苏省{city}{district}{town}镇{road}{number}号{room_s}"
    if form == "no_province":
        return f"{city}{district}{town}镇{road}{number}号{room_s}"
    if form == "short":  # no suffixes, full-width digits
        return f"江苏{city[:-1]}{district[:-1]}{town}{road}{str(number).translate(_FULL)}号{room_s.translate(_FULL)}"
    return f"{city}{district}{town}镇{road}{int_to_cn(number)}号{room_s}"
