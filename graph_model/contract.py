"""The record contract, read from ``contract.yaml`` against the schema: per record file its columns,
their value types, which are required, its key, what it depends on and its cross-field rules.

The data says *what* each file holds; the few rules that tie one column to another are code,
declared here in :data:`RULES` and named in the data, so a rule the data names but no code
implements fails at load, not at the first bad row. ``ingest.records.models`` generates the
pydantic models from the :class:`Contract` this module returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .schema import Schema, SchemaError, load_schema
from .types import Enum, ValueType
from .yamlfile import read_yaml

CONTRACT_FILE = Path(__file__).with_name("contract.yaml")


class ContractError(SchemaError):
    """The contract file declares something the schema or the rules do not know."""


@dataclass(frozen=True)
class Column:
    """One column: the value type that cleans it and whether an empty cell rejects the row."""

    name: str
    value: str  # the value type's name (registry or schema enum)
    type: ValueType
    required: bool = False


@dataclass(frozen=True)
class Rule:
    """A cross-field rule applied to ``column``; ``kind`` is the column it reads beside it."""

    rule: str
    column: str
    kind: str


@dataclass(frozen=True)
class FileContract:
    name: str
    model: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()

    @property
    def kind_refs(self) -> dict[str, str]:
        """Reference column → the kind column that types it (the ``kind_ref`` rules)."""
        return {r.column: r.kind for r in self.rules if r.rule == "kind_ref"}


@dataclass(frozen=True)
class Contract:
    files: dict[str, FileContract]  # in load order
    ref_types: dict[str, ValueType]  # a subject's kind → the value type of a reference to it


def check_kind_ref(
    value: str | None, row: dict[str, Any], kind_column: str, ref_types: dict[str, ValueType]
) -> Any:
    """``kind_ref``: a reference is cleaned by the value type of the subject its kind column names
    (run after that column; a kind that itself failed leaves the reference to its own error)."""
    if value is None:
        return None
    kind = row.get(kind_column)
    if kind is None:
        return value
    return ref_types[kind].clean(value)


# The cross-field rules the contract may name, by name.
RULES: dict[str, Callable[..., Any]] = {"kind_ref": check_kind_ref}


def _column(file: str, name: str, spec: Any, schema: Schema) -> Column:
    if isinstance(spec, str):
        spec = {"value": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("value"), str):
        raise ContractError(f"{file}: column {name!r} must name a value type (e.g. `text` or `uscc*`)")
    value = spec["value"].strip()
    required = value.endswith("*")
    value = value.removesuffix("*")
    try:
        vt = schema.value_type(value, str(spec.get("label") or name))
    except SchemaError as err:
        raise ContractError(f"{file}: column {name!r}: {err}") from None
    return Column(name, value, vt, required)


def _rule(file: str, spec: Any, columns: dict[str, Column], schema: Schema) -> Rule:
    spec = spec or {}
    name = spec.get("rule")
    if name not in RULES:
        raise ContractError(f"{file}: unknown rule {name!r}; known: {', '.join(RULES)}")
    rule = Rule(str(name), str(spec.get("column")), str(spec.get("kind")))
    for col in (rule.column, rule.kind):
        if col not in columns:
            raise ContractError(f"{file}: rule {name} names undeclared column {col!r}")
    kinds = columns[rule.kind].type
    known = set(schema.subject_kinds)
    if not isinstance(kinds, Enum) or not set(kinds.values) <= known:
        raise ContractError(
            f"{file}: rule {name}: column {rule.kind!r} must be an enum of subject kinds ({', '.join(known)})"
        )
    if list(columns).index(rule.kind) > list(columns).index(rule.column):
        raise ContractError(
            f"{file}: rule {name}: {rule.kind!r} must come before {rule.column!r} (it is read first)"
        )
    return Rule(str(name), rule.column, rule.kind)


def parse_contract(data: dict, schema: Schema) -> Contract:
    """The contract in ``data``, checked against ``schema``; fails fast with what and where."""
    files: dict[str, FileContract] = {}
    for name, spec in ((data or {}).get("files") or {}).items():
        spec = spec or {}
        if not spec.get("model") or not spec.get("columns"):
            raise ContractError(f"{name}: a file must name its model and its columns")
        columns = {c: _column(name, c, s, schema) for c, s in spec["columns"].items()}
        for col in (*spec.get("key", ()),):
            if col not in columns:
                raise ContractError(f"{name}: key names undeclared column {col!r}")
        for dep in spec.get("depends_on", ()):
            if dep not in files:
                raise ContractError(f"{name}: depends on {dep!r}, which is not declared before it")
        rules = tuple(_rule(name, r, columns, schema) for r in spec.get("rules") or ())
        files[name] = FileContract(
            name=name,
            model=str(spec["model"]),
            columns=tuple(columns.values()),
            key=tuple(spec.get("key") or ()),
            depends_on=tuple(spec.get("depends_on") or ()),
            rules=rules,
        )
    return Contract(files, schema.ref_types)


@cache
def load_contract(path: Path = CONTRACT_FILE) -> Contract:
    """The record contract of this installation (cached: it is read-only data)."""
    return parse_contract(read_yaml(path), load_schema())
