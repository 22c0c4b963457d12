"""What a load did to one file: rows read, loaded, updated, filled, merged, rejected.

Its own module because both write paths fill it (``loader`` row by row, ``bulk`` by COPY)."""

from __future__ import annotations

from dataclasses import dataclass

from .mapping import GraphFrames


@dataclass
class FileSummary:
    file: str
    read: int = 0
    loaded: int = 0
    updated: int = 0
    filled: int = 0
    merged: int = 0  # valid rows folded into another: a duplicate key in the file, a shared account
    rejected: int = 0
    encoding: str | None = None
    error: str | None = None


def account_rows(summary: FileSummary, frames: GraphFrames) -> None:
    """Make the summary account for every row read: loaded, updated, filled, merged or rejected.

    A file of records counts its records as the writers found them (new, updated, placeholder
    filled) and every other valid row as merged; a file that only adds properties to other
    files' nodes (intermediaries) counts its distinct rows as updated; a file of links
    (roles, shipping …) its distinct rows as loaded links."""
    valid = summary.read - summary.rejected
    if any(n.kind == "record" for n in frames.nodes):
        summary.merged = valid - summary.loaded - summary.updated - summary.filled
    elif any(n.kind == "partial" for n in frames.nodes):
        summary.updated = valid - summary.merged
    else:
        summary.loaded = valid - summary.merged
