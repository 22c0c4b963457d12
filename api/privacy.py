"""Masking of result payloads by role: the one place the API decides who sees personal data.

The personal fields are the schema's own (``personal: true``: ``id_number``, ``number`` of a Phone,
``account_no``) plus any field named ``phone``/``phones``. A node dict that carries its ``_label``
is masked by that label's personal properties (so a PolicyDocument's ``number`` is left alone);
a plain row by field name. The maskers are ``graph_model.types``'s.

* ``investigator``: unmasked;
* ``regulator``, ``analyst``: masked (``320402********0754``, ``138****5678``, ``****1234``);
* ``public``: personal fields removed altogether (public routes never return persons anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from graph_model.schema import load_schema
from graph_model.types import mask_account, mask_id, mask_phone

from .logsafe import mask_text
from .security import User

# Field name → masker. ``number`` is a Phone's number in the schema (personal: true).
MASKERS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id,
    "number": mask_phone,
    "account_no": mask_account,
    "phone": mask_phone,
    "phones": mask_phone,
    "accounts": mask_account,
}


# Free text typed by people (an objection's reason, a reply, a violation's description) may carry
# an ID number or a phone: for masked roles it goes through the log filter's patterns too.
FREE_TEXT = frozenset({"reason", "reply", "filed_by", "description", "text"})


@cache
def personal_fields() -> frozenset[str]:
    """The schema's personal property names plus the API's own names for phones and accounts."""
    return frozenset(load_schema().personal_properties | {"phone", "phones", "accounts"})


@cache
def _label_personal(label: str) -> frozenset[str] | None:
    schema = load_schema()
    if label not in schema.nodes:
        return None
    return frozenset(schema.nodes[label].personal)


def _mask_one(field: str, value: Any) -> Any:
    if value is None or value == "":
        return value
    masker = MASKERS.get(field, mask_id)
    if isinstance(value, list):
        return [masker(str(v)) if v not in (None, "") else v for v in value]
    return masker(str(value))


def mask_payload(payload: Any, role: str, *, not_personal: frozenset[str] = frozenset()) -> Any:
    """A copy of ``payload`` (dicts, lists, scalars) fit for ``role`` to see.

    ``not_personal`` names fields a route knows are not personal although they share a personal
    name (e.g. a document's ``number`` in a flat row).
    """
    if role == "investigator":
        return payload
    return _walk(payload, role, not_personal)


def _walk(value: Any, role: str, skip: frozenset[str]) -> Any:
    if isinstance(value, list):
        return [_walk(v, role, skip) for v in value]
    if not isinstance(value, dict):
        return value
    label = value.get("_label") or value.get("label")
    fields = _label_personal(label) if isinstance(label, str) else None
    fields = personal_fields() if fields is None else fields | {"phone", "phones", "accounts"}
    out: dict[str, Any] = {}
    for k, v in value.items():
        if k in fields and k not in skip:
            if role == "public":
                continue
            out[k] = _mask_one(k, v)
        elif k in FREE_TEXT and isinstance(v, str):
            out[k] = mask_text(v)
        else:
            out[k] = _walk(v, role, skip)
    return out


def view_for(user: User, payload: Any, **kw: Any) -> Any:
    return mask_payload(payload, user.role, **kw)
