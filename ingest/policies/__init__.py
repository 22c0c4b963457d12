"""Policy documents → plain data: documents, measures, tasks, the agency registry and the taxonomy.

Public API (what the graph loader, the CLI and record ingest call):
- parse_folder(path) -> PolicyCorpus; write_policy_data / read_policy_data for the shipped JSON
- resolve_agency(as_written, jurisdiction, as_of=None) -> Agency | None
- successor_chain(agency_id, as_of) -> list[Succession]
- map_violation_type(text) -> ViolationMatch(code, how)
- load_registry() -> Registry (jurisdictions, agencies, hostings, reforms, taxonomy)
"""

from ingest.policies.corpus import POLICY_DATA, parse_file, parse_folder, read_policy_data, write_policy_data
from ingest.policies.errors import PolicyFileError
from ingest.policies.models import (
    Agency,
    Document,
    Jurisdiction,
    Link,
    Measure,
    Mention,
    PolicyCorpus,
    Succession,
    Task,
    ViolationType,
)
from ingest.policies.registry import (
    Registry,
    ViolationMatch,
    load_registry,
    map_violation_type,
    resolve_agency,
    successor_chain,
)
from ingest.policies.userdict import write_form_tokens, write_userdict

__all__ = [
    "POLICY_DATA",
    "Agency",
    "Document",
    "Jurisdiction",
    "Link",
    "Measure",
    "Mention",
    "PolicyCorpus",
    "PolicyFileError",
    "Registry",
    "Succession",
    "Task",
    "ViolationMatch",
    "ViolationType",
    "load_registry",
    "map_violation_type",
    "parse_file",
    "parse_folder",
    "read_policy_data",
    "resolve_agency",
    "successor_chain",
    "write_form_tokens",
    "write_policy_data",
    "write_userdict",
]
