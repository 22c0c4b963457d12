"""The plain, serialisable output of policy parsing: what the graph loader reads.

Everything here is data (pydantic models → JSON); no store code. Field names follow
graph_model/schema.yaml so the loader maps them one to one.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Source = Literal["table", "text", "measure"]  # measure: numbered measures naming their units


class Jurisdiction(BaseModel):
    """A GB/T 2260 division; `parent` is the enclosing division's code."""

    code: str
    name: str
    level: Literal["province", "city", "county"]
    parent: str | None = None
    names: list[str] = Field(default_factory=list)
    abbrev: str | None = None
    inferred: bool = False  # not in GB/T 2260 data here: named by a document's issuer (another province)


class Hosting(BaseModel):
    """A credit office hosted inside another agency for a period (HOSTED_BY)."""

    agency: str
    host: str
    since: date | None = None
    until: date | None = None
    source: str = ""


class Agency(BaseModel):
    """A canonical government body; `id` is a stable slug used as the graph key."""

    id: str
    name: str
    jurisdiction: str
    kind: Literal["agency", "credit_office"] = "agency"
    sector: str | None = None
    aliases: list[str] = Field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None
    source: str = ""
    inferred: bool = False  # created by the resolution rules, not declared in agencies.yaml
    rule: str | None = None  # the rule that made an inferred agency (place and name steps)


class Succession(BaseModel):
    """An institutional reform: `from_id`'s duties passed to `to_id` on `date` (SUCCEEDED_BY)."""

    from_id: str
    to_id: str
    date: date
    reform: str
    primary: bool = True
    precision: Literal["day", "month", "year"] = "day"
    confidence: Literal["high", "medium", "low"] = "medium"
    source: str = ""


class ViolationType(BaseModel):
    """A taxonomy entry; `display_years` is the display period of its default severity."""

    code: str
    name: str
    category: str
    default_severity: Literal["一般", "较重", "严重"]
    synonyms: list[str] = Field(default_factory=list)
    display_years: int


ResolutionKind = Literal["registry", "rule", "created"]


class Mention(BaseModel):
    """An agency as written in a document, with the canonical agency it resolved to (or None).

    `resolution` says how: an alias of the registry, a registry body met by the rules, or a body
    the rules created (inferred); `rule` is the rule's account for the last two."""

    as_written: str
    agency_id: str | None = None
    resolution: ResolutionKind | None = None
    rule: str | None = None


class Citation(BaseModel):
    """A document number cited in a document's text, with the cited title when one is given."""

    number: str
    title: str | None = None
    document: str | None = None  # key of the cited document when it is in the corpus


class Document(BaseModel):
    """A policy document; an annex printed by a notice is its own document with `part_of`."""

    key: str
    title: str
    number: str | None = None
    number_source: str | None = None  # how the number was found when the text does not carry it
    issuer: str | None = None
    issued_at: date | None = None
    jurisdiction: str | None = None
    jurisdiction_reason: str = ""
    source_file: str
    part_of: str | None = None
    draft: bool = False
    # a draft (征求意见稿 …) has no issue date: its date is that of the request for comments (issue 16)
    comments_requested_at: date | None = None
    cites: list[Citation] = Field(default_factory=list)

    @property
    def status(self) -> str:
        """``draft`` for a draft for comments, else ``adopted``."""
        return "draft" if self.draft else "adopted"


class Measure(BaseModel):
    """A numbered measure of a document's running text (一、 /（一）/ 1.)."""

    key: str
    document: str
    seq: str
    level: int
    title: str
    text: str
    violation_types: list[str] = Field(default_factory=list)
    subject_types: list[str] = Field(default_factory=list)


class Task(BaseModel):
    """A task-division row (or a responsibility sentence of running text when there is no table)."""

    key: str
    document: str
    seq: int
    title: str
    text: str
    lead: list[Mention] = Field(default_factory=list)
    coop: list[Mention] = Field(default_factory=list)
    collective: list[str] = Field(default_factory=list)
    source: Source = "table"
    source_file: str = ""
    attached_reason: str | None = None
    measure: str | None = None  # key of the measure this task implements (best text match)
    violation_types: list[str] = Field(default_factory=list)
    subject_types: list[str] = Field(default_factory=list)


class Link(BaseModel):
    """One edge for the loader, typed by schema.yaml relationship names."""

    rel: str
    start_label: str
    start: str
    end_label: str
    end: str
    props: dict[str, str | None] = Field(default_factory=dict)


class PolicyCorpus(BaseModel):
    """Everything parsed from a folder of policy documents plus the registry it was resolved against."""

    documents: list[Document] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    hostings: list[Hosting] = Field(default_factory=list)
    jurisdictions: list[Jurisdiction] = Field(default_factory=list)
    successions: list[Succession] = Field(default_factory=list)
    violation_types: list[ViolationType] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    unresolved: list[str] = Field(default_factory=list)  # "document: as_written" never resolved
    notes: list[str] = Field(default_factory=list)

    def document(self, key: str) -> Document:
        """The document with this key (KeyError when absent)."""
        for d in self.documents:
            if d.key == key:
                return d
        raise KeyError(key)

    def tasks_of(self, key: str) -> list[Task]:
        """Tasks of one document, in table order."""
        return [t for t in self.tasks if t.document == key]
