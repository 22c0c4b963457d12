"""A closed registry of value types: every cell of a record file is cleaned by one of these.

Loaders and queries validate through this registry and nowhere else (followthemoney's
``types/``), so a code that passes here is the same code everywhere. Each type's ``clean``
returns the canonical value or raises a :class:`ValueTypeError` subclass whose ``code`` is a
stable keyword (for rejects and tests) and whose message never carries a personal value.

Check-character helpers (``uscc_check_char``, ``citizen_id_check_char``, ``gtin_check_digit``)
are public because the synthetic-data generator builds valid codes with them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from .clock import today as clock_today

# --------------------------------------------------------------------------------------------
# Errors


class ValueTypeError(ValueError):
    """A value that its type refuses; ``code`` is a stable keyword, the message is safe to log."""

    code: ClassVar[str] = "invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MissingValue(ValueTypeError):
    code = "missing"


class BadFormat(ValueTypeError):
    code = "bad_format"


class BadCheckChar(ValueTypeError):
    code = "bad_check_char"


class BadDate(ValueTypeError):
    code = "bad_date"


class ImplausibleBirthDate(ValueTypeError):
    code = "bad_birth_date"


class BadEnum(ValueTypeError):
    code = "bad_enum"


class BadRatio(ValueTypeError):
    code = "bad_ratio"


class BadNumber(ValueTypeError):
    code = "bad_number"


class BadBoolean(ValueTypeError):
    code = "bad_boolean"


class BadPhone(ValueTypeError):
    code = "bad_phone"


class BadRegionCode(ValueTypeError):
    code = "bad_region"


class BadReference(ValueTypeError):
    code = "bad_reference"


# --------------------------------------------------------------------------------------------
# Check characters

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, Z, S, V
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_INDEX = {c: i for i, c in enumerate(USCC_CHARSET)}
# Position 1: registering authority (1 机构编制, 5 民政, 9 工商, Y 其他 …); position 2 its category.
USCC_AUTHORITIES = "123456789ABCDEFGNY"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2**(17-i) mod 11
ID_CHECK = "10X98765432"  # indexed by weighted sum mod 11


def uscc_check_char(body: str) -> str:
    """The 18th character of a USCC whose first 17 characters are ``body``."""
    if len(body) != 17:
        raise BadFormat("USCC body must be 17 characters")
    try:
        total = sum(_USCC_INDEX[c] * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    except KeyError as err:
        raise BadFormat("USCC contains a character outside GB 32100-2015's set") from err
    return USCC_CHARSET[(31 - total % 31) % 31]


def citizen_id_check_char(body: str) -> str:
    """The 18th character (0-9 or X) of a citizen ID whose first 17 digits are ``body``."""
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise BadFormat("citizen ID body must be 17 digits")
    return ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def gtin_check_digit(body: str) -> str:
    """The 13th digit of a GTIN-13 whose first 12 digits are ``body`` (weights 1,3 from the left)."""
    if len(body) != 12 or not body.isascii() or not body.isdigit():
        raise BadFormat("GTIN-13 body must be 12 digits")
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return str((10 - total % 10) % 10)


compute_check_char = {"uscc": uscc_check_char, "citizen_id": citizen_id_check_char, "gtin": gtin_check_digit}


# --------------------------------------------------------------------------------------------
# Value types


def _text(value: Any) -> str | None:
    """Cells arrive as str, None or NaN; blank means unknown."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    s = str(value).strip()
    return s or None


@dataclass(frozen=True)
class ValueType:
    """Base of every type; ``clean(None/"")`` is None, the caller decides whether that is allowed."""

    name: ClassVar[str] = "text"
    personal: ClassVar[bool] = False

    def clean(self, value: Any) -> Any:
        return _text(value)

    def clean_many(self, values: Iterable[Any]) -> list[Any]:
        return [self.clean(v) for v in values]


@dataclass(frozen=True)
class Text(ValueType):
    name: ClassVar[str] = "text"


@dataclass(frozen=True)
class USCC(ValueType):
    name: ClassVar[str] = "uscc"

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        s = s.upper()
        if len(s) != 18:
            raise BadFormat(f"USCC must be 18 characters, got {len(s)}")
        if any(c not in _USCC_INDEX for c in s):
            raise BadFormat("USCC contains a character outside GB 32100-2015's set")
        if s[0] not in USCC_AUTHORITIES or not s[2:8].isdigit():
            raise BadFormat("USCC authority code or division code malformed")
        if uscc_check_char(s[:17]) != s[17]:
            raise BadCheckChar("USCC check character does not match")
        return s

    compute_check_char = staticmethod(uscc_check_char)

    def fast_valid(self, values: Any) -> Any:
        return _uscc_fast(values)


@dataclass(frozen=True)
class CitizenID(ValueType):
    name: ClassVar[str] = "citizen_id"
    personal: ClassVar[bool] = True
    earliest_birth: ClassVar[dt.date] = dt.date(1900, 1, 1)

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        s = s.upper()
        if len(s) != 18 or not s[:17].isascii() or not s[:17].isdigit() or s[17] not in "0123456789X":
            raise BadFormat("citizen ID must be 17 digits and a check digit (0-9 or X)")
        try:
            birth = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        except ValueError as err:
            raise ImplausibleBirthDate("citizen ID birth date is not a calendar date") from err
        if not (self.earliest_birth <= birth <= clock_today()):
            raise ImplausibleBirthDate("citizen ID birth date out of range")
        if citizen_id_check_char(s[:17]) != s[17]:
            raise BadCheckChar("citizen ID check digit does not match")
        return s

    compute_check_char = staticmethod(citizen_id_check_char)

    def fast_valid(self, values: Any) -> Any:
        return _citizen_id_fast(values, self.earliest_birth)


@dataclass(frozen=True)
class GTIN13(ValueType):
    name: ClassVar[str] = "gtin"

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        if len(s) != 13 or not s.isascii() or not s.isdigit():
            raise BadFormat("GTIN-13 must be 13 digits")
        if gtin_check_digit(s[:12]) != s[12]:
            raise BadCheckChar("GTIN-13 check digit does not match")
        return s

    compute_check_char = staticmethod(gtin_check_digit)

    def fast_valid(self, values: Any) -> Any:
        return _gtin_fast(values)


_PHONE_STRIP = re.compile(r"[\s\-()（）.·—－_/]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0[1-9]\d{8,10}")  # 0 + 2-3 digit area code + 7-8 digit number
_SERVICE = re.compile(r"[48]00\d{7}")  # 400/800 customer-service numbers
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋", "0123456789+")


@dataclass(frozen=True)
class Phone(ValueType):
    """Canonical form is digits only: mobile ``13812345678``, landline ``051986881234``."""

    name: ClassVar[str] = "phone"
    personal: ClassVar[bool] = True

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        s = _PHONE_STRIP.sub("", s.translate(_FULLWIDTH_DIGITS))
        international = False
        if s.startswith("+86"):
            s, international = s[3:], True
        elif s.startswith("0086"):
            s, international = s[4:], True
        elif s.startswith("86") and len(s) == 13 and s[2] == "1":
            s = s[2:]
        if international and s[:1] not in ("0", "1"):
            s = "0" + s  # a landline dialled from abroad drops its trunk 0
        if s.startswith("+") or not s.isascii() or not s.isdigit():
            raise BadPhone("phone number has characters other than digits and separators")
        if _MOBILE.fullmatch(s) or _LANDLINE.fullmatch(s) or _SERVICE.fullmatch(s):
            return s
        raise BadPhone(f"not a mobile (11 digits) or landline with area code ({len(s)} digits)")

    def fast_valid(self, values: Any) -> Any:
        return _phone_fast(values)


_DATE = re.compile(
    r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # a midnight time from spreadsheet exports
)


@dataclass(frozen=True)
class Date(ValueType):
    """YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日 (one-digit months and days too)."""

    name: ClassVar[str] = "date"

    def clean(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        s = _text(value)
        if s is None:
            return None
        m = _DATE.fullmatch(s.translate(_FULLWIDTH_DIGITS))
        if not m:
            raise BadDate("date must be YYYY-MM-DD, YYYY/MM/DD or YYYY年MM月DD日")
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as err:
            raise BadDate("date is not a calendar date") from err


@dataclass(frozen=True)
class Ratio(ValueType):
    """A share between 0 and 1; "35%" means 0.35, a bare 35 is refused as ambiguous."""

    name: ClassVar[str] = "ratio"

    def clean(self, value: Any) -> float | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            r = float(value)
            if r != r:
                return None
        else:
            s = _text(value)
            if s is None:
                return None
            pct = s.endswith(("%", "％"))
            try:
                r = float(s.rstrip("%％").strip())
            except ValueError as err:
                raise BadRatio("ratio is not a number") from err
            if pct:
                r /= 100.0
        if not (0.0 <= r <= 1.0):
            raise BadRatio("ratio must be between 0 and 1 (or 0% and 100%)")
        return r


@dataclass(frozen=True)
class Number(ValueType):
    name: ClassVar[str] = "number"

    def clean(self, value: Any) -> float | None:
        s = _text(value)
        if s is None:
            return None
        try:
            n = float(s)
        except ValueError as err:
            raise BadNumber("not a number") from err
        if n != n or n in (float("inf"), float("-inf")):
            raise BadNumber("not a finite number")
        return n


@dataclass(frozen=True)
class Integer(ValueType):
    name: ClassVar[str] = "integer"

    def clean(self, value: Any) -> int | None:
        s = _text(value)
        if s is None:
            return None
        try:
            return int(s.replace(",", ""))
        except ValueError as err:
            raise BadNumber("not a whole number") from err


_PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


@dataclass(frozen=True)
class RegionCode(ValueType):
    """A 6-digit GB/T 2260 division code; the province prefix must exist."""

    name: ClassVar[str] = "region"

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        if len(s) != 6 or not s.isascii() or not s.isdigit():
            raise BadRegionCode("division code must be 6 digits")
        if s[:2] not in _PROVINCE_PREFIXES:
            raise BadRegionCode("division code has no such province")
        return s


_TRUE = frozenset({"true", "t", "1", "yes", "y", "是", "对"})
_FALSE = frozenset({"false", "f", "0", "no", "n", "否", "不"})


@dataclass(frozen=True)
class Boolean(ValueType):
    name: ClassVar[str] = "boolean"

    def clean(self, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        s = _text(value)
        if s is None:
            return None
        low = s.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise BadBoolean("boolean must be true, false or empty (是/否 accepted)")


@dataclass(frozen=True)
class Enum(ValueType):
    """A closed set of values; ``aliases`` maps accepted spellings to the canonical one."""

    name: ClassVar[str] = "enum"
    label: str = "enum"
    values: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        if s in self.values:
            return s
        alias = self.aliases.get(s) or self.aliases.get(s.lower())
        if alias is not None:
            return alias
        raise BadEnum(f"{self.label} must be one of {'/'.join(self.values)}")


@dataclass(frozen=True)
class StringList(ValueType):
    """A ';'-separated list (also ；, 、 and ,), blanks dropped, order kept."""

    name: ClassVar[str] = "list"

    def clean(self, value: Any) -> list[str] | None:
        if isinstance(value, list):
            return value
        s = _text(value)
        if s is None:
            return None
        return [p.strip() for p in re.split(r"[;；、,，]", s) if p.strip()]


@dataclass(frozen=True)
class ShopRef(ValueType):
    """A shop referenced as ``platform_id/shop_id``."""

    name: ClassVar[str] = "shop_ref"

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        platform, sep, shop = s.partition("/")
        if not sep or not platform.strip() or not shop.strip():
            raise BadReference("shop reference must be platform_id/shop_id")
        return f"{platform.strip()}/{shop.strip()}"


@dataclass(frozen=True)
class Account(ValueType):
    """Bank account numbers: spaces and dashes dropped; 6 to 34 letters and digits."""

    name: ClassVar[str] = "account"
    personal: ClassVar[bool] = True

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        s = re.sub(r"[\s\-_]+", "", s.translate(_FULLWIDTH_DIGITS)).upper()
        if not (6 <= len(s) <= 34) or not s.isascii() or not s.isalnum():
            raise BadFormat("account number must be 6-34 letters and digits")
        return s


@dataclass(frozen=True)
class Licence(ValueType):
    """A practitioner's licence or certificate number (执业证号, 资格证书编号): personal data, as it
    names one person. Spaces dropped, full-width digits folded; 4 to 40 characters."""

    name: ClassVar[str] = "licence"
    personal: ClassVar[bool] = True

    def clean(self, value: Any) -> str | None:
        s = _text(value)
        if s is None:
            return None
        s = re.sub(r"\s+", "", s.translate(_FULLWIDTH_DIGITS))
        if not 4 <= len(s) <= 40:
            raise BadFormat("licence number must be 4-40 characters")
        return s


# --------------------------------------------------------------------------------------------
# What an interface can declare of a type (the HTTP API's OpenAPI description is built from these,
# and validates with the same ``clean``): a regular expression, and a format name for what no
# regular expression can say (check characters, calendar dates before today).


def _either_case(charset: str) -> str:
    return "".join(dict.fromkeys(charset + charset.lower()))


USCC_PATTERN = (
    f"^[{_either_case(USCC_AUTHORITIES)}][{_either_case(USCC_CHARSET)}][0-9]{{6}}"
    f"[{_either_case(USCC_CHARSET)}]{{10}}$"
)
"""A USCC as ``USCC.clean`` reads it (either case); the check character is format ``uscc``."""

CITIZEN_ID_PATTERN = r"^[0-9]{6}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]$"
"""A citizen ID's shape; birth date (1900-01-01 … today) and check digit are format ``citizen-id``."""

REGION_PATTERN = f"^(?:{'|'.join(sorted(_PROVINCE_PREFIXES))})[0-9]{{4}}$"
"""A GB/T 2260 division code as ``RegionCode.clean`` accepts it."""

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
_DAY31 = "(?:0[1-9]|[12][0-9]|3[01])"
_DAY30 = "(?:0[1-9]|[12][0-9]|30)"
_LEAP = "(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))"
ISO_DATE_PATTERN = (
    "^(?:(?:(?:19|20)[0-9]{2}|2100)-(?:(?:0[13578]|1[02])-"
    + _DAY31
    + "|(?:0[469]|11)-"
    + _DAY30
    + "|02-(?:0[1-9]|1[0-9]|2[0-8]))|"
    + _LEAP
    + "-02-29)$"
)
"""Exactly the calendar dates EARLIEST_DATE … LATEST_DATE written YYYY-MM-DD (leap days included):
what an interface accepts as a date, so a mistyped one (``0``, ``2025-02-30``) is refused, never
read as 1970 or an empty range."""
_ISO_DATE = re.compile(ISO_DATE_PATTERN)


def iso_date(value: Any) -> dt.date:
    """A date an interface was given: ``YYYY-MM-DD`` within EARLIEST_DATE … LATEST_DATE, or BadDate."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        text = value.isoformat()
    elif isinstance(value, str):
        text = value
    else:
        raise BadDate("date must be a string YYYY-MM-DD")
    if not _ISO_DATE.fullmatch(text):
        raise BadDate(f"date must be a calendar date YYYY-MM-DD between {EARLIEST_DATE} and {LATEST_DATE}")
    return dt.date.fromisoformat(text)


# --------------------------------------------------------------------------------------------
# Vectorised acceptance for the high-cardinality codes.
#
# ``fast_valid(values)`` marks the values that are *already canonical and valid*; it is never
# more lenient than ``clean`` (anything it does not mark goes through ``clean``, which accepts
# variants and explains failures). It lets a million codes be checked in numpy, not in Python.

_ASCII = 128


def _codepoints(values: Any, width: int) -> tuple[Any, Any]:
    """(n, width) code points of ``values`` and a mask of those exactly ``width`` long."""
    import numpy as np

    vals = [v if isinstance(v, str) else "" for v in values]
    lens = np.fromiter(map(len, vals), dtype=np.int64, count=len(vals))
    ok = lens == width
    fixed = np.array([v if good else "" for v, good in zip(vals, ok, strict=True)], dtype=f"<U{width}")
    cp = fixed.view(np.uint32).reshape(len(vals), width) if len(vals) else np.zeros((0, width), np.uint32)
    return cp, ok


def _digits(cp: Any) -> Any:
    return (cp >= 48) & (cp <= 57)


def _uscc_fast(values: Any) -> Any:
    import numpy as np

    cp, ok = _codepoints(values, 18)
    lut = np.full(_ASCII + 1, -1, dtype=np.int64)
    for i, c in enumerate(USCC_CHARSET):
        lut[ord(c)] = i
    idx = lut[np.minimum(cp, _ASCII)]
    ok &= (idx >= 0).all(axis=1)
    auth = np.zeros(_ASCII + 1, dtype=bool)
    auth[[ord(c) for c in USCC_AUTHORITIES]] = True
    ok &= auth[np.minimum(cp[:, 0], _ASCII)]
    ok &= _digits(cp[:, 2:8]).all(axis=1)
    total = (np.where(idx[:, :17] < 0, 0, idx[:, :17]) * np.array(USCC_WEIGHTS)).sum(axis=1)
    ok &= idx[:, 17] == (31 - total % 31) % 31
    return ok


def _citizen_id_fast(values: Any, earliest: dt.date) -> Any:
    import numpy as np

    cp, ok = _codepoints(values, 18)
    d = cp.astype(np.int64) - 48
    ok &= _digits(cp[:, :17]).all(axis=1) & (_digits(cp[:, 17]) | (cp[:, 17] == ord("X")))
    d = np.where((d >= 0) & (d <= 9), d, 0)
    year = d[:, 6] * 1000 + d[:, 7] * 100 + d[:, 8] * 10 + d[:, 9]
    month = d[:, 10] * 10 + d[:, 11]
    day = d[:, 12] * 10 + d[:, 13]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    dim = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    dim = dim + ((month == 2) & leap)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= dim)
    today = clock_today()
    ymd = year * 10000 + month * 100 + day
    lo = earliest.year * 10000 + earliest.month * 100 + earliest.day
    ok &= (ymd >= lo) & (ymd <= today.year * 10000 + today.month * 100 + today.day)
    total = (d[:, :17] * np.array(ID_WEIGHTS)).sum(axis=1) % 11
    expect = np.frombuffer(ID_CHECK.encode(), dtype=np.uint8).astype(np.uint32)[total]
    ok &= cp[:, 17] == expect
    return ok


def _gtin_fast(values: Any) -> Any:
    import numpy as np

    cp, ok = _codepoints(values, 13)
    ok &= _digits(cp).all(axis=1)
    d = np.where(_digits(cp), cp.astype(np.int64) - 48, 0)
    total = (d[:, :12] * np.tile([1, 3], 6)).sum(axis=1)
    ok &= d[:, 12] == (10 - total % 10) % 10
    return ok


def _phone_fast(values: Any) -> Any:
    """Digits-only canonical numbers: 11-digit mobiles and 0-prefixed 10-12 digit landlines."""
    import numpy as np

    vals = [v if isinstance(v, str) else "" for v in values]
    lens = np.fromiter(map(len, vals), dtype=np.int64, count=len(vals))
    out = np.zeros(len(vals), dtype=bool)
    for width in (10, 11, 12):
        rows = np.flatnonzero(lens == width)
        if not len(rows):
            continue
        cp, ok = _codepoints([vals[i] for i in rows], width)
        ok &= _digits(cp).all(axis=1)
        c0, c1 = cp[:, 0], cp[:, 1]
        landline = (c0 == ord("0")) & (c1 != ord("0"))
        if width == 11:
            mobile = (c0 == ord("1")) & (c1 >= ord("3"))
            ok &= landline | mobile
        elif width == 10:
            service = ((c0 == ord("4")) | (c0 == ord("8"))) & (c1 == ord("0")) & (cp[:, 2] == ord("0"))
            ok &= landline | service
        else:
            ok &= landline
        out[rows] = ok
    return out


# The registry: the only place loaders find a type by name.
registry: dict[str, ValueType] = {
    t.name: t
    for t in (
        Text(),
        USCC(),
        CitizenID(),
        GTIN13(),
        Phone(),
        Date(),
        Ratio(),
        Number(),
        Integer(),
        RegionCode(),
        Boolean(),
        StringList(),
        ShopRef(),
        Account(),
        Licence(),
    )
}

uscc = registry["uscc"]
citizen_id = registry["citizen_id"]
gtin = registry["gtin"]
phone = registry["phone"]
date = registry["date"]
ratio = registry["ratio"]
region = registry["region"]
boolean = registry["boolean"]


def get(name: str) -> ValueType:
    """The type registered under ``name``; an unknown name is a programming error."""
    try:
        return registry[name]
    except KeyError as err:
        raise KeyError(f"no value type {name!r}; known: {sorted(registry)}") from err


# --------------------------------------------------------------------------------------------
# Masking and keyed hashes of personal identifiers


def mask_id(id_number: str) -> str:
    """``320402199001010754`` → ``320402********0754``: region kept, birth date and sequence hidden."""
    s = str(id_number)
    if len(s) <= 10:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


def mask_phone(number: str) -> str:
    """``13812345678`` → ``138****5678``; other lengths keep 3 in front and 4 behind."""
    s = str(number)
    if len(s) <= 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


def mask_account(account_no: str) -> str:
    """Only the last four characters survive."""
    s = str(account_no)
    return "*" * max(len(s) - 4, 0) + s[-4:] if len(s) > 4 else "*" * len(s)


def mask_value(type_name: str, value: Any) -> Any:
    """Mask ``value`` if its type is personal; other values pass unchanged."""
    if value is None or value == "":
        return value
    if type_name == "citizen_id":
        return mask_id(str(value))
    if type_name == "phone":
        return mask_phone(str(value))
    if type_name in ("account", "licence"):
        return mask_account(str(value))
    return value


def identifier_key(kind: str, value: str, secret: str) -> str:
    """A keyed hash (BLAKE2b in its MAC mode) of an identifier, namespaced by ``kind`` so a phone
    never meets an account. Keyed, so the small space of valid ID numbers cannot be enumerated
    back from the keys without the database's secret; BLAKE2b, because a million-subject batch
    hashes millions of identifiers and it is ~4x faster than HMAC-SHA256 here."""
    return hashlib.blake2b(f"{kind}:{value}".encode(), key=_secret_key(secret), digest_size=32).hexdigest()


@lru_cache(maxsize=8)
def _secret_key(secret: str) -> bytes:
    """BLAKE2b keys are at most 64 bytes; a longer secret is reduced to its SHA-256."""
    raw = secret.encode()
    return raw if len(raw) <= 64 else hashlib.sha256(raw).digest()


def id_key(id_number: str, secret: str) -> str:
    """The node key of a person: the same (cleaned) citizen ID always gives the same key."""
    return identifier_key("citizen_id", str(id_number).strip().upper(), secret)
