"""Reference data and the documents' rules that several layers read: jurisdictions, agencies,
the violation taxonomy, measures, incentives, purposes, intermediaries, commitments, practitioners,
complaint rates, couriers' status, list governance, reforms and the working-day calendar (each
rule names the document and clause it comes from). They live with the model so that ingest, queries, the service and the API
read them from below; what only the policy parser reads stays in ``ingest/resources``."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
