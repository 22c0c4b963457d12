"""Normalisation shared by ingest and queries, so a value typed into a query meets the stored node.

Addresses and company names are written many ways in Chinese registries: full-width digits,
Chinese numerals (十八号), with or without the province and the 市/区/镇 suffixes. The address
key drops what varies (province, administrative suffixes, punctuation) and keeps what
identifies the place (city, district and town names, road, number), so
``江苏常州武进湖塘人民路１８号`` and ``常州市武进区湖塘镇人民路十八号`` share one key.

jieba is loaded once, lazily, in a private tokenizer (the global one belongs to whoever else
uses jieba) with its logger quiet. Nothing here logs values: addresses and phones are personal.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import types
from .resources import RESOURCES
from .yamlfile import read_yaml

if TYPE_CHECKING:
    import jieba

__all__ = [
    "CompanyName",
    "account",
    "address",
    "address_key",
    "address_tokens",
    "compact",
    "company_name",
    "phone",
    "text",
    "tokenize",
    "tokenizer",
]

JURISDICTIONS = RESOURCES / "jurisdictions.yaml"
USER_DICT = RESOURCES / "jieba_userdict.txt"  # generated from the taxonomy and agency registry

# --------------------------------------------------------------------------------------------
# jieba, once


_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def tokenizer() -> jieba.Tokenizer:
    """The process's tokenizer (see `new_tokenizer`), built on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = new_tokenizer()
    return _tokenizer


def new_tokenizer() -> jieba.Tokenizer:
    """A private, initialised jieba tokenizer that knows the jurisdiction names, the legal forms
    and the user dictionary as it is on disk now (about a second: use `tokenizer` unless the
    dictionary was just rewritten)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for name in _place_names():
        tok.add_word(name, freq=50_000)
    for word in _LEGAL_FORMS:
        tok.add_word(word, freq=50_000)
    if USER_DICT.is_file():
        tok.load_userdict(str(USER_DICT))
    return tok


def tokenize(value: str) -> list[str]:
    """jieba tokens of already-normalised text, blanks dropped."""
    return [t for t in tokenizer().lcut(value, HMM=False) if t.strip()]


# --------------------------------------------------------------------------------------------
# Text


_KEEP = re.compile(r"[^0-9a-z\u4e00-\u9fff\-#]+")


_SPACE = re.compile(r"[\s\u3000\xa0]+")


def compact(value: str) -> str:
    """NFKC (full-width brackets and colons become ASCII) with all whitespace removed.

    The form in which policy titles, agency mentions and clause texts are compared: it keeps the
    punctuation that ``text`` drops, because 〔2017〕 and （十九） carry meaning in a document's
    number and clause. Never stored as the as-written form.
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", value))


def text(value: Any) -> str:
    """NFKC (full-width → half-width), lower-case Latin, punctuation and spaces dropped."""
    s = unicodedata.normalize("NFKC", str(value or "")).replace("〇", "零").lower()
    return _KEEP.sub("", s)


def phone(value: Any) -> str | None:
    """Canonical digits of a phone number (see :class:`graph_model.types.Phone`); raises if invalid."""
    return types.phone.clean(value)


def account(value: Any) -> str | None:
    """An account number without spaces and dashes, upper-case; raises if invalid."""
    return types.registry["account"].clean(value)


# --------------------------------------------------------------------------------------------
# Chinese numerals


_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_RUN = re.compile(r"[零一二两三四五六七八九十百千]+(?=[号栋幢楼层室单元弄巷组座期排户\-#]|$)")


def cn_to_int(s: str) -> int:
    """``十八`` → 18, ``一百零三`` → 103, ``一八`` → 18 (digit by digit, as in house numbers)."""
    if not any(c in _UNITS for c in s):
        return int("".join(str(_DIGITS[c]) for c in s))
    total, current = 0, 0
    for c in s:
        if c in _DIGITS:
            current = _DIGITS[c]
        else:
            total += (current or 1) * _UNITS[c]
            current = 0
    return total + current


def _arabic(s: str) -> str:
    return _NUMERAL_RUN.sub(lambda m: str(cn_to_int(m[0])), s)


# --------------------------------------------------------------------------------------------
# Addresses


_PROVINCES = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
]
_PROVINCE_SUFFIX = "(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
_PROVINCE_RE = re.compile(rf"^(?:中华人民共和国|中国)?(?:{'|'.join(_PROVINCES)}){_PROVINCE_SUFFIX}")
_ADMIN_SUFFIX = "(?:街道|市|区|县|镇|乡)"


@lru_cache(maxsize=1)
def _place_names() -> tuple[str, ...]:
    """Short names of known divisions (常州, 武进, 江阴), longest first, from the jurisdictions file."""
    names: set[str] = set()
    try:
        data = read_yaml(JURISDICTIONS) or {}
    except OSError:
        data = {}
    for j in data.get("jurisdictions", []):
        for n in [j.get("name"), *(j.get("names") or [])]:
            if not n:
                continue
            short = re.sub(f"{_ADMIN_SUFFIX}$", "", n) if len(n) > 2 else n
            if len(short) >= 2 and short not in _PROVINCES:
                names.add(short)
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _admin_re() -> re.Pattern[str]:
    known = "|".join(map(re.escape, _place_names())) or "(?!)"
    # A known division with an optional suffix, or any 2-3 characters ending in an admin suffix.
    return re.compile(rf"(?:({known}){_ADMIN_SUFFIX}?|([\u4e00-\u9fff]{{2,3}}?){_ADMIN_SUFFIX})")


@lru_cache(maxsize=200_000)
def address_key(value: str) -> str:
    """The matching key of an address: see the module docstring. Empty string for no address."""
    s = _arabic(text(value))
    s = _PROVINCE_RE.sub("", s, count=1)
    admin = _admin_re()
    kept: list[str] = []
    pos = 0
    for _ in range(5):  # city, district, town, at most a couple more levels
        m = admin.match(s, pos)
        if not m:
            break
        kept.append(m[1] or m[2])
        pos = m.end()
    return "".join(kept) + s[pos:]


def address_tokens(value: str) -> list[str]:
    """jieba tokens of the address key, for Address.tokens and fuzzy matching."""
    key = address_key(value)
    return tokenize(key) if key else []


@dataclass(frozen=True)
class Address:
    key: str
    tokens: list[str] = field(default_factory=list)


def address(value: Any) -> Address | None:
    """Key and tokens of an address; None when the cell is empty."""
    if value is None or not str(value).strip():
        return None
    key = address_key(str(value))
    return Address(key=key, tokens=tokenize(key) if key else [])


# --------------------------------------------------------------------------------------------
# Company names


# Longest first: a name ends in at most one of these (plus 分公司 for a branch).
_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "个人独资企业",
    "有限公司",
    "合伙企业",
    "有限合伙",
    "普通合伙",
    "集团公司",
    "公司",
)
_BRANCH = "分公司"


@dataclass(frozen=True)
class CompanyName:
    """A company name split for matching: ``core`` identifies, ``legal_form`` and ``branch`` qualify."""

    core: str
    tokens: list[str]
    legal_form: str | None = None
    branch: str | None = None

    @property
    def key(self) -> str:
        return self.core + (f"|{self.branch}" if self.branch else "")


def company_name(value: Any) -> CompanyName:
    """Split a company name into core, legal form and branch.

    The place in a company name is part of its identity, so only the legal form and the branch
    are set apart: ``常州市某某科技有限公司武进分公司`` → core ``常州市某某科技``, legal form
    ``有限公司``, branch ``武进``.
    """
    s = text(value).replace("(", "").replace(")", "")
    branch: str | None = None
    legal: str | None = None
    if s.endswith(_BRANCH):
        head = s[: -len(_BRANCH)]
        for form in _LEGAL_FORMS:
            i = head.rfind(form)
            if i > 0:
                branch = head[i + len(form) :] or None
                legal = form
                s = head[:i]
                break
        else:
            branch, s = "", head
    else:
        for form in _LEGAL_FORMS:
            if s.endswith(form) and len(s) > len(form):
                legal = form
                s = s[: -len(form)]
                break
    return CompanyName(core=s, tokens=tokenize(s) if s else [], legal_form=legal, branch=branch)
