"""The Cypher library: one ``.cypher`` file per query, loaded by name.

A file starts with a header of ``//`` lines::

    // name: entity_file
    // params: key (subject key), as_of (date, default today)
    // answers: everything on one subject
    // writes: false
    // example: {"key": "91320400MA1X2Y3Z4K"}

The example is what the tests run the query with on the embedded store (ISO dates become dates).

A query anchored on "any subject" names the label ``:Subject`` (and ``:Other`` for a second
anchor); the caller passes the concrete label, which is checked against the schema's subjects
(or the ``// subjects:`` / ``// labels:`` header's list) before it is put in the text. Values are
only ever parameters.

Per-store variants, allowed only where the dialects must differ (stores.md rule 7), live side by
side as ``NAME.neo4j.cypher`` and ``NAME.ladybug.cypher``; a plain ``NAME.cypher`` serves both.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError, NotFound, StoreError, StoreUnavailable
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.base import Row, Store

QUERY_DIR = Path(__file__).with_name("cypher")
_HEADER = re.compile(r"^//\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"\$(\w+)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STORE_SUFFIX = {"embedded": "ladybug", "neo4j": "neo4j"}
TEMPLATE_LABELS = ("Subject", "Other")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    answers: str
    params: tuple[str, ...]
    variants: dict[str, str] = field(default_factory=dict)  # "" (both), "neo4j", "ladybug" -> text
    writes: bool = False
    param_docs: str = ""
    example: dict[str, Any] = field(default_factory=dict)
    subjects: tuple[str, ...] = ()

    @property
    def templated(self) -> tuple[str, ...]:
        text = " ".join(self.variants.values())
        return tuple(t for t in TEMPLATE_LABELS if re.search(rf":{t}\b", text))

    def text_for(self, backend: str, **labels: str | None) -> str:
        text = self.variants.get(STORE_SUFFIX.get(backend, backend)) or self.variants[""]
        for token in self.templated:
            label = labels.get(token.lower())
            if label not in self.subjects:
                raise InputError(f"query {self.name} needs {token.lower()}= one of {list(self.subjects)}")
            text = re.sub(rf":{token}\b", f":{label}", text)
        return text

    def bind(self, params: dict[str, Any]) -> dict[str, Any]:
        """Check the caller's parameters against the ones the query uses; fill ``as_of``."""
        params = dict(params)
        if "as_of" in self.params and params.get("as_of") is None:
            params["as_of"] = today()
        missing = [p for p in self.params if p not in params]
        if missing:
            raise InputError(f"query {self.name} needs parameters {missing}")
        extra = [p for p in params if p not in self.params]
        if extra:
            raise InputError(f"query {self.name} takes no parameters {extra}")
        return params


def _parse(path: Path) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            break
        header[m.group(1)] = m.group(2)
    return header, path.read_text(encoding="utf-8")


@cache
def load_library(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    grouped: dict[str, dict[str, tuple[dict[str, str], str]]] = {}
    for path in sorted(directory.glob("*.cypher")):
        stem = path.name.removesuffix(".cypher")
        name, _, variant = stem.partition(".")
        if variant not in ("", "neo4j", "ladybug"):
            raise InputError(f"{path.name}: unknown store variant {variant!r}")
        grouped.setdefault(name, {})[variant] = _parse(path)
    library = {}
    for name, variants in grouped.items():
        if "" not in variants and not {"neo4j", "ladybug"} <= variants.keys():
            raise InputError(f"query {name} needs a plain file or both store variants")
        header = next(iter(variants.values()))[0]
        if header.get("name", name) != name:
            raise InputError(f"query file {name} says its name is {header.get('name')!r}")
        used = sorted({p for _, text in variants.values() for p in _PARAM.findall(_strip_comments(text))})
        library[name] = NamedQuery(
            name=name,
            answers=header.get("answers", ""),
            params=tuple(used),
            variants={v: _strip_comments(text) for v, (_, text) in variants.items()},
            writes=header.get("writes", "false").strip().lower() == "true",
            param_docs=header.get("params", ""),
            example=_example(name, header.get("example", "{}")),
            subjects=allowed_subjects(next(iter(variants.values()))[1]),
        )
    return library


def _example(name: str, text: str) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"query {name}: the example header is not JSON ({exc.msg})") from None
    return {k: _iso_date(v) for k, v in raw.items()}


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    return value


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//")).strip()


def allowed_subjects(text: str) -> tuple[str, ...]:
    """The labels a templated query's ``:Subject`` anchor accepts: its ``// subjects:`` header (some
    subjects), its ``// labels:`` header (any declared labels: a query anchored on one of several
    record labels, as an objection's), else every subject."""
    schema = load_schema()
    for header, allowed, what in (
        ("subjects", schema.subjects, "non-subject"),
        ("labels", schema.nodes, "undeclared"),
    ):
        m = re.search(rf"^//\s*{header}\s*:\s*(.+)$", text, re.MULTILINE)
        if not m:
            continue
        labels = tuple(x.strip() for x in m.group(1).split(",") if x.strip())
        unknown = [x for x in labels if x not in allowed]
        if unknown:
            raise InputError(f"{header} header names {what} labels {unknown}")
        return labels
    return schema.subjects


def expansions(text: str) -> list[tuple[str, str]]:
    """Every concrete text of a (possibly templated) query, for checks that must see real labels:
    ``:Subject`` over every label it accepts, ``:Other`` as Company."""
    if not re.search(r":Subject\b", text):
        return [("", text)]
    other = re.sub(r":Other\b", ":Company", text)
    return [(label, re.sub(r":Subject\b", f":{label}", other)) for label in allowed_subjects(text)]


def get_query(name: str) -> NamedQuery:
    try:
        return load_library()[name]
    except KeyError:
        raise NotFound(f"no query named {name!r}") from None


def query_names() -> list[str]:
    return sorted(load_library())


def query(
    store: Store, name: str, /, subject: str | None = None, other: str | None = None, **params: Any
) -> list[Row]:
    """Run the named query ``name`` of the library on ``store`` with its parameters (writes too).

    ``subject``/``other`` fill a query's ``:Subject``/``:Other`` label from the schema's subjects.
    The store only runs statements; naming them is this library's.
    """
    q = get_query(name)
    text = q.text_for(store.backend, subject=subject, other=other)
    return store.run(text, q.bind(params), write=q.writes)


def query_table(
    store: Store, name: str, /, subject: str | None = None, other: str | None = None, **params: Any
) -> pa.Table:
    """A named query's result as an Arrow table: the fast path for large results (analytics)."""
    q = get_query(name)
    return store.query_arrow(q.text_for(store.backend, subject=subject, other=other), q.bind(params))


@dataclass(frozen=True)
class WarmUp:
    """What :func:`warm_up` did: statements run, statements that failed (by name), seconds taken;
    and the bytes of database files a start-up warm-up read (service.health.warm_up)."""

    ran: int
    failed: tuple[str, ...]
    seconds: float
    bytes_read: int = 0


def warm_up(store: Store, *, stop: Callable[[], bool] = lambda: False) -> WarmUp:
    """Run every read of the library once, with its header's example parameters and over every
    label a templated query accepts, and throw the rows away.

    Why: a Neo4j server plans a statement the first time it sees its text and reads its pages from
    disk the first time a query touches them: on a fresh server with a 100k-subject graph the first
    reappearance scan took 25-47 s, after a warm-up 3.6 s, warm 0.5-0.9 s (docs/stores.md). The API calls this when it starts (in the
    background) and the benchmarks before they time anything. A failing statement is noted and
    skipped; a store that is down ends the warm-up (the next request says so). ``stop`` is asked
    between statements, so a server shutting down need not wait for the whole library."""
    started = time.perf_counter()
    ran, failed = 0, []
    for name, q in sorted(load_library().items()):
        if q.writes:
            continue
        other = "Company" if "Other" in q.templated else None
        for label in q.subjects if "Subject" in q.templated else (None,):
            if stop():
                return WarmUp(ran, tuple(failed), time.perf_counter() - started)
            try:
                store.run(q.text_for(store.backend, subject=label, other=other), q.bind(q.example))
            except StoreUnavailable:
                failed.append(name)
                return WarmUp(ran, tuple(failed), time.perf_counter() - started)
            except (StoreError, InputError):
                failed.append(name)
            ran += 1
    return WarmUp(ran, tuple(failed), time.perf_counter() - started)
