"""What only the policy parser reads: agency-name forms, the linker's rules and the shipped
extraction (``policy_data.json``). Reference data the other layers read is in ``graph_model/resources``."""

from pathlib import Path

INGEST_RESOURCES = Path(__file__).resolve().parent
