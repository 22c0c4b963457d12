"""Naming subjects the way users do: a kind and the identifier from the contract.

Users say "company 91320400…", "person 320402…", "shop tmall/88001"; the graph keys persons by a
keyed hash of the ID number. This module turns one into the other, and shapes a subject for output
(persons' keys shown masked: the node key is opaque, the ID is personal data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from creditgraph.graph_model.errors import InputError, NotFound
from creditgraph.graph_model.identity import SECRET_KEY
from creditgraph.graph_model.privacy import scrub_text
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.base import Store
from creditgraph.graph_model.types import citizen_id_check_char, id_key, mask_id

from .library import query

KINDS = load_schema().subject_kinds  # {"company": "Company", …}: each subject's `kind` in the schema
LABEL_KINDS = {v: k for k, v in KINDS.items()}
_NODE_KEY = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SubjectRef:
    label: str
    key: str  # the node key
    # the subject's node as ``resolve`` read it, so the answer that follows need not read it again
    # (~0.25 ms of an entity file's ~2.7 ms on 1M subjects); not part of the reference's identity
    node: dict[str, Any] | None = dataclass_field(default=None, compare=False, hash=False, repr=False)

    @property
    def kind(self) -> str:
        return LABEL_KINDS[self.label]


def in_force(link: dict[str, Any], as_of: date) -> bool:
    """A link (role, shareholding, operation …) holds on ``as_of``: begun, not yet ended; an
    unknown date does not exclude it."""
    since, until = link.get("since"), link.get("until")
    return (since is None or since <= as_of) and (until is None or until > as_of)


def label_of(kind: str) -> str:
    try:
        return KINDS[kind.lower()]
    except KeyError:
        raise InputError(f"kind must be one of {sorted(KINDS)}, not {kind!r}") from None


# region (first digit 1-8), birth date 18/19/20YYMMDD, sequence, check character
_CITIZEN_ID = re.compile(r"[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")


def is_citizen_id(ident: str) -> bool:
    """A citizen ID's shape (region, birth date) and a right check character. The check character
    alone passes one all-digit USCC in eleven (913204000000000849), which would then be hashed and
    masked as if it were a person's ID."""
    s = (ident or "").strip().upper()
    return bool(_CITIZEN_ID.fullmatch(s)) and citizen_id_check_char(s[:17]) == s[17]


def person_key(store: Store, ident: str) -> str:
    """A person's node key from an ID number (or the node key itself, which passes through)."""
    ident = ident.strip()
    if _NODE_KEY.fullmatch(ident):
        return ident
    if not is_citizen_id(ident):
        raise InputError(
            f"a person is named by an 18-character citizen ID (with its check character) or the "
            f"64-hex key the graph gives persons, not {scrub_text(ident)!r}"
        )
    secret = store.get_meta(SECRET_KEY)
    if secret is None:
        raise NotFound("this database holds no persons yet")
    return id_key(ident.upper(), secret)


def resolve(store: Store, kind: str, ident: str) -> SubjectRef:
    """The subject a user names; ``NotFound`` if the graph does not hold it."""
    label = label_of(kind)
    key = person_key(store, ident) if label == "Person" else ident.strip()
    rows = query(store, "subject", subject=label, key=key)
    if not rows:
        raise NotFound(f"no {kind} {display_key(label, ident)} in the graph")
    return SubjectRef(label, key, rows[0]["s"])


def display_key(label: str, key: str, id_masked: str | None = None) -> str:
    """What a person may see of a key: persons' IDs masked, everything else as is."""
    if label != "Person":
        return key
    if id_masked:
        return id_masked
    return mask_id(key) if not _NODE_KEY.fullmatch(key) else key[:8] + "…"


def subject_out(label: str, key: str, name: Any, people: dict[str, dict] | None = None) -> dict[str, Any]:
    """The ``{kind, key, name}`` shape every alert uses; a person's key is the masked ID.

    ``id_number`` travels alongside for persons so the API can unmask it for roles allowed to see
    it; every other output path masks it (see api/privacy.py)."""
    out: dict[str, Any] = {
        "kind": LABEL_KINDS.get(label, label.lower()),
        "key": key,
        "name": name,
        "node_key": key,
    }
    if label == "Person":
        person = (people or {}).get(key, {})
        out["key"] = person.get("id_masked") or display_key(label, key)
        out["id_number"] = person.get("id_number")
    return out


def people_by_key(store: Store, keys: list[str]) -> dict[str, dict]:
    if not keys:
        return {}
    return {r["key"]: r for r in query(store, "persons_by_key", keys=sorted(set(keys)))}


# The personal value of a shared identifier, under the field name the privacy layer masks by.
IDENTIFIER_VALUES = {"Phone": ("phone_numbers", "number"), "Account": ("account_numbers", "account_no")}


def identifier_values(store: Store, refs: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(label, key): {"number": …}}`` for the phones and accounts among ``refs``.

    Node names hold only the masked form; the value itself travels under its personal field name
    so investigators read it and every other role gets it masked (graph_model.privacy)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for label, (name, field) in IDENTIFIER_VALUES.items():
        keys = sorted({k for lbl, k in refs if lbl == label})
        if keys:
            for r in query(store, name, keys=keys):
                out[(label, r["key"])] = {field: r[field]}
    return out


def name_persons(store: Store, text: str) -> str:
    """``text`` with every person's 64-hex node key replaced by the name and masked citizen ID users
    know the person by (``王伟 320402********0754``); keys of no person stay as they are."""
    keys = sorted(set(_ANY_NODE_KEY.findall(text)))
    people = people_by_key(store, keys)

    def named(match: re.Match[str]) -> str:
        p = people.get(match.group(0))
        if p is None:
            return match.group(0)
        ident = p.get("id_masked") or (
            mask_id(p["id_number"]) if p.get("id_number") else match.group(0)[:8] + "…"
        )
        return f"{p.get('name') or '(no name)'} {ident}"

    return _ANY_NODE_KEY.sub(named, text)


_ANY_NODE_KEY = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
