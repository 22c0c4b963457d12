"""The audit log: every request that returns personal data, and every change, one JSON line each.

Append-only and tamper-evident: each record carries ``prev`` (the hash of the record before it,
64 zeros for the first) and ``hash`` = SHA-256 of its own canonical JSON without ``hash``. Changing,
inserting or removing a record in the middle breaks the chain at that point; ``verify`` says where.
Cutting records off the *end* leaves a valid shorter chain: keep the last hash elsewhere
(``creditgraph audit verify`` prints it) to detect that too.

Writers in several threads and several worker processes take an exclusive ``flock`` on the file,
read the last record's hash and append under it, so the chain stays linear.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .logsafe import mask_text
from .security import User

GENESIS = "0" * 64


def canonical(record: dict[str, Any]) -> bytes:
    body = {k: v for k, v in record.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def record_hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def _last_line(fh) -> bytes | None:
    """The last non-empty line of an open binary file, read backwards from the end."""
    fh.seek(0, os.SEEK_END)
    end = fh.tell()
    if end == 0:
        return None
    block, data, pos = 4096, b"", end
    while pos > 0:
        step = min(block, pos)
        pos -= step
        fh.seek(pos)
        data = fh.read(step) + data
        stripped = data.rstrip(b"\n")
        if b"\n" in stripped:
            return stripped.rsplit(b"\n", 1)[1]
    return data.rstrip(b"\n") or None


def safe_params(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as recorded: strings masked for ID numbers and phones, long text cut."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        if v is None:
            continue
        if isinstance(v, str):
            v = mask_text(v)
            out[k] = v if len(v) <= 200 else v[:200] + "…"
        elif isinstance(v, int | float | bool):
            out[k] = v
        elif isinstance(v, date):
            out[k] = v.isoformat()
        else:
            out[k] = mask_text(str(v))[:200]
    return out


class AuditLog:
    """Append records under an exclusive lock, each chained to the last; ``append_async`` lets
    concurrent requests share one write and one ``fsync`` (group commit): a request is answered only
    once its record is on disk, but 64 of them waiting together cost one disk flush, not 64."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._pending: list[tuple[dict[str, Any], asyncio.Future[dict[str, Any]]]] = []
        self._flusher: asyncio.Task[None] | None = None

    @staticmethod
    def record(
        *,
        user: User,
        method: str,
        endpoint: str,
        params: dict[str, Any],
        subjects: list[str],
        action: str = "read",
        status: int = 200,
    ) -> dict[str, Any]:
        """A record's content, before it takes its place (seq, prev, hash) in the chain."""
        return {
            "ts": datetime.now(UTC).isoformat(timespec="microseconds"),
            "who": user.name,
            "role": user.role,
            "action": action,
            "method": method,
            "endpoint": endpoint,
            "params": safe_params(params),
            "subjects": sorted({str(s) for s in subjects if s}),
            "status": status,
        }

    def append(self, **fields: Any) -> dict[str, Any]:
        """Append one record (the fields of :meth:`record`) and return it as written."""
        return self.write([self.record(**fields)])[0]

    async def append_async(self, **fields: Any) -> dict[str, Any]:
        """:meth:`append` for the event loop: joins the next group commit and waits for it."""
        done = asyncio.get_running_loop().create_future()
        self._pending.append((self.record(**fields), done))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush())
        return await done

    async def _flush(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    written = await asyncio.to_thread(self.write, [r for r, _ in batch])
                except BaseException as exc:  # every waiter fails: an unrecorded read is not answered
                    for _, done in batch:
                        done.set_exception(exc)
                    continue
                for (_, done), rec in zip(batch, written, strict=True):
                    done.set_result(rec)
        finally:
            self._flusher = None

    def write(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Chain ``records`` after the file's last one and make them durable with one ``fsync``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path, "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                last = _last_line(fh)
                if last:
                    prev = json.loads(last)
                    seq, prev_hash = int(prev["seq"]), prev["hash"]
                else:
                    seq, prev_hash = 0, GENESIS
                lines = []
                for record in records:
                    seq += 1
                    record["seq"], record["prev"] = seq, prev_hash
                    record["hash"] = prev_hash = record_hash(record)
                    lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n")
                fh.seek(0, os.SEEK_END)
                fh.write(b"".join(lines))
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return records


@dataclass
class Verdict:
    ok: bool
    records: int
    last_hash: str
    broken_at: int | None = None  # line number (1-based) of the first bad record
    reason: str = ""


def read_records(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, line


def verify(path: Path) -> Verdict:
    """Walk the chain from the first record; stop at the first one that does not fit."""
    path = Path(path)
    if not path.exists():
        return Verdict(ok=True, records=0, last_hash=GENESIS, reason="no audit log yet")
    prev, seq, count = GENESIS, 0, 0
    for n, line in read_records(path):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            return Verdict(False, count, prev, n, "not a JSON record")
        if rec.get("prev") != prev:
            return Verdict(False, count, prev, n, "does not follow the record before it (prev hash differs)")
        if rec.get("seq") != seq + 1:
            return Verdict(False, count, prev, n, f"sequence number {rec.get('seq')} where {seq + 1} was due")
        if rec.get("hash") != record_hash(rec):
            return Verdict(False, count, prev, n, "its content does not match its hash (altered)")
        prev, seq, count = rec["hash"], rec["seq"], count + 1
    return Verdict(ok=True, records=count, last_hash=prev)


def export(path: Path, since: date | None = None) -> Iterator[dict[str, Any]]:
    """Records whose timestamp falls on or after ``since`` (UTC date), oldest first."""
    path = Path(path)
    if not path.exists():
        return
    for _, line in read_records(path):
        rec = json.loads(line)
        if since is None or date.fromisoformat(rec["ts"][:10]) >= since:
            yield rec
