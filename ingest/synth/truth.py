"""The batch's ``truth.json`` entries, built in one place: a planted pattern states what it planted
(a reappearance, a barred tie, a decoy, a courier ban, a ring) through these builders, so an entry
of a kind has one shape wherever it is planted. What each kind means is told by the module that
plants it (:mod:`creditgraph.ingest.synth.reappearance`, :mod:`creditgraph.ingest.synth.barred_roles`, ...)."""

from __future__ import annotations

from typing import Any

from creditgraph.ingest.synth.fake import iso

#: Every list of truth.json, in the order the file holds them.
KEYS = (
    "reappearances",
    "courier_bans",
    "rings",
    "generic_identifiers",
    "decoys",
    "barred_roles",
    "barred_role_decoys",
    "bad_rows",
    "practitioners",
    "practitioner_decoys",
    "intermediaries_eligible",
    "intermediary_decoys",
    "inspections",
    "broken_commitments",
    "broken_commitment_decoys",
    "complaint_warnings",
    "complaint_decoys",
)

Entry = dict[str, Any]


def ref(kind: str, id_: str) -> dict[str, str]:
    """A subject or entity as truth names it: ``{kind, id}`` with the contract's key."""
    return {"kind": kind, "id": id_}


class Truth(dict[str, list[Entry]]):
    """truth.json's lists by name, with one builder per kind of entry the patterns share."""

    def __init__(self) -> None:
        super().__init__((k, []) for k in KEYS)

    def reappearance(
        self, basis: str, person: str, listed: dict, eid: str, at: int, entity: dict, since: int, **extra: Any
    ) -> None:
        """A black-listed subject's person in a role (``entity``) begun ``since`` the listing ``at``."""
        self["reappearances"].append(
            {
                "basis": basis,
                "person": person,
                "listed": listed,
                "entry_id": eid,
                "listed_at": iso(at),
                "entity": entity,
                "since": iso(since),
                **extra,
            }
        )

    def decoy(self, shape: str, who: dict[str, str], eid: str, entity: dict, why: str) -> None:
        """A shape like a reappearance or a courier ban that must not be found; ``who`` is
        ``{"person": id_number}`` or ``{"courier": courier_id}``."""
        self["decoys"].append({"shape": shape, **who, "entry_id": eid, "entity": entity, "why": why})

    def barred(
        self,
        subject: str,
        eid: str,
        listed: int,
        entity: dict,
        role: str | None,
        since: int,
        measure: str | None = None,
        kind: str = "person",
    ) -> None:
        """A tie the entry's measures bar on AS_OF; a role's measure defaults to the one naming it
        (法定代表人 -> 限制担任法定代表人, else 限制担任董监高)."""
        if measure is None:
            measure = "限制担任法定代表人" if role == "法定代表人" else "限制担任董监高"
        self["barred_roles"].append(
            {
                "subject": ref(kind, subject),
                "entry_id": eid,
                "listed_at": iso(listed),
                "entity": entity,
                "role": role,
                "measure": measure,
                "since": iso(since),
                "began": "after_listing" if since > listed else "before_listing",
            }
        )

    def not_barred(
        self, shape: str, subject: str, eid: str, entity: dict, why: str, kind: str = "person"
    ) -> None:
        """A tie of a listed subject that the barred-roles alert must not report."""
        self["barred_role_decoys"].append(
            {"shape": shape, "subject": ref(kind, subject), "entry_id": eid, "entity": entity, "why": why}
        )

    def courier_ban(self, courier: str, listed: dict, eid: str, at: int, entity: dict, since: int) -> None:
        """A courier banned from platforms (``listed``: it, or its operator) serving ``entity`` since."""
        self["courier_bans"].append(
            {
                "courier": courier,
                "listed": listed,
                "entry_id": eid,
                "listed_at": iso(at),
                "entity": entity,
                "since": iso(since),
                "until": "",
            }
        )

    def ring(self, pattern: str, members: list[dict], identifiers: list[dict], flagged: dict) -> None:
        """Subjects linked by shared identifiers, one of them flagged (``{kind, id, via, ref}``)."""
        self["rings"].append(
            {"pattern": pattern, "members": members, "identifiers": identifiers, "flagged": [flagged]}
        )
