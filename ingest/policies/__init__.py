"""Policy documents → plain data: documents, measures, tasks, the agency registry and the taxonomy.

Public API (what the graph loader, the CLI and record ingest call):
- parse_folder(path) -> PolicyCorpus; write_policy_data / read_policy_data for the shipped JSON
- resolve_agency(as_written, jurisdiction, as_of=None) -> Agency | None
- successor_chain(agency_id, as_of) -> list[Succession]
- map_violation_type(text) -> ViolationMatch(code, how)
- load_registry() -> Registry (jurisdictions, agencies, hostings, reforms, taxonomy)

Names are imported from their modules on first use (PEP 562): record ingest needs only the
registry, and importing the document parser with it cost ~40 ms of every incremental load.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOME = {
    "creditgraph.ingest.policies.corpus": (
        "POLICY_DATA",
        "parse_file",
        "parse_folder",
        "read_policy_data",
        "write_policy_data",
    ),
    "creditgraph.ingest.policies.errors": ("PolicyFileError",),
    "creditgraph.graph_model.reference.policy": (
        "Agency",
        "Document",
        "Jurisdiction",
        "Link",
        "Measure",
        "Mention",
        "PolicyCorpus",
        "Succession",
        "Task",
        "ViolationType",
    ),
    "creditgraph.graph_model.reference.registry": (
        "Registry",
        "ViolationMatch",
        "load_registry",
        "map_violation_type",
        "resolve_agency",
        "successor_chain",
    ),
    "creditgraph.ingest.policies.userdict": ("write_form_tokens", "write_userdict"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
