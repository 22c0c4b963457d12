"""Open-world agency resolution: every mention lands on a body, known or created.

The registry (agencies.yaml) knows the bodies the seed documents name; documents from other
places name bodies it has never seen. A mention is therefore resolved by rules, not by a closed
list (the rules are data: ingest/resources/agency_forms.yaml):

1. the registry, as before (aliases in the document's jurisdiction, typos, host forms …);
2. the mention's full name, built from its place and its abbreviation: the prefix names the place
   relative to the document (市X in a 无锡市 document → 无锡市X, 省X → 江苏省X), a mention that
   carries its own place keeps it (苏州海关, 人民银行南通市中心支行, 徐州银保监分局), and short forms
   meet full ones (市场监管局 = 市场监督管理局, 发展改革委 = 发展和改革委员会, 人社局 = 人力资源和社会保障局);
3. that full name in that place: a registry body when one has it, else a body created there,
   marked inferred, with the rule that made it. The created body's key is its place and full
   name, so the next mention (in this document, another one, or a later ingest) meets the same node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from creditgraph.graph_model.normalize import compact
from creditgraph.graph_model.reference.policy import Agency, Jurisdiction
from creditgraph.graph_model.reference.registry import Registry
from creditgraph.graph_model.yamlfile import read_yaml

from ..resources import INGEST_RESOURCES

FORMS_FILE = "agency_forms.yaml"
_HOST_FORM = re.compile(r"^(?P<host>.+?)\((?P<inner>[^()]+)\)$")
How = Literal["registry", "rule", "created"]


@dataclass(frozen=True)
class Form:
    """One short form and what it stands for (see agency_forms.yaml)."""

    short: str
    full: str | None
    template: str | None
    by_level: dict[str, str]
    kind: str
    current: bool
    superseded_by: str | None


@dataclass(frozen=True)
class Placed:
    """A pattern for mentions that carry their own place."""

    patterns: tuple[re.Pattern[str], ...]
    template: str
    note: str
    current: bool


@dataclass
class Rules:
    """agency_forms.yaml, compiled."""

    prefixes: dict[str, str]
    party: tuple[re.Pattern[str], str]
    youth_league: tuple[re.Pattern[str], str]
    placed: list[Placed]
    forms: list[Form]  # longest short form first


@cache
def load_rules(resources: Path = INGEST_RESOURCES) -> Rules:
    """The resolution rules shipped beside the registry (cached)."""
    data = read_yaml(resources / FORMS_FILE)
    forms = [
        Form(
            short=compact(short),
            full=f.get("full"),
            template=f.get("template"),
            by_level=dict(f.get("by_level") or {}),
            kind=f.get("kind", "agency"),
            current=bool(f.get("current", False)),
            superseded_by=f.get("superseded_by"),
        )
        for f in data["forms"]
        for short in f["short"]
    ]
    return Rules(
        prefixes=dict(data["prefixes"]),
        party=(re.compile(data["party"]["pattern"]), data["party"]["template"]),
        youth_league=(re.compile(data["youth_league"]["pattern"]), data["youth_league"]["template"]),
        placed=[
            Placed(
                tuple(re.compile(p) for p in x["patterns"]),
                x["template"],
                x.get("note", ""),
                bool(x.get("current", False)),
            )
            for x in data["placed"]
        ],
        forms=sorted(forms, key=lambda f: -len(f.short)),
    )


@dataclass
class Resolution:
    """The body a mention names and how it was found: ``registry`` (an alias the registry knows),
    ``rule`` (the full name built by the rules is a registry body) or ``created`` (an inferred
    body, made by this mention or an earlier one)."""

    agency: Agency
    how: How
    rule: str


@dataclass
class _Name:
    """A full name in a place and the steps that built it."""

    name: str
    place: str
    steps: list[str] = field(default_factory=list)
    kind: str = "agency"


def short_name(name: str) -> str:
    """苏州市 → 苏州, 江苏省 → 江苏, 昆山市 → 昆山 (a name keeps at least two characters)."""
    return name[:-1] if len(name) > 2 and name[-1] in "省市区县" else name


class Resolver:
    """Resolves mentions against the registry, then by rules; remembers the bodies it created."""

    def __init__(self, registry: Registry, rules: Rules | None = None) -> None:
        self.reg = registry
        self.rules = rules or load_rules()
        self.jurisdictions: dict[str, Jurisdiction] = dict(registry.jurisdictions)
        self.created: dict[str, Agency] = {}
        self._by_name: dict[tuple[str, str], str] = {}
        for a in registry.agencies.values():
            for form in (a.name, *a.aliases):
                self._by_name.setdefault((a.jurisdiction, compact(form)), a.id)
        self._places: dict[str, list[str]] = {}
        for j in self.jurisdictions.values():
            self._index_place(j)

    # ------------------------------------------------------------------ places
    def _index_place(self, j: Jurisdiction) -> None:
        for form in {j.name, short_name(j.name), *j.names}:
            codes = self._places.setdefault(form, [])
            if j.code not in codes:
                codes.append(j.code)

    def add_jurisdiction(self, j: Jurisdiction) -> None:
        """A place the registry does not know (a document from another province)."""
        if j.code not in self.jurisdictions:
            self.jurisdictions[j.code] = j
            self._index_place(j)

    def chain(self, code: str) -> list[str]:
        """The code and its ancestors, most specific first."""
        out: list[str] = []
        cur: str | None = code
        while cur and cur in self.jurisdictions and cur not in out:
            out.append(cur)
            cur = self.jurisdictions[cur].parent
        return out

    def place_code(self, place: str, near: str) -> str | None:
        """The jurisdiction a place name means, preferring one in or under `near`'s province."""
        codes = self._places.get(place, [])
        if not codes:
            return None
        home = set(self.chain(near))
        province = self.chain(near)[-1] if home else None
        for code in codes:
            if code in home:
                return code
        for code in codes:
            if province and province in self.chain(code):
                return code
        return codes[0]

    def _prefix_place(self, prefix: str, code: str) -> str | None:
        """The place a level prefix (省 市 区 县) names in a document of `code`, or None."""
        chain = self.chain(code)
        j = self.jurisdictions[code]
        level = self.rules.prefixes[prefix]
        if level == "province":
            top = self.jurisdictions[chain[-1]]
            return top.code if top.level == "province" else None
        if j.level == "province":
            return None
        suffix = j.name[-1]
        if level == "city":
            if j.level == "city" or suffix == "市":
                return code
            return j.parent if j.parent in self.jurisdictions else None
        wanted = "区" if level == "district" else "县"
        return code if j.level == "county" and suffix == wanted else None

    def official(self, code: str) -> str:
        """The place as a body's full name opens with it: a district keeps its city in front
        (常州市武进区市场监督管理局); a county-level city or a county stands alone (江阴市公安局)."""
        j = self.jurisdictions[code]
        parent = self.jurisdictions.get(j.parent or "")
        if j.level == "county" and j.name.endswith("区") and parent is not None:
            return parent.name + j.name
        return j.name

    # ------------------------------------------------------------------ names
    def _expand(self, rest: str, place: str) -> tuple[str, list[str], str]:
        """The full name of `rest` (the mention without its place) in `place`, the steps, the kind."""
        j = self.jurisdictions[place]
        pname = self.official(place)
        for form in self.rules.forms:
            if not rest.endswith(form.short):
                continue
            head = rest[: -len(form.short)]
            level_form = form.by_level.get(j.level, "") if form.by_level else ""
            if form.template:
                full = form.template.format(
                    place=pname, short=short_name(j.name), by_level=level_form, branch=""
                )
                if head:
                    continue  # a template names the whole body; 'X税务局' with more in front is not it
                steps = [f"{form.short} → {full}"]
            else:
                tail = form.full or level_form
                if not tail:
                    continue
                full = pname + head + tail
                steps = [f"{form.short} → {tail}"] if tail != form.short else []
            if form.current:
                steps.append("a post-reform name: the current body, no succession")
            if form.superseded_by:
                steps.append(
                    f"a pre-reform name, later {form.superseded_by}; no reform date for this place in "
                    "the registry, so no succession is linked"
                )
            return full, steps, form.kind
        return pname + rest, [], "agency"

    def full_name(self, n: str, code: str) -> _Name:
        """The full name and place of a normalised mention written in a document of `code`."""
        for placed in self.rules.placed:
            for pattern in placed.patterns:
                m = pattern.match(n)
                if not m:
                    continue
                where = self.place_code(m["place"], code)
                if where is None:
                    continue
                j = self.jurisdictions[where]
                parts = m.groupdict()
                name = placed.template.format(
                    place=self.official(where), short=short_name(j.name), branch=parts.get("branch") or ""
                )
                steps = [f"names its own place {m['place']} → {j.name} ({where}): {placed.note}"]
                if placed.current:
                    steps.append("a post-reform name: the current body, no succession")
                return _Name(name, where, steps)
        m = self.rules.youth_league[0].match(n)
        if m and (where := self._prefix_place(m["level"], code)):
            j = self.jurisdictions[where]
            name = self.rules.youth_league[1].format(place=self.official(where))
            return _Name(name, where, [f"团{m['level']}委 → {name}"])
        prefix = n[0] if len(n) > 1 else ""
        if any(form.short == n for form in self.rules.forms):
            prefix = ""  # 市场监管局, 市监局: the 市 is the name's own, not a level
        if prefix in self.rules.prefixes:
            where = self._prefix_place(prefix, code)
            if where is None:
                doc = self.jurisdictions[code]
                return _Name(
                    n, code, [f"{prefix} names no single place in a {doc.name} document; kept as written"]
                )
            j = self.jurisdictions[where]
            step = f"{prefix} → {j.name} ({where})"
            rest = n[1:]
            m = self.rules.party[0].match(n)
            if m:
                full, steps, kind = self._expand(m["rest"], where)
                pname = self.official(where)
                name = self.rules.party[1].format(place=pname, rest=full[len(pname) :])
                return _Name(name, where, [step, f"{prefix}委 → 中共{pname}委", *steps], kind)
            full, steps, kind = self._expand(rest, where)
            return _Name(full, where, [step, *steps], kind)
        for form in sorted(self._places, key=len, reverse=True):
            if n.startswith(form) and len(n) > len(form) + 1:
                where = self.place_code(form, code)
                if where is None:
                    continue
                j = self.jurisdictions[where]
                full, steps, kind = self._expand(n[len(form) :], where)
                return _Name(full, where, [f"names its own place {form} → {j.name} ({where})", *steps], kind)
        j = self.jurisdictions[code]
        full, steps, kind = self._expand(n, code)
        return _Name(full, code, [f"no place written: the document's {j.name} ({code})", *steps], kind)

    # ------------------------------------------------------------------ resolution
    def resolve(
        self, as_written: str, jurisdiction: str, as_of: date | None = None, source: str = ""
    ) -> Resolution | None:
        """The body `as_written` names in a document of `jurisdiction`; None for a collective mention
        (or an empty one, or a document whose jurisdiction is unknown)."""
        if not as_written.strip() or self.reg.is_collective(as_written):
            return None
        if jurisdiction not in self.jurisdictions:
            return None
        if jurisdiction in self.reg.jurisdictions:
            known = self.reg.resolve_agency(as_written, jurisdiction, as_of)
            if known:
                return Resolution(known, "registry", "an alias of the registry (agencies.yaml)")
        n = self.reg.fix_typos(as_written)
        host = _HOST_FORM.match(n)
        if host:  # 市发展改革委（市信用办）: the office inside its host
            inner = self.resolve(host["inner"], jurisdiction, as_of, source)
            if inner:
                return Resolution(
                    inner.agency, inner.how, f"the office written inside its host: {inner.rule}"
                )
            n = host["host"]
        name = self.full_name(n, jurisdiction)
        rule = "; ".join(name.steps) + f" ⇒ {name.name}"
        found = self._by_name.get((name.place, compact(name.name)))
        if found in self.reg.agencies:
            return Resolution(self.reg.agencies[found], "rule", rule)
        if found:
            agency = self.created[found]
            if as_written not in agency.aliases:
                agency.aliases.append(as_written)
            return Resolution(agency, "created", agency.rule or rule)
        agency = Agency(
            id=f"{name.place}:{name.name}",
            name=name.name,
            jurisdiction=name.place,
            kind="credit_office" if name.kind == "credit_office" else "agency",
            aliases=[as_written],
            source=source,
            inferred=True,
            rule=rule,
        )
        self.created[agency.id] = agency
        self._by_name[(name.place, compact(name.name))] = agency.id
        return Resolution(agency, "created", rule)
