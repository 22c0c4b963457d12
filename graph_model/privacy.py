"""Masking personal data in results: the one walk the API, the CLI and the analysts' client share.

The personal fields are the schema's own (``personal: true``: ``id_number``, a Phone's ``number``,
``account_no``) plus the names outputs give phones and accounts (``phone``, ``phones``,
``accounts``). A dict that says its label (``_label`` or ``label``) is masked by that label's
personal properties, so a PolicyDocument's ``number`` survives; any other dict by field name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from .schema import load_schema
from .types import mask_account, mask_id, mask_phone

MASKERS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id,
    "number": mask_phone,
    "account_no": mask_account,
    "phone": mask_phone,
    "phones": mask_phone,
    "accounts": mask_account,
}
OUTPUT_NAMES = frozenset({"phone", "phones", "accounts"})

# Free text typed by people (an objection's reason, a reply, a violation's description) may carry
# an ID number or a phone: callers that can scan text pass a ``text`` masker for these fields.
FREE_TEXT = frozenset({"reason", "reply", "filed_by", "description", "text"})


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
    text: Callable[[str], str] | None = None,
) -> Any:
    """A copy of ``value`` (dicts, lists, tuples, scalars) with personal fields masked.

    ``skip`` names fields a caller knows are not personal although they share a personal name (a
    document's ``number`` in a flat row); ``drop`` removes personal fields instead of masking them;
    ``text`` masks the free-text fields.
    """
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
        elif text is not None and k in FREE_TEXT and isinstance(v, str):
            out[k] = text(v)
        else:
            out[k] = mask(v, skip=skip, drop=drop, text=text)
    return out
