"""The schema, read from ``schema.yaml``: a small interpreter of data, in two passes.

Pass one reads every declaration; pass two resolves ``extends`` and the ``subjects`` shorthand and
fails fast on anything that names an undeclared label, an unknown storage type or a value type
neither :mod:`graph_model.types`' registry nor the schema's ``enums`` declares. Everything that must
agree with the schema (DDL, constraints, lint schema, docs, import headers) is generated from the
:class:`Schema` object this module returns, never written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import types
from .yamlfile import read_yaml

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
PROPERTY_TYPES = frozenset({"STRING", "INT64", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "STRING[]"})
SUBJECTS = "subjects"
ROOTS = ("Subject", "Record", "Identifier", "Policy")  # the abstract roots the label families come from
STYLE_KEYS = ("fill", "border", "text")  # a label's colours in the Browser's style sheet and the docs
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# How the stores keep a value of each registry type that is not a string; an enum is a STRING.
VALUE_STORAGE = {
    "date": "DATE",
    "ratio": "DOUBLE",
    "number": "DOUBLE",
    "integer": "INT64",
    "boolean": "BOOLEAN",
    "list": "STRING[]",
}
# The value type a property has when it declares only its storage type.
STORAGE_VALUE = {
    "STRING": "text",
    "DATE": "date",
    "DOUBLE": "number",
    "INT64": "integer",
    "BOOLEAN": "boolean",
    "STRING[]": "list",
}


class SchemaError(ValueError):
    """The schema file declares something inconsistent."""


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    personal: bool = False
    key: bool = False
    caption: bool = False
    description: str = ""
    value: str = ""  # the value type: a name in graph_model.types' registry or the schema's enums


@dataclass(frozen=True)
class EnumType:
    """A closed set of values declared in the schema; ``aliases`` map other spellings to one."""

    name: str
    values: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    description: str = ""

    def value_type(self, label: str | None = None) -> types.Enum:
        """The registry's Enum over these values; ``label`` names the column in its messages."""
        return types.Enum(label=label or self.name, values=self.values, aliases=dict(self.aliases))


@dataclass(frozen=True)
class NodeType:
    name: str
    properties: dict[str, Property]
    description: str = ""
    abstract_parents: tuple[str, ...] = ()
    internal: bool = False  # bookkeeping, not part of the domain (left out of counts, docs, styles)
    kind: str = ""  # a subject's word in record files (company, person …)
    ref: str = ""  # the value type of a reference to a subject in record files
    style: tuple[str, ...] = ()  # (fill, border, text) colours; empty: the Browser kit picks one

    @property
    def is_subject(self) -> bool:
        return "Subject" in self.abstract_parents

    @property
    def is_record(self) -> bool:
        return "Record" in self.abstract_parents

    @property
    def is_identifier(self) -> bool:
        return "Identifier" in self.abstract_parents

    @property
    def is_policy(self) -> bool:
        return "Policy" in self.abstract_parents

    @property
    def personal(self) -> list[str]:
        return [p.name for p in self.properties.values() if p.personal]


@dataclass(frozen=True)
class RelType:
    name: str
    pairs: tuple[tuple[str, str], ...]
    properties: dict[str, Property]
    description: str = ""

    def pair_for(self, src: str, dst: str) -> tuple[str, str]:
        if (src, dst) not in self.pairs:
            raise SchemaError(f"relationship {self.name} does not connect {src} -> {dst}")
        return (src, dst)


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]
    subjects: tuple[str, ...] = field(default=())
    records: tuple[str, ...] = field(default=())
    identifiers: tuple[str, ...] = field(default=())
    enums: dict[str, EnumType] = field(default_factory=dict)

    @property
    def policy(self) -> tuple[str, ...]:
        """The labels of the policy documents' structure (the abstract root Policy)."""
        return tuple(n.name for n in self.nodes.values() if n.is_policy)

    @property
    def subject_kinds(self) -> dict[str, str]:
        """A subject's word in record files → its label: ``{"company": "Company", …}``."""
        return {self.nodes[s].kind: s for s in self.subjects}

    @property
    def ref_types(self) -> dict[str, types.ValueType]:
        """A subject's word → the value type of a reference to it (a company's USCC …)."""
        return {self.nodes[s].kind: types.get(self.nodes[s].ref) for s in self.subjects}

    def value_type(self, name: str, label: str | None = None) -> types.ValueType:
        """The value type ``name`` names: the registry's, or an Enum over a declared set."""
        if name in self.enums:
            return self.enums[name].value_type(label)
        try:
            return types.get(name)
        except KeyError:
            raise SchemaError(
                f"unknown value type {name!r}; known: {', '.join(self.value_type_names)}"
            ) from None

    @property
    def value_type_names(self) -> list[str]:
        return sorted({*types.registry, *self.enums})

    def node(self, label: str) -> NodeType:
        try:
            return self.nodes[label]
        except KeyError:
            raise SchemaError(f"undeclared label {label!r}") from None

    def rel(self, rel_type: str) -> RelType:
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise SchemaError(f"undeclared relationship type {rel_type!r}") from None

    @property
    def domain_nodes(self) -> dict[str, NodeType]:
        """The labels users see: every declared label but internal bookkeeping."""
        return {k: v for k, v in self.nodes.items() if not v.internal}

    @property
    def personal_properties(self) -> set[str]:
        return {p for n in self.nodes.values() for p in n.personal}

    @property
    def property_keys(self) -> set[str]:
        keys = {p for n in self.nodes.values() for p in n.properties}
        keys |= {p for r in self.relationships.values() for p in r.properties}
        return keys


def _property(name: str, spec: dict | str, enums: dict[str, EnumType], where: str = "") -> Property:
    """One property; its storage and value types checked against each other and the registry."""
    if isinstance(spec, str):
        spec = {"type": spec}
    at = f"{where}.{name}" if where else name
    value = spec.get("value")
    ptype = spec.get("type")
    if value is not None:
        if value in enums:
            storage = "STRING"
        elif value in types.registry:
            storage = VALUE_STORAGE.get(value, "STRING")
        else:
            known = ", ".join(sorted({*types.registry, *enums}))
            raise SchemaError(f"property {at!r} has unknown value type {value!r}; known: {known}")
        ptype = ptype or storage
        if ptype != storage:
            raise SchemaError(f"property {at!r}: value type {value!r} is stored as {storage}, not {ptype}")
    if ptype not in PROPERTY_TYPES:
        raise SchemaError(f"property {name!r} has unknown type {ptype!r}")
    value = value or STORAGE_VALUE.get(ptype, "")
    personal = bool(spec.get("personal", False)) or (
        value in types.registry and types.registry[value].personal
    )
    return Property(
        name=name,
        type=ptype,
        personal=personal,
        key=bool(spec.get("key", False)),
        caption=bool(spec.get("caption", False)),
        description=str(spec.get("description", "")),
        value=value,
    )


def _style(label: str, spec: dict | None) -> tuple[str, ...]:
    """A label's (fill, border, text) colours, each a ``#RRGGBB``; none declared gives ()."""
    if spec is None:
        return ()
    if not isinstance(spec, dict) or set(spec) != set(STYLE_KEYS):
        raise SchemaError(f"label {label}: style must give exactly {', '.join(STYLE_KEYS)}")
    bad = [k for k in STYLE_KEYS if not _COLOUR.fullmatch(str(spec[k]))]
    if bad:
        raise SchemaError(f"label {label}: style {', '.join(bad)} must be a colour written #RRGGBB")
    return tuple(str(spec[k]).upper() for k in STYLE_KEYS)


def _enums(data: dict) -> dict[str, EnumType]:
    out: dict[str, EnumType] = {}
    for name, spec in (data.get("enums") or {}).items():
        values = tuple(str(v) for v in (spec or {}).get("values") or ())
        if not values:
            raise SchemaError(f"enum {name!r} declares no values")
        if name in types.registry:
            raise SchemaError(f"enum {name!r} shadows the registry's value type of that name")
        aliases = {str(k): str(v) for k, v in ((spec or {}).get("aliases") or {}).items()}
        out[name] = EnumType(name, values, aliases, str(spec.get("description", "")))
    return out


def _resolve_abstract(name: str, abstract: dict, seen: tuple[str, ...] = ()) -> tuple[dict, tuple[str, ...]]:
    """Return the properties an abstract type contributes, parents first, and its ancestry."""
    if name in seen:
        raise SchemaError(f"cycle in extends: {' -> '.join((*seen, name))}")
    if name not in abstract:
        raise SchemaError(f"extends names undeclared abstract type {name!r}")
    spec = abstract[name] or {}
    props: dict = {}
    chain: tuple[str, ...] = (name,)
    parent = spec.get("extends")
    if parent:
        props, parents = _resolve_abstract(parent, abstract, (*seen, name))
        chain = (*parents, name)
    props = {**props, **(spec.get("properties") or {})}
    return props, chain


def parse_schema(data: dict) -> Schema:
    abstract = data.get("abstract") or {}
    missing = [r for r in ROOTS if r not in abstract]
    if missing:
        raise SchemaError(f"the schema must declare the abstract roots {', '.join(missing)}")
    enums = _enums(data)
    nodes: dict[str, NodeType] = {}
    for label, spec in (data.get("nodes") or {}).items():
        spec = spec or {}
        inherited, chain = _resolve_abstract(spec["extends"], abstract) if spec.get("extends") else ({}, ())
        raw = {**inherited, **(spec.get("properties") or {})}
        props = {k: _property(k, v, enums, label) for k, v in raw.items()}
        keys = [p for p in props.values() if p.key]
        if len(keys) != 1:
            raise SchemaError(f"label {label} must have exactly one key property, has {len(keys)}")
        kind, ref = str(spec.get("kind", "")), str(spec.get("ref", ""))
        if "Subject" in chain:
            if not kind or not ref:
                raise SchemaError(
                    f"subject {label} must name its kind and ref (the value type of a reference)"
                )
            if ref not in types.registry:
                raise SchemaError(
                    f"subject {label}: ref names unknown value type {ref!r}; known: {sorted(types.registry)}"
                )
        nodes[label] = NodeType(
            label,
            props,
            str(spec.get("description", "")),
            chain,
            internal=bool(spec.get("internal", False)),
            kind=kind,
            ref=ref,
            style=_style(label, spec.get("style")),
        )
    subjects = tuple(n.name for n in nodes.values() if n.is_subject)
    records = tuple(n.name for n in nodes.values() if n.is_record)
    identifiers = tuple(n.name for n in nodes.values() if n.is_identifier)

    rels: dict[str, RelType] = {}
    for rtype, spec in (data.get("relationships") or {}).items():
        pairs: list[tuple[str, str]] = []
        for src, dst in spec.get("pairs") or []:
            for s in subjects if src == SUBJECTS else (src,):
                for d in subjects if dst == SUBJECTS else (dst,):
                    for end in (s, d):
                        if end not in nodes:
                            raise SchemaError(f"relationship {rtype} names undeclared label {end!r}")
                    pairs.append((s, d))
        if not pairs:
            raise SchemaError(f"relationship {rtype} declares no endpoint pairs")
        props = {k: _property(k, v, enums, rtype) for k, v in (spec.get("properties") or {}).items()}
        rels[rtype] = RelType(rtype, tuple(pairs), props, str(spec.get("description", "")))
    return Schema(nodes, rels, subjects, records, identifiers, enums)


@cache
def load_schema(path: Path = SCHEMA_FILE) -> Schema:
    """The schema of this installation (cached: it is read-only data)."""
    return parse_schema(read_yaml(path))
