"""The schema, read from ``schema.yaml``: a small interpreter of data, in two passes.

Pass one reads every declaration; pass two resolves ``extends`` and the ``subjects`` shorthand and
fails fast on anything that names an undeclared label or an unknown type. Everything that must
agree with the schema (DDL, constraints, lint schema, docs, import headers) is generated from the
:class:`Schema` object this module returns, never written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .yamlfile import read_yaml

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
PROPERTY_TYPES = frozenset({"STRING", "INT64", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "STRING[]"})
SUBJECTS = "subjects"


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


@dataclass(frozen=True)
class NodeType:
    name: str
    properties: dict[str, Property]
    description: str = ""
    abstract_parents: tuple[str, ...] = ()
    internal: bool = False  # bookkeeping, not part of the domain (left out of counts, docs, styles)

    @property
    def is_subject(self) -> bool:
        return "Subject" in self.abstract_parents

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


def _property(name: str, spec: dict | str) -> Property:
    if isinstance(spec, str):
        spec = {"type": spec}
    ptype = spec.get("type")
    if ptype not in PROPERTY_TYPES:
        raise SchemaError(f"property {name!r} has unknown type {ptype!r}")
    return Property(
        name=name,
        type=ptype,
        personal=bool(spec.get("personal", False)),
        key=bool(spec.get("key", False)),
        caption=bool(spec.get("caption", False)),
        description=str(spec.get("description", "")),
    )


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
    nodes: dict[str, NodeType] = {}
    for label, spec in (data.get("nodes") or {}).items():
        spec = spec or {}
        inherited, chain = _resolve_abstract(spec["extends"], abstract) if spec.get("extends") else ({}, ())
        raw = {**inherited, **(spec.get("properties") or {})}
        props = {k: _property(k, v) for k, v in raw.items()}
        keys = [p for p in props.values() if p.key]
        if len(keys) != 1:
            raise SchemaError(f"label {label} must have exactly one key property, has {len(keys)}")
        nodes[label] = NodeType(
            label, props, str(spec.get("description", "")), chain, internal=bool(spec.get("internal", False))
        )
    subjects = tuple(n.name for n in nodes.values() if n.is_subject)

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
        props = {k: _property(k, v) for k, v in (spec.get("properties") or {}).items()}
        rels[rtype] = RelType(rtype, tuple(pairs), props, str(spec.get("description", "")))
    return Schema(nodes, rels, subjects)


@cache
def load_schema(path: Path = SCHEMA_FILE) -> Schema:
    """The schema of this installation (cached: it is read-only data)."""
    return parse_schema(read_yaml(path))
