"""Record files of the import contract (shared/contract/records.md): models, reading, validation.

The graph loader needs only this::

    from creditgraph.ingest.records import LOAD_ORDER, validate_batch, validate_file

    for name, result in validate_batch(folder).items():   # in dependency order
        for rows in result.records(batch_size=10_000):     # cleaned dicts, None for empty
            ...
        write_rejects(folder / "rejects.csv", result.rejects)
"""

from .models import FILES, LOAD_ORDER, FileSpec, Record, spec_for
from .reader import detect_encoding, iter_rows, read_table
from .rejects import MissingColumnError, Reject, UnreadableFile, write_rejects
from .validate import ValidatedFile, validate_batch, validate_file, validate_frame, validate_rows

__all__ = [
    "FILES",
    "LOAD_ORDER",
    "FileSpec",
    "MissingColumnError",
    "Record",
    "Reject",
    "UnreadableFile",
    "ValidatedFile",
    "detect_encoding",
    "iter_rows",
    "read_table",
    "spec_for",
    "validate_batch",
    "validate_file",
    "validate_frame",
    "validate_rows",
    "write_rejects",
]
