"""Load a batch folder of contract files into the store: validate, map, write; summarise.

Two write paths, chosen automatically: a first load of a big batch into an empty store goes
through ``Store.bulk_load`` (Ladybug ``COPY`` from Parquet); everything else through
``UNWIND … MERGE`` batches, which is idempotent, so re-running a batch (or one that was killed
half-way) ends in the same graph as one uninterrupted run.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from creditgraph.graph_model.clock import today
from creditgraph.graph_model.errors import InputError, StoreError
from creditgraph.graph_model.identity import ensure_secret
from creditgraph.graph_model.normalize import address_key
from creditgraph.graph_model.reference.registry import load_registry
from creditgraph.graph_model.schema import load_schema
from creditgraph.graph_model.stores.base import Store

from .bulk import write_bulk
from .mapping import MAPPERS, Context, GraphFrames, NodeFrame, RelFrame, map_unique, rows_of
from .models import LOAD_ORDER
from .reader import scan_file
from .rejects import MissingColumnError, Reject, write_rejects
from .summary import FileSummary, account_rows
from .validate import ValidatedFile, validate_file, validate_pieces

BULK_MIN_ROWS = 20_000  # below this a first load is as fast through UNWIND
BULK_LABELS = (*load_schema().subjects, "Product")


@dataclass
class LoadSummary:
    folder: str
    mode: str
    rejects_file: str
    files: list[FileSummary] = field(default_factory=list)
    placeholders: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [f"{f.file}: {f.error}" for f in self.files if f.error]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rejected": self.rejected, "errors": self.errors}


def default_context(secret: str) -> Context:
    """Resolvers from the shipped registries: agencies by name as written, violation taxonomy,
    and the address key that makes two spellings of one address one node.

    Tokens (jieba) of names and addresses are not stored: at ~5k addresses/s they would cost
    minutes on a million-subject batch, and name search tokenises the query instead."""

    registry = load_registry()

    def resolve_agency(name: str, jurisdiction: str | None) -> str | None:
        code = jurisdiction or registry.infer_jurisdiction(name)
        found = registry.resolve_agency(name, code) if code else None
        return found.id if found else None

    cache_agency: dict[tuple[str, str | None], str | None] = {}
    cache_type: dict[str, str] = {}

    def cached_agency(name: str, jurisdiction: str | None) -> str | None:
        k = (name, jurisdiction)
        if k not in cache_agency:
            cache_agency[k] = resolve_agency(name, jurisdiction)
        return cache_agency[k]

    def cached_type(text: str) -> str:
        if text not in cache_type:
            cache_type[text] = registry.map_violation_type(text).code
        return cache_type[text]

    return Context(
        secret=secret,
        resolve_agency=cached_agency,
        map_violation_type=cached_type,
        address_key=lambda text: address_key(text) or text,
        agency_jurisdiction=registry.infer_jurisdiction,
    )


@contextmanager
def _collect_new_objects_only() -> Iterator[None]:
    """Garbage collection leaves what existed before the load alone until it ends (the imported
    libraries: ~80k objects). Its full collections walked them all: 0.06 s of a 10k-row load."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not enabled,
        transient=False,
    )


def contract_files(folder: Path) -> tuple[list[Path], list[str]]:
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder of record files")
    present = [folder / name for name in LOAD_ORDER if (folder / name).is_file()]
    ignored = sorted(
        p.name for p in folder.glob("*.csv") if p.name not in LOAD_ORDER and p.name != "rejects.csv"
    )
    if not present:
        raise InputError(f"{folder} holds none of the contract files ({', '.join(LOAD_ORDER)})")
    return present, ignored


def _is_empty(store: Store) -> bool:
    return all(store.count_nodes(label) == 0 for label in BULK_LABELS)


def load_records(
    store: Store,
    folder: Path | str,
    *,
    rejects_path: Path | str | None = None,
    as_of: date | None = None,
    progress: bool = True,
    bulk: bool | None = None,
    context: Context | None = None,
) -> LoadSummary:
    """Load every contract file present in ``folder`` (in dependency order) into ``store``."""
    started = time.perf_counter()
    folder = Path(folder)
    paths, ignored = contract_files(folder)
    rejects_file = Path(rejects_path) if rejects_path else folder.parent / "rejects.csv"
    if rejects_file.exists():
        rejects_file.unlink()  # the rejects file describes this run
    ctx = context or default_context(ensure_secret(store))
    as_of = as_of or today()

    summaries: list[FileSummary] = []
    with _progress(progress) as bar, _collect_new_objects_only():
        empty = _is_empty(store)
        if bulk and not empty:
            raise InputError("bulk loading needs an empty store (COPY cannot merge); use --mode auto")
        # Every file is decoded first (an unreadable one stops the load before the first write)
        # and its rows counted, which decides the path unless --mode did.
        rows = readable_rows(paths)
        use_bulk = empty and bulk is not False and (bool(bulk) or rows >= BULK_MIN_ROWS)
        task = bar.add_task("validating", total=len(paths))

        def checked(path: Path) -> tuple[FileSummary, GraphFrames | None]:
            bar.update(task, description=f"validating {path.name}")
            summary, frames = validate_and_map(path, ctx, as_of, rejects_file)
            summaries.append(summary)
            bar.advance(task)
            return summary, frames

        def pieces(path: Path) -> tuple[FileSummary, Iterator[GraphFrames]]:
            summary = FileSummary(path.name)
            summaries.append(summary)

            def mapped() -> Iterator[GraphFrames]:
                bar.update(task, description=f"validating {path.name}")
                yield from validate_and_map_pieces(path, ctx, as_of, rejects_file, summary)
                bar.advance(task)

            return summary, mapped()

        if use_bulk:
            # Streamed: each file is validated and mapped piece by piece while the store copies
            # what is complete; a big file is never in memory whole.
            placeholders = write_bulk(store, [p.name for p in paths], map(pieces, paths), bar)
            return _summary(folder, "bulk", rejects_file, summaries, placeholders, ignored, started)
        store.defer_checkpoint()
        # File by file: validated, mapped and written before the next is read. (Mapping the next
        # file in a worker meanwhile gained nothing: LOAD FROM reads its Arrow rows under the GIL.)
        mapped = ((s, frames) for s, frames in map(checked, paths) if frames is not None)
        placeholders = _write_incremental(store, mapped, bar)
    return _summary(folder, "incremental", rejects_file, summaries, placeholders, ignored, started)


def _summary(
    folder: Path,
    mode: str,
    rejects_file: Path,
    files: list[FileSummary],
    placeholders: dict[str, int],
    ignored: list[str],
    started: float,
) -> LoadSummary:
    return LoadSummary(
        folder=str(folder),
        mode=mode,
        rejects_file=str(rejects_file),
        files=files,
        placeholders={k: v for k, v in sorted(placeholders.items()) if v},
        ignored=ignored,
        seconds=round(time.perf_counter() - started, 3),
    )


def readable_rows(paths: list[Path]) -> int:
    """Data rows in the files, by their line breaks (exact counts come from validation), once
    each file is known to decode; raises :class:`UnreadableFile` naming the first that does not."""
    total = 0
    for path in paths:
        _, breaks = scan_file(path)  # block by block: a province's files are gigabytes
        total += max(breaks - 1, 0)
    return total


def validate_and_map(
    path: Path, ctx: Context, as_of: date, rejects_file: Path
) -> tuple[FileSummary, GraphFrames | None]:
    summary, frame, stem = validate(path, as_of, rejects_file)
    return summary, None if frame is None else MAPPERS[stem](frame, ctx)


def validate(path: Path, as_of: date, rejects_file: Path) -> tuple[FileSummary, pd.DataFrame | None, str]:
    """Read and validate one file, writing its rejects: (summary, valid rows or None, mapper name)."""
    summary = FileSummary(path.name)
    try:
        checked: ValidatedFile = validate_file(path)
    except MissingColumnError as exc:
        summary.error = str(exc)
        return summary, None, ""
    return summary, _checked_rows(checked, as_of, rejects_file, summary), checked.spec.stem


def validate_and_map_pieces(
    path: Path, ctx: Context, as_of: date, rejects_file: Path, summary: FileSummary
) -> Iterator[GraphFrames]:
    """One file's graph frames, piece by piece (``validate_pieces``), adding each piece's counts to
    ``summary``. A key repeated across two pieces is loaded as an update (the later row wins) but
    not warned about: the warning compares rows within a piece."""
    try:
        for checked in validate_pieces(path):
            frame = _checked_rows(checked, as_of, rejects_file, summary)
            yield MAPPERS[checked.spec.stem](frame, ctx)
    except MissingColumnError as exc:
        summary.error = str(exc)


def _checked_rows(
    checked: ValidatedFile, as_of: date, rejects_file: Path, summary: FileSummary
) -> pd.DataFrame:
    """The rows of a validated file (or piece) that load, its rejects written, its counts added."""
    summary.read += checked.total_rows
    summary.encoding = checked.encoding
    frame, lines, future = _reject_future(checked, as_of)
    duplicates = _duplicate_keys(checked, frame, lines)
    rejects = sorted([*checked.rejects, *future, *duplicates], key=lambda r: r.line)
    summary.rejected += checked.rejected_rows + len({r.line for r in future})
    summary.merged += len(frame) - len(frame.drop_duplicates(list(checked.spec.model.key) or None))
    if rejects:
        write_rejects(rejects_file, rejects)
    return frame


def _duplicate_keys(checked: ValidatedFile, frame: pd.DataFrame, lines: np.ndarray) -> list[Reject]:
    """A warning row for each valid row whose key an earlier row of the file already had with
    different values: the later row wins (it is loaded as an update of the earlier one). Identical
    repeats are only counted (merged). The key itself is not repeated: it may be a person's ID."""
    key = list(checked.spec.model.key)
    if not key or len(frame) < 2:
        return []
    dup = frame.duplicated(key, keep=False).to_numpy()
    if not dup.any():
        return []
    warnings: list[Reject] = []
    first: dict[tuple, tuple[int, tuple]] = {}
    for i in np.flatnonzero(dup):
        row = frame.iloc[i]
        k = tuple(row[c] for c in key)
        values = tuple(row.tolist())
        if k not in first:
            first[k] = (int(lines[i]), values)
            continue
        line, before = first[k]
        if values != before:
            warnings.append(
                Reject(
                    file=checked.file,
                    line=int(lines[i]),
                    column="/".join(key),
                    value="",
                    reason=f"same {'/'.join(key)} as line {line} with different values: "
                    f"line {int(lines[i])} (the later) is loaded",
                    code="duplicate_key",
                )
            )
        first[k] = (int(lines[i]), values)
    return warnings


# Dates of events that cannot lie after the date the batch is loaded "as of" (a decision, a
# listing on a black/red list, a registration): a later one is a typo or a clock error.
EVENT_DATES = {
    "companies.csv": ("registered_at",),
    "shops.csv": ("opened_at",),
    "violations.csv": ("decided_at",),
    "list_entries.csv": ("listed_at",),
    "complaints.csv": ("received_at",),
    "evaluations.csv": ("evaluated_at",),
    "commitments.csv": ("made_at",),
    "abnormal_entries.csv": ("listed_at",),
    "inspections.csv": ("sampled_at",),
}


def _reject_future(checked: ValidatedFile, as_of: date) -> tuple[pd.DataFrame, np.ndarray, list[Reject]]:
    frame = checked.frame
    bad = pd.Series(False, index=frame.index)
    rejects = []
    for column in EVENT_DATES.get(checked.file, ()):
        if column not in frame.columns:
            continue
        values = frame[column]
        # once per distinct date (a registry export repeats them endlessly); no date is not late
        late = map_unique(values, lambda d: d > as_of).eq(True)
        for idx in frame.index[late]:
            rejects.append(
                Reject(
                    file=checked.file,
                    line=int(checked.lines[frame.index.get_loc(idx)]),
                    column=column,
                    value=str(values[idx]),
                    reason=f"{column} {values[idx]} is after the load date {as_of}",
                    code="future_date",
                )
            )
        bad |= late
    return frame[~bad].reset_index(drop=True), checked.lines[~bad.to_numpy()], rejects


# -- incremental: UNWIND … MERGE per file, in order -------------------------------------------------


def _write_incremental(
    store: Store, mapped: Iterable[tuple[FileSummary, GraphFrames]], bar: Progress
) -> dict[str, int]:
    """Per file in load order: its records, then placeholders for what is still missing, then links.

    A file's keys not met before are looked up once per label (an index lookup per key); from
    then on the loader knows what exists, since it is the only writer: it counts new, updated
    and filled records and the placeholders it makes without counting the store again, writes a
    placeholder only where nothing exists, and hands what it knows to ``upsert_nodes`` so the
    store need not look the keys up again.
    """
    placeholders: dict[str, int] = defaultdict(int)
    # label -> {key: placeholder mark} of every node known to exist (kept current as we write)
    known: dict[str, dict[str, bool]] = defaultdict(dict)
    looked: dict[str, set[str]] = defaultdict(set)  # keys looked up already (found or not)
    for summary, frames in mapped:
        fresh: dict[str, list[pd.Series]] = defaultdict(list)
        for node in frames.nodes:
            fresh[node.label].append(node.frame["key"])
        for label, parts in fresh.items():
            seen, have = looked[label], known[label]
            keys = [k for k in pd.concat(parts).dropna().unique().tolist() if k not in seen and k not in have]
            if keys:
                have.update(store.existing_nodes(label, keys))
                seen.update(keys)
        task = bar.add_task(f"writing {summary.file}", total=len(frames.nodes) + len(frames.rels))
        for node in frames.nodes:
            if node.kind == "record":
                _write_records(store, node, summary, known[node.label])
                bar.advance(task)
        by_label: dict[str, list[NodeFrame]] = defaultdict(list)
        for node in frames.nodes:
            if node.kind != "record":
                by_label[node.label].append(node)
        for label, nodes in by_label.items():
            placeholders[label] += _write_placeholders(store, label, nodes, known[label])
            bar.advance(task, len(nodes))
        _write_rels(store, frames.rels, summary)
        account_rows(summary, frames)
        bar.advance(task, len(frames.rels))
    return placeholders


def _write_records(store: Store, node: NodeFrame, summary: FileSummary, known: dict[str, bool]) -> None:
    """Write one record frame; for a file's own records, count new, updated and filled placeholders."""
    frame = node.frame.drop_duplicates("key", keep="last")
    keys = frame["key"].tolist()
    marks = [known.get(k) for k in keys]
    existing = sum(m is not None for m in marks)
    if summary.loaded == 0 and summary.updated == 0 and summary.filled == 0:
        # a file's first record frame is its own records; later ones are identifiers
        summary.loaded = len(keys) - existing
        summary.filled = sum(m is True for m in marks)
        summary.updated = existing - summary.filled
    store.upsert_nodes(node.label, rows_of(frame), existing=known)
    known.update(dict.fromkeys(keys, False))


def _write_placeholders(store: Store, label: str, nodes: list[NodeFrame], known: dict[str, bool]) -> int:
    """Create what is missing of one label, as placeholders (a frame's last row of a key, the
    first frame's row across frames); then add the partial rows' properties. Returns how many
    placeholders were created."""
    holders = [n.frame.drop_duplicates("key", keep="last") for n in nodes if n.kind == "placeholder"]
    partial = [n.frame.drop_duplicates("key", keep="last") for n in nodes if n.kind == "partial"]

    def create_missing(frame: pd.DataFrame) -> int:
        missing = frame[[k not in known for k in frame["key"]]]
        if len(missing):
            store.upsert_nodes(label, rows_of(missing), placeholder=True, existing=known)
            known.update(dict.fromkeys(missing["key"], True))
        return len(missing)

    created = create_missing(pd.concat(holders, ignore_index=True).drop_duplicates("key")) if holders else 0
    for frame in partial:
        created += create_missing(frame)
        store.upsert_nodes(label, rows_of(frame), complete=False, existing=known)
    return created


def _write_rels(store: Store, rels: list[RelFrame], summary: FileSummary) -> None:
    """A file's links, all at once: the embedded store sends them as one statement."""
    batches = [rel.batch() for rel in rels]
    for batch, written in zip(batches, store.upsert_rels_many(batches), strict=True):
        if written != len(batch.rows):
            # every end was created as a placeholder first; a shortfall means a store fault
            raise StoreError(
                f"{summary.file}: {batch.rel_type} wrote {written} of {len(batch.rows)} links; re-run the same command"
            )
