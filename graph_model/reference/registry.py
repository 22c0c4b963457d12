"""The registry: jurisdictions, agencies, reforms and the violation taxonomy, loaded from YAML.

Why a registry: documents name the same body many ways (市经信委（信用办） / 市经信委（市信用办）),
the same words name different bodies in different cities (市公安局), and bodies were merged or
renamed after 2018. Resolution is therefore always relative to a document's jurisdiction, and
successions are answered "as of" a date. The record-ingest code uses the same three calls:
`resolve_agency`, `successor_chain` and `map_violation_type`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from creditgraph.graph_model.normalize import compact, tokenizer
from creditgraph.graph_model.yamlfile import read_yaml

from ..resources import RESOURCES
from .policy import Agency, Hosting, Jurisdiction, Succession, ViolationType

FORM_TOKENS = "violation_form_tokens.json"  # generated beside the taxonomy (userdict.py)

_HOST_FORM = re.compile(r"^(?P<host>.+?)\((?P<inner>[^()]+)\)$")
_PREFIX = ("省", "市")
_GENERIC_SUFFIX = re.compile(r"(等)?(有关|相关)?(部门|单位)$")


class ViolationMatch(NamedTuple):
    """A taxonomy code and how it was found: exact, synonym, contains, token or other."""

    code: str
    how: str


class RegistryError(ValueError):
    """The resource files contradict themselves (unknown id, duplicate id, bad code)."""


class Registry:
    """Everything the YAML resources declare, indexed for resolution. Build with `load_registry`."""

    def __init__(self, resources: Path = RESOURCES) -> None:
        self.resources = resources
        self.jurisdictions: dict[str, Jurisdiction] = {}
        self.agencies: dict[str, Agency] = {}
        self.hostings: list[Hosting] = []
        self.successions: list[Succession] = []
        self.violation_types: dict[str, ViolationType] = {}
        self.subject_types: dict[str, list[str]] = {}
        self.typos: list[tuple[str, str]] = []
        self.collective_patterns: list[re.Pattern[str]] = []
        self._alias: dict[tuple[str, str], str] = {}
        self._global_alias: dict[str, set[str]] = {}
        self._sector: dict[tuple[str, str], list[str]] = {}
        self._form_tokens: dict[str, set[str]] = {}  # content tokens of each taxonomy form, once
        self._load()

    # ------------------------------------------------------------------ loading (two passes)
    def _yaml(self, name: str) -> dict[str, Any]:
        return read_yaml(self.resources / name)

    def _load(self) -> None:
        for j in self._yaml("jurisdictions.yaml")["jurisdictions"]:
            self.jurisdictions[j["code"]] = Jurisdiction(**j)
        for j in self.jurisdictions.values():
            if j.parent and j.parent not in self.jurisdictions:
                raise RegistryError(f"jurisdiction {j.code}: unknown parent {j.parent}")

        data = self._yaml("agencies.yaml")
        self.typos = [(compact(t["wrong"]), compact(t["right"])) for t in data.get("typos", [])]
        self.collective_patterns = [re.compile(c["pattern"]) for c in data.get("collective", [])]
        hosted: list[tuple[str, dict[str, Any]]] = []
        for raw in data["agencies"]:
            raw = dict(raw)
            for h in raw.pop("hosted_by", []) or []:
                hosted.append((raw["id"], h))
            raw.setdefault("source", data.get("source_default", ""))
            agency = Agency(**raw)
            if agency.id in self.agencies:
                raise RegistryError(f"duplicate agency id {agency.id}")
            if agency.jurisdiction not in self.jurisdictions:
                raise RegistryError(f"agency {agency.id}: unknown jurisdiction {agency.jurisdiction}")
            agency.aliases = self._aliases_of(agency)
            self.agencies[agency.id] = agency
        for agency_id, h in hosted:
            if h["host"] not in self.agencies:
                raise RegistryError(f"agency {agency_id}: unknown host {h['host']}")
            self.hostings.append(Hosting(agency=agency_id, **h))
        self._index()

        rdata = self._yaml("reforms.yaml")
        for r in rdata["reforms"]:
            r = dict(r)
            s = Succession(from_id=r.pop("from"), to_id=r.pop("to"), **r)
            for end in (s.from_id, s.to_id):
                if end not in self.agencies:
                    raise RegistryError(f"reform {s.from_id} -> {s.to_id}: unknown agency {end}")
            if not s.source:
                s.source = "reforms.yaml header: 2018 State Council reform and Jiangsu follow-up plans"
            self.successions.append(s)

        vdata = self._yaml("violation_types.yaml")
        years = vdata["display_years"]
        for v in vdata["violation_types"]:
            self.violation_types[v["code"]] = ViolationType(display_years=years[v["default_severity"]], **v)
        sdata = self._yaml("subject_types.yaml")
        self.subject_types = {s["code"]: list(s["keywords"]) for s in sdata["subject_types"]}
        self._form_tokens = self._shipped_form_tokens()

    def _shipped_form_tokens(self) -> dict[str, set[str]]:
        """The forms' content tokens as generated with the shipped dictionary, so that mapping a
        text that no form could match needs no jieba (loading it costs most of a second). Forms
        the file does not know (a taxonomy edited since) are tokenised on first use."""
        path = self.resources / FORM_TOKENS
        if not path.is_file():
            return {}
        shipped = json.loads(path.read_text(encoding="utf-8"))
        return {form: set(shipped[form]) for form, _, _ in self.violation_forms() if form in shipped}

    def _aliases_of(self, agency: Agency) -> list[str]:
        """Explicit aliases plus the relative form of the full name (常州市公安局 → 市公安局)."""
        out = [agency.name, *agency.aliases]
        j = self.jurisdictions[agency.jurisdiction]
        if agency.name.startswith(j.name):
            out.append(("省" if j.level == "province" else "市") + agency.name[len(j.name) :])
        seen: dict[str, None] = {}
        for a in out:
            seen.setdefault(a, None)
        return list(seen)

    def _index(self) -> None:
        for agency in self.agencies.values():
            for alias in agency.aliases:
                key = (compact(alias), agency.jurisdiction)
                other = self._alias.get(key)
                if other and other != agency.id:
                    # Two bodies share a form only across time (市工商局 / 市市场监管局 never collide);
                    # keep the first and let sector/as_of decide otherwise.
                    continue
                self._alias[key] = agency.id
                self._global_alias.setdefault(compact(alias), set()).add(agency.id)
            if agency.sector:
                self._sector.setdefault((agency.sector, agency.jurisdiction), []).append(agency.id)

    # ------------------------------------------------------------------ jurisdictions
    def jurisdiction_chain(self, code: str) -> list[str]:
        """The code and its ancestors, most specific first (320281 → 320200 → 320000)."""
        out: list[str] = []
        cur: str | None = code
        while cur and cur in self.jurisdictions:
            out.append(cur)
            cur = self.jurisdictions[cur].parent
        return out

    def province_of(self, code: str) -> str:
        return self.jurisdiction_chain(code)[-1]

    def count_jurisdictions(self, text: str) -> Counter[str]:
        """How often each jurisdiction is named in `text` (longest names first, no double counting)."""
        names = sorted(
            ((n, j.code) for j in self.jurisdictions.values() for n in j.names), key=lambda x: -len(x[0])
        )
        pattern = re.compile("|".join(re.escape(n) for n, _ in names))
        by_name = dict(names)
        return Counter(by_name[m.group(0)] for m in pattern.finditer(compact(text)))

    def infer_jurisdiction(self, text: str) -> str | None:
        """The jurisdiction a short text (an issuer, a title) belongs to: the most specific one named."""
        counts = self.count_jurisdictions(text)
        if not counts:
            return None
        return max(counts, key=lambda c: (len(self.jurisdiction_chain(c)), counts[c]))

    def jurisdiction_from_number(self, number: str) -> str | None:
        """苏政办发 → 江苏省, 澄信用发 → 江阴市, from the one-character abbreviation opening a number."""
        for j in self.jurisdictions.values():
            if j.abbrev and number.startswith(j.abbrev):
                return j.code
        return None

    # ------------------------------------------------------------------ agencies
    def is_collective(self, as_written: str) -> bool:
        """A mention of a group of bodies (各设区市人民政府, 省各有关部门, 等有关部门 …)."""
        n = compact(as_written)
        return any(p.search(n) for p in self.collective_patterns)

    def fix_typos(self, as_written: str) -> str:
        n = compact(as_written)
        for wrong, right in self.typos:
            n = n.replace(wrong, right)
        return n

    def resolve_agency(self, as_written: str, jurisdiction: str, as_of: date | None = None) -> Agency | None:
        """The canonical agency meant by `as_written` in a document of `jurisdiction`, or None.

        Order: typo fixes; 'Host（Office）' resolves to the office when it is known (the host
        link is kept in the registry); the mention as an alias in the document's jurisdiction,
        then (for 省… forms) in its province; a full name known anywhere; the bare form with 市/省
        prepended; finally a bare sector word (工商, 商务, 信用) for the jurisdiction.
        """
        n = self.fix_typos(as_written)
        if not n or self.is_collective(n) or jurisdiction not in self.jurisdictions:
            return None
        m = _HOST_FORM.match(n)
        if m:
            return self.resolve_agency(m["inner"], jurisdiction, as_of) or self.resolve_agency(
                m["host"], jurisdiction, as_of
            )
        found = self._lookup(n, jurisdiction, as_of)
        return self.agencies[found] if found else None

    def _lookup(self, n: str, jurisdiction: str, as_of: date | None) -> str | None:
        chain = self.jurisdiction_chain(jurisdiction)
        province = chain[-1]
        if (n, jurisdiction) in self._alias:
            return self._alias[(n, jurisdiction)]
        if n.startswith("省") and (n, province) in self._alias:
            return self._alias[(n, province)]
        if not n.startswith(_PREFIX):
            named = self.count_jurisdictions(n)
            ids = self._global_alias.get(n, set())
            if named and len(ids) == 1:
                return next(iter(ids))
            for jc in chain[1:]:  # e.g. 人民银行南京分行 written in a city document
                if (n, jc) in self._alias and named:
                    return self._alias[(n, jc)]
            prefixed = ("省" if self.jurisdictions[jurisdiction].level == "province" else "市") + n
            if (prefixed, jurisdiction) in self._alias:
                return self._alias[(prefixed, jurisdiction)]
        return self._by_sector(n, jurisdiction, as_of)

    def _by_sector(self, n: str, jurisdiction: str, as_of: date | None) -> str | None:
        level = "province" if n.startswith("省") else None
        bare = _GENERIC_SUFFIX.sub("", n.lstrip("省市"))
        scopes = [self.province_of(jurisdiction)] if level else [jurisdiction]
        for scope in scopes:
            ids = self._sector.get((bare, scope), [])
            if not ids:
                continue
            if as_of:
                valid = [
                    i
                    for i in ids
                    if (self.agencies[i].valid_from or date.min)
                    <= as_of
                    < (self.agencies[i].valid_until or date.max)
                ]
                ids = valid or ids
            return ids[0]
        return None

    def host_of(self, agency_id: str, as_of: date) -> str | None:
        """The agency hosting a credit office on a date (None when it is not hosted)."""
        for h in self.hostings:
            if h.agency == agency_id and (h.since or date.min) <= as_of < (h.until or date.max):
                return h.host
        return None

    def successor_chain(self, agency_id: str, as_of: date) -> list[Succession]:
        """The reforms that took effect on or before `as_of`, following primary successors in order.

        Empty when the agency was not reformed by then; the last step's `to_id` is the body that
        holds the duties on `as_of` (see `current_agency`).
        """
        if agency_id not in self.agencies:
            raise KeyError(agency_id)
        steps: list[Succession] = []
        cur, seen = agency_id, {agency_id}
        while True:
            nxt = [s for s in self.successions if s.from_id == cur and s.date <= as_of and s.primary]
            if not nxt:
                return steps
            step = min(nxt, key=lambda s: s.date)
            if step.to_id in seen:  # a cycle in the data: stop rather than loop
                return steps
            steps.append(step)
            seen.add(step.to_id)
            cur = step.to_id

    def current_agency(self, agency_id: str, as_of: date) -> Agency:
        """The agency that holds `agency_id`'s duties on `as_of`."""
        chain = self.successor_chain(agency_id, as_of)
        return self.agencies[chain[-1].to_id if chain else agency_id]

    # ------------------------------------------------------------------ violation taxonomy
    def violation_forms(self) -> list[tuple[str, str, bool]]:
        """(form, code, is_name) for every name and synonym, longest first (for substring search)."""
        forms = [(v.name, v.code, True) for v in self.violation_types.values() if v.code != OTHER]
        forms += [(s, v.code, False) for v in self.violation_types.values() for s in v.synonyms]
        return sorted(forms, key=lambda f: -len(f[0]))

    def map_violation_type(self, text: str) -> ViolationMatch:
        """Map free text to a taxonomy code: exact name, synonym, contained form, jieba tokens, else 其他.

        The caller keeps the original text (Violation.violation_type_as_written).
        """
        n = compact(text)
        if not n:
            return ViolationMatch(OTHER, "other")
        forms = self.violation_forms()
        for form, code, is_name in forms:
            if n == compact(form):
                return ViolationMatch(code, "exact" if is_name else "synonym")
        for form, code, _ in forms:
            if compact(form) in n:
                return ViolationMatch(code, "contains")
        scored = [(form, code, self.form_tokens(form)) for form, code, _ in forms]
        if not any(_may_score(ft, n) for _, _, ft in scored):
            return ViolationMatch(OTHER, "other")
        tokens = _content_tokens(n)
        best: tuple[float, int, str] = (0.0, 0, OTHER)
        for _, code, ft in scored:
            if not ft:
                continue
            score = len(ft & tokens) / len(ft)
            if (score, len(ft)) > best[:2]:
                best = (score, len(ft), code)
        if best[0] >= 0.5 and best[1] >= 2:
            return ViolationMatch(best[2], "token")
        return ViolationMatch(OTHER, "other")

    def form_tokens(self, form: str) -> set[str]:
        """The content tokens of one taxonomy form (shipped, else tokenised once)."""
        ft = self._form_tokens.get(form)
        if ft is None:
            ft = self._form_tokens[form] = _content_tokens(compact(form))
        return ft


OTHER = "V99"


def _may_score(form_tokens: set[str], n: str) -> bool:
    """Whether a form could pass the token match against text `n`: at least two tokens, half of
    them in `n`'s tokens. A text's tokens are substrings of it, so counting the form's tokens
    found in `n` bounds the score from above without tokenising `n`."""
    if len(form_tokens) < 2:
        return False
    return 2 * sum(t in n for t in form_tokens) >= len(form_tokens)


def _tokenizer() -> Any:
    """The one jieba tokenizer of the process (initialising jieba costs seconds: do it once)."""
    return tokenizer()


def _content_tokens(s: str, tok: Any = None) -> set[str]:
    """jieba tokens without one-character function words (的, 了, 和 …)."""
    stop = set("的了和与及或被在对把将等是")
    words = (tok or _tokenizer()).lcut_for_search(s)
    return {t for t in words if t.strip() and not (len(t) == 1 and t in stop)}


@cache
def load_registry(resources: Path | None = None) -> Registry:
    """The registry built from `resources` (the shipped graph_model/resources by default), cached."""
    return Registry(resources or RESOURCES)


def resolve_agency(as_written: str, jurisdiction: str, as_of: date | None = None) -> Agency | None:
    """Resolve an agency mention written in a document of `jurisdiction` (see Registry.resolve_agency)."""
    return load_registry().resolve_agency(as_written, jurisdiction, as_of)


def successor_chain(agency_id: str, as_of: date) -> list[Succession]:
    """Reforms of `agency_id` in force on `as_of` (see Registry.successor_chain)."""
    return load_registry().successor_chain(agency_id, as_of)


def map_violation_type(text: str) -> ViolationMatch:
    """Map a free-text violation name to a taxonomy code (see Registry.map_violation_type)."""
    return load_registry().map_violation_type(text)
