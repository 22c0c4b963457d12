"""The first-party import graph, read from the source (ast, nothing imported): the flow runs one way
(files → ingest → graph_model → queries → service → api/client) and no module imports itself back.

Layers, each importing only those below it or itself:

    graph_model                      the schema, value types, stores, reference data
    ingest, queries                  beside each other on graph_model: loading / answering
    service                          one function per feature, over queries
    api, creditgraph                 the interfaces, thin over service (ingest for the load commands)

No import is allowed against it (``ALLOWED`` is empty and stays so: a new entry needs a reason).

The folders install under one namespace (``creditgraph.api``, ``creditgraph.graph_model`` …, mapped
in pyproject.toml): every first-party import names it, so a bare ``import api`` (which would load a
second copy of the module from the working directory) is refused.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph_model", "ingest", "queries", "service", "api", "creditgraph")
LAYERS = PACKAGES[:-1]  # installed as creditgraph.<layer>
MAY_IMPORT = {
    "graph_model": {"graph_model"},
    "ingest": {"graph_model", "ingest"},
    "queries": {"graph_model", "queries"},
    "service": {"graph_model", "queries", "service"},
    "api": {"graph_model", "ingest", "service", "api"},
    "creditgraph": {"graph_model", "ingest", "service", "creditgraph"},
}
# (importer, imported) pairs allowed against the flow: none
ALLOWED: set[tuple[str, str]] = set()
# first-party imports inside a function, each with its reason
_ON_RUN = (
    "a command imports the loading machinery (the record mappers and writers, the document parsers, "
    "jieba, the synthetic generator) only when it runs: `creditgraph --help` and the reads start without it"
)
INNER_ALLOWED = {
    ("creditgraph.api.cli_export", "creditgraph.ingest.records.bulk"): _ON_RUN,
    ("creditgraph.api.cli_export", "creditgraph.ingest.records.loader"): _ON_RUN,
    ("creditgraph.api.cli_export", "creditgraph.ingest.records.mapping"): _ON_RUN,
    ("creditgraph.api.cli_policy", "creditgraph.ingest.policies"): _ON_RUN,
    ("creditgraph.api.cli_policy", "creditgraph.ingest.policies.graph"): _ON_RUN,
    ("creditgraph.api.cli_records", "creditgraph.ingest.records.loader"): _ON_RUN,
    ("creditgraph.api.cli_screen", "creditgraph.ingest.idfile"): _ON_RUN,
    ("creditgraph.api.cli_sharing", "creditgraph.ingest.records.loader"): _ON_RUN,
    ("creditgraph.api.cli_sharing", "creditgraph.ingest.shared"): _ON_RUN,
    ("creditgraph.api.cli_records", "creditgraph.ingest.synth"): _ON_RUN,
    ("creditgraph", "creditgraph.client"): "PEP 562: `import creditgraph` loads pandas, networkx and "
    "pyarrow only when a client is made",
    (
        "creditgraph.graph_model.stores",
        "creditgraph.graph_model.stores.embedded",
    ): "open_store imports the backend it opens: Ladybug or the Neo4j driver, not both",
    (
        "creditgraph.graph_model.stores",
        "creditgraph.graph_model.stores.neo4j",
    ): "open_store imports the backend it opens: Ladybug or the Neo4j driver, not both",
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    inner: bool  # inside a function body

    def __str__(self) -> str:
        return (
            f"{self.importer}:{self.line} imports {self.imported}{' (in a function)' if self.inner else ''}"
        )


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    return f"creditgraph.{name}" if parts[0] in LAYERS else name


def layer(module: str) -> str:
    """The package a module belongs to: ``creditgraph.api.cli`` → ``api``, ``creditgraph.client`` → ``creditgraph``."""
    parts = module.split(".")
    return parts[1] if parts[0] == "creditgraph" and len(parts) > 1 and parts[1] in LAYERS else parts[0]


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _targets(node: ast.AST, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The first-party modules one import statement names (``from a import b`` is ``a.b`` if a module)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    subs = [f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in known]
    return subs or [source]


def imports() -> Iterator[Import]:
    modules = _modules()
    known = set(modules)
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[tuple[ast.AST, bool]] = [(tree, False)]
        while stack:
            node, inner = stack.pop()
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, path.name == "__init__.py", known):
                    if target.split(".")[0] in PACKAGES:
                        yield Import(module, target, node.lineno, inner)
            inside = inner or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            stack += [(child, inside) for child in ast.iter_child_nodes(node)]


ALL = sorted(imports(), key=str)


def test_the_graph_is_read():
    assert len(ALL) > 200
    assert any(
        i.importer == "creditgraph.api.routes.risk" and i.imported == "creditgraph.service.risk" for i in ALL
    )


def test_no_import_runs_against_the_flow():
    against = [
        i
        for i in ALL
        if layer(i.imported) not in MAY_IMPORT[layer(i.importer)] and (i.importer, i.imported) not in ALLOWED
    ]
    assert not against, "imports against the flow:\n" + "\n".join(map(str, against))


def test_every_first_party_import_names_the_namespace():
    bare = [i for i in ALL if i.imported.split(".")[0] in LAYERS]
    assert not bare, "imports without the creditgraph. namespace:\n" + "\n".join(map(str, bare))


def test_the_allow_list_is_exactly_what_is_left():
    used = {(i.importer, i.imported) for i in ALL}
    assert ALLOWED <= used, f"allowed imports no longer made (drop them): {ALLOWED - used}"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, ()):
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle():
    edges: dict[str, set[str]] = {}
    for i in ALL:
        if i.imported != i.importer and not i.importer.startswith(i.imported + "."):
            edges.setdefault(i.importer, set()).add(i.imported)
    cycles = _cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_first_party_imports_sit_at_the_top_unless_a_reason_is_given():
    inner = sorted({(i.importer, i.imported) for i in ALL if i.inner} - set(INNER_ALLOWED))
    assert not inner, "first-party imports inside functions:\n" + "\n".join(f"{a} -> {b}" for a, b in inner)


@pytest.mark.parametrize("pair", sorted(INNER_ALLOWED))
def test_every_inner_import_has_its_reason(pair):
    assert INNER_ALLOWED[pair], f"{pair}: say why it is imported inside a function"


_READS_INGEST_FILES = re.compile(
    r"""["']ingest["']\s*/\s*["']resources["']|ingest/resources/\w+\.(?:yaml|json|txt)"""
)


def _reads_ingest_files(text: str) -> list[str]:
    return [m.group(0) for m in _READS_INGEST_FILES.finditer(text)]


def test_no_layer_above_ingest_reads_its_files_by_path():
    """A path into ``ingest/resources`` from a layer above is an import against the flow that the
    import graph cannot see: reference data that several layers read lives in graph_model/resources."""
    found = {
        str(path.relative_to(ROOT)): hits
        for package in PACKAGES
        if package != "ingest"
        for path in (ROOT / package).rglob("*.py")
        if (hits := _reads_ingest_files(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_path_finder_finds_one():
    assert _reads_ingest_files('X = Path(__file__).parents[1] / "ingest" / "resources" / "m.yaml"')
    assert _reads_ingest_files("see ingest/resources/measures.yaml")
