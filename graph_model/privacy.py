"""Masking personal data in results: the one walk the API, the CLI and the analysts' client share.

The personal fields are the schema's own (``personal: true``: ``id_number``, a Phone's ``number``,
``account_no``, a Qualification's ``licence_no``) plus the names outputs give phones and accounts (``phone``, ``phones``,
``accounts``). A dict that says its label (``_label`` or ``label``) is masked by that label's
personal properties, so a PolicyDocument's ``number`` survives; any other dict by field name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from .schema import load_schema
from .types import citizen_id_check_char, mask_account, mask_id, mask_phone, uscc_check_char

MASKERS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id,
    "number": mask_phone,
    "account_no": mask_account,
    "licence_no": mask_account,
    "phone": mask_phone,
    "phones": mask_phone,
    "accounts": mask_account,
}
OUTPUT_NAMES = frozenset({"phone", "phones", "accounts"})

# Fields whose strings are validated codes that look like digits runs but are no personal data:
# a product's GTIN-13 barcode (13 digits, an account's length).
NOT_FREE_TEXT = frozenset({"barcode"})

# -- personal data inside free text ---------------------------------------------------------------
# 18-character citizen IDs (6 region digits, birth date 18/19/20YYMMDD, 3 digits, check 0-9/X);
# masked when the check character is right (a wrong one is an 18-digit run: the account rule).
_ID = re.compile(
    r"(?<![0-9A-Za-z*])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z*])"
)
# mainland mobile numbers, with +86/0086/86 in front or not, written whole or as 3-4-4 groups
_PHONE = re.compile(r"(?<![0-9A-Za-z*])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z*])")
# bank cards and accounts: 12-30 digits in one run, or in groups of four split by a space or a dash
# (6222 0212 3456 7890). Shorter accounts cannot be told from other numbers in prose.
_ACCOUNT = re.compile(
    r"(?<![0-9A-Za-z*])(?:\d{4}(?:[ -]\d{4}){2,6}(?:[ -]\d{1,4})?|\d{12,30})(?![0-9A-Za-z*])"
)


def _is_company_code(digits: str) -> bool:
    """An all-digit USCC is a company's public code, not an account: valid check character, a
    registration authority and type code, and a province code 11-65."""
    if len(digits) != 18 or digits[0] not in "159" or not 11 <= int(digits[2:4]) <= 65:
        return False
    try:
        return uscc_check_char(digits[:17]) == digits[17]
    except ValueError:
        return False


def _masked_id(match: re.Match[str]) -> str:
    found = match.group(0)
    return mask_id(found) if citizen_id_check_char(found[:17]) == found[17].upper() else found


def _masked_account(match: re.Match[str]) -> str:
    found = match.group(0)
    return found if _is_company_code(found) else mask_account(found)


def scrub_text(text: str) -> str:
    """``text`` with every checksum-valid citizen ID, mobile phone and account number in it masked.

    The one scrubber of free text: outputs for roles that see masked data, the application log,
    the audit file and error messages all go through it."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _ID.sub(_masked_id, text)
    text = _PHONE.sub(lambda m: mask_phone(m.group(0)), text)
    return _ACCOUNT.sub(_masked_account, text)


def scrub(value: Any, field: str | None = None) -> Any:
    """A copy of ``value`` (JSON-like) with :func:`scrub_text` applied to every string in it."""
    if isinstance(value, str):
        return value if field in NOT_FREE_TEXT else scrub_text(value)
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, field) for v in value]
    return value


@cache
def personal_fields(label: str | None = None) -> frozenset[str]:
    """The fields masked in a dict of ``label`` (or in a row that names no label)."""
    schema = load_schema()
    if label in schema.nodes:
        return frozenset(schema.nodes[label].personal) | OUTPUT_NAMES
    return frozenset(schema.personal_properties) | OUTPUT_NAMES


def mask_value(field: str, value: Any) -> Any:
    """One personal value (or a list of them) masked; empty values pass unchanged."""
    if value is None or value == "" or (isinstance(value, float) and value != value):  # NaN
        return value
    masker = MASKERS.get(field, mask_id)
    if isinstance(value, list | tuple):
        return [masker(str(v)) if v not in (None, "") else v for v in value]
    return masker(str(value))


def mask(
    value: Any,
    *,
    skip: frozenset[str] = frozenset(),
    drop: bool = False,
    text: Callable[[str], str] | None = scrub_text,
) -> Any:
    """A copy of ``value`` (dicts, lists, tuples, scalars) with personal fields masked.

    ``skip`` names fields a caller knows are not personal although they share a personal name (a
    document's ``number`` in a flat row); ``drop`` removes personal fields instead of masking them;
    ``text`` masks personal data inside every other string (None leaves strings as they are).
    """
    if isinstance(value, str):
        return text(value) if text is not None else value
    if isinstance(value, list):
        return [mask(v, skip=skip, drop=drop, text=text) for v in value]
    if isinstance(value, tuple):
        return tuple(mask(v, skip=skip, drop=drop, text=text) for v in value)
    if not isinstance(value, dict):
        return value
    label = value.get("_label") or value.get("label")
    fields = personal_fields(label if isinstance(label, str) else None)
    out: dict[str, Any] = {}
    for k, v in value.items():
        if k in fields and k not in skip and not isinstance(v, dict):
            if not drop:
                out[k] = mask_value(k, v)
        elif k in NOT_FREE_TEXT:
            out[k] = v
        else:
            out[k] = mask(v, skip=skip, drop=drop, text=text)
    return out
