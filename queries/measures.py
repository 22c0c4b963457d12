"""What a list entry's measures bar or grant its subject, read from the policy data.

The mapping lives in ``graph_model/resources/measures.yaml`` with the document and clause of each
measure; alerts apply only the entry's own measures, so a person listed only with 限制担任法定代表人
who becomes a 监事 is not a hit, and every hit names the measure (and its clause) that bars it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from creditgraph.graph_model.resources import RESOURCES
from creditgraph.graph_model.yamlfile import read_yaml

MEASURES_FILE = RESOURCES / "measures.yaml"
INCENTIVES_FILE = MEASURES_FILE.with_name("incentives.yaml")
PRESENCES = ("company_role", "company_holding", "shop", "courier")
LEGAL_REP = "法定代表人"


@dataclass(frozen=True)
class Bar:
    """One measure barring one kind of presence (a role in a company, an open shop …)."""

    name: str
    presence: str
    roles: tuple[str, ...]
    new_only: bool
    document: str
    clause: str

    def bars(self, presence: str, role: str | None, after_listing: bool) -> bool:
        """Whether this measure bars a ``presence`` (with its ``role``) begun before or after the listing."""
        if presence != self.presence or (self.new_only and not after_listing):
            return False
        return not self.roles or role in self.roles

    def out(self) -> dict[str, str]:
        return {"name": self.name, "document": self.document, "clause": self.clause}


@cache
def bars() -> tuple[Bar, ...]:
    """Every (measure, presence) bar of the policy data, in the file's order (the first that bars wins)."""
    out = []
    for m in read_yaml(MEASURES_FILE)["measures"]:
        if m["presence"] not in PRESENCES:
            raise ValueError(f"{MEASURES_FILE.name}: {m['name']}: unknown presence {m['presence']!r}")
        out.append(
            Bar(
                name=m["name"],
                presence=m["presence"],
                roles=tuple(m.get("roles") or ()),
                new_only=bool(m.get("new_only")),
                document=m["document"],
                clause=m["clause"],
            )
        )
    return tuple(out)


def barring(
    measures: Iterable[str] | None, presence: str, role: str | None, after_listing: bool
) -> Bar | None:
    """The first of an entry's ``measures`` that bars the presence, or None (an entry without
    measures bars nothing: the documents attach each restriction to a measure)."""
    own = set(measures or ())
    for bar in bars():
        if bar.name in own and bar.bars(presence, role, after_listing):
            return bar
    return None


def presence_of(entity_label: str | None, rel: str | None, role: str | None) -> tuple[str, str | None]:
    """The kind of presence (and the role) an alert row's tie is: a company role, a holding, a shop."""
    if entity_label == "Shop":
        return "shop", None
    if entity_label in ("Platform", "Courier"):
        return "courier", None
    if rel == "SHAREHOLDER_OF":
        return "company_holding", None
    return "company_role", LEGAL_REP if rel == "LEGAL_REP_OF" else role


def bar_for_row(row: dict[str, Any], after_listing: bool) -> Bar | None:
    """The measure of the row's entry that bars the row's tie (``entity_label``, ``rel``, ``role``)."""
    presence, role = presence_of(row.get("entity_label"), row.get("rel"), row.get("role"))
    return barring(row.get("measures"), presence, role, after_listing)


@dataclass(frozen=True)
class Incentive:
    """One red-list incentive (守信激励措施) for one kind of subject, with its clause."""

    name: str
    kinds: tuple[str, ...]
    intermediary: bool
    grants: str
    document: str
    clause: str
    text: str

    def applies_to(self, kind: str, intermediary: bool) -> bool:
        """Whether the documents grant it to a red-listed subject of ``kind`` (an intermediary-only
        incentive needs a company with an approval-related intermediary category)."""
        return kind in self.kinds and (intermediary or not self.intermediary)

    def out(self) -> dict[str, str]:
        return {
            "name": self.name,
            "grants": self.grants,
            "document": self.document,
            "clause": self.clause,
            "text": self.text,
        }


@cache
def incentives() -> tuple[Incentive, ...]:
    """Every red-list incentive of the policy data, in the file's order."""
    return tuple(
        Incentive(
            name=m["name"],
            kinds=tuple(m["kinds"]),
            intermediary=bool(m.get("intermediary")),
            grants=m["grants"],
            document=m["document"],
            clause=m["clause"],
            text=m["text"],
        )
        for m in read_yaml(INCENTIVES_FILE)["incentives"]
    )


@cache
def suspension_rule() -> dict[str, str]:
    """Where the rule that a black-list entry in force suspends red-list incentives comes from."""
    return dict(read_yaml(INCENTIVES_FILE)["suspension"])


def restriction(name: str) -> dict[str, Any] | None:
    """A black-list measure as the documents state it: what it bars (every presence it reaches),
    its document and clause; None for a name no document gives."""
    rows = [b for b in bars() if b.name == name]
    if not rows:
        return None
    return {
        "name": name,
        "bars": [
            {
                "presence": b.presence,
                "roles": list(b.roles),
                "new_only": b.new_only,
                "document": b.document,
                "clause": b.clause,
            }
            for b in rows
        ],
        "document": rows[0].document,
        "clause": rows[0].clause,
    }


PURPOSES_FILE = MEASURES_FILE.with_name("purposes.yaml")


@dataclass(frozen=True)
class PurposeBar:
    """One measure that bars one purpose of a screening, with the clause that ties them."""

    purpose: str
    measure: str
    document: str
    clause: str
    text: str

    def out(self) -> dict[str, str]:
        return {
            "purpose": self.purpose,
            "measure": self.measure,
            "document": self.document,
            "clause": self.clause,
            "text": self.text,
        }


@cache
def purposes() -> dict[str, tuple[PurposeBar, ...]]:
    """Every screening purpose of the policy data (in the file's order) with the measures that bar it."""
    return {
        p["name"]: tuple(
            PurposeBar(p["name"], b["measure"], b["document"], b["clause"], b["text"]) for b in p["barred_by"]
        )
        for p in read_yaml(PURPOSES_FILE)["purposes"]
    }


def purpose_bars(measures: Iterable[str] | None, purpose: str) -> list[PurposeBar]:
    """The bars of ``purpose`` that an entry's ``measures`` name (empty: the entry does not bar it)."""
    own = set(measures or ())
    return [b for b in purposes()[purpose] if b.measure in own]


@cache
def known_measures() -> frozenset[str]:
    """Every measure name the policy data states (a presence bar, a purpose bar or an incentive)."""
    names = {b.name for b in bars()} | {b.measure for bs in purposes().values() for b in bs}
    return frozenset(names | {i.name for i in incentives()})
