"""Files and truth: each file written chunk by chunk (rows appended, no header or BOM after the
first), in its encoding, with its bad rows, counting rows and relationships as it goes, so
nothing of a written chunk needs to stay in memory; then ``truth.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from creditgraph.ingest.synth.batch import COLUMNS, Table, rows_of
from creditgraph.ingest.synth.breakage import add_bad_rows
from creditgraph.ingest.synth.truth import Truth
from creditgraph.ingest.synth.vocabulary import AS_OF, GENERIC_THRESHOLD

MIXED_ENCODINGS = {"companies.csv": "gb18030", "violations.csv": "gb18030", "persons.csv": "utf-8-sig"}
RELATIONSHIP_FILES = ("roles.csv", "shareholdings.csv", "accounts.csv", "shipping.csv", "listings.csv")
SUBJECT_FILES = ("companies.csv", "persons.csv", "shops.csv", "platforms.csv", "couriers.csv")


def write(path: Path, columns: Table, encoding: str, *, append: bool = False) -> None:
    """One file, or (``append``) a later chunk of its rows: no header, no BOM."""
    table = pa.table({c: pa.array(v, type=pa.string()) for c, v in columns.items()})
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(quoting_style="needed", include_header=not append))
    data = sink.getvalue().to_pybytes()
    if encoding in ("utf-8-sig", "utf-8-bom") and not append:
        data = b"\xef\xbb\xbf" + data
    elif encoding not in ("utf-8", "utf8", "utf-8-sig", "utf-8-bom"):
        data = data.decode("utf-8").encode(encoding)
    with path.open("ab" if append else "wb") as out:
        out.write(data)


def count_relationships(frames: dict[str, Table]) -> int:
    """Edges the batch implies: relationship rows plus every reference and identifier column."""
    n = sum(rows_of(frames[f]) for f in RELATIONSHIP_FILES)
    n += 2 * rows_of(frames["shops.csv"])  # OPERATES + ON_PLATFORM
    n += rows_of(frames["couriers.csv"]) + rows_of(frames["platforms.csv"])  # OPERATES
    for f in (
        "violations.csv",
        "list_entries.csv",
        "complaints.csv",
        "evaluations.csv",
        "commitments.csv",
        "abnormal_entries.csv",
    ):
        n += 2 * rows_of(frames[f])  # subject edge + agency edge
    n += int((frames["violations.csv"]["commitment_id"] != "").sum())  # BREAKS
    n += int((frames["products.csv"]["manufacturer_uscc"] != "").sum())
    for f in ("companies.csv", "persons.csv", "shops.csv"):
        n += int((frames[f]["phone"] != "").sum()) + int((frames[f]["address"] != "").sum())
    return n


@dataclass
class BatchWriter:
    """Writes a batch chunk by chunk (appending rows to each file), with its bad rows, counting
    rows and relationships as it goes, so nothing of a written chunk needs to stay in memory."""

    out: Path
    encodings: dict[str, str]
    bad_rows: float
    rng: np.random.Generator
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    relationships: int = 0
    bad: list[dict[str, Any]] = field(default_factory=list)
    started: bool = False

    def __call__(self, frames: dict[str, Table]) -> None:
        if self.bad_rows > 0:
            for b in add_bad_rows(frames, self.bad_rows, self.rng):  # lines count from the chunk's start
                self.bad.append({**b, "line": b["line"] + self.counts[b["file"]]})
        self.relationships += count_relationships(frames)
        for f, table in frames.items():
            if self.started and not rows_of(table):
                continue
            write(self.out / f, table, self.encodings.get(f, "utf-8"), append=self.started)
            self.counts[f] += rows_of(table)
        self.started = True

    @property
    def subjects(self) -> int:
        return sum(self.counts[f] for f in SUBJECT_FILES)

    def write_truth(self, seed: int, truth: Truth) -> None:
        """``truth.json``: the batch's figures, then every list of planted answers."""
        truth["bad_rows"] = self.bad
        document = {
            "format": 1,
            "seed": seed,
            "subjects": self.subjects,
            "as_of": AS_OF.isoformat(),
            "generic_threshold": GENERIC_THRESHOLD,
            "encodings": {f: self.encodings.get(f, "utf-8") for f in COLUMNS},
            "counts": self.counts,
            "relationships": self.relationships,
            **truth,
        }
        text = json.dumps(document, ensure_ascii=False, indent=1)
        (self.out / "truth.json").write_text(text, encoding="utf-8")
